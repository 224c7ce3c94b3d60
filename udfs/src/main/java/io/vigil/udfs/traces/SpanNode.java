package io.vigil.udfs.traces;

import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;

/**
 * The part of a span that trace analysis needs, kept per trace until the trace is complete.
 *
 * @param spanId span id, 16 hex characters
 * @param parentSpanId parent span id, {@code ""} for a root span
 * @param service the span's {@code service.name}
 * @param operation the span name
 * @param kind span kind
 * @param startMicros start, epoch µs
 * @param endMicros end, epoch µs
 * @param error whether the span's status is ERROR
 * @param peerService the {@code peer.service} attribute (the callee a client span names), {@code
 *     ""} if absent
 */
public record SpanNode(
        String spanId,
        String parentSpanId,
        String service,
        String operation,
        SpanKind kind,
        long startMicros,
        long endMicros,
        boolean error,
        String peerService) {

    /**
     * The attribute naming the service a client span calls (OpenTelemetry semantic conventions).
     */
    public static final String PEER_SERVICE = "peer.service";

    public static SpanNode of(SpanRecord span) {
        String peer = "";
        for (Attribute a : span.attributes()) {
            if (PEER_SERVICE.equals(a.key())) {
                peer = a.value();
                break;
            }
        }
        return new SpanNode(
                span.spanId(),
                span.parentSpanId(),
                span.serviceName(),
                span.name(),
                span.kind(),
                span.startTimeUnixNano() / 1_000,
                span.endTimeUnixNano() / 1_000,
                span.statusCode() == StatusCode.ERROR,
                peer);
    }

    public long durationMicros() {
        return endMicros - startMicros;
    }

    /** Whether this span is the calling side of a remote call (CLIENT or PRODUCER). */
    public boolean isCaller() {
        return kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
    }

    /** Whether this span is the receiving side of a remote call (SERVER or CONSUMER). */
    public boolean isCallee() {
        return kind == SpanKind.SERVER || kind == SpanKind.CONSUMER;
    }
}
