package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generator → OTLP/HTTP (the SDK's real exporters) → receiver → Kafka: everything the generator
 * counts as delivered is on the three topics, and the ground truth is on its topic and in its file.
 */
@ExtendWith(SharedKafka.class)
class TelemetryGeneratorITCase {

    private static final String SPANS = "generator-it.spans";
    private static final String METRICS = "generator-it.metrics";
    private static final String LOGS = "generator-it.logs";
    private static final String GROUND_TRUTH = "generator-it.groundtruth";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void oneSimulatedMinuteArrivesCompleteOnKafka() throws Exception {
        EmbeddedKafka kafka = SharedKafka.kafka();
        String bootstrap = kafka.bootstrapServers();
        kafka.createTopics(2, SPANS, METRICS, LOGS, GROUND_TRUTH);
        Path groundTruthFile = dir.resolve("ground-truth.jsonl");

        TelemetryGenerator run;
        try (OtlpHttpReceiver receiver =
                OtlpHttpReceiver.start(0, bootstrap, SPANS, METRICS, LOGS)) {
            TelemetryGenerator.Options options =
                    TelemetryGenerator.Options.builder()
                            .seed(2026)
                            .start(Instant.parse("2025-06-01T08:00:00Z"))
                            .duration(Duration.ofMinutes(1))
                            .requestsPerSecond(5)
                            .pacing(TelemetryGenerator.Pacing.FAST)
                            .otlpEndpoint(receiver.url())
                            .kafkaBootstrap(bootstrap)
                            .groundTruthTopic(GROUND_TRUTH)
                            .groundTruthFile(groundTruthFile)
                            .build();
            try (TelemetryGenerator generator = TelemetryGenerator.start(options)) {
                assertThat(generator.awaitCompletion(Duration.ofMinutes(2))).isTrue();
                run = generator;
            }
            assertThat(run.itemsFailed()).isZero();
            assertThat(receiver.items("spans")).isEqualTo(run.spansEmitted());
            assertThat(receiver.items("logs")).isEqualTo(run.logsEmitted());
            assertThat(receiver.items("metrics")).isEqualTo(run.metricPointsEmitted());
        }

        long spans = 0;
        Set<String> spanServices = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.readAll(bootstrap, SPANS)) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            for (ResourceSpans rs :
                    ExportTraceServiceRequest.parseFrom(record.value()).getResourceSpansList()) {
                spanServices.add(serviceName(rs.getResource()));
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
                                .isEqualTo(key);
                        spans++;
                    }
                }
            }
        }
        assertThat(spans).isEqualTo(run.spansEmitted()).isGreaterThan(2000);
        assertThat(spanServices)
                .containsExactlyInAnyOrder("frontend", "checkout", "payment", "shipping");

        long logs = 0;
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.readAll(bootstrap, LOGS)) {
            for (ResourceLogs rl :
                    ExportLogsServiceRequest.parseFrom(record.value()).getResourceLogsList()) {
                for (ScopeLogs sl : rl.getScopeLogsList()) {
                    logs += sl.getLogRecordsCount();
                }
            }
        }
        assertThat(logs).isEqualTo(run.logsEmitted()).isGreaterThan(900);

        long points = 0;
        Set<String> metricServices = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.readAll(bootstrap, METRICS)) {
            for (ResourceMetrics rm :
                    ExportMetricsServiceRequest.parseFrom(record.value())
                            .getResourceMetricsList()) {
                metricServices.add(serviceName(rm.getResource()));
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric metric : sm.getMetricsList()) {
                        names.add(metric.getName());
                        points += io.vigil.udfs.otlp.OtlpMetrics.dataPoints(metric);
                    }
                }
            }
        }
        assertThat(points).isEqualTo(run.metricPointsEmitted());
        assertThat(metricServices).containsExactlyInAnyOrderElementsOf(TelemetryGenerator.SERVICES);
        assertThat(names)
                .contains(
                        "system.cpu.utilization",
                        "system.memory.usage",
                        "system.filesystem.utilization",
                        "http.server.request.duration",
                        "http.server.requests",
                        "messaging.queue.depth");

        List<ConsumerRecord<byte[], byte[]>> truth = KafkaTopics.readAll(bootstrap, GROUND_TRUTH);
        assertThat(truth).hasSize(5);
        List<String> fileLines = Files.readAllLines(groundTruthFile);
        assertThat(fileLines).hasSize(5);
        for (ConsumerRecord<byte[], byte[]> record : truth) {
            JsonNode value = JSON.readTree(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(value.path("service").asText());
            assertThat(record.timestamp())
                    .isEqualTo(Instant.parse(value.path("start").asText()).toEpochMilli());
            assertThat(fileLines).contains(new String(record.value(), StandardCharsets.UTF_8));
        }
        assertThat(
                        fileLines.stream()
                                .map(
                                        line -> {
                                            try {
                                                return JSON.readTree(line).path("kind").asText();
                                            } catch (Exception e) {
                                                throw new IllegalStateException(e);
                                            }
                                        }))
                .containsExactly(
                        "latency_regression",
                        "error_burst",
                        "cpu_saturation",
                        "disk_filling",
                        "deploy_errors");
    }

    private static String serviceName(Resource resource) {
        for (KeyValue attribute : resource.getAttributesList()) {
            if (attribute.getKey().equals("service.name")) {
                return attribute.getValue().getStringValue();
            }
        }
        return null;
    }
}
