package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.AlertMarkers;
import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.alerts.Severity;
import java.time.Duration;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Escalation, as a Flink CEP pattern: an alert (one fingerprint) that fires and is {@code
 * notFollowedBy} its resolve within {@code after} of event time is still firing then. Each match
 * gives one marker, the firing event with the annotation {@link IncidentCorrelator#ESCALATE_AT}
 * (its start plus {@code after}): the correlator raises the alert's incident one severity, once. A
 * resolve in time cancels it; info alerts never escalate.
 */
public final class EscalatingAlerts {
    private EscalatingAlerts() {}

    /** A firing alert not resolved within {@code after}. */
    public static Pattern<AlertEvent, ?> pattern(Duration after) {
        return Pattern.<AlertEvent>begin("firing", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(
                        SimpleCondition.of(
                                a ->
                                        a.state() == AlertState.FIRING
                                                && a.severity() != Severity.INFO
                                                && !a.annotations()
                                                        .containsKey(
                                                                IncidentCorrelator.FLAPPING_UNTIL)))
                .notFollowedBy("resolved")
                .where(SimpleCondition.of(a -> a.state() == AlertState.RESOLVED))
                .within(after);
    }

    /** The escalation markers of an alert stream in event time. */
    public static SingleOutputStreamOperator<AlertEvent> markers(
            DataStream<AlertEvent> alerts, Duration after) {
        return AlertPatterns.markers(
                alerts,
                pattern(after),
                match -> AlertMarkers.escalation(match.get("firing").get(0), after),
                "Incidents: alerts still firing (CEP notFollowedBy)",
                "incidents-escalating");
    }
}
