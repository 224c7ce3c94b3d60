package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.local.IncidentScenarios;
import io.vigil.local.OtlpHttpReceiver;
import io.vigil.local.ScenarioDataset;
import io.vigil.local.TelemetryGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's quiet history, replayed through the metrics job: an hour of normal traffic from the
 * generator with the demo's seed and rate (what {@code ./vigil demo} sends before its live run),
 * every metric point through a real Kafka broker into the metrics job with the default detector,
 * rollups into a real Elasticsearch node. The detectors learn every series and raise no anomaly
 * alert: a detector does not alert while it is still learning a series, nor on the noise of a quiet
 * one.
 */
@ExtendWith(RealStack.class)
class QuietHistoryITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    /** {@code ./vigil demo}'s defaults: {@code --seed 42 --rate 5 --history 60}. */
    private static final long DEMO_SEED = 42;

    private static final double DEMO_RATE = 5;
    private static final Duration HISTORY = Duration.ofMinutes(60);
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aQuietHourRaisesNoAnomalyAlert(@TempDir Path dir) throws Exception {
        ScenarioDataset.write(
                new ScenarioDataset.Settings(
                        IncidentScenarios.named("quiet"),
                        DEMO_SEED,
                        START,
                        HISTORY,
                        DEMO_RATE,
                        false),
                dir);
        List<byte[]> metrics =
                Files.readAllLines(dir.resolve("metrics.jsonl"), StandardCharsets.UTF_8).stream()
                        .map(line -> line.getBytes(StandardCharsets.UTF_8))
                        .toList();
        assertThat(metrics).hasSizeGreaterThan(300);

        try (JobsHarness it = new JobsHarness("quiet")) {
            it.produce(it.topic("otlp_metrics"), 0, metrics);
            it.runBounded();
            assertLearntWithoutAlerts(it);
        }
    }

    /**
     * The same hour as the demo sends it: the generator exports OTLP over HTTP to the receiver,
     * which writes to every partition of the topic. Each series' points must still reach its
     * detector in order (the receiver keys metrics by resource); spread over partitions read at
     * different speeds they arrived out of order, half of them were skipped, and the detectors saw
     * steps larger than their series' own (one false alert, a third of the rollups missing).
     */
    @Test
    void theSameHourThroughTheOtlpReceiverRaisesNone() throws Exception {
        try (JobsHarness it = new JobsHarness("quietlive")) {
            try (OtlpHttpReceiver receiver = it.otlpReceiver()) {
                try (TelemetryGenerator generator =
                        TelemetryGenerator.start(
                                TelemetryGenerator.Options.builder()
                                        .seed(DEMO_SEED)
                                        .start(START)
                                        .duration(HISTORY)
                                        .requestsPerSecond(DEMO_RATE)
                                        .pacing(TelemetryGenerator.Pacing.FAST)
                                        .incidents(List.of())
                                        .otlpEndpoint(receiver.url())
                                        .build())) {
                    assertThat(generator.awaitCompletion(Duration.ofMinutes(10))).isTrue();
                }
            }
            // The hosts' metrics went to both partitions of the topic.
            assertThat(everything(it.topic("otlp_metrics")))
                    .extracting(ConsumerRecord::partition)
                    .containsOnly(0, 1)
                    .contains(0, 1);
            it.runBounded();
            assertLearntWithoutAlerts(it);
        }
    }

    private static void assertLearntWithoutAlerts(JobsHarness it) throws Exception {
        // The detectors ran on every series of every host: one rollup per series and minute,
        // with the expected value and band once a series is past its warm-up.
        List<String> series = it.es.terms(it.indices("metrics"), "vigil.series.key");
        assertThat(series).hasSizeGreaterThanOrEqualTo(40);
        assertThat(series)
                .anyMatch(k -> k.startsWith("system.memory.usage{"))
                .anyMatch(k -> k.startsWith("system.memory.utilization{"))
                .anyMatch(k -> k.startsWith("system.cpu.utilization{"))
                .anyMatch(k -> k.startsWith("system.filesystem.utilization{"));
        long rollups = it.es.count(it.indices("metrics"));
        long banded =
                it.es.count(
                        it.indices("metrics"),
                        "{\"exists\":{\"field\":\"vigil.anomaly.expected\"}}");
        assertThat(rollups).isGreaterThan(series.size() * 50L);
        assertThat(banded).as("rollups past the warm-up, with a band").isGreaterThan(rollups / 3);

        // ... and none of them alerted: no alerting rollup, no anomaly document, no anomaly event
        // on the alerts topic (the receiver's hour has logs too: their new templates alert).
        assertThat(
                        it.es.count(
                                it.indices("metrics"),
                                "{\"term\":{\"vigil.anomaly.alerting\":true}}"))
                .isZero();
        assertThat(it.es.count(it.indices("anomalies"))).isZero();
        assertThat(everything(it.topic("alerts")))
                .extracting(r -> JSON.readTree(r.value()))
                .filteredOn(alert -> alert.path("source").asText().equals("anomaly"))
                .isEmpty();
    }

    /** Every record of a topic, read up to its end offsets (the job has finished writing). */
    private static List<ConsumerRecord<byte[], byte[]>> everything(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                JobsHarness.consumerFromStart(topic, "it-quiet-reader")) {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(1))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                                if (consumer.assignment().isEmpty()) {
                                    return false;
                                }
                                Map<TopicPartition, Long> end =
                                        consumer.endOffsets(consumer.assignment());
                                return end.entrySet().stream()
                                        .allMatch(
                                                e -> consumer.position(e.getKey()) >= e.getValue());
                            });
        }
        return records;
    }
}
