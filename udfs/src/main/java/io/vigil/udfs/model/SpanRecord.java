package io.vigil.udfs.model;

/**
 * One finished span, flattened with its resource and instrumentation scope so that every record
 * stands on its own after the OTLP request that carried it is gone.
 *
 * <p>Decoders guarantee: {@code traceId} is 32 and {@code spanId} 16 lowercase hex characters, not
 * all zero; {@code parentSpanId} is 16 hex characters or {@code ""} for a root span; {@code
 * startTimeUnixNano > 0} and {@code endTimeUnixNano >= startTimeUnixNano}.
 *
 * @param traceId trace id, 32 lowercase hex characters
 * @param spanId span id, 16 lowercase hex characters
 * @param parentSpanId parent span id, 16 lowercase hex characters, {@code ""} for a root span
 * @param traceState W3C tracestate, {@code ""} if none
 * @param name span name, e.g. {@code GET /api/cart}
 * @param kind span kind
 * @param startTimeUnixNano start, Unix epoch nanoseconds
 * @param endTimeUnixNano end, Unix epoch nanoseconds
 * @param attributes span attributes, in message order
 * @param events span events, in message order
 * @param links span links, in message order
 * @param statusCode span status code
 * @param statusMessage status description, {@code ""} if none
 * @param flags {@code Span.flags}: the low 8 bits are the W3C trace flags (bit 0 = sampled)
 * @param resource resource attributes, in message order
 * @param scopeName instrumentation scope name, {@code ""} if none
 * @param scopeVersion instrumentation scope version, {@code ""} if none
 * @param serviceName the resource's {@code service.name}, {@code "unknown_service"} if absent
 */
public record SpanRecord(
        String traceId,
        String spanId,
        String parentSpanId,
        String traceState,
        String name,
        SpanKind kind,
        long startTimeUnixNano,
        long endTimeUnixNano,
        Attribute[] attributes,
        SpanEventRecord[] events,
        SpanLinkRecord[] links,
        StatusCode statusCode,
        String statusMessage,
        int flags,
        Attribute[] resource,
        String scopeName,
        String scopeVersion,
        String serviceName) {

    public SpanRecord {
        Fields.requireNonNull("traceId spanId", traceId, spanId);
        Fields.requireNonNull("parentSpanId traceState name", parentSpanId, traceState, name);
        Fields.requireNonNull("kind attributes events", kind, attributes, events);
        Fields.requireNonNull("links statusCode statusMessage", links, statusCode, statusMessage);
        Fields.requireNonNull("resource scopeName", resource, scopeName);
        Fields.requireNonNull("scopeVersion serviceName", scopeVersion, serviceName);
    }

    /** End minus start, in nanoseconds. */
    public long durationNanos() {
        return endTimeUnixNano - startTimeUnixNano;
    }

    /** Whether this span starts a trace (has no parent). */
    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }
}
