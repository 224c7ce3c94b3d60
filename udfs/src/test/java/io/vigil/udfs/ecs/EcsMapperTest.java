package io.vigil.udfs.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.AttributeType;
import io.vigil.udfs.model.DeadLetter;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import io.vigil.udfs.model.Temporality;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.testing.OtlpFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcsMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EcsMapper MAPPER = new EcsMapper();

    private static final long T0 = OtlpFixtures.BASE_NANOS;
    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final Attribute[] RESOURCE = {
        Attribute.string("service.name", "checkout"),
        Attribute.string("service.version", "1.4.2"),
        Attribute.string("service.instance.id", "checkout-7d9f"),
        Attribute.string("deployment.environment", "prod"),
        Attribute.string("host.name", "host-1"),
        Attribute.string("cloud.region", "eu-west-1"),
        Attribute.string("tenant", "acme")
    };

    // ------------------------------------------------------------ spans

    @Test
    void failedSpanTakesItsErrorFromTheExceptionEvent() throws Exception {
        SpanRecord span =
                span(
                        new Attribute[] {
                            Attribute.string("http.route", "/api/cart"),
                            Attribute.string("tenant", "globex")
                        },
                        new SpanEventRecord[] {
                            new SpanEventRecord(T0 + 1_000, "retry", Attribute.NONE),
                            new SpanEventRecord(
                                    T0 + 2_000,
                                    "exception",
                                    new Attribute[] {
                                        Attribute.string(
                                                "exception.type",
                                                "java.net.SocketTimeoutException"),
                                        Attribute.string("exception.message", "Read timed out")
                                    })
                        },
                        StatusCode.ERROR);

        EsDocument doc = MAPPER.span(span);
        JsonNode source = JSON.readTree(doc.json());

        assertThat(doc.index()).isEqualTo("vigil-spans-2026.01.01");
        assertThat(doc.id()).isEqualTo(TRACE_ID + "-eee19b7ec3c1b174");
        assertThat(text(source, "/event/outcome")).isEqualTo("failure");
        assertThat(source.at("/event/duration").asLong()).isEqualTo(1_500_000);
        assertThat(source.at("/span/duration/us").asLong()).isEqualTo(1_500);
        assertThat(text(source, "/span/kind")).isEqualTo("client");
        assertThat(text(source, "/error/type")).isEqualTo("java.net.SocketTimeoutException");
        assertThat(text(source, "/error/message")).isEqualTo("Read timed out");
        assertThat(source.at("/error/stack_trace").isMissingNode()).isTrue();
        assertThat(text(source, "/otel/status_code")).isEqualTo("ERROR");
        assertThat(text(source, "/otel/status_message")).isEqualTo("deadline exceeded");
        assertThat(source.at("/otel/flags").asLong()).isEqualTo(1);
        assertThat(source.at("/otel/events").size()).isEqualTo(2);
        assertThat(text(source, "/otel/events/1/time")).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(text(source, "/otel/events/1/attributes/exception_message"))
                .isEqualTo("Read timed out");
        assertThat(source.at("/otel/events/0/attributes").isMissingNode()).isTrue();
        assertThat(text(source, "/otel/links/0/trace_id")).isEqualTo(TRACE_ID);
        assertThat(text(source, "/otel/links/0/attributes/link_reason")).isEqualTo("batch");
        assertThat(text(source, "/parent/id")).isEqualTo("eee19b7ec3c1b173");
        // ECS fields from the resource; the rest, and the span's own attributes, in labels.
        assertThat(text(source, "/service/name")).isEqualTo("checkout");
        assertThat(text(source, "/service/version")).isEqualTo("1.4.2");
        assertThat(text(source, "/service/environment")).isEqualTo("prod");
        assertThat(text(source, "/service/node/name")).isEqualTo("checkout-7d9f");
        assertThat(text(source, "/host/name")).isEqualTo("host-1");
        assertThat(source.get("labels"))
                .isEqualTo(
                        JSON.readTree(
                                "{\"cloud_region\":\"eu-west-1\",\"http_route\":\"/api/cart\","
                                        + "\"tenant\":\"globex\"}"));
    }

    @Test
    void exceptionAttributesOnTheSpanGoToErrorNotLabels() throws Exception {
        SpanRecord span =
                span(
                        new Attribute[] {
                            Attribute.string("exception.type", "Boom"),
                            Attribute.string("exception.stacktrace", "Boom\n\tat X.y(X.java:1)")
                        },
                        new SpanEventRecord[0],
                        StatusCode.OK);

        JsonNode source = JSON.readTree(MAPPER.span(span).json());

        assertThat(text(source, "/event/outcome")).isEqualTo("success");
        assertThat(text(source, "/error/type")).isEqualTo("Boom");
        assertThat(text(source, "/error/stack_trace")).isEqualTo("Boom\n\tat X.y(X.java:1)");
        assertThat(source.at("/labels/exception_type").isMissingNode()).isTrue();
        assertThat(source.at("/otel/events").isMissingNode()).isTrue();
    }

    // ------------------------------------------------------------ logs

    @ParameterizedTest
    @CsvSource({
        "'', 0, ''",
        "'', 1, trace",
        "'', 4, trace",
        "'', 5, debug",
        "'', 9, info",
        "'', 12, info",
        "'', 13, warn",
        "'', 17, error",
        "'', 21, fatal",
        "'', 24, fatal",
        "'', 25, ''",
        "WARNING, 13, warning",
        "Information, 10, information"
    })
    void logLevelIsTheTextLowercasedElseTheSeverityRange(String text, int number, String level) {
        assertThat(EcsMapper.logLevel(text, number)).isEqualTo(level);
    }

    @Test
    void logWithExceptionAndNoTraceContext() throws Exception {
        LogEvent log =
                new LogEvent(
                        0,
                        T0 + 5_000_000,
                        17,
                        "",
                        "cart 7 is locked",
                        new Attribute[] {
                            Attribute.string("exception.type", "IllegalStateException"),
                            Attribute.string("exception.message", "locked"),
                            new Attribute("user.id", AttributeType.INT64, "7")
                        },
                        "",
                        "",
                        0,
                        RESOURCE,
                        "",
                        "",
                        "checkout");

        EsDocument doc = MAPPER.log(log);
        JsonNode source = JSON.readTree(doc.json());

        assertThat(doc.index()).isEqualTo("vigil-logs-2026.01.01");
        assertThat(text(source, "/@timestamp")).isEqualTo("2026-01-01T00:00:00.005Z");
        assertThat(text(source, "/event/created")).isEqualTo("2026-01-01T00:00:00.005Z");
        assertThat(source.at("/event/severity").asInt()).isEqualTo(17);
        assertThat(text(source, "/log/level")).isEqualTo("error");
        assertThat(source.at("/log/logger").isMissingNode()).isTrue();
        assertThat(text(source, "/message")).isEqualTo("cart 7 is locked");
        assertThat(text(source, "/error/type")).isEqualTo("IllegalStateException");
        assertThat(text(source, "/error/message")).isEqualTo("locked");
        assertThat(source.has("trace")).isFalse();
        assertThat(source.has("span")).isFalse();
        assertThat(source.at("/labels").fieldNames())
                .toIterable()
                .containsExactly("cloud_region", "tenant", "user_id");
        assertThat(source.has("otel")).as("no flags, no scope: no otel object").isFalse();
    }

    @Test
    void labelKeysAreFlatSortedAndNeverEmpty() {
        LogEvent log =
                log(
                        "x",
                        new Attribute[] {
                            Attribute.string("z.last", "1"),
                            Attribute.string("", "dropped"),
                            Attribute.string(" \t", "dropped: ES rejects blank field names"),
                            Attribute.string("a.b.c", "2"),
                            Attribute.string("tenant", "record wins")
                        });

        String json = MAPPER.log(log).json();

        assertThat(json)
                .contains(
                        "\"labels\":{\"a_b_c\":\"2\",\"cloud_region\":\"eu-west-1\","
                                + "\"tenant\":\"record wins\",\"z_last\":\"1\"}");
    }

    // ------------------------------------------------------------ ids

    @Test
    void logIdIsAContentHash() {
        LogEvent log =
                log(
                        "hello",
                        new Attribute[] {Attribute.string("a", "1"), Attribute.string("b", "2")});
        String id = MAPPER.log(log).id();

        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(new EcsMapper("other").log(log).id()).as("same content, same id").isEqualTo(id);
        assertThat(
                        MAPPER.log(
                                        log(
                                                "hello",
                                                new Attribute[] {
                                                    Attribute.string("b", "2"),
                                                    Attribute.string("a", "1")
                                                }))
                                .id())
                .as("attributes are a set")
                .isEqualTo(id);
        assertThat(MAPPER.log(log("hello!", log.attributes())).id()).isNotEqualTo(id);
        LogEvent otherResource =
                new LogEvent(
                        log.timeUnixNano(),
                        log.observedTimeUnixNano(),
                        log.severityNumber(),
                        log.severityText(),
                        log.body(),
                        log.attributes(),
                        log.traceId(),
                        log.spanId(),
                        log.flags(),
                        new Attribute[] {Attribute.string("service.name", "checkout")},
                        log.scopeName(),
                        log.scopeVersion(),
                        log.serviceName());
        assertThat(MAPPER.log(otherResource).id()).isNotEqualTo(id);
    }

    @Test
    void metricIdIsTheSeriesAndTimeNotTheValue() {
        MetricPoint point = gauge(T0, 0.5, "cpu0");
        String id = MAPPER.metric(point).id();

        assertThat(MAPPER.metric(gauge(T0, 0.75, "cpu0")).id())
                .as("a corrected value replaces the point")
                .isEqualTo(id);
        assertThat(MAPPER.metric(gauge(T0 + 1, 0.5, "cpu0")).id()).isNotEqualTo(id);
        assertThat(MAPPER.metric(gauge(T0, 0.5, "cpu1")).id()).isNotEqualTo(id);
    }

    @Test
    void replayingTheSameInputGivesByteEqualDocuments() {
        OtlpLogDecoder decoder = new OtlpLogDecoder(OtlpEncoding.AUTO);
        List<EsDocument> first =
                decoder.decode(OtlpFixtures.logsRequest(50, 4, false)).records().stream()
                        .map(MAPPER::log)
                        .toList();
        List<EsDocument> replay =
                decoder.decode(OtlpFixtures.logsRequest(50, 4, true)).records().stream()
                        .map(MAPPER::log)
                        .toList();

        assertThat(replay).isEqualTo(first);
        assertThat(first.stream().map(EsDocument::id).distinct()).hasSize(50);
    }

    // ------------------------------------------------------------ metrics

    @Test
    void nonFiniteValuesAreOmittedOrNullInArrays() throws Exception {
        MetricPoint point =
                MetricPoint.builder("latency", MetricType.HISTOGRAM, T0)
                        .metadata("", "ms")
                        .aggregation(Temporality.CUMULATIVE, false)
                        .stats(4, Double.POSITIVE_INFINITY, Double.NaN, 7.5)
                        .explicitBuckets(
                                new double[] {1, Double.POSITIVE_INFINITY}, new long[] {1, 2, 1})
                        .extras(new String[] {TRACE_ID}, 0)
                        .build();

        JsonNode metric = JSON.readTree(MAPPER.metric(point).json()).get("metric");

        assertThat(metric.has("value")).isFalse();
        assertThat(metric.has("sum")).isFalse();
        assertThat(metric.has("min")).isFalse();
        assertThat(metric.get("max").asDouble()).isEqualTo(7.5);
        assertThat(metric.get("count").asLong()).isEqualTo(4);
        assertThat(metric.get("temporality").asText()).isEqualTo("cumulative");
        assertThat(metric.has("monotonic")).as("only sums are (non-)monotonic").isFalse();
        assertThat(metric.at("/histogram/bounds").toString()).isEqualTo("[1.0,null]");
        assertThat(metric.at("/exemplar_trace_ids/0").asText()).isEqualTo(TRACE_ID);
    }

    @Test
    void summaryQuantilesArePairs() throws Exception {
        MetricPoint point =
                MetricPoint.builder("gc", MetricType.SUMMARY, T0)
                        .metadata("", "s")
                        .stats(10, 0.25, Double.NaN, Double.NaN)
                        .quantiles(new double[] {0.5, 0.99}, new double[] {0.01, 0.08})
                        .build();

        JsonNode metric = JSON.readTree(MAPPER.metric(point).json()).get("metric");

        assertThat(metric.get("quantiles"))
                .isEqualTo(
                        JSON.readTree(
                                "[{\"quantile\":0.5,\"value\":0.01},"
                                        + "{\"quantile\":0.99,\"value\":0.08}]"));
        assertThat(metric.get("sum").asDouble()).isEqualTo(0.25);
    }

    // ------------------------------------------------------------ dead letters

    @Test
    void deadLetterKeepsTheReasonAndACappedPayload() throws Exception {
        byte[] payload = new byte[EcsMapper.MAX_PAYLOAD_BYTES + 10];
        Arrays.fill(payload, (byte) 7);
        long kafkaTime = Instant.parse("2026-03-04T23:59:59.999Z").toEpochMilli();

        EsDocument doc =
                MAPPER.deadLetter(
                        new DeadLetter(
                                "otlp_logs", 5, 1234, kafkaTime, "logs", "empty message", payload));
        JsonNode source = JSON.readTree(doc.json());

        assertThat(doc.index()).isEqualTo("vigil-dlq-2026.03.04");
        assertThat(doc.id()).isEqualTo("otlp_logs-5-1234");
        assertThat(text(source, "/@timestamp")).isEqualTo("2026-03-04T23:59:59.999Z");
        assertThat(text(source, "/event/kind")).isEqualTo("pipeline_error");
        assertThat(text(source, "/error/message")).isEqualTo("empty message");
        JsonNode dlq = source.at("/vigil/dlq");
        assertThat(text(dlq, "/topic")).isEqualTo("otlp_logs");
        assertThat(dlq.get("partition").asInt()).isEqualTo(5);
        assertThat(dlq.get("offset").asLong()).isEqualTo(1234);
        assertThat(text(dlq, "/signal")).isEqualTo("logs");
        assertThat(dlq.get("payload_truncated").asBoolean()).isTrue();
        assertThat(dlq.get("payload_size").asInt()).isEqualTo(payload.length);
        assertThat(Base64.getDecoder().decode(text(dlq, "/payload")))
                .isEqualTo(Arrays.copyOf(payload, EcsMapper.MAX_PAYLOAD_BYTES));

        JsonNode small =
                JSON.readTree(
                                MAPPER.deadLetter(
                                                new DeadLetter(
                                                        "t",
                                                        0,
                                                        0,
                                                        kafkaTime,
                                                        "spans",
                                                        "r",
                                                        new byte[] {1, 2}))
                                        .json())
                        .at("/vigil/dlq");
        assertThat(small.get("payload_truncated").asBoolean()).isFalse();
        assertThat(text(small, "/payload")).isEqualTo("AQI=");
    }

    // ------------------------------------------------------------ indices and prefix

    @Test
    void dailyIndexIsTheUtcDayAndTimestampsTruncateToMillis() throws Exception {
        long lastNanoOf2025 =
                Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L - 1;
        EsDocument doc = new EcsMapper("acme.prod").log(log(lastNanoOf2025, "x"));

        assertThat(doc.index()).isEqualTo("acme.prod-logs-2025.12.31");
        assertThat(text(JSON.readTree(doc.json()), "/@timestamp"))
                .isEqualTo("2025-12-31T23:59:59.999Z");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "Vigil", "-vigil", "_vigil", "vi gil", "vi*gil", "vi/gil", "vi,gil"})
    void prefixesElasticsearchWouldRefuseAreRejected(String prefix) {
        assertThatThrownBy(() -> new EcsMapper(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index prefix '" + prefix + "'");
    }

    @Test
    void mapperIsSerializable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new EcsMapper("acme"));
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(((EcsMapper) in.readObject()).indexPrefix()).isEqualTo("acme");
        }
    }

    // ------------------------------------------------------------ helpers

    private static SpanRecord span(
            Attribute[] attributes, SpanEventRecord[] events, StatusCode status) {
        return new SpanRecord(
                TRACE_ID,
                "eee19b7ec3c1b174",
                "eee19b7ec3c1b173",
                "",
                "GET /api/cart",
                SpanKind.CLIENT,
                T0,
                T0 + 1_500_000,
                attributes,
                events,
                new SpanLinkRecord[] {
                    new SpanLinkRecord(
                            TRACE_ID,
                            "eee19b7ec3c1b172",
                            "",
                            new Attribute[] {Attribute.string("link.reason", "batch")})
                },
                status,
                status == StatusCode.ERROR ? "deadline exceeded" : "",
                1,
                RESOURCE,
                "io.opentelemetry.okhttp",
                "1.0",
                "checkout");
    }

    private static LogEvent log(String body, Attribute[] attributes) {
        return new LogEvent(
                T0,
                T0,
                9,
                "INFO",
                body,
                attributes,
                TRACE_ID,
                "eee19b7ec3c1b174",
                1,
                RESOURCE,
                "logger",
                "",
                "checkout");
    }

    private static LogEvent log(long time, String body) {
        return new LogEvent(
                time, 0, 9, "", body, Attribute.NONE, "", "", 0, RESOURCE, "", "", "checkout");
    }

    private static MetricPoint gauge(long time, double value, String cpu) {
        return MetricPoint.builder("system.cpu.utilization", MetricType.GAUGE, time)
                .metadata("", "1")
                .series(0, new Attribute[] {Attribute.string("cpu", cpu)})
                .value(value)
                .origin(RESOURCE, "", "", "checkout")
                .build();
    }

    private static String text(JsonNode node, String pointer) {
        JsonNode at = node.at(pointer);
        assertThat(at.isTextual()).as("%s is a string in %s", pointer, node).isTrue();
        return at.textValue();
    }
}
