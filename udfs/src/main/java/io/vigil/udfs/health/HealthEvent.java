package io.vigil.udfs.health;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing that bears on a service's health, as the health model takes it in.
 *
 * @param service the service
 * @param kind what it is
 * @param key what identifies it among its kind (an alert's fingerprint, an SLO's or incident's
 *     name), {@code ""} for measurements
 * @param atMillis its event time, epoch ms
 * @param active an alert firing or an incident open (false: resolved)
 * @param severity {@code critical}, {@code warning} or {@code info} (alerts, incidents, SLO
 *     alerting state; {@code ""} if none)
 * @param name an alert's name, an SLO's name
 * @param value a measurement: the error ratio, the p95 latency in ms, an SLO's budget remaining
 * @param extra a second number: an SLO's 1 h burn rate ({@code NaN} if none)
 */
public record HealthEvent(
        String service,
        Kind kind,
        String key,
        long atMillis,
        boolean active,
        String severity,
        String name,
        double value,
        double extra)
        implements Serializable {

    public HealthEvent {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
    }

    /** The kinds of health events. */
    public enum Kind {
        /** An alert of a rule or an anomaly detector fired or resolved. */
        ALERT,
        /** An SLO's status at an evaluation: budget remaining, 1 h burn, alerting severity. */
        SLO,
        /** An incident involving the service opened, changed or resolved. */
        INCIDENT,
        /** The service's error ratio over one RED window. */
        ERROR_RATE,
        /** The service's p95 latency over one RED window, in ms. */
        LATENCY_P95
    }

    /** An alert event. */
    public static HealthEvent alert(
            String service,
            String fingerprint,
            long at,
            boolean firing,
            String severity,
            String alertname) {
        return new HealthEvent(
                service,
                Kind.ALERT,
                fingerprint,
                at,
                firing,
                severity,
                alertname,
                Double.NaN,
                Double.NaN);
    }

    /** An SLO status. */
    public static HealthEvent slo(
            String service,
            String slo,
            long at,
            double budgetRemaining,
            double burn1h,
            String alerting) {
        return new HealthEvent(
                service, Kind.SLO, slo, at, true, alerting, slo, budgetRemaining, burn1h);
    }

    /** An incident's state as it concerns {@code service}. */
    public static HealthEvent incident(
            String service, String id, long at, boolean open, String severity) {
        return new HealthEvent(
                service, Kind.INCIDENT, id, at, open, severity, id, Double.NaN, Double.NaN);
    }

    /** A measurement ({@link Kind#ERROR_RATE} or {@link Kind#LATENCY_P95}). */
    public static HealthEvent measure(String service, Kind kind, long at, double value) {
        return new HealthEvent(service, kind, "", at, true, "", "", value, Double.NaN);
    }
}
