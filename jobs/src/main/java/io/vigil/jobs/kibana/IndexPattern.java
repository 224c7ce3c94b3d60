package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An index pattern (7.10's name for a data view): the indices it reads, the time field, and how
 * numbers of some fields are shown ({@code fieldFormatMap}). The field list itself is not shipped
 * ({@code fields: "[]"}): Kibana reads it from Elasticsearch's {@code _field_caps} when the pattern
 * is first used, so it always matches the indices.
 *
 * @param id saved-object id
 * @param title the index pattern, e.g. {@code vigil-logs-*}
 * @param timeField the time field; {@code null} for an index without time (Jaeger's services)
 * @param formats field name to its format, in the order written
 */
public record IndexPattern(
        String id, String title, String timeField, Map<String, FieldFormat> formats) {

    public IndexPattern {
        formats = new LinkedHashMap<>(formats);
    }

    /** A time-based pattern without field formats. */
    public IndexPattern(String id, String title, String timeField) {
        this(id, title, timeField, Map.of());
    }

    /** The same pattern with one more field format. */
    public IndexPattern format(String field, FieldFormat format) {
        Map<String, FieldFormat> more = new LinkedHashMap<>(formats);
        more.put(field, format);
        return new IndexPattern(id, title, timeField, more);
    }

    /** The same pattern with one format for several fields. */
    public IndexPattern format(FieldFormat format, String... fields) {
        IndexPattern p = this;
        for (String f : fields) {
            p = p.format(f, format);
        }
        return p;
    }

    /**
     * A field format of Kibana's field formatters registry (7.10 ids {@code duration}, {@code
     * bytes}, {@code percent}).
     */
    public record FieldFormat(String id, Map<String, Object> params) {
        /** A duration given in {@code unit} ({@code nanoseconds}, {@code microseconds}, …). */
        public static FieldFormat duration(String unit) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("inputFormat", unit);
            params.put("outputFormat", "asMilliseconds");
            params.put("outputPrecision", 1);
            return new FieldFormat("duration", params);
        }

        /** A ratio (0.25) shown as a percentage (25 %). */
        public static FieldFormat percent() {
            return new FieldFormat("percent", Map.of("pattern", "0,0.[00]%"));
        }

        /** A size in bytes shown as B, KB, MB. */
        public static FieldFormat bytes() {
            return new FieldFormat("bytes", Map.of("pattern", "0,0.[0]b"));
        }
    }

    SavedObject toSavedObject() {
        ObjectNode a = SavedObject.JSON.createObjectNode();
        a.put("title", title);
        if (timeField != null) {
            a.put("timeFieldName", timeField);
        }
        a.put("fields", "[]");
        ObjectNode map = SavedObject.JSON.createObjectNode();
        formats.forEach(
                (field, format) -> {
                    ObjectNode f = map.putObject(field);
                    f.put("id", format.id());
                    f.set("params", SavedObject.JSON.valueToTree(format.params()));
                });
        a.put("fieldFormatMap", map.toString());
        return new SavedObject(id, "index-pattern", a, List.of());
    }
}
