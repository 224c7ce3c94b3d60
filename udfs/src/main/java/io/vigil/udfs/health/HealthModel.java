package io.vigil.udfs.health;

import io.vigil.udfs.health.HealthScore.Factor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One service's health (docs/health.md). Takes {@link HealthEvent}s in and scores the service
 * ({@link #score}): each factor scores 0–100, the service scores the lowest.
 *
 * <ul>
 *   <li><b>SLO</b>, per SLO: its page alert firing → {@value #SLO_PAGE}, its ticket alert → {@value
 *       #SLO_TICKET}; otherwise by budget remaining {@code b}: {@code 60 + 80·b} within [40, 100]
 *       (half the budget or more left: 100; none: 60; overspent by a quarter or more: 40).
 *   <li><b>Incidents</b>, per open incident involving the service: critical → {@value
 *       #INCIDENT_CRITICAL}, warning → {@value #INCIDENT_WARNING}, info → {@value #INCIDENT_INFO}.
 *       A resolved incident stays resolved: an opening of it taken in after its resolution (in
 *       event time its opening message can sort after the resolution) is ignored.
 *   <li><b>Alerts</b> (rule and anomaly alerts on the service; SLO alerts count under SLO):
 *       critical → {@value #ALERT_CRITICAL}, warning → {@value #ALERT_WARNING}, info → {@value
 *       #ALERT_INFO}, 5 fewer for each further firing alert, not below 25.
 *   <li><b>Errors</b> against the service's own normal {@code n} (a slow average of its error
 *       ratio, about an hour): 100 up to {@code 2n + 1 %}, then 2 points per percentage point above
 *       it, not below 30.
 *   <li><b>Latency</b>: p95 over its own normal: 100 up to 1.5×, 30 at 5× and beyond, linear
 *       between.
 * </ul>
 *
 * A measurement updates its normal after it has been scored, so a spike does not excuse itself; the
 * first {@value #LEARNING_POINTS} measurements only learn. Memory: the open alerts, incidents and
 * SLOs of the service, the ids of the incidents resolved in the last 2 h (at most {@value
 * #MAX_RESOLVED}), and four numbers per measurement.
 */
public final class HealthModel implements Serializable {
    private static final long serialVersionUID = 1L;

    static final int SLO_PAGE = 20;
    static final int SLO_TICKET = 55;
    static final int INCIDENT_CRITICAL = 15;
    static final int INCIDENT_WARNING = 40;
    static final int INCIDENT_INFO = 80;
    static final int ALERT_CRITICAL = 35;
    static final int ALERT_WARNING = 65;
    static final int ALERT_INFO = 90;

    /** Measurements a normal needs before it is used. */
    static final int LEARNING_POINTS = 10;

    /** Weight of the newest measurement in its normal (a one-minute RED window: about an hour). */
    static final double NORMAL_WEIGHT = 1.0 / 60;

    /** How long (event time) a resolved incident's id is remembered. */
    static final long RESOLVED_KEPT_MILLIS = 2 * 60 * 60_000L;

    /** Resolved incident ids remembered at most. */
    static final int MAX_RESOLVED = 256;

    /** The default of how old a measurement may be and still count. */
    public static final long DEFAULT_FRESH_MILLIS = 10 * 60_000L;

    private final String service;
    private final long freshMillis;
    private final Map<String, HealthEvent> alerts = new LinkedHashMap<>();
    private final Map<String, HealthEvent> slos = new LinkedHashMap<>();
    private final Map<String, HealthEvent> incidents = new LinkedHashMap<>();

    /**
     * Incidents resolved, by id, to the event time of their resolution: a resolved incident stays
     * resolved. Taken in event time, an incident's resolution can come before an opening message
     * published earlier, when the incident's {@code opened_at} moved back since (it absorbed an
     * incident opened before it): that opening must not open it again. Kept {@value
     * #RESOLVED_KEPT_MILLIS} ms of event time, at most {@value #MAX_RESOLVED}; {@code null} in a
     * model restored from before it existed.
     */
    private LinkedHashMap<String, Long> resolvedIncidents = new LinkedHashMap<>();

    private final Normal errors = new Normal();
    private final Normal latency = new Normal();
    private long lastEventMillis = Long.MIN_VALUE;

    public HealthModel(String service) {
        this(service, DEFAULT_FRESH_MILLIS);
    }

    /**
     * @param freshMillis how far behind the time scored a measurement may be and still count (the
     *     RED measurements come from the traces job, behind the other inputs)
     */
    public HealthModel(String service, long freshMillis) {
        this.service = service;
        this.freshMillis = freshMillis;
    }

    /** A measurement's latest value and its normal. */
    private static final class Normal implements Serializable {
        private static final long serialVersionUID = 1L;
        double latest = Double.NaN;
        long latestAt = Long.MIN_VALUE;
        double normal = Double.NaN;
        int seen;
        boolean pending;

        void observe(double v, long at) {
            if (pending) {
                learn();
            }
            latest = v;
            latestAt = at;
            pending = true;
        }

        /** Whether the latest value is recent enough to judge the service by at {@code t}. */
        boolean fresh(long t, long freshMillis) {
            return !Double.isNaN(latest) && t - latestAt <= freshMillis;
        }

        /** Folds the latest value into the normal (after it was scored). */
        void learn() {
            if (!pending || Double.isNaN(latest)) {
                return;
            }
            normal = Double.isNaN(normal) ? latest : normal + NORMAL_WEIGHT * (latest - normal);
            seen++;
            pending = false;
        }

        double usableNormal() {
            return seen >= LEARNING_POINTS ? normal : Double.NaN;
        }
    }

    /** Takes an event in. */
    public void accept(HealthEvent e) {
        lastEventMillis = Math.max(lastEventMillis, e.atMillis());
        switch (e.kind()) {
            case ALERT -> {
                if (e.active()) {
                    alerts.put(e.key(), e);
                } else {
                    alerts.remove(e.key());
                }
            }
            case SLO -> slos.put(e.key(), e);
            case INCIDENT -> {
                if (resolvedIncidents == null) {
                    resolvedIncidents = new LinkedHashMap<>();
                }
                if (!e.active()) {
                    incidents.remove(e.key());
                    resolvedIncidents.remove(e.key());
                    resolvedIncidents.put(e.key(), e.atMillis());
                } else if (!resolvedIncidents.containsKey(e.key())) {
                    incidents.put(e.key(), e);
                }
                resolvedIncidents
                        .values()
                        .removeIf(at -> at < lastEventMillis - RESOLVED_KEPT_MILLIS);
                while (resolvedIncidents.size() > MAX_RESOLVED) {
                    resolvedIncidents.remove(resolvedIncidents.keySet().iterator().next());
                }
            }
            case ERROR_RATE -> errors.observe(e.value(), e.atMillis());
            case LATENCY_P95 -> latency.observe(e.value(), e.atMillis());
        }
    }

    /** The latest event time seen. */
    public long lastEventMillis() {
        return lastEventMillis;
    }

    /**
     * Whether the model holds nothing open (no alerts, incidents or SLOs); the resolved incidents
     * it remembers do not count.
     */
    public boolean isQuiet() {
        return alerts.isEmpty() && incidents.isEmpty() && slos.isEmpty();
    }

    /** The service's health at {@code t}; the measurements scored are then learned. */
    public HealthScore score(long t) {
        List<Factor> factors = new ArrayList<>();
        for (HealthEvent s : slos.values()) {
            factors.add(sloFactor(s));
        }
        for (HealthEvent i : incidents.values()) {
            int score =
                    switch (i.severity()) {
                        case "critical" -> INCIDENT_CRITICAL;
                        case "warning" -> INCIDENT_WARNING;
                        default -> INCIDENT_INFO;
                    };
            factors.add(
                    new Factor(
                            "incident",
                            score,
                            "incident " + i.key() + " (" + i.severity() + ") is open"));
        }
        factors.add(alertFactor());
        factors.add(errorFactor(t));
        factors.add(latencyFactor(t));
        factors.removeIf(f -> f == null || f.score() >= 100);
        factors.sort(Comparator.comparingInt(Factor::score).thenComparing(Factor::name));
        int score = factors.isEmpty() ? 100 : factors.get(0).score();
        HealthScore h =
                new HealthScore(
                        service,
                        t,
                        score,
                        factors,
                        errors.fresh(t, freshMillis) ? errors.latest : Double.NaN,
                        errors.usableNormal(),
                        latency.fresh(t, freshMillis) ? latency.latest : Double.NaN,
                        latency.usableNormal(),
                        alerts.size(),
                        incidents.size());
        errors.learn();
        latency.learn();
        return h;
    }

    private static Factor sloFactor(HealthEvent s) {
        if (s.severity().equals("critical")) {
            return new Factor(
                    "slo",
                    SLO_PAGE,
                    "SLO " + s.name() + " burns its error budget fast (page)" + burn(s));
        }
        if (s.severity().equals("warning")) {
            return new Factor(
                    "slo",
                    SLO_TICKET,
                    "SLO " + s.name() + " burns its error budget (ticket)" + burn(s));
        }
        double b = s.value();
        if (Double.isNaN(b)) {
            return null;
        }
        int score = (int) Math.round(Math.max(40, Math.min(100, 60 + 80 * b)));
        return new Factor(
                "slo",
                score,
                String.format(
                        Locale.ROOT,
                        "SLO %s has %.0f%% of its error budget left",
                        s.name(),
                        100 * b));
    }

    private static String burn(HealthEvent s) {
        return Double.isNaN(s.extra())
                ? ""
                : String.format(Locale.ROOT, ", %.1f× over 1h", s.extra());
    }

    private Factor alertFactor() {
        if (alerts.isEmpty()) {
            return null;
        }
        int worst = 100;
        HealthEvent worstAlert = null;
        for (HealthEvent a : alerts.values()) {
            int s =
                    switch (a.severity()) {
                        case "critical" -> ALERT_CRITICAL;
                        case "warning" -> ALERT_WARNING;
                        default -> ALERT_INFO;
                    };
            if (s < worst) {
                worst = s;
                worstAlert = a;
            }
        }
        int score = Math.max(25, worst - 5 * (alerts.size() - 1));
        String reason =
                alerts.size() == 1
                        ? worstAlert.name() + " (" + worstAlert.severity() + ") is firing"
                        : alerts.size()
                                + " alerts firing, the worst "
                                + worstAlert.name()
                                + " ("
                                + worstAlert.severity()
                                + ")";
        return new Factor("alerts", score, reason);
    }

    private Factor errorFactor(long t) {
        double e = errors.latest;
        double n = errors.usableNormal();
        if (!errors.fresh(t, freshMillis) || Double.isNaN(n)) {
            return null;
        }
        double allowed = 2 * n + 0.01;
        if (e <= allowed) {
            return null;
        }
        int score = (int) Math.round(Math.max(30, 100 - 200 * (e - allowed)));
        return new Factor(
                "errors",
                score,
                String.format(
                        Locale.ROOT,
                        "error ratio %.1f%% against a normal of %.1f%%",
                        100 * e,
                        100 * n));
    }

    private Factor latencyFactor(long t) {
        double l = latency.latest;
        double n = latency.usableNormal();
        if (!latency.fresh(t, freshMillis) || Double.isNaN(n) || n <= 0) {
            return null;
        }
        double r = l / n;
        if (r <= 1.5) {
            return null;
        }
        int score = (int) Math.round(Math.max(30, 100 - 70 * (r - 1.5) / 3.5));
        return new Factor(
                "latency",
                score,
                String.format(
                        Locale.ROOT, "p95 latency %.0f ms, %.1f× its normal of %.0f ms", l, r, n));
    }
}
