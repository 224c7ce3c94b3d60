package io.vigil.udfs.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Random;

/**
 * Valid OTLP requests, one record each, whose attribute keys and values, names and numbers are what
 * a careless or hostile client sends: empty and blank keys, dots only, very long keys and values,
 * unicode, numbers as keys, the same key as object and leaf ({@code http} and {@code http.method}),
 * ES metadata names, NaN and infinities, huge arrays, nested lists, empty and huge service names.
 * Seeded: the same seed gives the same requests. Every record carries a distinct {@code fuzz.seq}
 * attribute, so no two records are the same document.
 */
public final class HostileTelemetry {
    /** Attribute keys Elasticsearch, or a naive mapper, would choke on. */
    public static final List<String> KEYS =
            List.of(
                    "",
                    " ",
                    "\t",
                    ".",
                    "..",
                    "...",
                    "a.",
                    ".a",
                    "a..b",
                    "a. .b",
                    "k".repeat(300),
                    "long.".repeat(2_000),
                    "ключ",
                    "🔥",
                    "数字.键",
                    "123",
                    "0",
                    "-1",
                    "1e5",
                    "http",
                    "http.method",
                    "http.method.name",
                    "_id",
                    "_source",
                    "_index",
                    "labels",
                    "@timestamp",
                    "service.name",
                    "a\u0000b",
                    "null",
                    "true",
                    "key with spaces",
                    "UPPER.Case",
                    "exception.message");

    /** How many keys of its own one record in ten carries. */
    public static final int UNIQUE_KEYS = 40;

    private static final long BASE_NANOS = OtlpFixtures.BASE_NANOS;
    private static final long SECOND = 1_000_000_000L;

    private HostileTelemetry() {}

    /** A request with one gauge point. */
    public static byte[] metric(long seq, long seed) {
        Random random = new Random(seed * 31 + seq);
        Metric metric =
                Metric.newBuilder()
                        .setName(name(random, "fuzz.gauge"))
                        .setUnit(random.nextInt(5) == 0 ? "🔥".repeat(50) : "1")
                        .setGauge(
                                Gauge.newBuilder()
                                        .addDataPoints(
                                                NumberDataPoint.newBuilder()
                                                        .setTimeUnixNano(time(seq))
                                                        .setAsDouble(number(random))
                                                        .addAllAttributes(attributes(random, seq))))
                        .build();
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(resource(random))
                                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
                .build()
                .toByteArray();
    }

