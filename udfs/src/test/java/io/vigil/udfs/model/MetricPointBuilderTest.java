package io.vigil.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricPointBuilderTest {

    @Test
    void fieldsNotSetAreAbsent() {
        MetricPoint point = MetricPoint.builder("cpu", MetricType.GAUGE, 2_000).build();

        assertThat(point.name()).isEqualTo("cpu");
        assertThat(point.type()).isEqualTo(MetricType.GAUGE);
        assertThat(point.timeUnixNano()).isEqualTo(2_000);
        assertThat(point.description()).isEmpty();
        assertThat(point.unit()).isEmpty();
        assertThat(point.temporality()).isEqualTo(Temporality.UNSPECIFIED);
        assertThat(point.monotonic()).isFalse();
        assertThat(point.startTimeUnixNano()).isZero();
        assertThat(point.attributes()).isEmpty();
        assertThat(point.value()).isNaN();
        assertThat(point.count()).isZero();
        assertThat(point.sum()).isNaN();
        assertThat(point.min()).isNaN();
        assertThat(point.max()).isNaN();
        assertThat(point.explicitBounds()).isEmpty();
        assertThat(point.bucketCounts()).isEmpty();
        assertThat(point.scale()).isZero();
        assertThat(point.zeroCount()).isZero();
        assertThat(point.positiveOffset()).isZero();
        assertThat(point.positiveBucketCounts()).isEmpty();
        assertThat(point.negativeOffset()).isZero();
        assertThat(point.negativeBucketCounts()).isEmpty();
        assertThat(point.quantiles()).isEmpty();
        assertThat(point.quantileValues()).isEmpty();
        assertThat(point.exemplarTraceIds()).isEmpty();
        assertThat(point.flags()).isZero();
        assertThat(point.resource()).isEmpty();
        assertThat(point.scopeName()).isEmpty();
        assertThat(point.scopeVersion()).isEmpty();
        assertThat(point.serviceName()).isEqualTo("unknown_service");
    }

    @Test
    void everyFieldCanBeSet() {
        Attribute[] attributes = {Attribute.string("cpu", "0")};
        Attribute[] resource = {Attribute.string("service.name", "checkout")};
        MetricPoint point =
                MetricPoint.builder("latency", MetricType.EXPONENTIAL_HISTOGRAM, 2_000)
                        .metadata("request latency", "ms")
                        .aggregation(Temporality.DELTA, true)
                        .series(1_000, attributes)
                        .value(1.5)
                        .stats(7, 12.5, 0.5, 4)
                        .explicitBuckets(new double[] {1}, new long[] {3, 4})
                        .exponentialBuckets(2, 1, 3, new long[] {5}, -1, new long[] {6})
                        .quantiles(new double[] {0.5}, new double[] {2})
                        .extras(new String[] {"0af7651916cd43dd8448eb211c80319c"}, 1)
                        .origin(resource, "scope", "1.0", "checkout")
                        .build();

        assertThat(point)
                .isEqualTo(
                        new MetricPoint(
                                "latency",
                                "request latency",
                                "ms",
                                MetricType.EXPONENTIAL_HISTOGRAM,
                                Temporality.DELTA,
                                true,
                                1_000,
                                2_000,
                                attributes,
                                1.5,
                                7,
                                12.5,
                                0.5,
                                4,
                                point.explicitBounds(),
                                point.bucketCounts(),
                                2,
                                1,
                                3,
                                point.positiveBucketCounts(),
                                -1,
                                point.negativeBucketCounts(),
                                point.quantiles(),
                                point.quantileValues(),
                                point.exemplarTraceIds(),
                                1,
                                resource,
                                "scope",
                                "1.0",
                                "checkout"));
        assertThat(point.explicitBounds()).containsExactly(1);
        assertThat(point.bucketCounts()).containsExactly(3, 4);
        assertThat(point.positiveBucketCounts()).containsExactly(5);
        assertThat(point.negativeBucketCounts()).containsExactly(6);
        assertThat(point.quantiles()).containsExactly(0.5);
        assertThat(point.quantileValues()).containsExactly(2);
        assertThat(point.exemplarTraceIds()).containsExactly("0af7651916cd43dd8448eb211c80319c");
        assertThat(point.noRecordedValue()).isTrue();
    }
}
