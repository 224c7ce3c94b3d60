package io.vigil.udfs.model;

/** The OTLP {@code Metric.data} case a {@link MetricPoint} came from. */
public enum MetricType {
    GAUGE,
    SUM,
    HISTOGRAM,
    EXPONENTIAL_HISTOGRAM,
    SUMMARY
}
