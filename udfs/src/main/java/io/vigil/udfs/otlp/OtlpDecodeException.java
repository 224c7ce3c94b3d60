package io.vigil.udfs.otlp;

/**
 * An OTLP payload that cannot be decoded. The message is meant for the people reading the dead
 * letter: it says what is wrong and where, e.g. {@code
 * resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 32 hex characters, got 31}.
 */
public final class OtlpDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    public OtlpDecodeException(String message) {
        super(message);
    }

    public OtlpDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
