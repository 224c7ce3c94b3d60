package io.vigil.udfs.model;

/** OTLP {@code Span.SpanKind}, in wire-number order (0 = {@code UNSPECIFIED}). */
public enum SpanKind {
    UNSPECIFIED,
    INTERNAL,
    SERVER,
    CLIENT,
    PRODUCER,
    CONSUMER
}
