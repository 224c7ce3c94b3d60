package io.vigil.local;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Puts the lists of an OTLP request whose order carries no meaning into one order: attributes by
 * key (resource, scope, span, event, link, log record, data point, exemplar), the metrics of a
 * scope by name, the data points of a metric by their attributes. Spans, log records and the
 * resources and scopes themselves keep their order. The OpenTelemetry SDK iterates hash maps keyed
 * by attribute keys and instrument descriptors, whose hash codes include enum identity hash codes,
 * so those orders change from one JVM to the next; after this they do not.
 */
final class OtlpCanonical {

    private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);

    private OtlpCanonical() {}

    static ExportTraceServiceRequest traces(ExportTraceServiceRequest request) {
        ExportTraceServiceRequest.Builder out = request.toBuilder().clearResourceSpans();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ResourceSpans.Builder r =
                    rs.toBuilder().setResource(resource(rs.getResource())).clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder s = ss.toBuilder().setScope(scope(ss.getScope())).clearSpans();
                for (Span span : ss.getSpansList()) {
                    Span.Builder b =
                            span.toBuilder()
                                    .clearAttributes()
                                    .addAllAttributes(sorted(span.getAttributesList()))
                                    .clearEvents()
                                    .clearLinks();
                    for (Span.Event event : span.getEventsList()) {
                        b.addEvents(
                                event.toBuilder()
                                        .clearAttributes()
                                        .addAllAttributes(sorted(event.getAttributesList())));
                    }
                    for (Span.Link link : span.getLinksList()) {
                        b.addLinks(
                                link.toBuilder()
                                        .clearAttributes()
                                        .addAllAttributes(sorted(link.getAttributesList())));
                    }
                    s.addSpans(b);
                }
                r.addScopeSpans(s);
            }
            out.addResourceSpans(r);
        }
        return out.build();
    }

    static ExportLogsServiceRequest logs(ExportLogsServiceRequest request) {
        ExportLogsServiceRequest.Builder out = request.toBuilder().clearResourceLogs();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            ResourceLogs.Builder r =
                    rl.toBuilder().setResource(resource(rl.getResource())).clearScopeLogs();
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                ScopeLogs.Builder s =
                        sl.toBuilder().setScope(scope(sl.getScope())).clearLogRecords();
                for (LogRecord log : sl.getLogRecordsList()) {
                    s.addLogRecords(
                            log.toBuilder()
                                    .clearAttributes()
                                    .addAllAttributes(sorted(log.getAttributesList())));
                }
                r.addScopeLogs(s);
            }
            out.addResourceLogs(r);
        }
        return out.build();
    }

    static ExportMetricsServiceRequest metrics(ExportMetricsServiceRequest request) {
        ExportMetricsServiceRequest.Builder out = request.toBuilder().clearResourceMetrics();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            ResourceMetrics.Builder r =
                    rm.toBuilder().setResource(resource(rm.getResource())).clearScopeMetrics();
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                List<Metric> metrics = new ArrayList<>();
                for (Metric metric : sm.getMetricsList()) {
                    metrics.add(metric(metric));
                }
                metrics.sort(Comparator.comparing(Metric::getName));
                r.addScopeMetrics(
                        sm.toBuilder()
                                .setScope(scope(sm.getScope()))
                                .clearMetrics()
                                .addAllMetrics(metrics));
            }
            out.addResourceMetrics(r);
        }
        return out.build();
    }

    private static Metric metric(Metric metric) {
        Metric.Builder b = metric.toBuilder();
        switch (metric.getDataCase()) {
            case GAUGE -> {
                List<NumberDataPoint> points =
                        points(metric.getGauge().getDataPointsList(), OtlpCanonical::number);
                b.setGauge(
                        metric.getGauge().toBuilder().clearDataPoints().addAllDataPoints(points));
            }
            case SUM -> {
                List<NumberDataPoint> points =
                        points(metric.getSum().getDataPointsList(), OtlpCanonical::number);
                b.setSum(metric.getSum().toBuilder().clearDataPoints().addAllDataPoints(points));
            }
            case HISTOGRAM -> {
                List<HistogramDataPoint> points =
                        points(metric.getHistogram().getDataPointsList(), OtlpCanonical::histogram);
                b.setHistogram(
                        metric.getHistogram().toBuilder()
                                .clearDataPoints()
                                .addAllDataPoints(points));
            }
            case EXPONENTIAL_HISTOGRAM -> {
                List<ExponentialHistogramDataPoint> points =
                        points(
                                metric.getExponentialHistogram().getDataPointsList(),
                                p ->
                                        p.toBuilder()
                                                .clearAttributes()
                                                .addAllAttributes(sorted(p.getAttributesList()))
                                                .build());
                b.setExponentialHistogram(
                        metric.getExponentialHistogram().toBuilder()
                                .clearDataPoints()
                                .addAllDataPoints(points));
            }
            case SUMMARY -> {
                List<SummaryDataPoint> points =
                        points(
                                metric.getSummary().getDataPointsList(),
                                p ->
                                        p.toBuilder()
                                                .clearAttributes()
                                                .addAllAttributes(sorted(p.getAttributesList()))
                                                .build());
                b.setSummary(
                        metric.getSummary().toBuilder().clearDataPoints().addAllDataPoints(points));
            }
            default -> {
                // No data: nothing to order.
            }
        }
        return b.build();
    }

    private static NumberDataPoint number(NumberDataPoint p) {
        return p.toBuilder()
                .clearAttributes()
                .addAllAttributes(sorted(p.getAttributesList()))
                .clearExemplars()
                .addAllExemplars(exemplars(p.getExemplarsList()))
                .build();
    }

    private static HistogramDataPoint histogram(HistogramDataPoint p) {
        return p.toBuilder()
                .clearAttributes()
                .addAllAttributes(sorted(p.getAttributesList()))
                .clearExemplars()
                .addAllExemplars(exemplars(p.getExemplarsList()))
                .build();
    }

    /** The exemplars, in their order, each with its filtered attributes sorted. */
    private static List<Exemplar> exemplars(List<Exemplar> exemplars) {
        List<Exemplar> out = new ArrayList<>(exemplars.size());
        for (Exemplar e : exemplars) {
            out.add(
                    e.toBuilder()
                            .clearFilteredAttributes()
                            .addAllFilteredAttributes(sorted(e.getFilteredAttributesList()))
                            .build());
        }
        return out;
    }

    /**
     * The points with their attributes sorted, ordered by those attributes (keys and values in
     * protobuf text form; within a metric every point has other attributes).
     */
    private static <P extends com.google.protobuf.MessageOrBuilder> List<P> points(
            List<P> points, Function<P, P> canonical) {
        List<P> out = new ArrayList<>(points.size());
        for (P point : points) {
            out.add(canonical.apply(point));
        }
        out.sort(Comparator.comparing(OtlpCanonical::attributeText));
        return out;
    }

    private static String attributeText(com.google.protobuf.MessageOrBuilder point) {
        StringBuilder text = new StringBuilder();
        for (var field : point.getAllFields().entrySet()) {
            if (field.getKey().getName().equals("attributes")) {
                for (Object kv : (List<?>) field.getValue()) {
                    KeyValue keyValue = (KeyValue) kv;
                    text.append(keyValue.getKey())
                            .append('=')
                            .append(keyValue.getValue().toString().strip())
                            .append('\u0000');
                }
            }
        }
        return text.toString();
    }

    private static Resource resource(Resource resource) {
        return resource.toBuilder()
                .clearAttributes()
                .addAllAttributes(sorted(resource.getAttributesList()))
                .build();
    }

    private static InstrumentationScope scope(InstrumentationScope scope) {
        return scope.toBuilder()
                .clearAttributes()
                .addAllAttributes(sorted(scope.getAttributesList()))
                .build();
    }

    private static List<KeyValue> sorted(List<KeyValue> attributes) {
        List<KeyValue> sorted = new ArrayList<>(attributes);
        sorted.sort(BY_KEY);
        return sorted;
    }
}
