/**
 * The Flink pieces every feature shares: type information and serializers for Vigil's records
 * ({@link io.vigil.udfs.flink.CodecTypeInfo}) and the OTLP decoding function. Each feature's own
 * operators live in its {@code flink} package ({@code io.vigil.udfs.anomaly.flink}, {@code
 * io.vigil.udfs.logs.flink}, {@code io.vigil.udfs.traces.flink}); only {@code ..flink..} packages
 * may use Flink types (ArchitectureTest).
 */
package io.vigil.udfs.flink;
