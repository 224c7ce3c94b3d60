package io.vigil.cep.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.deploys.Versions;
import io.vigil.udfs.logs.TemplateAlerts;
import io.vigil.udfs.testing.AlertFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The correlator takes alerts in arrival order, and the system promises only that they arrive at
 * most {@link #SKEW} of event time out of order ({@code eventTime.maxOutOfOrderness}). This
 * property: for generated scenarios, feeding the alerts in event-time order and in orders shuffled
 * within that bound, with {@code advance} called at the watermark (newest {@code observedAt} seen
 * minus {@link #SKEW}) as the operator's ticks do, gives users the same incidents.
 */
class IncidentCorrelatorArrivalOrderTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /** The promised bound on out-of-order arrival: {@code eventTime.maxOutOfOrderness}. */
    static final Duration SKEW = Duration.ofSeconds(30);

    /** Seeds 1..{@value}: one scenario each. */
    static final int SCENARIOS = 400;

    /** Arrival orders tried per scenario, half with random delays, half with lagging services. */
    static final int PERTURBATIONS = 4;

    /**
     * The property. Users see the same incidents (the same members), each with the same root cause,
     * confirmation, status and {@code resolved_at}, at the end of the input and once event time
     * moved on. The stated tolerance: {@code opened_at} may differ by up to {@link #SKEW}, since an
     * incident opens at the event time of the alert that completes its evidence, and which alert
     * that is depends on arrival order.
     */
    @Test
    void usersSeeTheSameIncidentsWhateverTheOrderWithinTheBound() {
        List<String> failures = new ArrayList<>();
        int incidents = 0;
        int reordered = 0;
        long largestOpenedAtShift = 0;
        for (long seed = 1; seed <= SCENARIOS; seed++) {
            Random r = new Random(seed);
            List<AlertEvent> inOrder = Scenario.generate(r);
            Outcome expected = run(inOrder);
            incidents += Outcome.reported(expected.settled()).size();
            for (int p = 0; p < PERTURBATIONS; p++) {
                List<AlertEvent> arrived = perturb(inOrder, r, p % 2 == 1);
                if (!arrived.equals(inOrder)) {
                    reordered++;
                }
                Outcome actual = run(arrived);
                for (String d : expected.differences(actual)) {
                    failures.add("seed " + seed + ", order " + p + ": " + d);
                }
                largestOpenedAtShift =
                        Math.max(largestOpenedAtShift, expected.largestOpenedAtShift(actual));
            }
        }
        assertThat(failures).as("outcomes that depend on arrival order").isEmpty();
        assertThat(largestOpenedAtShift).isLessThanOrEqualTo(SKEW.toMillis());
        // the property is not vacuous: the scenarios give incidents, the orders differ
        assertThat(incidents).isGreaterThan(SCENARIOS);
        assertThat(reordered).isGreaterThan(SCENARIOS);
        assertThat(largestOpenedAtShift).as("the tolerance is used").isPositive();
    }

    @Test
    void theComparisonCatchesADifferentOutcome() {
        // the comparison itself: an opened_at beyond the tolerance and a lost member are found
        Random r = new Random(7);
        Outcome expected = run(Scenario.generate(r));
        View v = Outcome.reported(expected.settled()).get(0);
        View later =
                new View(
                        v.members(),
                        v.startedAt(),
                        v.confirmed(),
                        v.mergedInto(),
                        v.rootCause(),
                        v.status(),
                        v.openedAt() + SKEW.toMillis() + 1,
                        v.resolvedAt());
        TreeSet<String> fewer = new TreeSet<>(v.members());
        fewer.remove(fewer.first());
        View lost =
                new View(
                        fewer,
                        v.startedAt(),
                        v.confirmed(),
                        v.mergedInto(),
                        v.rootCause(),
                        v.status(),
                        v.openedAt(),
                        v.resolvedAt());
        for (View changed : List.of(later, lost)) {
            List<View> views = new ArrayList<>(expected.settled());
            views.set(views.indexOf(v), changed);
            assertThat(expected.differences(new Outcome(expected.atEnd(), views))).isNotEmpty();
        }
    }

    // ---- the scenarios ----

    /**
     * A scenario: one or two faults, each cascading from a service to its callers along the demo's
     * graph (frontend → checkout → payment → database, checkout → shipping), with onsets seconds to
     * minutes apart; some alerts resolve, some fire again; unrelated alerts on services outside the
     * graph (auth, search); now and then a deploy (sometimes followed by new error log lines) and a
     * new log template.
     */
    static final class Scenario {
        private static final Map<String, String> CALLER =
                Map.of(
                        "database", "payment",
                        "payment", "checkout",
                        "shipping", "checkout",
                        "checkout", "frontend");
        private static final List<String> ROOTS =
                List.of("database", "payment", "shipping", "checkout", "frontend");
        private static final List<String> CAUSE_METRICS =
                List.of(
                        "process.cpu.utilization",
                        "process.memory.usage",
                        "http.server.request.duration",
                        "db.client.operation.duration");
        private static final List<String> SYMPTOM_METRICS =
                List.of("http.server.request.duration", "vigil.service.error_rate");

        private final Random r;
        private final List<AlertEvent> events = new ArrayList<>();

        /** Per fingerprint, the second until which it is busy (firing or just resolved). */
        private final Map<String, Long> busyUntil = new HashMap<>();

        private Scenario(Random r) {
            this.r = r;
        }

        /** The events of one scenario, in event-time ({@code observedAt}) order. */
        static List<AlertEvent> generate(Random r) {
            Scenario s = new Scenario(r);
            int faults = 1 + r.nextInt(2);
            long start = 60;
            for (int f = 0; f < faults; f++) {
                s.fault(start);
                // half the time the next fault follows within one to two windows, where a late
                // alert of the first can bridge the two
                start += r.nextBoolean() ? 240 + r.nextInt(360) : 300 + r.nextInt(2400);
            }
            for (int i = r.nextInt(4); i > 0; i--) {
                String service = r.nextBoolean() ? "auth" : "search";
                s.anomaly(service, pick(r, CAUSE_METRICS), r.nextInt(2400), severity(r));
            }
            List<AlertEvent> sorted = new ArrayList<>(s.events);
            // stable: events at the same time keep the order they were made in
            sorted.sort(Comparator.comparing(AlertEvent::observedAt));
            return sorted;
        }

        private void fault(long at) {
            String service = pick(r, ROOTS);
            if (r.nextInt(10) < 4) {
                long deployedAt = at - r.nextInt(120);
                String deployed = r.nextInt(3) == 0 ? pick(r, ROOTS) : service;
                events.add(
                        Versions.deployed(
                                deployed,
                                "1.0." + at,
                                "1.1." + at,
                                "i-1",
                                T0.plusSeconds(deployedAt).toEpochMilli()));
                if (r.nextInt(3) == 0) {
                    events.add(errorTemplate(deployed, deployedAt + r.nextInt(90)));
                }
            }
            if (r.nextInt(10) < 3) {
                events.add(
                        AlertFixtures.newTemplate(
                                pick(r, ROOTS),
                                "t" + at,
                                T0.plusSeconds(at - 60 + r.nextInt(180))));
            }
            long onset = at;
            int causes = 1 + r.nextInt(3);
            for (int i = 0; i < causes; i++) {
                anomaly(service, pick(r, CAUSE_METRICS), onset + r.nextInt(20), severity(r));
            }
            while (CALLER.containsKey(service) && r.nextInt(10) < 8) {
                service = CALLER.get(service);
                onset += 5 + r.nextInt(120);
                int symptoms = 1 + r.nextInt(2);
                for (int i = 0; i < symptoms; i++) {
                    anomaly(service, pick(r, SYMPTOM_METRICS), onset + r.nextInt(10), severity(r));
                }
            }
        }

        /**
         * An anomaly alert from {@code second} on: it may resolve, fire again, resolve again. An
         * alert of a series still busy then is left out (a source fires a firing alert only once).
         */
        private void anomaly(String service, String metric, long second, Severity severity) {
            AlertEvent firing =
                    AlertFixtures.anomaly(service, metric, T0.plusSeconds(second), severity);
            if (busyUntil.getOrDefault(firing.fingerprint(), Long.MIN_VALUE) >= second) {
                return;
            }
            long t = second;
            events.add(firing);
            busyUntil.put(firing.fingerprint(), Long.MAX_VALUE);
            for (int round = 0; round < 2 && r.nextInt(10) < 7; round++) {
                t += 30 + r.nextInt(1200);
                events.add(AlertFixtures.resolved(firing, T0.plusSeconds(t)));
                busyUntil.put(firing.fingerprint(), t);
                if (round == 1 || r.nextInt(10) >= 3) {
                    return;
                }
                t += 20 + r.nextInt(600);
                firing = AlertFixtures.anomaly(service, metric, T0.plusSeconds(t), severity);
                events.add(firing);
                busyUntil.put(firing.fingerprint(), Long.MAX_VALUE);
            }
        }

        private static Severity severity(Random r) {
            return r.nextInt(12) == 0 ? Severity.CRITICAL : Severity.WARNING;
        }

        private static AlertEvent errorTemplate(String service, long second) {
            AlertEvent t = AlertFixtures.newTemplate(service, "e" + second, T0.plusSeconds(second));
            TreeMap<String, String> labels = new TreeMap<>(t.labels());
            labels.put(TemplateAlerts.ERROR_LEVEL_LABEL, TemplateAlerts.ERROR_LEVEL);
            return AlertEvent.firing(
                    labels, t.annotations(), t.source(), t.severity(), t.startsAt(), t.traceIds());
        }

        private static <T> T pick(Random r, List<T> from) {
            return from.get(r.nextInt(from.size()));
        }
    }

    /**
     * {@code inOrder} as it may arrive: each event is held back by up to {@link #SKEW} of event
     * time (at random, or, {@code byService}, by a lag per service as a lagging partition or job
     * gives), and events arrive in the order of observedAt plus that delay. An event thus arrives
     * at most {@link #SKEW} after an event observed later. The events of one alert (fingerprint)
     * keep their order: they share a Kafka key, so a partition and a producer.
     */
    static List<AlertEvent> perturb(List<AlertEvent> inOrder, Random r, boolean byService) {
        Map<String, Long> lagOf = new HashMap<>();
        Map<String, Long> lastOfAlert = new HashMap<>();
        long[] arrival = new long[inOrder.size()];
        for (int i = 0; i < inOrder.size(); i++) {
            AlertEvent e = inOrder.get(i);
            long delay =
                    byService
                            ? lagOf.computeIfAbsent(
                                    e.labels().getOrDefault("service", ""),
                                    s -> (long) r.nextInt((int) SKEW.toMillis() + 1))
                            : r.nextInt(3) == 0 ? 0 : r.nextInt((int) SKEW.toMillis() + 1);
            long a = e.observedAt().toEpochMilli() + delay;
            a = Math.max(a, lastOfAlert.getOrDefault(e.fingerprint(), Long.MIN_VALUE));
            lastOfAlert.put(e.fingerprint(), a);
            arrival[i] = a;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < inOrder.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> arrival[i]).thenComparing(i -> i));
        List<AlertEvent> out = new ArrayList<>();
        order.forEach(i -> out.add(inOrder.get(i)));
        assertWithinSkew(out);
        return out;
    }

    /** Fails unless no event of {@code arrived} comes more than SKEW after one observed later. */
    static void assertWithinSkew(List<AlertEvent> arrived) {
        long newest = Long.MIN_VALUE;
        for (AlertEvent e : arrived) {
            long at = e.observedAt().toEpochMilli();
            if (newest > Long.MIN_VALUE) {
                assertThat(newest - at).as("arrived late by").isLessThanOrEqualTo(SKEW.toMillis());
            }
            newest = Math.max(newest, at);
        }
    }

    // ---- running and comparing ----

    /** The demo's call graph, static (it does not expire while a scenario runs). */
    static ServiceGraph graph() {
        ServiceGraph g = new ServiceGraph(Duration.ofHours(1).toMillis());
        g.addEdge("frontend", "checkout", ServiceGraph.STATIC);
        g.addEdge("checkout", "payment", ServiceGraph.STATIC);
        g.addEdge("payment", "database", ServiceGraph.STATIC);
        g.addEdge("checkout", "shipping", ServiceGraph.STATIC);
        return g;
    }

    /**
     * Feeds {@code arrived} to a correlator with the default settings, advancing it to the
     * watermark after each event, as the operator's ticks do; then once more far ahead, as the end
     * of a bounded input does.
     */
    static Outcome run(List<AlertEvent> arrived) {
        IncidentCorrelator c =
                new IncidentCorrelator(IncidentCorrelator.Settings.DEFAULTS, graph());
        Map<Incident, Boolean> seen = new IdentityHashMap<>();
        List<Incident> all = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        long newest = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (AlertEvent e : arrived) {
            names.put(e.fingerprint(), name(e));
            track(c.onAlert(e), c, seen, all);
            newest = Math.max(newest, e.observedAt().toEpochMilli());
            if (newest - SKEW.toMillis() > watermark) {
                watermark = newest - SKEW.toMillis();
                track(c.advance(watermark), c, seen, all);
            }
        }
        List<View> atEnd = views(all, names);
        track(c.advance(newest + Duration.ofHours(2).toMillis()), c, seen, all);
        return new Outcome(atEnd, views(all, names));
    }

    private static void track(
            List<Incident> changed,
            IncidentCorrelator c,
            Map<Incident, Boolean> seen,
            List<Incident> all) {
        for (Incident i : changed) {
            if (seen.put(i, true) == null) {
                all.add(i);
            }
        }
        for (Incident i : c.open()) {
            if (seen.put(i, true) == null) {
                all.add(i);
            }
        }
    }

    private static String name(AlertEvent e) {
        String service = e.labels().getOrDefault("service", "?");
        if (e.source() == AlertSource.DEPLOY) {
            return service + "/deploy " + e.labels().get("version");
        }
        if (e.source() == AlertSource.LOG_TEMPLATE) {
            return service + "/template " + e.labels().get("template_id");
        }
        return service + "/" + e.labels().get("metric");
    }

    /** What a user sees of one incident. */
    record View(
            TreeSet<String> members,
            long startedAt,
            boolean confirmed,
            String mergedInto,
            String rootCause,
            Incident.Status status,
            long openedAt,
            long resolvedAt) {
        @Override
        public String toString() {
            return members
                    + (confirmed ? "" : " unconfirmed")
                    + (mergedInto != null ? " merged" : "")
                    + " root="
                    + rootCause
                    + " "
                    + status
                    + " opened="
                    + (openedAt - T0.toEpochMilli()) / 1000.0
                    + " resolved="
                    + (resolvedAt < 0 ? "-" : (resolvedAt - T0.toEpochMilli()) / 1000.0);
        }
    }

    private static List<View> views(List<Incident> all, Map<String, String> names) {
        List<View> views = new ArrayList<>();
        for (Incident i : all) {
            TreeSet<String> members = new TreeSet<>();
            i.members().keySet().forEach(f -> members.add(names.get(f)));
            views.add(
                    new View(
                            members,
                            i.startedAtMillis(),
                            i.confirmed(),
                            i.mergedInto(),
                            i.rootCauses().isEmpty() ? "" : i.rootCauses().get(0).service(),
                            i.status(),
                            i.openedAtMillis(),
                            i.resolvedAtMillis()));
        }
        return views;
    }

    /** The incidents at the end of the input, and after event time moved on far. */
    record Outcome(List<View> atEnd, List<View> settled) {
        List<String> differences(Outcome other) {
            List<String> d = new ArrayList<>();
            compare("at end", atEnd, other.atEnd, d);
            compare("settled", settled, other.settled, d);
            return d;
        }

        private static void compare(String when, List<View> a, List<View> b, List<String> out) {
            List<View> left = reported(a);
            List<View> right = reported(b);
            for (View v : left) {
                View w = match(v, right);
                if (w == null) {
                    out.add(when + ": only in order:    " + v);
                } else if (!(Math.abs(v.openedAt - w.openedAt) <= SKEW.toMillis()
                        && v.equals(
                                new View(
                                        w.members,
                                        w.startedAt,
                                        w.confirmed,
                                        w.mergedInto,
                                        w.rootCause,
                                        w.status,
                                        v.openedAt,
                                        w.resolvedAt)))) {
                    out.add(when + ": in order " + v);
                    out.add(when + ":    shuffled " + w);
                }
            }
            for (View w : right) {
                if (match(w, left) == null) {
                    out.add(when + ": only shuffled:    " + w);
                }
            }
        }

        /**
         * The incident of {@code in} with the members of {@code v} (one alert can be a member of
         * several incidents in turn: the one that started closest to {@code v}).
         */
        /** The largest difference of {@code opened_at} between matching incidents. */
        long largestOpenedAtShift(Outcome other) {
            long largest = 0;
            for (View v : reported(settled)) {
                View w = match(v, reported(other.settled));
                if (w != null) {
                    largest = Math.max(largest, Math.abs(v.openedAt - w.openedAt));
                }
            }
            return largest;
        }

        private static View match(View v, List<View> in) {
            View best = null;
            for (View w : in) {
                if (w.members.equals(v.members)
                        && (best == null
                                || Math.abs(w.startedAt - v.startedAt)
                                        < Math.abs(best.startedAt - v.startedAt))) {
                    best = w;
                }
            }
            return best;
        }

        /** What users were told of: confirmed incidents, not merged into another. */
        static List<View> reported(List<View> views) {
            List<View> out = new ArrayList<>();
            for (View v : views) {
                if (v.confirmed && v.mergedInto == null) {
                    out.add(v);
                }
            }
            return out;
        }
    }
}
