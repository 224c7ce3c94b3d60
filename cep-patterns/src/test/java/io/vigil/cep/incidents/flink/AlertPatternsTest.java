package io.vigil.cep.incidents.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.testing.AlertFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** The CEP patterns over a real (local) Flink pipeline: what comes too late is not lost unseen. */
class AlertPatternsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    /** A watermark after every alert, at its time: the order in the input is the order seen. */
    private static final class EveryAlert implements WatermarkGenerator<AlertEvent> {
        @Override
        public void onEvent(AlertEvent alert, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    @Test
    void anAlertBehindTheWatermarkIsCountedAsLateAndTheOthersStillMatch() throws Exception {
        AlertEvent early = AlertFixtures.anomaly("payment", "latency", T0.plusSeconds(100));
        AlertEvent late = AlertFixtures.anomaly("checkout", "latency", T0.plusSeconds(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<AlertEvent> alerts =
                env.fromData(CodecTypeInfo.ALERT_EVENT, early, late)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<AlertEvent>forGenerator(c -> new EveryAlert())
                                        .withTimestampAssigner(
                                                (a, ts) -> a.observedAt().toEpochMilli()));
        SingleOutputStreamOperator<AlertEvent> markers =
                EscalatingAlerts.markers(alerts, Duration.ofMinutes(15));
        DataStream<AlertEvent> tooLate = markers.getSideOutput(AlertPatterns.LATE);

        List<AlertEvent> lateSeen = new ArrayList<>();
        List<AlertEvent> escalated = new ArrayList<>();
        try (CloseableIterator<AlertEvent> it = tooLate.executeAndCollect("late")) {
            it.forEachRemaining(lateSeen::add);
        }
        try (CloseableIterator<AlertEvent> it = markers.executeAndCollect("markers")) {
            it.forEachRemaining(escalated::add);
        }

        assertThat(lateSeen).containsExactly(late);
        assertThat(escalated)
                .as("the alert in time still fires for 15 min unresolved and escalates")
                .extracting(AlertEvent::fingerprint)
                .containsExactly(early.fingerprint());
    }
}
