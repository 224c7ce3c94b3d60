package io.vigil.jobs.config;

/**
 * A configuration file that cannot be used. The message names the file, the key (as a dotted path
 * from the top of the file) and what to write instead, e.g. {@code vigil.yaml:
 * flink.checkpointInterval: '10x' is not a duration; write e.g. 500ms, 10s, 5m}.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
