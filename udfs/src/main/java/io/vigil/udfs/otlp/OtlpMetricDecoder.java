package io.vigil.udfs.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.Temporality;
import java.util.List;
import java.util.Set;

/**
 * Decodes an {@code ExportMetricsServiceRequest} (wire-identical to {@code MetricsData}) into one
 * {@link MetricPoint} per data point, for all five point kinds.
 *
 * <p>Rejected, with their path: a metric without a name or without data (none of gauge, sum,
 * histogram, exponentialHistogram, summary set); a point whose time is unset (or past 2262); a
 * gauge or sum point with neither {@code asDouble} nor {@code asInt} unless it is flagged "no
 * recorded value"; a histogram point whose bucket counts do not number its explicit bounds + 1; a
 * point with an exemplar whose trace (span) id is neither empty nor 16 (8) bytes.
 */
public final class OtlpMetricDecoder
        extends RequestDecoder<ExportMetricsServiceRequest, MetricPoint> {

    private static final long serialVersionUID = 1L;

    private static final double[] NO_DOUBLES = new double[0];
    private static final long[] NO_LONGS = new long[0];
    private static final String[] NO_STRINGS = new String[0];
    private static final Temporality[] TEMPORALITIES = Temporality.values();

    /**
     * What one unreadable JSON value costs: the data point around it, or the metric if it is in the
     * metric's own fields.
     */
    private static final Set<Descriptor> RECORD_TYPES =
            Set.of(
                    Metric.getDescriptor(),
                    NumberDataPoint.getDescriptor(),
                    HistogramDataPoint.getDescriptor(),
                    ExponentialHistogramDataPoint.getDescriptor(),
                    SummaryDataPoint.getDescriptor());

    /**
     * What one unreadable protobuf metric costs: itself. The path to the records, with the field
     * numbers of the .proto's descriptors.
     */
    private static final ProtobufSalvage<ExportMetricsServiceRequest> SALVAGE =
            new ProtobufSalvage<>(
                    ExportMetricsServiceRequest.getDefaultInstance(),
                    ExportMetricsServiceRequest.getDescriptor().findFieldByName("resource_metrics"),
                    ResourceMetrics.getDescriptor().findFieldByName("scope_metrics"),
                    ScopeMetrics.getDescriptor().findFieldByName("metrics"));

    public OtlpMetricDecoder(OtlpEncoding encoding) {
        super(encoding);
    }

    @Override
    public String signal() {
        return "metrics";
    }

    @Override
    public Class<MetricPoint> recordType() {
        return MetricPoint.class;
    }

    @Override
    ExportMetricsServiceRequest fromJson(byte[] json, Problems problems)
            throws OtlpDecodeException {
        return OtlpJson.mergeRecords(
                        json, ExportMetricsServiceRequest.newBuilder(), RECORD_TYPES, problems)
                .build();
    }

    @Override
    Parser<ExportMetricsServiceRequest> parser() {
        return ExportMetricsServiceRequest.parser();
    }

    @Override
    ProtobufSalvage<ExportMetricsServiceRequest> salvage() {
        return SALVAGE;
    }

    @Override
    String recordNoun() {
        return "metric points";
    }

    @Override
    void collect(ExportMetricsServiceRequest request, List<MetricPoint> out, Problems problems) {
        for (int r = 0; r < request.getResourceMetricsCount(); r++) {
            ResourceMetrics rm = request.getResourceMetrics(r);
            Attribute[] resource = OtlpValues.attributes(rm.getResource().getAttributesList());
            String service = OtlpValues.serviceName(resource);
            for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
                ScopeMetrics sm = rm.getScopeMetrics(s);
                Scope scope =
                        new Scope(
                                resource,
                                sm.getScope().getName(),
                                sm.getScope().getVersion(),
                                service);
                for (int m = 0; m < sm.getMetricsCount(); m++) {
                    String path =
                            "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + m + "]";
                    collect(sm.getMetrics(m), scope, path, out, problems);
                }
            }
        }
    }

    /** What all points of one scope share. */
    private record Scope(Attribute[] resource, String name, String version, String service) {}

    private static void collect(
            Metric metric, Scope scope, String path, List<MetricPoint> out, Problems problems) {
        if (problems.isPlaceholder(metric)) {
            return;
        }
        if (metric.getName().isEmpty()) {
            problems.add(path + ".name", "missing");
            return;
        }
        switch (metric.getDataCase()) {
            case GAUGE -> {
                List<NumberDataPoint> points = metric.getGauge().getDataPointsList();
                for (int p = 0; p < points.size(); p++) {
                    number(
                            metric,
                            scope,
                            MetricType.GAUGE,
                            Temporality.UNSPECIFIED,
                            false,
                            points.get(p),
                            path + ".gauge.dataPoints[" + p + "]",
                            out,
                            problems);
                }
            }
            case SUM -> {
                List<NumberDataPoint> points = metric.getSum().getDataPointsList();
                Temporality temporality =
                        temporality(metric.getSum().getAggregationTemporalityValue());
                boolean monotonic = metric.getSum().getIsMonotonic();
                for (int p = 0; p < points.size(); p++) {
                    number(
                            metric,
                            scope,
                            MetricType.SUM,
                            temporality,
                            monotonic,
                            points.get(p),
                            path + ".sum.dataPoints[" + p + "]",
                            out,
                            problems);
                }
            }
            case HISTOGRAM -> {
                List<HistogramDataPoint> points = metric.getHistogram().getDataPointsList();
                Temporality temporality =
                        temporality(metric.getHistogram().getAggregationTemporalityValue());
                for (int p = 0; p < points.size(); p++) {
                    histogram(
                            metric,
                            scope,
                            temporality,
                            points.get(p),
                            path + ".histogram.dataPoints[" + p + "]",
                            out,
                            problems);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                List<ExponentialHistogramDataPoint> points =
                        metric.getExponentialHistogram().getDataPointsList();
                Temporality temporality =
                        temporality(
                                metric.getExponentialHistogram().getAggregationTemporalityValue());
                for (int p = 0; p < points.size(); p++) {
                    exponentialHistogram(
                            metric,
                            scope,
                            temporality,
                            points.get(p),
                            path + ".exponentialHistogram.dataPoints[" + p + "]",
                            out,
                            problems);
                }
            }
            case SUMMARY -> {
                List<SummaryDataPoint> points = metric.getSummary().getDataPointsList();
                for (int p = 0; p < points.size(); p++) {
                    summary(
                            metric,
                            scope,
                            points.get(p),
                            path + ".summary.dataPoints[" + p + "]",
                            out,
                            problems);
                }
            }
            case DATA_NOT_SET ->
                    problems.add(
                            path,
                            "metric '"
                                    + metric.getName()
                                    + "' has no data (none of gauge, sum, histogram,"
                                    + " exponentialHistogram, summary is set)");
        }
    }

    private static void number(
            Metric metric,
            Scope scope,
            MetricType type,
            Temporality temporality,
            boolean monotonic,
            NumberDataPoint point,
            String path,
            List<MetricPoint> out,
            Problems problems) {
        if (problems.isPlaceholder(point)) {
            return;
        }
        if (!timeValid(point.getTimeUnixNano(), path, problems)) {
            return;
        }
        if (!exemplarsValid(point.getExemplarsList(), path, problems)) {
            return;
        }
        double value;
        switch (point.getValueCase()) {
            case AS_DOUBLE -> value = point.getAsDouble();
            case AS_INT -> value = point.getAsInt();
            default -> {
                if ((point.getFlags() & MetricPoint.FLAG_NO_RECORDED_VALUE) == 0) {
                    problems.add(path, "neither asDouble nor asInt is set");
                    return;
                }
                value = Double.NaN;
            }
        }
        out.add(
                point(metric, scope, type, point.getTimeUnixNano())
                        .aggregation(temporality, monotonic)
                        .series(
                                point.getStartTimeUnixNano(),
                                OtlpValues.attributes(point.getAttributesList()))
                        .value(value)
                        .extras(exemplarTraceIds(point.getExemplarsList()), point.getFlags())
                        .build());
    }

    private static void histogram(
            Metric metric,
            Scope scope,
            Temporality temporality,
            HistogramDataPoint point,
            String path,
            List<MetricPoint> out,
            Problems problems) {
        if (problems.isPlaceholder(point)) {
            return;
        }
        if (!timeValid(point.getTimeUnixNano(), path, problems)) {
            return;
        }
        if (!exemplarsValid(point.getExemplarsList(), path, problems)) {
            return;
        }
        int bounds = point.getExplicitBoundsCount();
        int buckets = point.getBucketCountsCount();
        if (buckets != 0 && buckets != bounds + 1) {
            problems.add(
                    path + ".bucketCounts",
                    "expected "
                            + (bounds + 1)
                            + " counts for "
                            + bounds
                            + " explicitBounds, got "
                            + buckets);
            return;
        }
        out.add(
                point(metric, scope, MetricType.HISTOGRAM, point.getTimeUnixNano())
                        .aggregation(temporality, false)
                        .series(
                                point.getStartTimeUnixNano(),
                                OtlpValues.attributes(point.getAttributesList()))
                        .stats(
                                point.getCount(),
                                point.hasSum() ? point.getSum() : Double.NaN,
                                point.hasMin() ? point.getMin() : Double.NaN,
                                point.hasMax() ? point.getMax() : Double.NaN)
                        .explicitBuckets(
                                doubles(point.getExplicitBoundsList()),
                                longs(point.getBucketCountsList()))
                        .extras(exemplarTraceIds(point.getExemplarsList()), point.getFlags())
                        .build());
    }

    private static void exponentialHistogram(
            Metric metric,
            Scope scope,
            Temporality temporality,
            ExponentialHistogramDataPoint point,
            String path,
            List<MetricPoint> out,
            Problems problems) {
        if (problems.isPlaceholder(point)) {
            return;
        }
        if (!timeValid(point.getTimeUnixNano(), path, problems)) {
            return;
        }
        if (!exemplarsValid(point.getExemplarsList(), path, problems)) {
            return;
        }
        out.add(
                point(metric, scope, MetricType.EXPONENTIAL_HISTOGRAM, point.getTimeUnixNano())
                        .aggregation(temporality, false)
                        .series(
                                point.getStartTimeUnixNano(),
                                OtlpValues.attributes(point.getAttributesList()))
                        .stats(
                                point.getCount(),
                                point.hasSum() ? point.getSum() : Double.NaN,
                                point.hasMin() ? point.getMin() : Double.NaN,
                                point.hasMax() ? point.getMax() : Double.NaN)
                        .exponentialBuckets(
                                point.getScale(),
                                point.getZeroCount(),
                                point.getPositive().getOffset(),
                                longs(point.getPositive().getBucketCountsList()),
                                point.getNegative().getOffset(),
                                longs(point.getNegative().getBucketCountsList()))
                        .extras(exemplarTraceIds(point.getExemplarsList()), point.getFlags())
                        .build());
    }

    private static void summary(
            Metric metric,
            Scope scope,
            SummaryDataPoint point,
            String path,
            List<MetricPoint> out,
            Problems problems) {
        if (problems.isPlaceholder(point)) {
            return;
        }
        if (!timeValid(point.getTimeUnixNano(), path, problems)) {
            return;
        }
        int n = point.getQuantileValuesCount();
        double[] quantiles = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            quantiles[i] = point.getQuantileValues(i).getQuantile();
            values[i] = point.getQuantileValues(i).getValue();
        }
        out.add(
                point(metric, scope, MetricType.SUMMARY, point.getTimeUnixNano())
                        .series(
                                point.getStartTimeUnixNano(),
                                OtlpValues.attributes(point.getAttributesList()))
                        .stats(point.getCount(), point.getSum(), Double.NaN, Double.NaN)
                        .quantiles(quantiles, values)
                        .extras(NO_STRINGS, point.getFlags())
                        .build());
    }

    /** A point of {@code metric} in {@code scope}, with the metric's description and unit. */
    private static MetricPoint.Builder point(
            Metric metric, Scope scope, MetricType type, long timeUnixNano) {
        return MetricPoint.builder(metric.getName(), type, timeUnixNano)
                .metadata(metric.getDescription(), metric.getUnit())
                .origin(scope.resource(), scope.name(), scope.version(), scope.service());
    }

    private static boolean timeValid(long timeUnixNano, String path, Problems problems) {
        String problem = OtlpValues.timeProblem(timeUnixNano);
        if (problem != null) {
            problems.add(path + ".timeUnixNano", problem);
            return false;
        }
        return true;
    }

    /**
     * Exemplar ids are checked as OTLP JSON checks them, so that a point is read the same way in
     * both encodings, and a malformed one is reported rather than quietly left out.
     */
    private static boolean exemplarsValid(
            List<Exemplar> exemplars, String path, Problems problems) {
        for (int e = 0; e < exemplars.size(); e++) {
            String p =
                    OtlpValues.optionalIdProblem(
                            exemplars.get(e).getTraceId(), OtlpValues.TRACE_ID_BYTES);
            if (p != null) {
                problems.add(path + ".exemplars[" + e + "].traceId", p);
                return false;
            }
            p =
                    OtlpValues.optionalIdProblem(
                            exemplars.get(e).getSpanId(), OtlpValues.SPAN_ID_BYTES);
            if (p != null) {
                problems.add(path + ".exemplars[" + e + "].spanId", p);
                return false;
            }
        }
        return true;
    }

    /** Wire number to temporality; numbers this proto version does not know read as UNSPECIFIED. */
    private static Temporality temporality(int number) {
        return number >= 0 && number < TEMPORALITIES.length
                ? TEMPORALITIES[number]
                : Temporality.UNSPECIFIED;
    }

    private static String[] exemplarTraceIds(List<Exemplar> exemplars) {
        if (exemplars.isEmpty()) {
            return NO_STRINGS;
        }
        return exemplars.stream()
                .filter(e -> e.getTraceId().size() == OtlpValues.TRACE_ID_BYTES)
                .map(e -> OtlpValues.optionalId(e.getTraceId()))
                .filter(id -> !id.isEmpty())
                .toArray(String[]::new);
    }

    private static double[] doubles(List<Double> values) {
        if (values.isEmpty()) {
            return NO_DOUBLES;
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static long[] longs(List<Long> values) {
        if (values.isEmpty()) {
            return NO_LONGS;
        }
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
