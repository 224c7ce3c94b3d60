/**
 * The trace operators: trace sessions, RED and service-graph aggregation, Jaeger service and
 * dependency documents, around the plain-Java {@code io.vigil.udfs.traces} and {@code jaeger}
 * cores.
 */
package io.vigil.udfs.traces.flink;
