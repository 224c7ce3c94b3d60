package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.flink.CodecTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

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
    public static DataStream<AlertEvent> markers(
            DataStream<AlertEvent> alerts, int times, Duration within) {
        return CEP.pattern(
                        alerts.keyBy(
                                AlertEvent::fingerprint,
                                org.apache.flink.api.common.typeinfo.Types.STRING),
                        pattern(times, within))
                .inEventTime()
                .process(new Marker(within), CodecTypeInfo.ALERT_EVENT)
                .name("Incidents: flapping alerts (CEP)")
                .uid("incidents-flapping");
    }

    /** Turns a match into its marker. */
    static final class Marker extends PatternProcessFunction<AlertEvent, AlertEvent> {
        private static final long serialVersionUID = 1L;
        private final Duration within;

        Marker(Duration within) {
            this.within = within;
        }

        @Override
        public void processMatch(
                Map<String, List<AlertEvent>> match, Context ctx, Collector<AlertEvent> out) {
            List<AlertEvent> resolved = match.get("resolved");
            AlertEvent last = resolved.get(resolved.size() - 1);
            TreeMap<String, String> annotations = new TreeMap<>(last.annotations());
            annotations.put(
                    IncidentCorrelator.FLAPPING_UNTIL,
                    Instant.ofEpochMilli(last.observedAt().toEpochMilli() + within.toMillis())
                            .toString());
            out.collect(
                    new AlertEvent(
                            last.id(),
                            last.fingerprint(),
                            last.labels(),
                            annotations,
                            last.source(),
                            last.severity(),
                            last.state(),
                            last.startsAt(),
                            last.endsAt(),
                            last.observedAt(),
                            last.series(),
                            last.value(),
                            last.expected(),
                            last.lower(),
                            last.upper(),
                            last.score(),
                            last.traceIds()));
        }
    }
}
