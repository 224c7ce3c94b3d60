package io.vigil.bench.incidents;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times as the incident datasets write them: RFC 3339, naive times read as UTC. */
final class Times {
    private Times() {}

    static Instant parse(String text, String where) {
        String s = text.strip().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException(
                        where + ": not an RFC 3339 time: '" + text + "'", again);
            }
        }
    }
}
