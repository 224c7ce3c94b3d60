package io.vigil.udfs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vigil.udfs.otlp.OtlpJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded OTLP test data for every module: valid export requests of any size (protobuf or OTLP
 * JSON), malformed messages of known kinds, and the way to {@code ../shared}.
 *
 * <p>Everything is deterministic: the same arguments give the same bytes. Times are fixed instants
 * from {@link #BASE_TIME} (2026-01-01T00:00:00Z), never the wall clock. The requests come from
 * {@link #SERVICES} (one {@code ResourceSpans}/{@code ResourceLogs}/{@code ResourceMetrics} per
 * service, in order of first use), each with {@code service.name}, {@code service.version}, {@code
 * service.instance.id}, {@code host.name} and {@code deployment.environment}, and one scope, {@link
 * #SCOPE_NAME} {@link #SCOPE_VERSION}.
 */
public final class OtlpFixtures {

    /** The instant all generated telemetry starts at: 2026-01-01T00:00:00Z. */
    public static final Instant BASE_TIME = Instant.parse("2026-01-01T00:00:00Z");

    /** {@link #BASE_TIME} in Unix epoch nanoseconds. */
    public static final long BASE_NANOS = BASE_TIME.getEpochSecond() * 1_000_000_000L;

    /** The services telemetry is generated for. */
    public static final List<String> SERVICES = List.of("checkout", "cart", "payment", "frontend");

    public static final String SCOPE_NAME = "io.vigil.fixtures";
    public static final String SCOPE_VERSION = "1.0.0";

    /** How many kinds {@link #malformed} cycles through. */
    public static final int MALFORMED_KINDS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MILLI = 1_000_000L;
    private static final long INTERVAL = 10_000 * MILLI;
    private static final String[] ROUTES = {"/api/cart", "/api/checkout", "/api/pay", "/"};
    private static final String[] METHODS = {"GET", "POST"};

    private OtlpFixtures() {}

    // ---------------------------------------------------------------- traces

    /**
     * A valid trace export request holding exactly {@code spans} spans.
     *
     * <p>Spans form traces of one to four spans: a SERVER root, then CLIENT/INTERNAL children of
     * the previous span. Span {@code i} starts at {@code BASE_TIME + i * 10 ms} and lasts 1–500 ms;
     * about one in six fails (status ERROR, HTTP 500, an {@code exception} event); one in ten has a
     * link to the previous span.
     *
     * @param json OTLP JSON if true, else protobuf
     */
    public static byte[] tracesRequest(int spans, long seed, boolean json) {
        return encode(traces(spans, seed), json);
    }

    /** The message {@link #tracesRequest} encodes. */
    public static ExportTraceServiceRequest traces(int spans, long seed) {
        Random random = new Random(seed);
        Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
        ByteString traceId = ByteString.EMPTY;
        ByteString previousSpanId = ByteString.EMPTY;
        int depth = 0;
        for (int i = 0; i < spans; i++) {
            boolean root = depth == 0 || depth >= 4 || random.nextInt(3) == 0;
            if (root) {
                traceId = randomId(random, 16);
                depth = 0;
            }
            ByteString spanId = randomId(random, 8);
            String service = SERVICES.get(random.nextInt(SERVICES.size()));
            String method = METHODS[random.nextInt(METHODS.length)];
            String route = ROUTES[random.nextInt(ROUTES.length)];
            boolean error = random.nextInt(6) == 0;
            long start = BASE_NANOS + i * 10 * MILLI;
            long end = start + (1 + random.nextInt(500)) * MILLI;
            Span.Builder span =
                    Span.newBuilder()
                            .setTraceId(traceId)
                            .setSpanId(spanId)
                            .setName(method + " " + route)
                            .setKind(
                                    root
                                            ? Span.SpanKind.SPAN_KIND_SERVER
                                            : random.nextBoolean()
                                                    ? Span.SpanKind.SPAN_KIND_CLIENT
                                                    : Span.SpanKind.SPAN_KIND_INTERNAL)
                            .setStartTimeUnixNano(start)
                            .setEndTimeUnixNano(end)
                            .setFlags(0x101)
                            .addAttributes(string("http.request.method", method))
                            .addAttributes(string("url.path", route))
                            .addAttributes(integer("http.response.status_code", error ? 500 : 200));
            if (!root) {
                span.setParentSpanId(previousSpanId);
            }
            if (error) {
                span.setStatus(
                        Status.newBuilder()
                                .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                .setMessage("upstream timeout"));
                span.addEvents(
                        Span.Event.newBuilder()
                                .setTimeUnixNano(end - MILLI)
                                .setName("exception")
                                .addAttributes(
                                        string("exception.type", "java.net.SocketTimeoutException"))
                                .addAttributes(string("exception.message", "Read timed out")));
            } else if (random.nextInt(4) == 0) {
                span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
            }
            if (i > 0 && random.nextInt(10) == 0) {
                span.addLinks(
                        Span.Link.newBuilder()
                                .setTraceId(randomId(random, 16))
                                .setSpanId(previousSpanId)
                                .addAttributes(string("link.reason", "batch")));
            }
            byService
                    .computeIfAbsent(service, s -> ScopeSpans.newBuilder().setScope(scope()))
                    .addSpans(span);
            previousSpanId = spanId;
            depth++;
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byService.forEach(
                (service, scopeSpans) ->
                        request.addResourceSpans(
                                ResourceSpans.newBuilder()
                                        .setResource(resource(service))
                                        .addScopeSpans(scopeSpans)));
        return request.build();
    }

    // ---------------------------------------------------------------- logs

    /**
     * A valid logs export request holding exactly {@code records} log records.
     *
     * <p>Record {@code i} happened at {@code BASE_TIME + i ms} and was observed 2 ms later;
     * severities cycle DEBUG, INFO, INFO, WARN, ERROR (errors carry {@code exception.*}
     * attributes); every third record has a trace context; every seventh a structured (key/value
     * list) body.
     *
     * @param json OTLP JSON if true, else protobuf
     */
    public static byte[] logsRequest(int records, long seed, boolean json) {
        return encode(logs(records, seed), json);
    }

    /** The message {@link #logsRequest} encodes. */
    public static ExportLogsServiceRequest logs(int records, long seed) {
        Random random = new Random(seed);
        int[] severities = {5, 9, 9, 13, 17};
        String[] texts = {"DEBUG", "INFO", "INFO", "WARN", "ERROR"};
        Map<String, ScopeLogs.Builder> byService = new LinkedHashMap<>();
        for (int i = 0; i < records; i++) {
            String service = SERVICES.get(random.nextInt(SERVICES.size()));
            int level = i % severities.length;
            long time = BASE_NANOS + i * MILLI;
            int user = random.nextInt(1000);
            LogRecord.Builder log =
                    LogRecord.newBuilder()
                            .setTimeUnixNano(time)
                            .setObservedTimeUnixNano(time + 2 * MILLI)
                            .setSeverityNumberValue(severities[level])
                            .setSeverityText(texts[level])
                            .addAttributes(string("code.function", "handle" + random.nextInt(5)))
                            .addAttributes(integer("user.id", user));
            if (i % 7 == 0) {
                log.setBody(
                        AnyValue.newBuilder()
                                .setKvlistValue(
                                        KeyValueList.newBuilder()
                                                .addValues(string("event", "cart.updated"))
                                                .addValues(integer("items", random.nextInt(9)))));
            } else {
                log.setBody(
                        AnyValue.newBuilder()
                                .setStringValue(
                                        "user " + user + " request " + random.nextInt(100_000)));
            }
            if (i % 3 == 0) {
                log.setTraceId(randomId(random, 16)).setSpanId(randomId(random, 8)).setFlags(1);
            }
            if (level == 4) {
                log.addAttributes(string("exception.type", "java.lang.IllegalStateException"))
                        .addAttributes(string("exception.message", "cart " + user + " is locked"))
                        .addAttributes(
                                string(
                                        "exception.stacktrace",
                                        "java.lang.IllegalStateException: cart is locked\n\tat"
                                                + " Cart.lock(Cart.java:42)"));
            }
            byService
                    .computeIfAbsent(service, s -> ScopeLogs.newBuilder().setScope(scope()))
                    .addLogRecords(log);
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        byService.forEach(
                (service, scopeLogs) ->
                        request.addResourceLogs(
                                ResourceLogs.newBuilder()
                                        .setResource(resource(service))
                                        .addScopeLogs(scopeLogs)));
        return request.build();
    }

    // ---------------------------------------------------------------- metrics

    /**
     * A valid metrics export request holding exactly {@code points} data points, one metric each,
     * cycling through the five kinds: gauge {@code system.cpu.utilization} (asDouble), sum {@code
     * http.server.requests} (asInt, cumulative, monotonic), histogram {@code
     * http.server.request.duration} (ms, bounds 5–1000, delta), exponential histogram {@code
     * rpc.server.duration} (delta), summary {@code jvm.gc.pause} (quantiles 0.5, 0.9, 0.99). Point
     * {@code i} is at {@code BASE_TIME + (i / 5) * 10 s}, so each series has one point per 10 s.
     *
     * @param json OTLP JSON if true, else protobuf
     */
    public static byte[] metricsRequest(int points, long seed, boolean json) {
        return encode(metrics(points, seed), json);
    }

    /** The message {@link #metricsRequest} encodes. */
    public static ExportMetricsServiceRequest metrics(int points, long seed) {
        return metrics(points, seed, BASE_TIME);
    }

    /**
     * As {@link #metricsRequest}, with the first point at {@code base} instead of {@link
     * #BASE_TIME}: requests from different bases never share a point (series and time), so their
     * documents never overwrite each other.
     */
    public static byte[] metricsRequest(int points, long seed, boolean json, Instant base) {
        return encode(metrics(points, seed, base), json);
    }

    /** The message {@link #metricsRequest(int, long, boolean, Instant)} encodes. */
    public static ExportMetricsServiceRequest metrics(int points, long seed, Instant base) {
        long baseNanos = base.getEpochSecond() * 1_000_000_000L + base.getNano();
        Random random = new Random(seed);
        Map<String, ScopeMetrics.Builder> byService = new LinkedHashMap<>();
        for (int i = 0; i < points; i++) {
            String service = SERVICES.get(random.nextInt(SERVICES.size()));
            long time = baseNanos + (i / 5) * 10_000 * MILLI;
            KeyValue route = string("http.route", ROUTES[random.nextInt(ROUTES.length)]);
            Metric metric =
                    switch (i % 5) {
                        case 0 -> gauge(time, random);
                        case 1 -> sum(time, route, random);
                        case 2 -> histogram(time, route, random);
                        case 3 -> exponentialHistogram(time, route, random);
                        default -> summary(time, random);
                    };
            byService
                    .computeIfAbsent(service, s -> ScopeMetrics.newBuilder().setScope(scope()))
                    .addMetrics(metric);
        }
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        byService.forEach(
                (service, scopeMetrics) ->
                        request.addResourceMetrics(
                                ResourceMetrics.newBuilder()
                                        .setResource(resource(service))
                                        .addScopeMetrics(scopeMetrics)));
        return request.build();
    }

    private static Metric gauge(long time, Random random) {
        NumberDataPoint point =
                NumberDataPoint.newBuilder()
                        .setTimeUnixNano(time)
                        .setAsDouble(random.nextDouble())
                        .addAttributes(string("cpu", "cpu" + random.nextInt(2)))
                        .build();
        return Metric.newBuilder()
                .setName("system.cpu.utilization")
                .setUnit("1")
                .setDescription("CPU utilization")
                .setGauge(Gauge.newBuilder().addDataPoints(point))
                .build();
    }

    private static Metric sum(long time, KeyValue route, Random random) {
        NumberDataPoint point =
                NumberDataPoint.newBuilder()
                        .setStartTimeUnixNano(BASE_NANOS - INTERVAL)
                        .setTimeUnixNano(time)
                        .setAsInt(random.nextInt(10_000))
                        .addAttributes(route)
                        .build();
        return Metric.newBuilder()
                .setName("http.server.requests")
                .setUnit("{request}")
                .setSum(
                        Sum.newBuilder()
                                .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                                .setIsMonotonic(true)
                                .addDataPoints(point))
                .build();
    }

    private static Metric histogram(long time, KeyValue route, Random random) {
        HistogramDataPoint.Builder point =
                HistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(time - INTERVAL)
                        .setTimeUnixNano(time)
                        .setMin(0.5)
                        .setMax(1500)
                        .addAllExplicitBounds(
                                List.of(5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0))
                        .addAttributes(route)
                        .addExemplars(
                                Exemplar.newBuilder()
                                        .setTimeUnixNano(time - MILLI)
                                        .setAsDouble(42.5)
                                        .setTraceId(randomId(random, 16))
                                        .setSpanId(randomId(random, 8)));
        long total = 0;
        for (int b = 0; b < 9; b++) {
            long count = random.nextInt(20);
            point.addBucketCounts(count);
            total += count;
        }
        point.setCount(total).setSum(total * 42.5);
        return Metric.newBuilder()
                .setName("http.server.request.duration")
                .setUnit("ms")
                .setDescription("Duration of HTTP server requests")
                .setHistogram(
                        Histogram.newBuilder()
                                .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                .addDataPoints(point))
                .build();
    }

    private static Metric exponentialHistogram(long time, KeyValue route, Random random) {
        ExponentialHistogramDataPoint point =
                ExponentialHistogramDataPoint.newBuilder()
                        .setStartTimeUnixNano(time - INTERVAL)
                        .setTimeUnixNano(time)
                        .setCount(6)
                        .setSum(31.5)
                        .setScale(1)
                        .setZeroCount(1)
                        .setPositive(
                                ExponentialHistogramDataPoint.Buckets.newBuilder()
                                        .setOffset(random.nextInt(4))
                                        .addBucketCounts(2)
                                        .addBucketCounts(3))
                        .setMin(0)
                        .setMax(12)
                        .addAttributes(route)
                        .build();
        return Metric.newBuilder()
                .setName("rpc.server.duration")
                .setUnit("ms")
                .setExponentialHistogram(
                        ExponentialHistogram.newBuilder()
                                .setAggregationTemporality(
                                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                .addDataPoints(point))
                .build();
    }

    private static Metric summary(long time, Random random) {
        SummaryDataPoint point =
                SummaryDataPoint.newBuilder()
                        .setStartTimeUnixNano(BASE_NANOS - INTERVAL)
                        .setTimeUnixNano(time)
                        .setCount(10)
                        .setSum(0.25)
                        .addQuantileValues(quantile(0.5, 0.01))
                        .addQuantileValues(quantile(0.9, 0.04))
                        .addQuantileValues(quantile(0.99, 0.04 + random.nextInt(10) / 100.0))
                        .addAttributes(string("gc", "G1 Young"))
                        .build();
        return Metric.newBuilder()
                .setName("jvm.gc.pause")
                .setUnit("s")
                .setSummary(Summary.newBuilder().addDataPoints(point))
                .build();
    }

    // ---------------------------------------------------------------- malformed

    /** {@link #malformed(String, int, long)} for spans. */
    public static List<byte[]> malformed(int n, long seed) {
        return malformed("spans", n, seed);
    }

    /**
     * {@code n} messages that a decoder of {@code signal} must dead-letter, cycling through {@value
     * #MALFORMED_KINDS} kinds in this order: (0) random bytes, (1) protobuf cut inside its first
     * record, (2) JSON of the wrong shape ({@code {"resourceSpans": 5}}), (3) JSON with a
     * wrong-typed field (a number as trace id, {@code "abc"} as a time), (4) empty, (5) JSON cut
     * off mid-document, (6) a valid request with no records, (7) a protobuf request whose only
     * record is invalid (15-byte trace id; log record without times; metric point without time).
     *
     * @param signal {@code spans}, {@code logs} or {@code metrics}
     */
    public static List<byte[]> malformed(String signal, int n, long seed) {
        Shape shape = Shape.of(signal);
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(malformed(shape, i % MALFORMED_KINDS, random));
        }
        return out;
    }

    private static byte[] malformed(Shape shape, int kind, Random random) {
        return switch (kind) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(200)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 1 -> {
                // Cut inside the first record, so the cut never lands on a boundary that would
                // leave a shorter but valid request, nor after a whole record, which the decoder
                // would keep.
                Message request = shape.valid(random.nextLong());
                int firstRecordEnd = firstRecordEnd(request, shape);
                yield Arrays.copyOf(request.toByteArray(), 1 + random.nextInt(firstRecordEnd - 1));
            }
            case 2 ->
                    utf8(
                            random.nextBoolean()
                                    ? "{\"" + shape.resources + "\": 5}"
                                    : "{\""
                                            + shape.resources
                                            + "\": [{\""
                                            + shape.scopes
                                            + "\": {\""
                                            + shape.records
                                            + "\": []}}]}");
            case 3 -> utf8(wrongTypeJson(shape, random));
            case 4 -> new byte[0];
            case 5 -> {
                byte[] json = OtlpJson.toJson(shape.valid(random.nextLong()));
                yield Arrays.copyOf(json, json.length / 2);
            }
            case 6 -> utf8("{\"" + shape.resources + "\": []}");
            default -> shape.invalidRecord().toByteArray();
        };
    }

    /**
     * Where the first record of {@code request} ends in its protobuf encoding, which protobuf-java
     * writes in field-number order.
     */
    private static int firstRecordEnd(Message request, Shape shape) {
        int offset = 0;
        Message container = request;
        for (String level : List.of(shape.resources, shape.scopes, shape.records)) {
            FieldDescriptor entries =
                    container.getDescriptorForType().getFields().stream()
                            .filter(f -> f.getJsonName().equals(level))
                            .findFirst()
                            .orElseThrow();
            for (Map.Entry<FieldDescriptor, Object> field : container.getAllFields().entrySet()) {
                if (field.getKey().getNumber() < entries.getNumber()) {
                    offset +=
                            container.toBuilder()
                                    .clear()
                                    .setField(field.getKey(), field.getValue())
                                    .build()
                                    .getSerializedSize();
                }
            }
            Message first = (Message) container.getRepeatedField(entries, 0);
            if (level.equals(shape.records)) {
                return offset + CodedOutputStream.computeMessageSize(entries.getNumber(), first);
            }
            offset +=
                    CodedOutputStream.computeTagSize(entries.getNumber())
                            + CodedOutputStream.computeUInt32SizeNoTag(first.getSerializedSize());
            container = first;
        }
        throw new AssertionError("unreachable");
    }

    private static String wrongTypeJson(Shape shape, Random random) {
        boolean badTime = random.nextBoolean();
        String record;
        if (shape == Shape.METRICS) {
            record =
                    badTime
                            ? "{\"name\": \"m\", \"gauge\": {\"dataPoints\": [{\"timeUnixNano\":"
                                    + " \"abc\"}]}}"
                            : "{\"name\": 12}";
        } else {
            record = badTime ? "{\"" + shape.timeField + "\": \"abc\"}" : "{\"traceId\": 12}";
        }
        return "{\""
                + shape.resources
                + "\": [{\""
                + shape.scopes
                + "\": [{\""
                + shape.records
                + "\": ["
                + record
                + "]}]}]}";
    }

    /** The JSON names and sample messages of one signal. */
    private enum Shape {
        SPANS("resourceSpans", "scopeSpans", "spans", "startTimeUnixNano"),
        LOGS("resourceLogs", "scopeLogs", "logRecords", "timeUnixNano"),
        METRICS("resourceMetrics", "scopeMetrics", "metrics", "timeUnixNano");

        final String resources;
        final String scopes;
        final String records;
        final String timeField;

        Shape(String resources, String scopes, String records, String timeField) {
            this.resources = resources;
            this.scopes = scopes;
            this.records = records;
            this.timeField = timeField;
        }

        static Shape of(String signal) {
            return switch (signal) {
                case "spans" -> SPANS;
                case "logs" -> LOGS;
                case "metrics" -> METRICS;
                default ->
                        throw new IllegalArgumentException(
                                "unknown signal '" + signal + "': use spans, logs or metrics");
            };
        }

        /** A small valid request. */
        Message valid(long seed) {
            return switch (this) {
                case SPANS -> traces(3, seed);
                case LOGS -> logs(3, seed);
                case METRICS -> metrics(3, seed);
            };
        }

        /** A request whose only record is invalid. */
        Message invalidRecord() {
            return switch (this) {
                case SPANS -> {
                    Span span =
                            Span.newBuilder()
                                    .setTraceId(ByteString.copyFrom(new byte[15]))
                                    .setSpanId(
                                            ByteString.copyFrom(
                                                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                                    .setStartTimeUnixNano(BASE_NANOS)
                                    .setEndTimeUnixNano(BASE_NANOS)
                                    .build();
                    yield ExportTraceServiceRequest.newBuilder()
                            .addResourceSpans(
                                    ResourceSpans.newBuilder()
                                            .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                            .build();
                }
                case LOGS -> {
                    LogRecord log = LogRecord.newBuilder().setSeverityText("INFO").build();
                    yield ExportLogsServiceRequest.newBuilder()
                            .addResourceLogs(
                                    ResourceLogs.newBuilder()
                                            .addScopeLogs(
                                                    ScopeLogs.newBuilder().addLogRecords(log)))
                            .build();
                }
                case METRICS -> {
                    Metric metric =
                            Metric.newBuilder()
                                    .setName("queue.depth")
                                    .setGauge(
                                            Gauge.newBuilder()
                                                    .addDataPoints(
                                                            NumberDataPoint.newBuilder()
                                                                    .setAsInt(3)))
                                    .build();
                    yield ExportMetricsServiceRequest.newBuilder()
                            .addResourceMetrics(
                                    ResourceMetrics.newBuilder()
                                            .addScopeMetrics(
                                                    ScopeMetrics.newBuilder().addMetrics(metric)))
                            .build();
                }
            };
        }
    }

    // ---------------------------------------------------------------- shared files

    /**
     * The {@code ../shared} directory (contracts, data): the {@code vigil.shared.dir} system
     * property that surefire sets, else {@code ../../shared} or {@code ../shared} from the working
     * directory (a module or the repository root), whichever exists.
     *
     * @throws IllegalStateException naming the places tried if none exists
     */
    public static String sharedDir() {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty("vigil.shared.dir");
        if (configured != null && !configured.isBlank()) {
            tried.add(Path.of(configured));
        }
        Path workingDir = Path.of(System.getProperty("user.dir"));
        tried.add(workingDir.resolve("../../shared"));
        tried.add(workingDir.resolve("../shared"));
        for (Path candidate : tried) {
            if (Files.isDirectory(candidate.resolve("contracts"))) {
                return candidate.normalize().toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException(
                "cannot find the shared directory (with contracts/): tried "
                        + tried
                        + "; set -Dvigil.shared.dir=/path/to/shared");
    }

    /** A path inside {@link #sharedDir()}, e.g. {@code shared("contracts", "ecs")}. */
    public static Path shared(String first, String... more) {
        return Path.of(sharedDir()).resolve(Path.of(first, more));
    }

    /** An official OTLP JSON example: {@code trace}, {@code logs} or {@code metrics}. */
    public static Path otlpExample(String name) {
        return shared("contracts", "otlp-kafka", "examples", name + ".json");
    }

    /** Reads a JSON file as a Jackson tree. */
    public static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON from " + file, e);
        }
    }

    /**
     * A logs request with one resource (without attributes) holding one scope with {@code records},
     * for tests that only care about the records themselves.
     */
    public static ExportLogsServiceRequest logsRequest(LogRecord.Builder... records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (LogRecord.Builder record : records) {
            scope.addLogRecords(record);
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope))
                .build();
    }

    /** A resource whose only attribute is {@code service.name}. */
    public static Resource serviceResource(String service) {
        return Resource.newBuilder()
                .addAttributes(
                        KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service)))
                .build();
    }

    // ---------------------------------------------------------------- building blocks

    private static byte[] encode(Message request, boolean json) {
        return json ? OtlpJson.toJson(request) : request.toByteArray();
    }

    private static Resource resource(String service) {
        int instance = SERVICES.indexOf(service);
        return Resource.newBuilder()
                .addAttributes(string("service.name", service))
                .addAttributes(string("service.version", "1.4." + instance))
                .addAttributes(string("service.instance.id", service + "-" + instance))
                .addAttributes(string("host.name", "host-" + (instance % 2)))
                .addAttributes(string("deployment.environment", "demo"))
                .addAttributes(
                        KeyValue.newBuilder()
                                .setKey("telemetry.sdk.languages")
                                .setValue(
                                        AnyValue.newBuilder()
                                                .setArrayValue(
                                                        ArrayValue.newBuilder()
                                                                .addValues(str("java"))
                                                                .addValues(str("go")))))
                .build();
    }

    private static InstrumentationScope scope() {
        return InstrumentationScope.newBuilder()
                .setName(SCOPE_NAME)
                .setVersion(SCOPE_VERSION)
                .build();
    }

    private static SummaryDataPoint.ValueAtQuantile quantile(double quantile, double value) {
        return SummaryDataPoint.ValueAtQuantile.newBuilder()
                .setQuantile(quantile)
                .setValue(value)
                .build();
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(str(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setIntValue(value))
                .build();
    }

    private static AnyValue str(String value) {
        return AnyValue.newBuilder().setStringValue(value).build();
    }

    /** A random id of {@code bytes} bytes that is never all zero. */
    private static ByteString randomId(Random random, int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        id[bytes - 1] |= 1;
        return ByteString.copyFrom(id);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
