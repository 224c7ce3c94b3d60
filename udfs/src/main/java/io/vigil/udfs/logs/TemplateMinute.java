package io.vigil.udfs.logs;

/**
 * The lines of one template from one service in one minute: what the log-derived metrics are made
 * of.
 *
 * @param service the {@code service.name} of the lines
 * @param templateId the template
 * @param minuteStartMillis start of the minute, epoch milliseconds
 * @param lines lines in the minute
 * @param errors of which errors ({@link MinedLog#isError})
 */
public record TemplateMinute(
        String service, String templateId, long minuteStartMillis, long lines, long errors) {}
