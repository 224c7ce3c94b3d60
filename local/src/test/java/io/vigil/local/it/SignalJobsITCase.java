package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.kafka.DeadLetterSerializer;
import io.vigil.udfs.testing.OtlpFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three signal jobs on a Flink MiniCluster against a real Kafka broker and a real Elasticsearch
 * node: bad input goes to the dead-letter path without stopping the job, and a replay overwrites
 * instead of duplicating.
 */
@ExtendWith(RealStack.class)
class SignalJobsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final long SEED = 20261122L;

    @Test
    void malformedMessagesBecomeDeadLettersAndTheJobKeepsRunning() throws Exception {
        try (JobsHarness it = new JobsHarness("mixed")) {
            // 10,000 good messages (one record each, spread over the three signals and both
            // encodings) and 1,000 malformed ones of eight kinds, interleaved on the same topics.
            List<List<byte[]>> perSignal =
                    List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            List<List<byte[]>> malformed =
                    List.of(
                            OtlpFixtures.malformed("spans", 334, SEED),
                            OtlpFixtures.malformed("logs", 333, SEED + 1),
                            OtlpFixtures.malformed("metrics", 333, SEED + 2));
            int bad = 0;
            for (int i = 0; i < 10_000; i++) {
                boolean json = i % 2 == 1;
                long seed = SEED + i;
                byte[] good =
                        switch (i % 3) {
                            case 0 -> OtlpFixtures.tracesRequest(1, seed, json);
                            case 1 -> OtlpFixtures.logsRequest(1, seed, json);
                            default ->
                                    OtlpFixtures.metricsRequest(
                                            1, seed, json, OtlpFixtures.BASE_TIME.plusSeconds(i));
                        };
                perSignal.get(i % 3).add(good);
                if (i % 10 == 9) {
                    perSignal.get(bad % 3).add(malformed.get(bad % 3).get(bad / 3));
                    bad++;
                }
            }
            assertThat(bad).isEqualTo(1_000);

            JobClient job = it.startUnbounded();
            try {
                it.produce(it.topic("otlp_spans"), perSignal.get(0));
                it.produce(it.topic("otlp_logs"), perSignal.get(1));
                it.produce(it.topic("otlp_metrics"), perSignal.get(2));

                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () ->
                                        documents(it) >= 10_000
                                                && it.es.count(it.indices("dlq")) >= 1_000);

                assertThat(it.es.count(it.indices("spans"))).isEqualTo(3_334);
                assertThat(it.es.count(it.indices("logs"))).isEqualTo(3_333);
                assertThat(it.es.count(it.indices("metric-points"))).isEqualTo(3_333);
                assertThat(it.es.count(it.indices("dlq"))).isEqualTo(1_000);
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

                List<JsonNode> letters =
                        it.es.search(it.indices("dlq"), "{\"match_all\":{}}", 1_000);
                assertThat(letters).hasSize(1_000);
                Set<String> kinds = new HashSet<>();
                for (JsonNode letter : letters) {
                    String reason = letter.path("_source").path("error").path("message").asText();
                    assertThat(reason).as("reason of %s", letter.path("_id")).isNotBlank();
                    // e.g. "empty message", "invalid protobuf", "resourceLogs[].scopeLogs"
                    kinds.add(reason.split(":")[0].replaceAll("\\d+", ""));
                }
                assertThat(kinds).as("distinct kinds of reason").hasSizeGreaterThanOrEqualTo(5);
            } finally {
                JobsHarness.stop(job);
            }

            List<ConsumerRecord<byte[], byte[]>> dlq = consumeAll(it, it.topic("dlq"), 1_000);
            assertThat(dlq).hasSize(1_000);
            for (ConsumerRecord<byte[], byte[]> record : dlq) {
                Header reason = record.headers().lastHeader(DeadLetterSerializer.REASON);
                assertThat(reason).isNotNull();
                assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isNotBlank();
                assertThat(record.headers().lastHeader(DeadLetterSerializer.TOPIC)).isNotNull();
            }
        }
    }

    @Test
    void replayingTheSameInputLeavesTheDocumentCountUnchanged() throws Exception {
        try (JobsHarness it = new JobsHarness("replay")) {
            List<byte[]> spans = List.of(OtlpFixtures.tracesRequest(50, SEED, false));
            List<byte[]> logs = List.of(OtlpFixtures.logsRequest(40, SEED, true));
            List<byte[]> metrics = List.of(OtlpFixtures.metricsRequest(30, SEED, false));
            it.produce(it.topic("otlp_spans"), spans);
            it.produce(it.topic("otlp_logs"), logs);
            it.produce(it.topic("otlp_metrics"), metrics);
            it.runBounded();
            long first = documents(it);
            assertThat(first).isEqualTo(50 + 40 + 30);

            // The same messages again, at new offsets: the second run reads only the copies.
            it.produce(it.topic("otlp_spans"), spans);
            it.produce(it.topic("otlp_logs"), logs);
            it.produce(it.topic("otlp_metrics"), metrics);
            it.runBounded();

            assertThat(documents(it)).isEqualTo(first);
            assertThat(it.es.count(it.indices("dlq"))).isZero();
        }
    }

    /**
     * Documents of the produced input. Metric points the jobs derive themselves (RED from the
     * traces job, read back by the metrics job from vigil.metrics.derived on the next run) are left
     * out: they are new data, not copies.
     */
    private static long documents(JobsHarness it) throws Exception {
        return it.es.count(it.indices("spans"))
                + it.es.count(it.indices("logs"))
                + it.es.count(
                        it.indices("metric-points"),
                        "{\"bool\":{\"must_not\":{\"prefix\":{\"metric.name\":\"vigil.\"}}}}");
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeAll(
            JobsHarness it, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                JobsHarness.consumerFromStart(topic, "it-dlq-reader-" + it.name)) {
            await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                                return records.size() >= expected;
                            });
            // Anything beyond the expected count would be a duplicate: read what is left.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
