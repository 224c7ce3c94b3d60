package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.alerts.Severity;
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
    public static DataStream<AlertEvent> markers(DataStream<AlertEvent> alerts, Duration after) {
        return CEP.pattern(
                        alerts.keyBy(
                                AlertEvent::fingerprint,
                                org.apache.flink.api.common.typeinfo.Types.STRING),
                        pattern(after))
                .inEventTime()
                .process(new Marker(after), CodecTypeInfo.ALERT_EVENT)
                .name("Incidents: alerts still firing (CEP notFollowedBy)")
                .uid("incidents-escalating");
    }

    /** Turns a match into its marker. */
    static final class Marker extends PatternProcessFunction<AlertEvent, AlertEvent> {
        private static final long serialVersionUID = 1L;
        private final Duration after;

        Marker(Duration after) {
            this.after = after;
        }

        @Override
        public void processMatch(
                Map<String, List<AlertEvent>> match, Context ctx, Collector<AlertEvent> out) {
            AlertEvent firing = match.get("firing").get(0);
            Instant at = firing.observedAt().plus(after);
            TreeMap<String, String> annotations = new TreeMap<>(firing.annotations());
            annotations.put(IncidentCorrelator.ESCALATE_AT, at.toString());
            out.collect(
                    new AlertEvent(
                            firing.id(),
                            firing.fingerprint(),
                            firing.labels(),
                            annotations,
                            firing.source(),
                            firing.severity(),
                            firing.state(),
                            firing.startsAt(),
                            firing.endsAt(),
                            at,
                            firing.series(),
                            firing.value(),
                            firing.expected(),
                            firing.lower(),
                            firing.upper(),
                            firing.score(),
                            firing.traceIds()));
        }
    }
}
