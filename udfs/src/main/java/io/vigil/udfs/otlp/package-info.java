/**
 * OTLP decoding: Kafka message bytes (OTLP protobuf or OTLP JSON, as the OpenTelemetry Collector's
 * kafka exporter writes them) to the records of {@link io.vigil.udfs.model}.
 *
 * <p>The decoders never throw: every problem, from unreadable bytes to one span with a bad trace
 * id, becomes a human-readable error naming where in the message it sits, and the good records of a
 * message are returned even when some of its records are bad. {@link io.vigil.udfs.otlp.OtlpJson}
 * converts OTLP JSON to the protobuf messages and back.
 *
 * <p>Plain Java: nothing here depends on Flink.
 */
package io.vigil.udfs.otlp;
