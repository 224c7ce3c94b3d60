package io.vigil.cep.incidents.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.flink.CodecTypeInfo;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/** What the escalation and flapping patterns share: how they run over an alert stream. */
final class AlertPatterns {
    private AlertPatterns() {}

    /**
     * Matches {@code pattern} per alert (fingerprint) in event time and turns each match (its
     * events by pattern name) into one marker with {@code marker}; the operator is named {@code
     * name} and has the uid {@code uid}.
     */
    static DataStream<AlertEvent> markers(
            DataStream<AlertEvent> alerts,
            Pattern<AlertEvent, ?> pattern,
            SerializableFunction<Map<String, List<AlertEvent>>, AlertEvent> marker,
            String name,
            String uid) {
        return CEP.pattern(alerts.keyBy(AlertEvent::fingerprint, Types.STRING), pattern)
                .inEventTime()
                .process(new Marker(marker), CodecTypeInfo.ALERT_EVENT)
                .name(name)
                .uid(uid);
    }

    /** Turns a match into its marker. */
    private static final class Marker extends PatternProcessFunction<AlertEvent, AlertEvent> {
        private static final long serialVersionUID = 1L;
        private final SerializableFunction<Map<String, List<AlertEvent>>, AlertEvent> marker;

        Marker(SerializableFunction<Map<String, List<AlertEvent>>, AlertEvent> marker) {
            this.marker = marker;
        }

        @Override
        public void processMatch(
                Map<String, List<AlertEvent>> match, Context ctx, Collector<AlertEvent> out) {
            out.collect(marker.apply(match));
        }
    }
}
