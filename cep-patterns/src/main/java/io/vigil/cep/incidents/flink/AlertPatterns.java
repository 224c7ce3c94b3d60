package io.vigil.cep.incidents.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.flink.CodecTypeInfo;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/** What the escalation and flapping patterns share: how they run over an alert stream. */
final class AlertPatterns {
    private AlertPatterns() {}

    /**
     * Matches {@code pattern} per alert (fingerprint) in event time and turns each match (its
     * events by pattern name) into one marker with {@code marker}; the operator is named {@code
     * name} and has the uid {@code uid}.
     */
    static SingleOutputStreamOperator<AlertEvent> markers(
            DataStream<AlertEvent> alerts,
            Pattern<AlertEvent, ?> pattern,
            SerializableFunction<Map<String, List<AlertEvent>>, AlertEvent> marker,
            String name,
            String uid) {
        SingleOutputStreamOperator<AlertEvent> markers =
                CEP.pattern(alerts.keyBy(AlertEvent::fingerprint, Types.STRING), pattern)
                        .inEventTime()
                        .sideOutputLateData(LATE)
                        .process(new Marker(marker), CodecTypeInfo.ALERT_EVENT)
                        .name(name)
                        .uid(uid);
        markers.getSideOutput(LATE)
                .process(new CountLate())
                .returns(Types.VOID)
                .name(name + ": count alerts too late")
                .uid(uid + "-too-late");
        return markers;
    }

    /**
     * Alerts that came after the watermark had passed them: CEP in event time cannot place them
     * (the correlator still takes them), so they are counted ({@code alertsTooLateForPattern}), not
     * dropped unseen.
     */
    static final OutputTag<AlertEvent> LATE =
            new OutputTag<>("alerts-too-late-for-pattern", CodecTypeInfo.ALERT_EVENT);

    /** Counts the alerts too late for the pattern. */
    private static final class CountLate extends ProcessFunction<AlertEvent, Void> {
        private static final long serialVersionUID = 1L;
        private transient Counter late;

        @Override
        public void open(OpenContext context) {
            late = getRuntimeContext().getMetricGroup().counter("alertsTooLateForPattern");
        }

        @Override
        public void processElement(AlertEvent alert, Context ctx, Collector<Void> out) {
            late.inc();
        }
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
