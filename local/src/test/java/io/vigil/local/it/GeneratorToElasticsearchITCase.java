package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.local.OtlpHttpReceiver;
import io.vigil.local.TelemetryGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole path a user's telemetry takes: the generator's services send through the OpenTelemetry
 * SDK's OTLP/HTTP exporters to the receiver, which writes the Collector's format to Kafka; the jobs
 * read it into Elasticsearch. Every span, log record and metric point the SDK got acknowledged is a
 * document, no more and no fewer.
 */
@ExtendWith(RealStack.class)
class GeneratorToElasticsearchITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void generatedTelemetryEndsUpInElasticsearch() throws Exception {
        try (JobsHarness it = new JobsHarness("generator")) {
            TelemetryGenerator generator;
            try (OtlpHttpReceiver receiver = it.otlpReceiver()) {
                generator =
                        TelemetryGenerator.start(
                                TelemetryGenerator.Options.builder()
                                        .seed(7)
                                        .start(START)
                                        .duration(Duration.ofMinutes(2))
                                        .requestsPerSecond(5)
                                        .pacing(TelemetryGenerator.Pacing.FAST)
                                        .otlpEndpoint(receiver.url())
                                        .build());
                try (generator) {
                    assertThat(generator.awaitCompletion(Duration.ofMinutes(2))).isTrue();
                }
            }
            assertThat(generator.itemsFailed()).isZero();
            assertThat(generator.spansEmitted()).isGreaterThan(1_000);

            it.runBounded();

            assertThat(it.es.count(it.indices("spans"))).isEqualTo(generator.spansEmitted());
            assertThat(it.es.count(it.indices("logs"))).isEqualTo(generator.logsEmitted());
            assertThat(it.es.count(it.indices("metric-points")))
                    .isEqualTo(generator.metricPointsEmitted());
            assertThat(it.es.count(it.indices("dlq"))).isZero();

            // The call graph's instrumented services emit spans; the database and the cache are
            // seen in their clients' spans and report metrics of their own hosts.
            assertThat(new TreeSet<>(it.es.terms(it.indices("spans"), "service.name")))
                    .containsExactly("checkout", "frontend", "payment", "shipping");
            assertThat(new TreeSet<>(it.es.terms(it.indices("metric-points"), "service.name")))
                    .containsExactlyInAnyOrderElementsOf(TelemetryGenerator.SERVICES);

            // Logs written inside a span carry its trace id, and that trace is in the span index.
            List<JsonNode> errorLogs =
                    it.es.search(
                            it.indices("logs"),
                            "{\"bool\":{\"filter\":[{\"term\":{\"log.level\":\"error\"}},"
                                    + "{\"exists\":{\"field\":\"trace.id\"}}]}}",
                            1);
            assertThat(errorLogs).hasSize(1);
            String traceId = errorLogs.get(0).path("_source").path("trace").path("id").asText();
            assertThat(
                            it.es.search(
                                    it.indices("spans"),
                                    "{\"term\":{\"trace.id\":\"" + traceId + "\"}}",
                                    1))
                    .as("spans of trace %s, which an error log names", traceId)
                    .hasSize(1);
        }
    }
}
