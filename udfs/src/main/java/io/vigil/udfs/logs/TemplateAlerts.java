package io.vigil.udfs.logs;

/**
 * The words of a new-log-template alert ({@code NewLogTemplate}, source {@code log_template}) that
 * its readers rely on, beside {@code service} and {@code template_id}.
 */
public final class TemplateAlerts {
    private TemplateAlerts() {}

    /**
     * Label of a new-template alert whose first line is an error ({@link MinedLog#isError()}): its
     * value is {@value #ERROR_LEVEL}. New errors just after a deploy are trouble, not information.
     */
    public static final String ERROR_LEVEL_LABEL = "level";

    /** Value of {@link #ERROR_LEVEL_LABEL}. */
    public static final String ERROR_LEVEL = "error";
}
