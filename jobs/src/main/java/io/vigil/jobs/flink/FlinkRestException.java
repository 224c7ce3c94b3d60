package io.vigil.jobs.flink;

import java.io.IOException;

/**
 * A Flink REST call that the JobManager answered with an error status, or that could not reach it.
 * The message names the call and carries what the JobManager said (its {@code errors} list,
 * shortened to the lines that say why).
 */
public final class FlinkRestException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    FlinkRestException(String message, int status) {
        super(message);
        this.status = status;
    }

    FlinkRestException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status of the answer; 0 when there was none (connection refused, timeout). */
    public int status() {
        return status;
    }
}
