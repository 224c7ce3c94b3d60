package io.vigil.udfs.anomaly.flink;

import static io.vigil.udfs.testing.MetricFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.anomaly.SeriesMonitor;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.testing.MetricFixtures;
import io.vigil.udfs.testing.MetricFixtures.PreviousValueDetectors;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AnomalyDetectionTest {
    private static final Duration IDLE = Duration.ofMinutes(10);

    private AnomalyDetection function;

    private KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, MetricRollup> harness(
            long maxSeries) throws Exception {
        function =
                new AnomalyDetection(
                        PreviousValueDetectors.WIDTH_10,
                        new SeriesMonitor.Settings(
                                0.5, Duration.ofMinutes(2), Duration.ofMinutes(1)),
                        IDLE,
                        maxSeries);
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), AnomalyDetection::key, Types.STRING);
        h.setup(CodecTypeInfo.METRIC_ROLLUP.createSerializer(h.getExecutionConfig()));
        return h;
    }

    private static void add(
            KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, MetricRollup> h,
            String service,
            double seconds,
            double value)
            throws Exception {
        MetricPoint p = MetricFixtures.gauge("cpu", service, seconds, value);
        h.processElement(new StreamRecord<>(p, p.timeUnixNano() / 1_000_000));
    }

    private static List<AlertEvent> alerts(
            KeyedOneInputStreamOperatorTestHarness<String, MetricPoint, MetricRollup> h) {
        return h.getSideOutput(AnomalyDetection.ALERTS).stream()
                .map(StreamRecord::getValue)
                .toList();
    }

    @Test
    void rollupsAtTheWatermarkAlertsAtThePointAndStateBackToZeroWhenIdle() throws Exception {
        try (var h = harness(100)) {
            h.open();
            add(h, "a", 0, 10);
            add(h, "a", 30, 11);
            add(h, "b", 10, 5);
            add(h, "a", 45, 60);
            assertThat(alerts(h)).as("fired at the point, not at the period end").hasSize(1);
            assertThat(alerts(h).get(0).series().attributes()).containsEntry("service.name", "a");
            assertThat(h.extractOutputValues()).isEmpty();

            h.processWatermark(new Watermark(T0 + 60_000));
            List<MetricRollup> minute0 = h.extractOutputValues();
            assertThat(minute0)
                    .extracting(
                            r -> r.series().attributes().get("service.name"), MetricRollup::count)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("a", 3L),
                            org.assertj.core.groups.Tuple.tuple("b", 1L));
            assertThat(function.seriesCreated.getCount()).isEqualTo(2);

            // Nothing more: 10 minutes after its last point each series is forgotten, and the
            // open alert of "a" resolves at its last point.
            h.processWatermark(new Watermark(T0 + 45_000 + IDLE.toMillis()));
            assertThat(alerts(h)).hasSize(2);
            AlertEvent resolved = alerts(h).get(1);
            assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(resolved.endsAt().toEpochMilli()).isEqualTo(T0 + 45_000);
            assertThat(function.seriesExpired.getCount()).isEqualTo(2);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSeriesThatKeepsSendingIsKeptAndItsIdleTimerMovesOn() throws Exception {
        try (var h = harness(100)) {
            h.open();
            for (int minute = 0; minute < 30; minute++) {
                add(h, "a", 60 * minute, 10);
                h.processWatermark(new Watermark(T0 + 60_000L * minute + 1));
            }
            assertThat(function.seriesExpired.getCount()).isZero();
            assertThat(h.extractOutputValues()).hasSize(29);
            // The open period ends at 30 min, where the idle deadline (moved on at 10 and 20 min)
            // lies too: one timer for both.
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void seriesBeyondTheCapAreCountedNotModelled() throws Exception {
        try (var h = harness(2)) {
            h.open();
            add(h, "a", 0, 1);
            add(h, "b", 0, 1);
            add(h, "c", 0, 1);
            add(h, "c", 1, 1);
            add(h, "a", 1, 1);
            assertThat(function.seriesCreated.getCount()).isEqualTo(2);
            assertThat(function.seriesOverflowed.getCount()).isEqualTo(2);
            assertThat(function.pointsObserved.getCount()).isEqualTo(3);
            // Once "a" and "b" expire there is room again.
            h.processWatermark(new Watermark(T0 + 1_000 + IDLE.toMillis()));
            add(h, "c", 700, 1);
            assertThat(function.seriesCreated.getCount()).isEqualTo(3);
        }
    }

    @Test
    void outOfOrderPointsAreCountedAndTheCountSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(2)) {
            h.open();
            add(h, "a", 10, 1);
            add(h, "a", 5, 1);
            add(h, "b", 5, 1);
            assertThat(function.pointsOutOfOrder.getCount()).isEqualTo(1);
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(2)) {
            h.initializeState(snapshot);
            h.open();
            add(h, "c", 20, 1);
            assertThat(function.seriesOverflowed.getCount())
                    .as("two series restored: the cap of 2 is reached")
                    .isEqualTo(1);
            add(h, "a", 20, 100);
            assertThat(alerts(h)).as("a's model came back: 100 after 1 fires").hasSize(1);
        }
    }
}
