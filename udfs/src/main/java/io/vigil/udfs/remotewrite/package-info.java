/**
 * Prometheus remote-write 1.0 as OTLP metrics ({@link io.vigil.udfs.remotewrite.RemoteWrite}):
 * plain Java, no Flink types; the local stack's bridge serves it at {@code /api/v1/write}.
 */
package io.vigil.udfs.remotewrite;
