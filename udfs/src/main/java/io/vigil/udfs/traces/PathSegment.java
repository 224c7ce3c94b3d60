package io.vigil.udfs.traces;

/**
 * The time one span holds the critical path of a trace: the part of its duration during which none
 * of its children on the path was running.
 *
 * @param spanId the span
 * @param service its service
 * @param operation its operation
 * @param selfMicros its time on the critical path, µs
 */
public record PathSegment(String spanId, String service, String operation, long selfMicros) {}
