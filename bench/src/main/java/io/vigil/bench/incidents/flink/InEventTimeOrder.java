package io.vigil.bench.incidents.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.flink.CodecTypeInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Puts the alerts of several detectors into one order that does not depend on how their streams
 * interleave: each alert waits until the watermark passes its time, then the alerts of one instant
 * leave sorted by fingerprint and state. The jobs do not need this (Kafka gives the incidents job
 * one order, whatever it is); a replay does, to give the same incidents every run.
 */
final class InEventTimeOrder extends KeyedProcessFunction<String, AlertEvent, AlertEvent> {
    private static final long serialVersionUID = 1L;

    private transient ListState<byte[]> waiting;

    static DataStream<AlertEvent> of(DataStream<AlertEvent> alerts) {
        return alerts.keyBy(a -> "all", Types.STRING)
                .process(new InEventTimeOrder())
                .returns(CodecTypeInfo.ALERT_EVENT)
                .name("Alerts in event-time order")
                .uid("replay-alert-order");
    }

    @Override
    public void open(OpenContext context) {
        waiting =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "waiting-alerts",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(AlertEvent alert, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        waiting.add(AlertJson.write(alert));
        ctx.timerService().registerEventTimeTimer(alert.observedAt().toEpochMilli());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        List<AlertEvent> due = new ArrayList<>();
        List<byte[]> later = new ArrayList<>();
        for (byte[] bytes : waiting.get()) {
            AlertEvent a = AlertJson.read(bytes);
            if (a.observedAt().toEpochMilli() <= timestamp) {
                due.add(a);
            } else {
                later.add(bytes);
            }
        }
        due.sort(
                Comparator.comparing(AlertEvent::observedAt)
                        .thenComparing(AlertEvent::fingerprint)
                        .thenComparing(a -> a.state().name())
                        .thenComparing(a -> a.annotations().toString()));
        due.forEach(out::collect);
        waiting.update(later);
    }
}
