/**
 * The telemetry model every Vigil job works on: spans, log events and metric points decoded from
 * OTLP, plus the raw Kafka message and the dead letter that carries a message nobody could read.
 *
 * <p>Invariants shared by every type in this package:
 *
 * <ul>
 *   <li>They are Java records that Flink serializes with its POJO serializer, never with Kryo: no
 *       {@code java.util} collections, no interfaces, no {@code Object} fields; repeated values are
 *       arrays.
 *   <li>No field is {@code null}: absent strings are {@code ""}, absent arrays are empty, absent
 *       doubles are {@link Double#NaN}. Constructors reject {@code null}.
 *   <li>Times are Unix epoch nanoseconds (OTLP's unit) unless the name says otherwise; {@code 0}
 *       means "not set".
 *   <li>Trace ids are 32 and span ids 16 lowercase hex characters.
 *   <li>Arrays are shared, not copied: treat every array reachable from a record as immutable.
 * </ul>
 *
 * <p>Records holding arrays inherit the reference-based {@code equals} of arrays; compare them
 * field by field (AssertJ's {@code usingRecursiveComparison()} does) or via their ECS documents.
 */
package io.vigil.udfs.model;
