package io.vigil.udfs.model;

/**
 * OTLP {@code AggregationTemporality}, in wire-number order. Gauges and summaries carry none and
 * report {@link #UNSPECIFIED}.
 */
public enum Temporality {
    UNSPECIFIED,
    DELTA,
    CUMULATIVE
}
