package io.vigil.udfs.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;

/**
 * Builds the OTLP metrics Vigil derives itself (RED from traces, log rates) for {@code
 * vigil.metrics.derived}: one point per metric, start and end of the interval in Unix epoch
 * nanoseconds, one resource per service.
 */
public final class OtlpMetrics {
    private OtlpMetrics() {}

    /** Data points of one metric, whatever its type (0 when it has no data). */
    public static int dataPoints(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    /** A string attribute. */
    public static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    /**
     * The attributes and interval that the one-point metrics of a series share.
     *
     * @param attributes the point attributes
     * @param startNanos start of the interval, Unix epoch nanoseconds
     * @param endNanos end of the interval (the point's time), Unix epoch nanoseconds
     */
    public record Interval(List<KeyValue> attributes, long startNanos, long endNanos) {

        /** A delta, monotonic sum with one integer point. */
        public Metric deltaSum(String name, String unit, String description, long value) {
            return metric(name, unit, description)
                    .setSum(
                            Sum.newBuilder()
                                    .setAggregationTemporality(
                                            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                    .setIsMonotonic(true)
                                    .addDataPoints(point().setAsInt(value)))
                    .build();
        }

        /** A gauge with one double point. */
        public Metric gauge(String name, String unit, String description, double value) {
            return metric(name, unit, description)
                    .setGauge(Gauge.newBuilder().addDataPoints(point().setAsDouble(value)))
                    .build();
        }

        /**
         * A delta histogram with explicit buckets and one point: bucket {@code i} counts the values
         * in {@code (bounds[i-1], bounds[i]]}, the last one those above the last bound; count is
         * the sum of the bucket counts. Min and max are set only when the count is not 0.
         *
         * @param bounds the bucket upper bounds, ascending, in {@code unit}
         * @param bucketCounts {@code bounds.size() + 1} counts
         * @param sum the sum of the values, in {@code unit}
         * @throws IllegalArgumentException if there is not one count more than bounds
         */
        public Metric deltaHistogram(
                String name,
                String unit,
                String description,
                List<Double> bounds,
                long[] bucketCounts,
                double sum,
                double min,
                double max) {
            if (bucketCounts.length != bounds.size() + 1) {
                throw new IllegalArgumentException(
                        bounds.size()
                                + " bounds need "
                                + (bounds.size() + 1)
                                + " bucket counts, got "
                                + bucketCounts.length);
            }
            HistogramDataPoint.Builder point =
                    HistogramDataPoint.newBuilder()
                            .addAllAttributes(attributes)
                            .setStartTimeUnixNano(startNanos)
                            .setTimeUnixNano(endNanos)
                            .addAllExplicitBounds(bounds)
                            .setSum(sum);
            long count = 0;
            for (long c : bucketCounts) {
                point.addBucketCounts(c);
                count += c;
            }
            point.setCount(count);
            if (count > 0) {
                point.setMin(min).setMax(max);
            }
            return metric(name, unit, description)
                    .setHistogram(
                            Histogram.newBuilder()
                                    .setAggregationTemporality(
                                            AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                    .addDataPoints(point))
                    .build();
        }

        private NumberDataPoint.Builder point() {
            return NumberDataPoint.newBuilder()
                    .addAllAttributes(attributes)
                    .setStartTimeUnixNano(startNanos)
                    .setTimeUnixNano(endNanos);
        }

        private static Metric.Builder metric(String name, String unit, String description) {
            return Metric.newBuilder().setName(name).setUnit(unit).setDescription(description);
        }
    }

    /** One request: the metrics of {@code service}, under instrumentation scope {@code scope}. */
    public static byte[] request(String service, String scope, List<Metric> metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(
                        ResourceMetrics.newBuilder()
                                .setResource(
                                        Resource.newBuilder()
                                                .addAttributes(attribute("service.name", service)))
                                .addScopeMetrics(
                                        ScopeMetrics.newBuilder()
                                                .setScope(
                                                        InstrumentationScope.newBuilder()
                                                                .setName(scope))
                                                .addAllMetrics(metrics)))
                .build()
                .toByteArray();
    }
}
