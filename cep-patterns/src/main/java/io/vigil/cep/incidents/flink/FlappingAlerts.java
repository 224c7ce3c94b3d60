package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.AlertMarkers;
import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import java.time.Duration;
import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Flapping, as a Flink CEP pattern: an alert (one fingerprint) that resolves {@code times} times
 * within {@code within} of event time is flapping. Each match gives one marker: the last resolved
 * event with the annotation {@link IncidentCorrelator#FLAPPING_UNTIL} (its time plus {@code
 * within}), so the correlator keeps the alert's incident open instead of resolving and reopening it
 * with every flap. The matches do not overlap (skip past the last event).
 */
public final class FlappingAlerts {
    private FlappingAlerts() {}

    /** {@code times} resolutions of one alert within {@code within}. */
    public static Pattern<AlertEvent, ?> pattern(int times, Duration within) {
        return Pattern.<AlertEvent>begin("resolved", AfterMatchSkipStrategy.skipPastLastEvent())
                .where(SimpleCondition.of(a -> a.state() == AlertState.RESOLVED))
                .times(times)
                .within(within);
    }

    /** The flapping markers of an alert stream in event time. */
    public static SingleOutputStreamOperator<AlertEvent> markers(
            DataStream<AlertEvent> alerts, int times, Duration within) {
        return AlertPatterns.markers(
                alerts,
                pattern(times, within),
                match -> AlertMarkers.flapping(last(match.get("resolved")), within),
                "Incidents: flapping alerts (CEP)",
                "incidents-flapping");
    }

    private static AlertEvent last(List<AlertEvent> events) {
        return events.get(events.size() - 1);
    }
}