    /** A request with one log record. */
    public static byte[] log(long seq, long seed) {
        Random random = new Random(seed * 37 + seq);
        LogRecord record =
                LogRecord.newBuilder()
                        .setTimeUnixNano(time(seq))
                        .setSeverityNumber(
                                io.opentelemetry.proto.logs.v1.SeverityNumber.forNumber(
                                        random.nextInt(25)))
                        .setSeverityText(pick(random, List.of("", "ERROR", "wArN", "\u0000", "ß")))
                        .setBody(value(random))
                        .addAllAttributes(attributes(random, seq))
                        .build();
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(
                        ResourceLogs.newBuilder()
                                .setResource(resource(random))
                                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record)))
                .build()
                .toByteArray();
    }

    /** A request with one span (a root span of its own trace). */
    public static byte[] span(long seq, long seed) {
        Random random = new Random(seed * 41 + seq);
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        random.nextBytes(traceId);
        random.nextBytes(spanId);
        traceId[0] = (byte) (seq >> 8); // distinct per record, never all zero
        traceId[1] = (byte) seq;
        traceId[2] = 1;
        spanId[0] = 1;
        long start = time(seq);
        Span span =
                Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(traceId))
                        .setSpanId(ByteString.copyFrom(spanId))
                        .setName(name(random, "GET /fuzz"))
                        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                        .setStartTimeUnixNano(start)
                        .setEndTimeUnixNano(start + (1 + random.nextInt(900)) * 1_000_000L)
                        .addAllAttributes(attributes(random, seq))
                        .addEvents(
                                Span.Event.newBuilder()
                                        .setTimeUnixNano(start + 1_000)
                                        .setName(name(random, "exception"))
                                        .addAllAttributes(attributes(random, seq)))
                        .setStatus(
                                Status.newBuilder()
                                        .setCode(
                                                random.nextBoolean()
                                                        ? Status.StatusCode.STATUS_CODE_ERROR
                                                        : Status.StatusCode.STATUS_CODE_OK)
                                        .setMessage(name(random, "failed")))
                        .build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                        ResourceSpans.newBuilder()
                                .setResource(resource(random))
                                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                .build()
                .toByteArray();
    }

    /** One record a second from the fixtures' base time, so windows close as the input goes on. */
    private static long time(long seq) {
        return BASE_NANOS + (seq / 10) * SECOND + (seq % 10) * 1_000_000L;
    }

    private static Resource resource(Random random) {
        Resource.Builder resource = Resource.newBuilder();
        String service =
                pick(
                        random,
                        List.of(
                                "checkout",
                                "",
                                " ",
                                "svc.with.dots",
                                "сервис",
                                "s".repeat(2_000),
                                "🔥"));
        if (random.nextInt(8) != 0) {
            resource.addAttributes(string("service.name", service));
        }
        resource.addAttributes(
                string("host.name", pick(random, List.of("h1", "", "h".repeat(5_000)))));
        for (int i = random.nextInt(4); i > 0; i--) {
            resource.addAttributes(
                    KeyValue.newBuilder().setKey(pick(random, KEYS)).setValue(value(random)));
        }
        return resource.build();
    }

    private static List<KeyValue> attributes(Random random, long seq) {
        List<KeyValue> attributes = new java.util.ArrayList<>();
        attributes.add(string("fuzz.seq", Long.toString(seq)));
        if (random.nextInt(10) == 0) {
            // a client that puts ids into keys: the index's field limit runs out
            for (int j = 0; j < UNIQUE_KEYS; j++) {
                attributes.add(string("u" + seq + "." + j, "v"));
            }
        }
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            attributes.add(
                    KeyValue.newBuilder()
                            .setKey(pick(random, KEYS))
                            .setValue(value(random))
                            .build());
        }
        return attributes;
    }

    private static AnyValue value(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> AnyValue.newBuilder().setStringValue("").build();
            case 1 -> AnyValue.newBuilder().setStringValue("v".repeat(40_000)).build();
            case 2 -> AnyValue.newBuilder().setStringValue("é🔥\u0000\n\"\\").build();
            case 3 -> AnyValue.newBuilder().setDoubleValue(Double.NaN).build();
            case 4 -> AnyValue.newBuilder().setDoubleValue(Double.POSITIVE_INFINITY).build();
            case 5 -> AnyValue.newBuilder().setIntValue(Long.MIN_VALUE).build();
            case 6 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
            case 7 -> {
                ArrayValue.Builder array = ArrayValue.newBuilder();
                for (int i = 0; i < 5_000; i++) {
                    array.addValues(AnyValue.newBuilder().setIntValue(i));
                }
                yield AnyValue.newBuilder().setArrayValue(array).build();
            }
            case 8 ->
                    AnyValue.newBuilder()
                            .setKvlistValue(
                                    KeyValueList.newBuilder()
                                            .addValues(string("", "x"))
                                            .addValues(string("a.b", "y")))
                            .build();
            case 9 ->
                    AnyValue.newBuilder()
                            .setBytesValue(ByteString.copyFrom(new byte[] {0, -1}))
                            .build();
            case 10 -> AnyValue.getDefaultInstance(); // no value at all
            default -> AnyValue.newBuilder().setStringValue("ok-" + random.nextInt(100)).build();
        };
    }

    private static double number(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            case 3 -> Double.MAX_VALUE;
            case 4 -> -0.0;
            case 5 -> Double.MIN_VALUE;
            default -> random.nextGaussian() * 100;
        };
    }

    private static String name(Random random, String plain) {
        return pick(random, List.of(plain, plain, "", ".", "n".repeat(10_000), "имя.🔥", "a..b"));
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
