package io.vigil.udfs.model;

/** OTLP {@code Status.StatusCode}, in wire-number order (0 = {@code UNSET}). */
public enum StatusCode {
    UNSET,
    OK,
    ERROR
}
