package io.vigil.udfs.logs;

import io.vigil.udfs.model.LogEvent;
import java.util.Locale;
import java.util.Objects;

/**
 * A log record with the template the miner assigned it to.
 *
 * @param log the record
 * @param templateId the stable template id ({@link Template#OVERFLOW_ID} at the miner's cap)
 * @param pattern the template text, variables as {@code <*>}
 * @param kind whether the line matched, created or generalised its template
 */
public record MinedLog(LogEvent log, String templateId, String pattern, Match.Kind kind) {

    public MinedLog {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(templateId, "templateId");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Whether the record reports an error: severity ERROR or FATAL (number 17 and above, or a
     * severity text starting with {@code err}, {@code fatal}, {@code crit}, {@code alert}, {@code
     * emerg}), or an {@code exception.*} attribute.
     */
    public boolean isError() {
        return isError(log);
    }

    /** See {@link #isError()}. */
    public static boolean isError(LogEvent l) {
        if (l.severityNumber() >= 17) {
            return true;
        }
        String text = l.severityText().toLowerCase(Locale.ROOT);
        if (text.startsWith("err")
                || text.startsWith("fatal")
                || text.startsWith("crit")
                || text.startsWith("alert")
                || text.startsWith("emerg")) {
            return true;
        }
        for (var a : l.attributes()) {
            if (a.key().startsWith("exception.")) {
                return true;
            }
        }
        return false;
    }

    /** Event time of the record, epoch milliseconds. */
    public long epochMillis() {
        return log.effectiveTimeUnixNano() / 1_000_000;
    }
}
