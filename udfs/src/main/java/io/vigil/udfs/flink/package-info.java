/** Thin Flink wrappers around the plain-Java cores of {@code io.vigil.udfs}. */
package io.vigil.udfs.flink;
