package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OTLP logs through a real Kafka broker into the logs job and a real Elasticsearch node: every log
 * document carries its template, the templates index is filled, log-derived error counts reach
 * {@code vigil.metrics.derived}, a query for one template id returns exactly its lines, and the
 * template ids do not depend on the job's parallelism.
 */
@ExtendWith(RealStack.class)
class LogTemplatesITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final long SEED = 20261202L;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One line: service, second after T0, body, error or not. */
    record Line(String service, int second, String body, boolean error) {}

    /**
     * 600 lines over three minutes from three services, six kinds of message with varying
     * parameters; payment fails about one order in five.
     */
    static List<Line> lines() {
        Random random = new Random(SEED);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int second = i * 180 / 600;
            int order = 10_000 + random.nextInt(90_000);
            Line line =
                    switch (i % 6) {
                        case 0 ->
                                new Line(
                                        "checkout",
                                        second,
                                        "order "
                                                + order
                                                + " placed with "
                                                + (1 + random.nextInt(9))
                                                + " items",
                                        false);
                        case 1 ->
                                new Line(
                                        "checkout",
                                        second,
                                        "cart cart-"
                                                + Integer.toHexString(random.nextInt())
                                                + " expired after "
                                                + (10 + random.nextInt(50))
                                                + " minutes",
                                        false);
                        case 2 -> {
                            boolean fails = random.nextInt(5) == 0;
                            yield fails
                                    ? new Line(
                                            "payment",
                                            second,
                                            "payment for order "
                                                    + order
                                                    + " declined: insufficient funds",
                                            true)
                                    : new Line(
                                            "payment",
                                            second,
                                            "payment for order "
                                                    + order
                                                    + " captured in "
                                                    + (20 + random.nextInt(300))
                                                    + " ms",
                                            false);
                        }
                        case 3 ->
                                new Line(
                                        "payment",
                                        second,
                                        "connection pool usage "
                                                + random.nextInt(100)
                                                + "% of "
                                                + 50,
                                        false);
                        case 4 ->
                                new Line(
                                        "shipping",
                                        second,
                                        "shipment "
                                                + order
                                                + " handed to carrier DHL at 10.0."
                                                + random.nextInt(255)
                                                + "."
                                                + random.nextInt(255),
                                        false);
                        default ->
                                new Line(
                                        "shipping",
                                        second,
                                        "label printed for shipment " + order,
                                        false);
                    };
            lines.add(line);
        }
        return lines;
    }

    /** One OTLP request per service and second, as SDK batches would be. */
    static List<byte[]> requests(List<Line> lines) {
        List<byte[]> out = new ArrayList<>();
        Map<String, ScopeLogs.Builder> batch = new TreeMap<>();
        int second = -1;
        for (Line l : lines) {
            if (l.second() != second && !batch.isEmpty()) {
                out.add(request(batch));
                batch.clear();
            }
            second = l.second();
            long nanos = (T0.getEpochSecond() + l.second()) * 1_000_000_000L;
            batch.computeIfAbsent(l.service(), s -> ScopeLogs.newBuilder())
                    .addLogRecords(
                            LogRecord.newBuilder()
                                    .setTimeUnixNano(nanos)
                                    .setObservedTimeUnixNano(nanos)
                                    .setSeverityNumber(
                                            l.error()
                                                    ? SeverityNumber.SEVERITY_NUMBER_ERROR
                                                    : SeverityNumber.SEVERITY_NUMBER_INFO)
                                    .setSeverityText(l.error() ? "ERROR" : "INFO")
                                    .setBody(AnyValue.newBuilder().setStringValue(l.body())));
        }
        out.add(request(batch));
        return out;
    }

    private static byte[] request(Map<String, ScopeLogs.Builder> batch) {
        ExportLogsServiceRequest.Builder r = ExportLogsServiceRequest.newBuilder();
        batch.forEach(
                (service, scope) ->
                        r.addResourceLogs(
                                ResourceLogs.newBuilder()
                                        .setResource(
                                                Resource.newBuilder()
                                                        .addAttributes(
                                                                KeyValue.newBuilder()
                                                                        .setKey("service.name")
                                                                        .setValue(
                                                                                AnyValue
                                                                                        .newBuilder()
                                                                                        .setStringValue(
                                                                                                service))))
                                        .addScopeLogs(scope)));
        return r.build().toByteArray();
    }

    /** message → template id, from the log documents of a run. */
    private static Map<String, String> templateOfEachMessage(JobsHarness it) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode hit : it.es.search(it.indices("logs"), "{\"match_all\":{}}", 1000)) {
            JsonNode src = hit.get("_source");
            out.put(src.get("message").asText(), src.at("/log/template/id").asText());
        }
        return out;
    }

    @Test
    void logsGetTemplatesTheTemplatesIndexAndErrorCountsAndIdsDoNotDependOnParallelism()
            throws Exception {
        List<Line> lines = lines();
        List<byte[]> requests = requests(lines);
        Map<String, String> idsAtParallelism2;
        try (JobsHarness it = new JobsHarness("logs2", 2)) {
            it.produce(it.topic("otlp_logs"), 0, requests);
            it.runBounded();

            // Every line is a document with its template.
            List<JsonNode> docs = it.es.search(it.indices("logs"), "{\"match_all\":{}}", 1000);
            Set<String> distinct = new HashSet<>();
            lines.forEach(l -> distinct.add(l.second() + " " + l.body()));
            assertThat(docs).hasSize(distinct.size());
            assertThat(docs)
                    .allSatisfy(
                            h -> {
                                assertThat(h.at("/_source/log/template/id").asText()).isNotEmpty();
                                assertThat(h.at("/_source/log/template/pattern").asText())
                                        .contains("<*>");
                            });
            idsAtParallelism2 = templateOfEachMessage(it);

            // A query for one template id returns exactly its lines: the declined payments.
            Set<String> declined = new HashSet<>();
            lines.stream().filter(Line::error).forEach(l -> declined.add(l.body()));
            String declinedId = idsAtParallelism2.get(declined.iterator().next());
            List<JsonNode> ofTemplate =
                    it.es.search(
                            it.indices("logs"),
                            "{\"term\":{\"log.template.id\":\"" + declinedId + "\"}}",
                            1000);
            Set<String> found = new HashSet<>();
            ofTemplate.forEach(h -> found.add(h.at("/_source/message").asText()));
            assertThat(found).isEqualTo(declined);

            // The templates index: one document per template the log documents name.
            Set<String> ids = new HashSet<>(idsAtParallelism2.values());
            List<JsonNode> templates =
                    it.es.search("it-logs2-log-templates", "{\"match_all\":{}}", 100);
            assertThat(templates).extracting(h -> h.get("_id").asText()).containsAll(ids);
            JsonNode declinedTemplate =
                    templates.stream()
                            .filter(h -> h.get("_id").asText().equals(declinedId))
                            .findFirst()
                            .orElseThrow()
                            .get("_source");
            assertThat(declinedTemplate.at("/log/template/error_count").asLong())
                    .isEqualTo(declined.size());
            assertThat(declinedTemplate.at("/log/template/services").toString())
                    .isEqualTo("[\"payment\"]");

            // Log-derived error counts on vigil.metrics.derived: payment's, minute by minute.
            long[] expected = new long[3];
            lines.stream().filter(Line::error).forEach(l -> expected[l.second() / 60]++);
            OtlpMetricDecoder decoder = new OtlpMetricDecoder(OtlpEncoding.PROTO);
            long[] errors = new long[3];
            it.consumeUntil(
                    it.topic("metrics_derived"),
                    records -> {
                        java.util.Arrays.fill(errors, 0);
                        for (ConsumerRecord<byte[], byte[]> r : records) {
                            for (MetricPoint p : decoder.decode(r.value()).records()) {
                                if (p.name().equals("vigil.logs.errors")
                                        && p.serviceName().equals("payment")) {
                                    int minute =
                                            (int)
                                                    ((p.startTimeUnixNano() / 1_000_000_000L
                                                                    - T0.getEpochSecond())
                                                            / 60);
                                    errors[minute] += (long) p.value();
                                }
                            }
                        }
                        return java.util.Arrays.equals(errors, expected);
                    });
            assertThat(errors).isEqualTo(expected);

            // New-template alerts: info, one per template first seen, never twice.
            List<AlertEvent> alerts = new ArrayList<>();
            it.consumeUntil(
                    it.topic("alerts"),
                    records -> {
                        alerts.clear();
                        records.forEach(r -> alerts.add(AlertJson.read(r.value())));
                        return !alerts.isEmpty();
                    });
            assertThat(alerts)
                    .allSatisfy(
                            a -> {
                                assertThat(a.labels()).containsEntry("alertname", "NewLogTemplate");
                                assertThat(a.severity().wireName()).isEqualTo("info");
                            });
            assertThat(
                            alerts.stream()
                                    .filter(a -> a.endsAt() == null)
                                    .map(a -> a.labels().get("template_id"))
                                    .distinct()
                                    .count())
                    .isEqualTo(alerts.stream().filter(a -> a.endsAt() == null).count());
        }

        // The same input at parallelism 1: the same template for every line.
        try (JobsHarness it = new JobsHarness("logs1", 1)) {
            it.produce(it.topic("otlp_logs"), 0, requests);
            it.runBounded();
            assertThat(templateOfEachMessage(it)).isEqualTo(idsAtParallelism2);
        }
    }
}
