package io.vigil.cep.incidents;

import io.vigil.udfs.alerts.AlertEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * The markers the CEP patterns hand to the correlator ({@code flink.EscalatingAlerts}, {@code
 * flink.FlappingAlerts}): a copy of an alert event with one annotation added. Plain Java, so that
 * the correlator's tests make their markers as the Flink job does.
 */
public final class AlertMarkers {
    private AlertMarkers() {}

    /**
     * The escalation marker of an alert still firing {@code after} it fired: {@code firing} with
     * {@link IncidentCorrelator#ESCALATE_AT} and observed at its start plus {@code after}.
     */
    public static AlertEvent escalation(AlertEvent firing, Duration after) {
        Instant at = firing.observedAt().plus(after);
        return firing.withAnnotation(IncidentCorrelator.ESCALATE_AT, at.toString(), at);
    }

    /**
     * The flapping marker of an alert that resolved again and again: its last resolved event with
     * {@link IncidentCorrelator#FLAPPING_UNTIL} (that event's time plus {@code within}), observed
     * when that event was.
     */
    public static AlertEvent flapping(AlertEvent lastResolved, Duration within) {
        Instant until =
                Instant.ofEpochMilli(lastResolved.observedAt().toEpochMilli() + within.toMillis());
        return lastResolved.withAnnotation(
                IncidentCorrelator.FLAPPING_UNTIL, until.toString(), lastResolved.observedAt());
    }
}
