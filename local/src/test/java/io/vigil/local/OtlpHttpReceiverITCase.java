package io.vigil.local;

import static io.vigil.udfs.testing.OtlpFixtures.serviceResource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OTLP/HTTP receiver against a real broker: what OTLP clients send (protobuf and JSON, plain
 * and gzip) arrives on the signal's topic as parseable {@code otlp_proto}, spans keyed by trace;
 * bad input is refused with a reason and writes nothing.
 */
@ExtendWith(SharedKafka.class)
class OtlpHttpReceiverITCase {

    private static final String SPANS = "receiver-it.spans";
    private static final String METRICS = "receiver-it.metrics";
    private static final String LOGS = "receiver-it.logs";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static OtlpHttpReceiver receiver;
    private static String bootstrap;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startReceiver() throws Exception {
        EmbeddedKafka kafka = SharedKafka.kafka();
        bootstrap = kafka.bootstrapServers();
        kafka.createTopics(2, SPANS, METRICS, LOGS);
        receiver = OtlpHttpReceiver.start(0, bootstrap, SPANS, METRICS, LOGS);
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void protobufSpansAreSplitPerTraceAndKeyedByTraceId() throws Exception {
        byte[] traceA = HexFormat.of().parseHex("0af7651916cd43dd8448eb211c80319c");
        byte[] traceB = HexFormat.of().parseHex("4bf92f3577b34da6a3ce929d0e0e4736");
        ExportTraceServiceRequest request =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(
                                resourceSpans("frontend", span(traceA, 1), span(traceB, 2)))
                        .addResourceSpans(resourceSpans("checkout", span(traceA, 3)))
                        .build();
        Map<TopicPartition, Long> before = KafkaTopics.endOffsets(bootstrap, SPANS);
        long requestsBefore = receiver.requests("spans");

        HttpResponse<byte[]> response = post("/v1/traces", PROTOBUF, request.toByteArray(), false);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
        assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess())
                .isFalse();
        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTopics.readSince(bootstrap, SPANS, before);
        assertThat(records)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(
                        "0af7651916cd43dd8448eb211c80319c", "4bf92f3577b34da6a3ce929d0e0e4736");
        int spans = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ExportTraceServiceRequest part = ExportTraceServiceRequest.parseFrom(record.value());
            for (ResourceSpans rs : part.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray()))
                                .isEqualTo(new String(record.key(), StandardCharsets.UTF_8));
                        spans++;
                    }
                }
            }
        }
        assertThat(spans).isEqualTo(3);
        assertThat(receiver.requests("spans")).isEqualTo(requestsBefore + 1);
    }

    @Test
    void gzippedJsonSpansArriveAsProtobuf() throws Exception {
        String json =
                """
                {"resourceSpans":[{"resource":{"attributes":[
                  {"key":"service.name","value":{"stringValue":"json-service"}}]},
                 "scopeSpans":[{"scope":{"name":"it"},"spans":[
                  {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174",
                   "name":"GET /json","kind":2,"startTimeUnixNano":"1700000000000000000",
                   "endTimeUnixNano":"1700000000100000000","status":{"code":2,"message":"boom"}},
                  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175",
                   "parentSpanId":"eee19b7ec3c1b174","name":"SELECT","kind":3,
                   "startTimeUnixNano":1700000000010000000,"endTimeUnixNano":"1700000000090000000",
                   "someFutureField":true}]}]}]}
                """;
        Map<TopicPartition, Long> before = KafkaTopics.endOffsets(bootstrap, SPANS);

        HttpResponse<byte[]> response =
                post("/v1/traces", JSON, json.getBytes(StandardCharsets.UTF_8), true);

        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(JSON);
        assertThat(MAPPER.readTree(response.body()).isObject()).isTrue();
        List<ConsumerRecord<byte[], byte[]>> records =
                KafkaTopics.readSince(bootstrap, SPANS, before);
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8))
                .isEqualTo("5b8efff798038103d269b633813fc60c");
        ExportTraceServiceRequest part =
                ExportTraceServiceRequest.parseFrom(records.get(0).value());
        List<Span> spans = part.getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertThat(spans).extracting(Span::getName).containsExactly("GET /json", "SELECT");
        assertThat(spans.get(0).getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(spans.get(0).getStatus().getMessage()).isEqualTo("boom");
        assertThat(spans.get(1).getParentSpanId()).isEqualTo(spans.get(0).getSpanId());
        assertThat(spans.get(1).getStartTimeUnixNano()).isEqualTo(1_700_000_000_010_000_000L);
    }

    @Test
    void metricsAndLogsArriveUnkeyedInBothEncodings() throws Exception {
        Map<TopicPartition, Long> metricsBefore = KafkaTopics.endOffsets(bootstrap, METRICS);
        Map<TopicPartition, Long> logsBefore = KafkaTopics.endOffsets(bootstrap, LOGS);
        long pointsBefore = receiver.items("metrics");

        assertThat(post("/v1/metrics", PROTOBUF, metricsRequest().toByteArray(), true).statusCode())
                .isEqualTo(200);
        assertThat(
                        post(
                                        "/v1/metrics",
                                        JSON,
                                        METRICS_JSON.getBytes(StandardCharsets.UTF_8),
                                        false)
                                .statusCode())
                .isEqualTo(200);
        assertThat(post("/v1/logs", PROTOBUF, logsRequest().toByteArray(), false).statusCode())
                .isEqualTo(200);
        assertThat(
                        post(
                                        "/v1/logs",
                                        "application/json; charset=utf-8",
                                        LOGS_JSON.getBytes(StandardCharsets.UTF_8),
                                        true)
                                .statusCode())
                .isEqualTo(200);

        List<ConsumerRecord<byte[], byte[]>> metrics =
                KafkaTopics.readSince(bootstrap, METRICS, metricsBefore);
        // Keyed per resource: payment's request and checkout's JSON request, one key each.
        assertThat(metrics)
                .hasSize(2)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).matches("[0-9a-f]{32}"));
        assertThat(metrics)
                .extracting(
                        r ->
                                ExportMetricsServiceRequest.parseFrom(r.value())
                                        .getResourceMetrics(0)
                                        .getScopeMetrics(0)
                                        .getMetrics(0)
                                        .getName())
                .containsExactlyInAnyOrder("system.cpu.utilization", "http.server.requests");
        assertThat(receiver.items("metrics")).isEqualTo(pointsBefore + 3);

        List<ConsumerRecord<byte[], byte[]>> logs =
                KafkaTopics.readSince(bootstrap, LOGS, logsBefore);
        assertThat(logs).hasSize(2).allSatisfy(r -> assertThat(r.key()).isNull());
        assertThat(logs)
                .extracting(
                        r ->
                                ExportLogsServiceRequest.parseFrom(r.value())
                                        .getResourceLogs(0)
                                        .getScopeLogs(0)
                                        .getLogRecords(0)
                                        .getBody()
                                        .getStringValue())
                .containsExactlyInAnyOrder("payment authorized", "order placed");
    }

    @Test
    void badInputIsRefusedWithAReasonAndWritesNothing() throws Exception {
        Map<TopicPartition, Long> before = KafkaTopics.endOffsets(bootstrap, SPANS);
        long rejectedBefore = receiver.rejected("spans");

        HttpResponse<byte[]> garbage =
                post("/v1/traces", PROTOBUF, new byte[] {0x0a, 0x7f, 0x01}, false);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(statusMessage(garbage.body()))
                .contains("invalid protobuf ExportTraceServiceRequest");

        HttpResponse<byte[]> badJson =
                post(
                        "/v1/traces",
                        JSON,
                        "{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8),
                        false);
        assertThat(badJson.statusCode()).isEqualTo(400);
        JsonNode status = MAPPER.readTree(badJson.body());
        assertThat(status.path("code").asInt()).isEqualTo(3);
        assertThat(status.path("message").asText()).contains("invalid OTLP JSON");

        byte[] shortTraceId = new byte[8];
        shortTraceId[0] = 1;
        ExportTraceServiceRequest badId =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(resourceSpans("frontend", span(shortTraceId, 1)))
                        .build();
        HttpResponse<byte[]> wrongId = post("/v1/traces", PROTOBUF, badId.toByteArray(), false);
        assertThat(wrongId.statusCode()).isEqualTo(400);
        assertThat(statusMessage(wrongId.body()))
                .isEqualTo(
                        "resourceSpans[0].scopeSpans[0].spans[0].traceId must be 16 bytes, was 8");

        assertThat(post("/v1/traces", "text/plain", new byte[] {1}, false).statusCode())
                .isEqualTo(415);
        HttpResponse<byte[]> notGzip =
                postEncoded("/v1/traces", PROTOBUF, new byte[] {1, 2, 3}, "gzip");
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(postEncoded("/v1/traces", PROTOBUF, new byte[0], "br").statusCode())
                .isEqualTo(415);
        assertThat(post("/v1/profiles", PROTOBUF, new byte[0], false).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> get =
                http.send(
                        HttpRequest.newBuilder(URI.create(receiver.url() + "/v1/traces"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        assertThat(KafkaTopics.readSince(bootstrap, SPANS, before)).isEmpty();
        assertThat(receiver.rejected("spans")).isEqualTo(rejectedBefore + 7);
    }

    @Test
    void aWriteKafkaDoesNotTakeIsAnsweredRetryable() throws Exception {
        Properties producer = OtlpHttpReceiver.producerProperties(bootstrap);
        // The topic does not exist and automatic creation is off: metadata never arrives.
        producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300");
        try (OtlpHttpReceiver unavailable =
                OtlpHttpReceiver.start(0, producer, "receiver-it.missing", METRICS, LOGS)) {
            ExportTraceServiceRequest request =
                    ExportTraceServiceRequest.newBuilder()
                            .addResourceSpans(
                                    resourceSpans(
                                            "frontend",
                                            span(
                                                    HexFormat.of()
                                                            .parseHex(
                                                                    "0af7651916cd43dd8448eb211c80319c"),
                                                    9)))
                            .build();
            HttpResponse<byte[]> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(unavailable.url() + "/v1/traces"))
                                    .header("Content-Type", PROTOBUF)
                                    .POST(
                                            HttpRequest.BodyPublishers.ofByteArray(
                                                    request.toByteArray()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(statusMessage(response.body())).contains("receiver-it.missing");
            assertThat(unavailable.requests("spans")).isZero();
        }
    }

    // ----------------------------------------------------------------------------------------

    private static final String METRICS_JSON =
            """
            {"resourceMetrics":[{"resource":{"attributes":[
              {"key":"service.name","value":{"stringValue":"checkout"}}]},
             "scopeMetrics":[{"scope":{"name":"it"},"metrics":[
              {"name":"http.server.requests","unit":"{request}","sum":{
                "aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
                 {"asInt":"42","startTimeUnixNano":"1700000000000000000",
                  "timeUnixNano":"1700000010000000000",
                  "attributes":[{"key":"http.route","value":{"stringValue":"/checkout"}}]},
                 {"asInt":"3","startTimeUnixNano":"1700000000000000000",
                  "timeUnixNano":"1700000010000000000",
                  "attributes":[{"key":"http.route","value":{"stringValue":"/cart"}}]}]}}]}]}]}
            """;

    private static final String LOGS_JSON =
            """
            {"resourceLogs":[{"resource":{"attributes":[
              {"key":"service.name","value":{"stringValue":"checkout"}}]},
             "scopeLogs":[{"scope":{"name":"it"},"logRecords":[
              {"timeUnixNano":"1700000000000000000","severityNumber":9,"severityText":"INFO",
               "body":{"stringValue":"order placed"},
               "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174"}]}]}]}
            """;

    private static ExportMetricsServiceRequest metricsRequest() {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(serviceResource("payment"))
                                .addScopeMetrics(
                                        ScopeMetrics.newBuilder()
                                                .addMetrics(
                                                        Metric.newBuilder()
                                                                .setName("system.cpu.utilization")
                                                                .setUnit("1")
                                                                .setGauge(
                                                                        Gauge.newBuilder()
                                                                                .addDataPoints(
                                                                                        NumberDataPoint
                                                                                                .newBuilder()
                                                                                                .setTimeUnixNano(
                                                                                                        1_700_000_000_000_000_000L)
                                                                                                .setAsDouble(
                                                                                                        0.42))))))
                .build();
    }

    private static ExportLogsServiceRequest logsRequest() {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(
                        ResourceLogs.newBuilder()
                                .setResource(serviceResource("payment"))
                                .addScopeLogs(
                                        ScopeLogs.newBuilder()
                                                .addLogRecords(
                                                        LogRecord.newBuilder()
                                                                .setTimeUnixNano(
                                                                        1_700_000_000_000_000_000L)
                                                                .setSeverityNumberValue(9)
                                                                .setBody(
                                                                        AnyValue.newBuilder()
                                                                                .setStringValue(
                                                                                        "payment authorized")))))
                .build();
    }

    private static ResourceSpans resourceSpans(String service, Span... spans) {
        return ResourceSpans.newBuilder()
                .setResource(serviceResource(service))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))
                .build();
    }

    private static Span span(byte[] traceId, int n) {
        byte[] spanId = new byte[8];
        spanId[7] = (byte) n;
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId))
                .setName("span-" + n)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L)
                .setEndTimeUnixNano(1_700_000_000_050_000_000L)
                .build();
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body, boolean gzip)
            throws Exception {
        return postEncoded(path, contentType, gzip ? gzip(body) : body, gzip ? "gzip" : null);
    }

    private HttpResponse<byte[]> postEncoded(
            String path, String contentType, byte[] body, String encoding) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(receiver.url() + path))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gzip(byte[] body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }

    /** The message of a protobuf google.rpc.Status body. */
    private static String statusMessage(byte[] body) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(body);
        String message = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == ((2 << 3) | 2)) {
                message = in.readString();
            } else {
                in.skipField(tag);
            }
        }
        return message;
    }
}
