package io.vigil.udfs.model;

import java.util.Objects;

/**
 * A link from a span to another span, possibly in another trace ({@code Span.Link}).
 *
 * @param traceId linked trace id, lowercase hex (32 characters when the sender was valid)
 * @param spanId linked span id, lowercase hex (16 characters when the sender was valid)
 * @param traceState W3C tracestate of the linked span, {@code ""} if none
 * @param attributes link attributes, in message order
 */
public record SpanLinkRecord(
        String traceId, String spanId, String traceState, Attribute[] attributes) {

    public SpanLinkRecord {
        Objects.requireNonNull(traceId, "traceId");
        Objects.requireNonNull(spanId, "spanId");
        Objects.requireNonNull(traceState, "traceState");
        Objects.requireNonNull(attributes, "attributes");
    }
}
