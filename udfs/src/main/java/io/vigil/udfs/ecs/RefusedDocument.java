package io.vigil.udfs.ecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A document that Elasticsearch would refuse, or did: a dead letter of the output side, kept with
 * the reason so that nobody has to guess why a record is missing from its index.
 *
 * @param document the document as it was built (index, id and source)
 * @param signal the job's input signal ({@code metrics}, {@code logs}, {@code spans})
 * @param stage who refused it: {@link #GUARD} (the check before the sink) or {@link #ELASTICSEARCH}
 *     (a bulk item ES rejected, with ES's own reason)
 * @param reason what is wrong and where, in words
 * @param timeMillis when the document's data happened (its {@code @timestamp}), epoch millis: the
 *     day of its dead-letter index, so a replay lands in the same place
 */
public record RefusedDocument(
        EsDocument document, String signal, String stage, String reason, long timeMillis) {

    /** Refused by the check before the sink. */
    public static final String GUARD = "guard";

    /** Rejected by Elasticsearch in a bulk response. */
    public static final String ELASTICSEARCH = "elasticsearch";

    private static final JsonFactory JSON = new JsonFactory();

    public RefusedDocument {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * The document's top-level {@code @timestamp} in epoch millis, or {@code fallback} when it has
     * none that parses.
     */
    public static long timestampMillis(EsDocument document, long fallback) {
        try (JsonParser p = JSON.createParser(document.json())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fallback;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("@timestamp") && p.currentToken() == JsonToken.VALUE_STRING) {
                    return Instant.parse(p.getText()).toEpochMilli();
                }
                p.skipChildren();
            }
            return fallback;
        } catch (IOException | DateTimeParseException e) {
            return fallback;
        }
    }
}
