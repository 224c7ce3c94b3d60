package io.vigil.udfs.traces;

import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.ecs.EcsFields;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.otlp.OtlpMetrics;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents and messages the traces job derives from spans:
 *
 * <ul>
 *   <li>{@link #red}: RED metrics per service and per service+operation and window, for {@code
 *       <prefix>-red-YYYY.MM.DD};
 *   <li>{@link #slowRequest}: one slow request with its critical path, for {@code
 *       <prefix>-slow-requests-YYYY.MM.DD};
 *   <li>{@link #topology}: one edge of the service graph per window, JSON for Kafka {@code
 *       vigil.topology};
 *   <li>{@link #derivedMetrics}: the RED metrics as an OTLP {@code ExportMetricsServiceRequest} for
 *       Kafka {@code vigil.metrics.derived}, readable by the metrics job's own decoder.
 * </ul>
 *
 * Every document id is a hash of what identifies it (service, operation, window; trace and span),
 * so a replay overwrites instead of duplicating, and a window updated by late spans replaces its
 * earlier version.
 */
public final class TraceDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The instrumentation scope of the derived metrics. */
    public static final String SCOPE = "io.vigil.traces";

    /** How many spans of a critical path a slow-request document lists. */
    public static final int MAX_PATH_SEGMENTS = 10;

    private static final double[] QUANTILES = {0.5, 0.95, 0.99};

    private final String indexPrefix;

    /**
     * @param indexPrefix first part of every index name, as for {@link EcsMapper}
     */
    public TraceDocuments(String indexPrefix) {
        this.indexPrefix = new EcsMapper(indexPrefix).indexPrefix();
    }

    /**
     * The RED documents of one service window: one per operation ({@code vigil.red.scope:
     * operation}, with its rank in the service by total time and by p95) and one for the service as
     * a whole ({@code vigil.red.scope: service}).
     */
    public List<EsDocument> red(RedWindow w) {
        List<EsDocument> docs = new ArrayList<>();
        String index = index("red", w.windowStartMillis());
        List<String> byTotal = w.rankedByTotalTime();
        List<String> byP95 = w.rankedByP95();
        for (Map.Entry<String, RedStats> op : w.operations().entrySet()) {
            String name = op.getKey();
            docs.add(
                    new EsDocument(
                            index,
                            redId(w, "operation", name),
                            EsDocument.source(
                                    g -> {
                                        writeRedHeader(g, w);
                                        g.writeStringField("scope", "operation");
                                        g.writeStringField("operation", name);
                                        writeRedStats(g, op.getValue(), w.windowMillis());
                                        g.writeObjectFieldStart("rank");
                                        g.writeNumberField(
                                                "by_total_time", byTotal.indexOf(name) + 1);
                                        g.writeNumberField("by_p95", byP95.indexOf(name) + 1);
                                        g.writeEndObject();
                                        g.writeEndObject();
                                        g.writeEndObject();
                                    })));
        }
        RedStats total = w.total();
        docs.add(
                new EsDocument(
                        index,
                        redId(w, "service", ""),
                        EsDocument.source(
                                g -> {
                                    writeRedHeader(g, w);
                                    g.writeStringField("scope", "service");
                                    g.writeNumberField("operations", w.operations().size());
                                    writeRedStats(g, total, w.windowMillis());
                                    if (!byTotal.isEmpty()) {
                                        g.writeStringField(
                                                "top_operation_by_total_time", byTotal.get(0));
                                        g.writeStringField("top_operation_by_p95", byP95.get(0));
                                    }
                                    g.writeEndObject();
                                    g.writeEndObject();
                                })));
        return docs;
    }

    private String redId(RedWindow w, String scope, String operation) {
        return new ContentHash()
                .add("red")
                .add(w.service())
                .add(scope)
                .add(operation)
                .add(w.windowStartMillis())
                .add(w.windowMillis())
                .finish();
    }

    /** Opens {@code vigil.red}; the caller closes it and {@code vigil}. */
    private static void writeRedHeader(JsonGenerator g, RedWindow w) throws IOException {
        long start = w.windowStartMillis();
        EcsFields.header(g, iso(start));
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "metric");
        g.writeStringField("dataset", "vigil.red");
        g.writeStringField("start", iso(start));
        g.writeStringField("end", iso(start + w.windowMillis()));
        g.writeNumberField("duration", w.windowMillis() * 1_000_000);
        g.writeEndObject();
        g.writeObjectFieldStart("service");
        g.writeStringField("name", w.service());
        g.writeEndObject();
        g.writeObjectFieldStart("vigil");
        g.writeObjectFieldStart("red");
        g.writeNumberField("window_seconds", w.windowMillis() / 1000.0);
    }

    private static void writeRedStats(JsonGenerator g, RedStats s, long windowMillis)
            throws IOException {
        g.writeNumberField("requests", s.requests());
        g.writeNumberField("errors", s.errors());
        EcsFields.number(g, "request_rate", s.requests() * 1000.0 / windowMillis);
        EcsFields.number(g, "error_rate", s.errorRate());
        writeDuration(g, "duration", s.latency(), true);
    }

    private static void writeDuration(
            JsonGenerator g, String field, LatencySketch latency, boolean histogram)
            throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("sum_us", latency.sumMicros());
        g.writeNumberField("min_us", latency.minMicros());
        g.writeNumberField("max_us", latency.maxMicros());
        g.writeNumberField(
                "avg_us", latency.count() == 0 ? 0 : latency.sumMicros() / latency.count());
        g.writeNumberField("p50_us", latency.quantileMicros(0.5));
        g.writeNumberField("p95_us", latency.quantileMicros(0.95));
        g.writeNumberField("p99_us", latency.quantileMicros(0.99));
        if (histogram) {
            List<Double> values = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            latency.forEachBin(
                    (v, c) -> {
                        values.add(v);
                        counts.add(c);
                    });
            g.writeObjectFieldStart("histogram");
            g.writeArrayFieldStart("values");
            for (double v : values) {
                g.writeNumber(v);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("counts");
            for (long c : counts) {
                g.writeNumber(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /**
     * The document of one slow request: the request span ({@code service.name}, {@code
     * vigil.slow_request.operation}, duration), the span that dominates its critical path, the
     * critical path's top {@value #MAX_PATH_SEGMENTS} spans and the path's time per service.
     */
    public EsDocument slowRequest(
            String traceId, TraceAnalysis.SlowRequest slow, long thresholdMicros) {
        SpanNode r = slow.request();
        long duration = Math.max(1, r.durationMicros());
        Map<String, Long> byService = new LinkedHashMap<>();
        for (PathSegment s : slow.criticalPath()) {
            byService.merge(s.service(), s.selfMicros(), Long::sum);
        }
        List<Map.Entry<String, Long>> services = new ArrayList<>(byService.entrySet());
        services.sort(
                Map.Entry.<String, Long>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()));
        return new EsDocument(
                index("slow-requests", r.startMicros() / 1000),
                new ContentHash().add("slow").add(traceId).add(r.spanId()).finish(),
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, iso(r.startMicros() / 1000));
                            g.writeObjectFieldStart("event");
                            g.writeStringField("kind", "event");
                            g.writeStringField("dataset", "vigil.slow_requests");
                            g.writeStringField("outcome", r.error() ? "failure" : "success");
                            g.writeNumberField("duration", r.durationMicros() * 1_000);
                            g.writeEndObject();
                            g.writeObjectFieldStart("service");
                            g.writeStringField("name", r.service());
                            g.writeEndObject();
                            g.writeObjectFieldStart("trace");
                            g.writeStringField("id", traceId);
                            g.writeEndObject();
                            g.writeObjectFieldStart("span");
                            g.writeStringField("id", r.spanId());
                            g.writeEndObject();
                            g.writeObjectFieldStart("vigil");
                            g.writeObjectFieldStart("slow_request");
                            g.writeStringField("operation", r.operation());
                            g.writeNumberField("duration_us", r.durationMicros());
                            g.writeNumberField("threshold_us", thresholdMicros);
                            PathSegment d = slow.dominant();
                            if (d != null) {
                                writeSegment(g, "dominant", d, duration);
                            }
                            g.writeArrayFieldStart("critical_path");
                            for (PathSegment s :
                                    slow.criticalPath()
                                            .subList(
                                                    0,
                                                    Math.min(
                                                            MAX_PATH_SEGMENTS,
                                                            slow.criticalPath().size()))) {
                                writeSegment(g, null, s, duration);
                            }
                            g.writeEndArray();
                            g.writeArrayFieldStart("services");
                            for (Map.Entry<String, Long> s : services) {
                                g.writeStartObject();
                                g.writeStringField("name", s.getKey());
                                g.writeNumberField("self_us", s.getValue());
                                g.writeNumberField("share", share(s.getValue(), duration));
                                g.writeEndObject();
                            }
                            g.writeEndArray();
                            g.writeEndObject();
                            g.writeEndObject();
                        }));
    }

    private static void writeSegment(JsonGenerator g, String field, PathSegment s, long total)
            throws IOException {
        if (field == null) {
            g.writeStartObject();
        } else {
            g.writeObjectFieldStart(field);
        }
        g.writeStringField("service", s.service());
        g.writeStringField("operation", s.operation());
        g.writeStringField("span_id", s.spanId());
        g.writeNumberField("self_us", s.selfMicros());
        g.writeNumberField("share", share(s.selfMicros(), total));
        g.writeEndObject();
    }

    private static double share(long part, long total) {
        return Math.round(part * 10_000.0 / total) / 10_000.0;
    }

    /**
     * One window of one edge as JSON for Kafka {@code vigil.topology}: {@code @timestamp} (window
     * start), {@code window_seconds}, {@code parent}, {@code child}, {@code calls}, {@code errors},
     * {@code error_rate}, {@code duration} (µs statistics and percentiles of the calls as the
     * caller saw them).
     */
    public static byte[] topology(EdgeWindow e) {
        RedStats s = e.stats();
        return EsDocument.source(
                        g -> {
                            g.writeStringField("@timestamp", iso(e.windowStartMillis()));
                            g.writeNumberField("window_seconds", e.windowMillis() / 1000.0);
                            g.writeStringField("parent", e.parent());
                            g.writeStringField("child", e.child());
                            g.writeNumberField("calls", s.requests());
                            g.writeNumberField("errors", s.errors());
                            EcsFields.number(g, "error_rate", s.errorRate());
                            writeDuration(g, "duration", s.latency(), false);
                        })
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The RED metrics of one service window as an OTLP metrics request: resource {@code
     * service.name}; scope {@value #SCOPE}; for the service ({@code vigil.service.*}) and for each
     * operation ({@code vigil.operation.*}, attribute {@code span.name}): {@code requests} and
     * {@code errors} (delta sums), {@code request_rate} (1/s) and {@code error_rate} (gauges),
     * {@code duration} (a summary in µs with count, sum and the 0, 0.5, 0.95, 0.99 and 1 quantiles)
     * and {@code request.duration} (a delta histogram in s with the exact counts of the {@link
     * RedStats#BUCKET_BOUNDS_SECONDS} buckets, count, sum, min and max; absent for stats restored
     * from state without buckets, see {@link RedStats#hasBuckets()}). In Prometheus the histogram
     * is {@code vigil_service_request_duration_seconds_bucket{le="0.25"}}, {@code ..._count},
     * {@code ..._sum}: a latency SLI is {@code rate(..._bucket{le="0.25"}[W]) /
     * rate(..._count[W])}. Sum, min and max come from the µs statistics of the summary; the buckets
     * place each span by its nanoseconds. All points have start = window start and time = window
     * end.
     */
    public static byte[] derivedMetrics(RedWindow w) {
        long start = w.windowStartMillis() * 1_000_000;
        long end = (w.windowStartMillis() + w.windowMillis()) * 1_000_000;
        List<Metric> metrics = new ArrayList<>();
        addRed(metrics, "vigil.service.", w.total(), null, start, end, w.windowMillis());
        w.operations()
                .forEach(
                        (op, s) ->
                                addRed(
                                        metrics,
                                        "vigil.operation.",
                                        s,
                                        op,
                                        start,
                                        end,
                                        w.windowMillis()));
        return OtlpMetrics.request(w.service(), SCOPE, metrics);
    }

    private static void addRed(
            List<Metric> out,
            String prefix,
            RedStats s,
            String operation,
            long start,
            long end,
            long windowMillis) {
        List<KeyValue> attrs =
                operation == null
                        ? List.of()
                        : List.of(OtlpMetrics.attribute("span.name", operation));
        OtlpMetrics.Interval interval = new OtlpMetrics.Interval(attrs, start, end);
        out.add(
                interval.deltaSum(
                        prefix + "requests", "{request}", "Requests served", s.requests()));
        out.add(interval.deltaSum(prefix + "errors", "{request}", "Requests failed", s.errors()));
        out.add(
                interval.gauge(
                        prefix + "request_rate",
                        "{request}/s",
                        "Requests served per second",
                        s.requests() * 1000.0 / windowMillis));
        out.add(
                interval.gauge(
                        prefix + "error_rate",
                        "1",
                        "Failed requests over requests",
                        s.errorRate()));
        LatencySketch l = s.latency();
        SummaryDataPoint.Builder point =
                SummaryDataPoint.newBuilder()
                        .addAllAttributes(attrs)
                        .setStartTimeUnixNano(start)
                        .setTimeUnixNano(end)
                        .setCount(l.count())
                        .setSum(l.sumMicros());
        point.addQuantileValues(quantile(0, l.minMicros()));
        for (double q : QUANTILES) {
            point.addQuantileValues(quantile(q, l.quantileMicros(q)));
        }
        point.addQuantileValues(quantile(1, l.maxMicros()));
        out.add(
                Metric.newBuilder()
                        .setName(prefix + "duration")
                        .setUnit("us")
                        .setDescription("Request duration")
                        .setSummary(Summary.newBuilder().addDataPoints(point))
                        .build());
        if (s.hasBuckets()) {
            out.add(
                    interval.deltaHistogram(
                            prefix + "request.duration",
                            "s",
                            "Request duration",
                            RedStats.BUCKET_BOUNDS_SECONDS,
                            s.bucketCounts(),
                            l.sumMicros() / 1e6,
                            l.minMicros() / 1e6,
                            l.maxMicros() / 1e6));
        }
    }

    private static SummaryDataPoint.ValueAtQuantile quantile(double q, long value) {
        return SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(q).setValue(value).build();
    }

    private String index(String family, long epochMillis) {
        return EsDocument.dailyIndex(indexPrefix, family, epochMillis);
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
