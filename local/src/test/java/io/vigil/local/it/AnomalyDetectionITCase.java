package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.anomaly.Detectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A level shift in a metric series, sent as OTLP through a real Kafka broker, processed by the
 * metrics job with the default detector and written to a real Elasticsearch node: the anomaly
 * document and the alert event appear within one minute of event time after the shift, and the
 * minute rollups carry the band.
 */
@ExtendWith(RealStack.class)
class AnomalyDetectionITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final long SEED = 20261202L;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int STEP_SECONDS = 30;

    /** Six hours of normal behaviour, then the shift. */
    private static final int SHIFT_POINT = 6 * 3600 / STEP_SECONDS;

    private static final Instant SHIFT = T0.plusSeconds((long) SHIFT_POINT * STEP_SECONDS);
    private static final String KEY = "checkout.latency{service.name=\"checkout\"}";

    /**
     * Latency around 100 ms with an hourly swing of ±5 ms and seeded noise (σ 2 ms); from the shift
     * on, 180 ms for 30 minutes. One request per 10 points.
     */
    private static List<byte[]> series() {
        Random random = new Random(SEED);
        List<byte[]> requests = new ArrayList<>();
        Metric.Builder metric = null;
        int points = SHIFT_POINT + 60;
        for (int i = 0; i < points; i++) {
            if (i % 10 == 0) {
                metric =
                        Metric.newBuilder()
                                .setName("checkout.latency")
                                .setUnit("ms")
                                .setGauge(Gauge.newBuilder());
            }
            double seconds = (double) i * STEP_SECONDS;
            double value =
                    i < SHIFT_POINT
                            ? 100
                                    + 5 * Math.sin(2 * Math.PI * seconds / 3600)
                                    + 2 * random.nextGaussian()
                            : 180 + 2 * random.nextGaussian();
            metric.getGaugeBuilder()
                    .addDataPoints(
                            NumberDataPoint.newBuilder()
                                    .setTimeUnixNano(
                                            (T0.getEpochSecond() + (long) seconds) * 1_000_000_000L)
                                    .setAsDouble(value));
            if (i % 10 == 9 || i == points - 1) {
                requests.add(
                        ExportMetricsServiceRequest.newBuilder()
                                .addResourceMetrics(
                                        ResourceMetrics.newBuilder()
                                                .setResource(
                                                        Resource.newBuilder()
                                                                .addAttributes(
                                                                        KeyValue.newBuilder()
                                                                                .setKey(
                                                                                        "service.name")
                                                                                .setValue(
                                                                                        AnyValue
                                                                                                .newBuilder()
                                                                                                .setStringValue(
                                                                                                        "checkout"))))
                                                .addScopeMetrics(
                                                        ScopeMetrics.newBuilder()
                                                                .addMetrics(metric)))
                                .build()
                                .toByteArray());
            }
        }
        return requests;
    }

    @Test
    void aLevelShiftBecomesAnAnomalyAndAnAlertWithinAMinute() throws Exception {
        try (JobsHarness it = new JobsHarness("anomaly")) {
            it.produce(it.topic("otlp_metrics"), 0, series());
            it.runBounded();

            // The alert event on Kafka: fired within a minute of the shift, resolved at the end
            // of the input (the bounded run ends event time, so the series goes idle).
            List<ConsumerRecord<byte[], byte[]>> records =
                    it.consumeUntil(
                            it.topic("alerts"),
                            rs ->
                                    rs.stream()
                                            .anyMatch(
                                                    r ->
                                                            AlertJson.read(r.value()).state()
                                                                    == AlertState.RESOLVED));
            List<AlertEvent> events = records.stream().map(r -> AlertJson.read(r.value())).toList();
            assertThat(events).allSatisfy(e -> assertThat(e.series().key()).isEqualTo(KEY));
            assertThat(events)
                    .as("no alert in six hours of normal behaviour, one for the shift")
                    .hasSize(2);
            AlertEvent fired = events.get(0);
            assertThat(fired.state()).isEqualTo(AlertState.FIRING);
            assertThat(fired.startsAt()).isBetween(SHIFT, SHIFT.plusSeconds(60));
            assertThat(fired.value()).isGreaterThan(170);
            assertThat(fired.expected()).isBetween(90.0, 110.0);
            assertThat(fired.upper()).isLessThan(fired.value());
            assertThat(fired.score()).isGreaterThanOrEqualTo(Detectors.DEFAULT_THRESHOLD);
            assertThat(new String(records.get(0).key(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(fired.fingerprint());
            assertThat(events.get(1).id()).isEqualTo(fired.id());

            // The anomaly document: one, the resolved event written over the firing one.
            List<JsonNode> anomalies =
                    it.es.search(it.indices("anomalies"), "{\"match_all\":{}}", 10);
            assertThat(anomalies).hasSize(1);
            JsonNode doc = anomalies.get(0).get("_source");
            assertThat(anomalies.get(0).get("_id").asText()).isEqualTo(fired.id());
            assertThat(doc.at("/event/kind").asText()).isEqualTo("alert");
            assertThat(doc.at("/service/name").asText()).isEqualTo("checkout");
            assertThat(Instant.parse(doc.get("@timestamp").asText())).isEqualTo(fired.startsAt());
            assertThat(doc.at("/vigil/alert/state").asText()).isEqualTo("resolved");

            // Rollups: one per minute, with a band once the detector has learned.
            List<JsonNode> rollups =
                    it.es.search(
                            it.indices("metrics"),
                            "{\"term\":{\"vigil.series.key\":\""
                                    + KEY.replace("\"", "\\\"")
                                    + "\"}}",
                            1000);
            assertThat(rollups).hasSize(6 * 60 + 30);
            long banded =
                    rollups.stream()
                            .filter(h -> h.at("/_source/vigil/anomaly").has("expected"))
                            .count();
            assertThat(banded).isGreaterThan(300);
            JsonNode shiftMinute =
                    rollups.stream()
                            .map(h -> h.get("_source"))
                            .filter(s -> s.get("@timestamp").asText().equals(SHIFT.toString()))
                            .findFirst()
                            .orElseThrow();
            assertThat(shiftMinute.at("/vigil/anomaly/alerting").asBoolean()).isTrue();
            assertThat(shiftMinute.at("/vigil/rollup/count").asLong()).isEqualTo(2);
            JsonNode before =
                    rollups.stream()
                            .map(h -> h.get("_source"))
                            .filter(
                                    s ->
                                            s.get("@timestamp")
                                                    .asText()
                                                    .equals(SHIFT.minusSeconds(600).toString()))
                            .findFirst()
                            .orElseThrow();
            assertThat(before.at("/vigil/anomaly/alerting").asBoolean()).isFalse();
            assertThat(before.at("/vigil/anomaly/lower").asDouble())
                    .isLessThan(before.at("/vigil/rollup/avg").asDouble());
            assertThat(before.at("/vigil/anomaly/upper").asDouble())
                    .isGreaterThan(before.at("/vigil/rollup/avg").asDouble());
        }
    }
}
