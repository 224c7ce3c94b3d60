package io.vigil.udfs.promql;

/**
 * A PromQL expression Vigil cannot parse, type or evaluate: the message says what is wrong and
 * {@link #position()} where (0-based character offset into the expression; -1 when an evaluation
 * error has no single place).
 */
public final class PromQLException extends IllegalArgumentException {
    private final int position;
    private final String reason;

    public PromQLException(String reason, int position) {
        super(position >= 0 ? "at position " + (position + 1) + ": " + reason : reason);
        this.reason = reason;
        this.position = position;
    }

    /** The 0-based character offset of the problem in the expression, -1 if none. */
    public int position() {
        return position;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
