package io.vigil.udfs.ecs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One document to index into Elasticsearch.
 *
 * @param index the concrete index name, e.g. {@code vigil-logs-2026.01.01}
 * @param id the document id ({@code _id}); deterministic, so writing the same input again
 *     overwrites instead of duplicating
 * @param json the document source ({@code _source}) as compact JSON
 */
public record EsDocument(String index, String id, String json) {

    /** What may start an Elasticsearch index name: the rule every index prefix must follow. */
    public static final Pattern INDEX_PREFIX = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private static final JsonFactory JSON = new JsonFactory();

    private static final DateTimeFormatter INDEX_DAY =
            DateTimeFormatter.ofPattern("uuuu.MM.dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    public EsDocument {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
    }

    /**
     * The prefix, checked: every Vigil index name starts with it.
     *
     * @throws IllegalArgumentException naming the rule when Elasticsearch would refuse index names
     *     with this prefix
     */
    public static String checkedPrefix(String indexPrefix) {
        if (indexPrefix == null || !INDEX_PREFIX.matcher(indexPrefix).matches()) {
            throw new IllegalArgumentException(
                    "index prefix '"
                            + indexPrefix
                            + "' cannot start an Elasticsearch index name: use lowercase letters,"
                            + " digits, '-', '_' or '.', starting with a letter or digit (e.g."
                            + " 'vigil')");
        }
        return indexPrefix;
    }

    /**
     * The concrete daily index of a family, {@code <prefix>-<family>-YYYY.MM.DD} (UTC day of {@code
     * epochMillis}): the naming of every Vigil index family but Jaeger's.
     */
    public static String dailyIndex(String prefix, String family, long epochMillis) {
        return prefix + "-" + family + "-" + INDEX_DAY.format(Instant.ofEpochMilli(epochMillis));
    }

    /** Writes the fields of one JSON object, in a stable order. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** The compact JSON object the fields write. */
    public static String source(Fields fields) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }
}
