package io.vigil.udfs.forecast.flink;

import static io.vigil.udfs.forecast.ForecastFixtures.DISK;
import static io.vigil.udfs.forecast.ForecastFixtures.MINUTE;
import static io.vigil.udfs.forecast.ForecastFixtures.REQUESTS;
import static io.vigil.udfs.forecast.ForecastFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.forecast.ForecastFixtures;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.testing.KeyedHarnesses;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ForecastingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE = Duration.ofHours(1);

    private Forecasting function;

    private KeyedOneInputStreamOperatorTestHarness<String, MetricRollup, EsDocument> harness(
            long maxSeries) throws Exception {
        function = new Forecasting(ForecastFixtures.defaults(), "vigil", IDLE, maxSeries);
        return KeyedHarnesses.opened(function, Forecasting::key, Types.STRING);
    }

    /** The rollup of one value per minute, sent as anomaly detection does: at the period's end. */
    private static void add(
            KeyedOneInputStreamOperatorTestHarness<String, MetricRollup, EsDocument> h,
            AlertEvent.Series series,
            int minute,
            double value)
            throws Exception {
        long start = T0 + minute * MINUTE;
        MetricRollup r =
                new MetricRollup(
                        series,
                        start,
                        MINUTE,
                        1,
                        value,
                        value,
                        value,
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        false);
        h.processElement(new StreamRecord<>(r, start + MINUTE));
        h.processWatermark(new Watermark(start + MINUTE));
    }

    private static List<AlertEvent> alerts(
            KeyedOneInputStreamOperatorTestHarness<String, MetricRollup, EsDocument> h) {
        return h.getSideOutput(Forecasting.ALERTS).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void documentsAndAlertsFlowAndStateGoesBackToZeroWhenTheSeriesFallSilent() throws Exception {
        double[] disk = ForecastFixtures.rampThenFlat(0.55, 360, 0.43 / 240, 150, 0, 7);
        try (var h = harness(100)) {
            for (int i = 0; i < disk.length; i++) {
                add(h, DISK, i, disk[i]);
                add(h, REQUESTS, i, 20);
            }
            List<EsDocument> docs = h.extractOutputValues();
            long capacity =
                    docs.stream().filter(d -> d.json().contains("\"type\":\"capacity\"")).count();
            long forecasts =
                    docs.stream().filter(d -> d.json().contains("\"type\":\"forecast\"")).count();
            // documents every 5 min from step 49 to 509: 93 origins; 4 horizons for each series,
            // a capacity outlook for the disk only
            assertThat(capacity).isEqualTo(93);
            assertThat(forecasts).isEqualTo(2 * 4 * 93);
            assertThat(docs).allSatisfy(d -> assertThat(d.index()).startsWith("vigil-forecasts-"));
            assertThat(JSON.readTree(docs.get(0).json()).at("/vigil/forecast/origin").asText())
                    .isEqualTo("2026-01-01T00:49:00.000Z");
            assertThat(alerts(h)).extracting(AlertEvent::state).containsExactly(AlertState.FIRING);
            assertThat(function.alertsFired.getCount()).isEqualTo(1);
            assertThat(function.seriesCreated.getCount()).isEqualTo(2);
            assertThat(h.numEventTimeTimers()).as("one idle timer per series").isEqualTo(2);

            // an hour without rollups: both series are forgotten, the open alert resolves
            h.processWatermark(new Watermark(T0 + disk.length * MINUTE + IDLE.toMillis()));
            assertThat(alerts(h))
                    .extracting(AlertEvent::state)
                    .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
            assertThat(alerts(h).get(1).endsAt().toEpochMilli())
                    .isEqualTo(T0 + disk.length * MINUTE);
            assertThat(function.seriesExpired.getCount()).isEqualTo(2);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aRollupNotAfterTheLatestIsCountedAndLeftOut() throws Exception {
        try (var h = harness(100)) {
            add(h, DISK, 0, 0.5);
            add(h, DISK, 1, 0.5);
            MetricRollup old =
                    new MetricRollup(
                            DISK,
                            T0,
                            MINUTE,
                            1,
                            0.9,
                            0.9,
                            0.9,
                            0,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            false);
            h.processElement(new StreamRecord<>(old, T0 + 2 * MINUTE));
            assertThat(function.rollupsLate.getCount()).isEqualTo(1);
            assertThat(function.rollupsObserved.getCount()).isEqualTo(2);
        }
    }

    @Test
    void seriesBeyondTheCapAreCountedNotForecast() throws Exception {
        try (var h = harness(1)) {
            add(h, DISK, 0, 0.5);
            add(h, REQUESTS, 0, 20);
            add(h, REQUESTS, 1, 20);
            assertThat(function.seriesCreated.getCount()).isEqualTo(1);
            assertThat(function.seriesOverflowed.getCount()).isEqualTo(2);
            assertThat(h.numKeyedStateEntries())
                    .as("state and deadline of the one series")
                    .isEqualTo(2);
        }
    }
}
