package io.vigil.udfs.model;

/**
 * The OTLP {@code AnyValue} kind an {@link Attribute} value was decoded from, and so how its string
 * form reads.
 */
public enum AttributeType {
    /** A string, as-is. */
    STRING,
    /** {@code true} or {@code false}. */
    BOOL,
    /** A signed 64-bit integer in decimal. */
    INT64,
    /** A double as {@link Double#toString(double)} writes it ({@code 1.5}, {@code NaN}). */
    FLOAT64,
    /** Bytes, standard base64 with padding. */
    BINARY,
    /** A list of values as compact JSON ({@code ["a",1,true]}). */
    ARRAY,
    /** A key/value list as a compact JSON object ({@code {"k":"v"}}). */
    KVLIST
}
