package io.vigil.cep.incidents;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Ranks the services of an incident by how likely the trouble starts there, from what Vigil already
 * knows, and says why in words a person can check:
 *
 * <ul>
 *   <li><b>direction in the graph</b> ({@value #GRAPH_WEIGHT} of the score): trouble travels from a
 *       callee to its callers, forward in time. A service that alerting services call (directly or
 *       through other alerting services) and whose own callees do not alert is where a cascade
 *       starts; one whose callees alert is more likely a symptom. Only what fits the time counts: a
 *       callee whose first alert came more than {@value #SAME_ONSET_MILLIS} ms after the service's
 *       is no cause of it, a caller that alerted that much before it no symptom of it;
 *   <li><b>onset order</b> ({@value #ONSET_WEIGHT}): the service whose first alert started earliest
 *       scores 1, the latest 0, linearly in between;
 *   <li><b>what the alerts say</b> ({@value #KIND_WEIGHT}): resource saturation is a cause a
 *       service shows itself, so is a deploy just before its trouble, and so are errors and new log
 *       templates when none of its callees alert; latency, and errors passed on from alerting
 *       callees, are what callers of a failing service show too;
 *   <li><b>how much of it is anomalous</b> ({@value #BREADTH_WEIGHT}): the service's alerting
 *       series (members) relative to the service with the most. The faulty service usually shows it
 *       everywhere at once (CPU, memory, its own latency); a caller shows one or two symptoms.
 * </ul>
 *
 * A service deployed just before its trouble (a new {@code service.version}) gets {@value
 * #CHANGE_BONUS} on top. Without a graph (metrics only) the first term is 0 for every service and
 * onset and kinds decide. Ties are broken by service name, so the ranking is deterministic.
 */
public final class RootCauseRanker {
    static final double GRAPH_WEIGHT = 0.40;
    static final double ONSET_WEIGHT = 0.25;
    static final double KIND_WEIGHT = 0.15;
    static final double BREADTH_WEIGHT = 0.20;

    /**
     * Added for a service deployed just before its trouble: a change is the most common cause of an
     * incident, and the deployed service's callees slowing with it do not make it a symptom.
     */
    static final double CHANGE_BONUS = 0.25;

    /**
     * Onsets this close count as together: metrics arrive once per collection interval, so the
     * first alerts of one fault carry times some seconds apart.
     */
    static final long SAME_ONSET_MILLIS = 30_000;

    private RootCauseRanker() {}

    /** Every service of the incident, best root cause first. */
    public static List<RootCause> rank(Incident incident, ServiceGraph graph) {
        TreeMap<String, List<Member>> byService = new TreeMap<>();
        for (Member m : incident.members().values()) {
            byService.computeIfAbsent(m.service(), k -> new ArrayList<>()).add(m);
        }
        Set<String> services = byService.keySet();
        Map<String, Long> onset = new TreeMap<>();
        byService.forEach(
                (s, ms) ->
                        onset.put(
                                s, ms.stream().mapToLong(Member::startsAtMillis).min().orElse(0)));
        int widest = byService.values().stream().mapToInt(List::size).max().orElse(1);
        long first = onset.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long last = onset.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<RootCause> ranked = new ArrayList<>();
        for (String s : services) {
            Set<String> others = new TreeSet<>(services);
            others.remove(s);
            Set<String> upstream = new TreeSet<>();
            Set<String> downstream = new TreeSet<>();
            for (String o : others) {
                // trouble travels from callee to caller, forward in time: a caller that alerted
                // well before s is no symptom of s, a callee that alerted well after s no cause
                long lead = onset.get(o) - onset.get(s);
                if (lead >= -SAME_ONSET_MILLIS && graph.reaches(o, s, services)) {
                    upstream.add(o);
                }
                if (lead <= SAME_ONSET_MILLIS && graph.reaches(s, o, services)) {
                    downstream.add(o);
                }
            }
            double graphScore =
                    others.isEmpty()
                            ? 0
                            : (upstream.size() - downstream.size()) / (double) others.size();
            graphScore = Math.max(0, graphScore);
            double onsetScore =
                    last == first ? 1 : 1 - (onset.get(s) - first) / (double) (last - first);
            Map<AlertKind, Integer> kinds = new EnumMap<>(AlertKind.class);
            byService.get(s).forEach(m -> kinds.merge(m.kind(), 1, Integer::sum));
            double kindScore = kindScore(kinds, downstream.isEmpty());
            String deploy =
                    byService.get(s).stream()
                            .filter(m -> m.kind() == AlertKind.DEPLOY)
                            .map(Member::summary)
                            .findFirst()
                            .orElse("");
            double breadthScore =
                    downstream.isEmpty() ? byService.get(s).size() / (double) widest : 0;
            double score =
                    GRAPH_WEIGHT * graphScore
                            + ONSET_WEIGHT * onsetScore
                            + KIND_WEIGHT * kindScore
                            + BREADTH_WEIGHT * breadthScore
                            + (kinds.containsKey(AlertKind.DEPLOY) ? CHANGE_BONUS : 0);
            ranked.add(
                    new RootCause(
                            s,
                            Math.round(score * 1000) / 1000.0,
                            why(
                                    s,
                                    onset.get(s) - first,
                                    first == last,
                                    upstream,
                                    downstream,
                                    kinds,
                                    deploy,
                                    others.isEmpty())));
        }
        ranked.sort(
                Comparator.comparingDouble(RootCause::score)
                        .reversed()
                        .thenComparing(RootCause::service));
        return ranked;
    }

    /**
     * What the alerts say: resource saturation is a service's own (1); errors and new log templates
     * are its own when none of its callees alert (1), else they may be its callees' errors passed
     * on (0.3, like latency); latency alone 0.3; anything else 0.5.
     */
    private static double kindScore(Map<AlertKind, Integer> kinds, boolean calleesQuiet) {
        if (kinds.containsKey(AlertKind.RESOURCE) || kinds.containsKey(AlertKind.DEPLOY)) {
            return 1;
        }
        if (kinds.containsKey(AlertKind.ERRORS) || kinds.containsKey(AlertKind.NEW_LOG_TEMPLATE)) {
            return calleesQuiet ? 1 : 0.3;
        }
        return kinds.containsKey(AlertKind.LATENCY) && kinds.size() == 1 ? 0.3 : 0.5;
    }

    private static String why(
            String service,
            long afterFirstMillis,
            boolean allAtOnce,
            Set<String> upstream,
            Set<String> downstream,
            Map<AlertKind, Integer> kinds,
            String deploy,
            boolean alone) {
        List<String> facts = new ArrayList<>();
        if (alone) {
            facts.add("the only service alerting");
        } else if (allAtOnce) {
            facts.add("alerted together with the others");
        } else if (afterFirstMillis == 0) {
            facts.add("alerted first");
        } else {
            facts.add("alerted " + seconds(afterFirstMillis) + " after the first service");
        }
        if (!upstream.isEmpty()) {
            facts.add("called by " + String.join(", ", upstream) + ", which alerted too");
        }
        if (!downstream.isEmpty()) {
            facts.add("calls " + String.join(", ", downstream) + ", which alerted too");
        } else if (!upstream.isEmpty()) {
            facts.add("none of the services it calls alerted");
        }
        if (!deploy.isEmpty()) {
            facts.add(deploy + " just before");
        }
        facts.add(
                kinds.entrySet().stream()
                        .map(
                                e ->
                                        e.getValue()
                                                + " "
                                                + e.getKey().words()
                                                + " alert"
                                                + (e.getValue() == 1 ? "" : "s"))
                        .collect(Collectors.joining(", ")));
        return service + ": " + String.join("; ", facts);
    }

    private static String seconds(long millis) {
        Duration d = Duration.ofMillis(millis);
        return d.toMinutes() >= 2 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
