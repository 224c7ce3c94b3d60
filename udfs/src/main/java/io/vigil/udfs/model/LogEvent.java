package io.vigil.udfs.model;

/**
 * One OTLP log record, flattened with its resource and instrumentation scope.
 *
 * <p>Decoders guarantee that at least one of {@code timeUnixNano} and {@code observedTimeUnixNano}
 * is set, so {@link #effectiveTimeUnixNano()} is positive.
 *
 * @param timeUnixNano when the event happened (source clock), Unix epoch nanoseconds, {@code 0} if
 *     the source did not say
 * @param observedTimeUnixNano when the collection system first saw it, Unix epoch nanoseconds,
 *     {@code 0} if not set
 * @param severityNumber OTLP {@code SeverityNumber}: 1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN,
 *     17–20 ERROR, 21–24 FATAL, 0 unspecified
 * @param severityText the source's level name as sent (e.g. {@code Information}), {@code ""} if
 *     none
 * @param body a string body as-is; any other body kind as compact JSON ({@code 42}, {@code
 *     {"k":"v"}}, {@code "<base64>"} for bytes); {@code ""} if there is no body
 * @param attributes record attributes, in message order
 * @param traceId trace id, 32 lowercase hex characters, {@code ""} if none
 * @param spanId span id, 16 lowercase hex characters, {@code ""} if none
 * @param flags {@code LogRecord.flags}: the low 8 bits are the W3C trace flags
 * @param resource resource attributes, in message order
 * @param scopeName instrumentation scope name (typically the logger), {@code ""} if none
 * @param scopeVersion instrumentation scope version, {@code ""} if none
 * @param serviceName the resource's {@code service.name}, {@code "unknown_service"} if absent
 */
public record LogEvent(
        long timeUnixNano,
        long observedTimeUnixNano,
        int severityNumber,
        String severityText,
        String body,
        Attribute[] attributes,
        String traceId,
        String spanId,
        int flags,
        Attribute[] resource,
        String scopeName,
        String scopeVersion,
        String serviceName) {

    public LogEvent {
        Fields.requireNonNull("severityText", severityText);
        Fields.requireNonNull("body attributes traceId", body, attributes, traceId);
        Fields.requireNonNull("spanId resource scopeName", spanId, resource, scopeName);
        Fields.requireNonNull("scopeVersion serviceName", scopeVersion, serviceName);
    }

    /**
     * The event time to use, Unix epoch nanoseconds: {@code timeUnixNano}, or {@code
     * observedTimeUnixNano} when the source did not set it (as the OTel log data model advises).
     */
    public long effectiveTimeUnixNano() {
        return timeUnixNano != 0 ? timeUnixNano : observedTimeUnixNano;
    }
}
