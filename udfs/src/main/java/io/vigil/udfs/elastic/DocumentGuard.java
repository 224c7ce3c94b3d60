package io.vigil.udfs.elastic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vigil.udfs.ecs.EsDocument;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a document, before it goes to the sink, against what Elasticsearch 7.10 refuses, so that
 * no document reaches the bulk request that would fail there:
 *
 * <ul>
 *   <li>an index name ES cannot create, or an {@code _id} over 512 bytes;
 *   <li>field names that are empty, only whitespace, start or end with a dot or have two dots in a
 *       row, a metadata field ({@code _id}, {@code _source}, …) at the root, or the same name twice
 *       in one object;
 *   <li>a value where the mapping has an object, or an object where it has a value;
 *   <li>a value whose type conflicts with the field's mapping: a number field given text, NaN or an
 *       infinity (or a float beyond its range, or a long beyond 64 bits), a date that is no date, a
 *       boolean that is none, binary that is no base64;
 *   <li>a keyword term over Lucene's 32,766-byte limit (unless {@code ignore_above} skips it);
 *   <li>objects nested deeper than {@code index.mapping.depth.limit}, more nested objects than
 *       {@code index.mapping.nested_objects.limit}, or new fields that would take the index past
 *       {@code index.mapping.total_fields.limit} (new fields are counted per index, as this guard
 *       has seen them: the index's mapping itself is the last bound, and the sink dead-letters what
 *       ES still refuses).
 * </ul>
 *
 * The mapping of each index comes from the template ES would apply (the highest priority that
 * matches); an index no template matches is checked against ES's defaults. New fields get the
 * mapping ES would give them (dynamic templates, else its default dynamic mapping).
 *
 * <p>Not thread-safe (the per-index field counts); one instance per Flink subtask.
 */
public final class DocumentGuard implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Lucene's limit for one indexed term, in UTF-8 bytes. */
    public static final int MAX_TERM_BYTES = 32_766;

    /** ES's limit for a document id, in UTF-8 bytes. */
    public static final int MAX_ID_BYTES = 512;

    /**
     * How many indices' new-field sets are kept (daily indices: about this many days × families).
     */
    static final int TRACKED_INDICES = 64;

    private static final Set<String> METADATA_FIELDS =
            Set.of(
                    "_id",
                    "_index",
                    "_source",
                    "_routing",
                    "_type",
                    "_field_names",
                    "_ignored",
                    "_seq_no",
                    "_primary_term",
                    "_version",
                    "_nested_path",
                    "_doc_count",
                    "_data_stream_timestamp",
                    "_tier");

    private static final JsonFactory JSON =
            JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final List<IndexMapping> mappings;

    /** New (dynamic) field paths seen per concrete index, oldest index first. */
    private transient Map<String, IndexFields> dynamicFields;

    /**
     * @param mappings the templates that apply to the indices written; order does not matter (the
     *     highest priority that matches wins, as in ES)
     */
    public DocumentGuard(List<IndexMapping> mappings) {
        List<IndexMapping> sorted = new ArrayList<>(mappings);
        sorted.sort(Comparator.comparingInt(IndexMapping::priority).reversed());
        this.mappings = List.copyOf(sorted);
    }

    /** The reason ES would refuse the document, or empty when it would take it. */
    public Optional<String> check(EsDocument document) {
        String reason = indexProblem(document.index());
        if (reason == null) {
            reason = idProblem(document.id());
        }
        if (reason == null) {
            reason = new Walk(mapping(document.index()), document.index()).run(document.json());
        }
        return Optional.ofNullable(reason);
    }

    /** The template mapping ES would use for the index. */
    public IndexMapping mapping(String index) {
        for (IndexMapping m : mappings) {
            if (m.matches(index)) {
                return m;
            }
        }
        return IndexMapping.defaults();
    }

    /** Why ES would refuse the index name (its rules for new index names), or null. */
    static String indexProblem(String index) {
        if (index.isEmpty()) {
            return "index name is empty";
        }
        if (!index.equals(index.toLowerCase(java.util.Locale.ROOT))) {
            return "index name [" + index + "] must be lowercase";
        }
        if (index.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "index name [" + index + "] is longer than 255 bytes";
        }
        if (index.equals(".") || index.equals("..")) {
            return "index name [" + index + "] must not be '.' or '..'";
        }
        char first = index.charAt(0);
        if (first == '_' || first == '-' || first == '+') {
            return "index name [" + index + "] must not start with '_', '-' or '+'";
        }
        for (char c : index.toCharArray()) {
            if ("\\/*?\"<>| ,#:".indexOf(c) >= 0) {
                return "index name [" + index + "] must not contain '" + c + "'";
            }
        }
        return null;
    }

    static String idProblem(String id) {
        if (id.isEmpty()) {
            return "document id is empty";
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        return bytes > MAX_ID_BYTES
                ? "document id is " + bytes + " bytes, over ES's limit of " + MAX_ID_BYTES
                : null;
    }

    /** The new fields this guard has let into one index, and what they count against its limit. */
    private static final class IndexFields {
        final Map<String, IndexMapping.Field> paths = new HashMap<>();
        int count;
    }

    private IndexFields seen(String index) {
        if (dynamicFields == null) {
            dynamicFields = new LinkedHashMap<>();
        }
        IndexFields fields = dynamicFields.get(index);
        if (fields == null) {
            if (dynamicFields.size() >= TRACKED_INDICES) {
                dynamicFields.remove(dynamicFields.keySet().iterator().next());
            }
            fields = new IndexFields();
            dynamicFields.put(index, fields);
        }
        return fields;
    }

    /** One document's check: a walk over its JSON tokens beside the mapping. */
    private final class Walk {
        private final IndexMapping mapping;
        private final String index;
        private final Map<String, IndexMapping.Field> newFields = new LinkedHashMap<>();
        private int nestedObjects;
        private JsonParser p;

        Walk(IndexMapping mapping, String index) {
            this.mapping = mapping;
            this.index = index;
        }

        String run(String json) {
            try (JsonParser parser = JSON.createParser(json)) {
                p = parser;
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return "the document is not a JSON object";
                }
                String reason = object("", mapping.root(), mapping.root().dynamic(), 1);
                if (reason == null && p.nextToken() != null) {
                    reason = "the document has content after its JSON object";
                }
                return reason == null ? fieldLimit() : reason;
            } catch (JsonParseException e) {
                return "the document is not valid JSON: " + e.getOriginalMessage();
            } catch (IOException e) {
                return "the document cannot be read: " + e.getMessage();
            }
        }

        private String fieldLimit() {
            IndexFields seen = seen(index);
            int added = 0;
            for (Map.Entry<String, IndexMapping.Field> f : newFields.entrySet()) {
                if (!seen.paths.containsKey(f.getKey())) {
                    added += weight(f.getValue());
                }
            }
            if (added > 0
                    && mapping.explicitFields() + seen.count + added > mapping.totalFieldsLimit()) {
                return "the document would add "
                        + added
                        + " new fields to index ["
                        + index
                        + "], past its limit of "
                        + mapping.totalFieldsLimit()
                        + " fields (index.mapping.total_fields.limit of template ["
                        + mapping.name()
                        + "])";
            }
            for (Map.Entry<String, IndexMapping.Field> f : newFields.entrySet()) {
                if (seen.paths.putIfAbsent(f.getKey(), f.getValue()) == null) {
                    seen.count += weight(f.getValue());
                }
            }
            return null;
        }

        /** How much a field counts against the limit: itself and its multi-fields. */
        private static int weight(IndexMapping.Field f) {
            return 1 + f.subFields();
        }

        /** A field this document or an earlier one of the index added, or null. */
        private IndexMapping.Field known(String path) {
            IndexMapping.Field f = newFields.get(path);
            if (f == null && dynamicFields != null) {
                IndexFields seen = dynamicFields.get(index);
                f = seen == null ? null : seen.paths.get(path);
            }
            return f;
        }

        /**
         * Reads the fields of the object whose START_OBJECT was just read, up to its END_OBJECT.
         *
         * @param path the object's dotted path, {@code ""} at the root
         * @param dynamic the object's effective {@code dynamic} setting
         */
        private String object(String path, IndexMapping.Field object, String dynamic, int depth)
                throws IOException {
            if (depth > mapping.depthLimit()) {
                return "object ["
                        + path
                        + "] is nested "
                        + depth
                        + " levels deep, past index.mapping.depth.limit "
                        + mapping.depthLimit();
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                String reason = fieldName(path, name);
                if (reason != null) {
                    return reason;
                }
                p.nextToken();
                reason = field(path, object, dynamic, name, depth);
                if (reason != null) {
                    return reason;
                }
            }
            return t == JsonToken.END_OBJECT ? null : "unexpected " + t + " in [" + path + "]";
        }

        private String fieldName(String path, String name) {
            String where = path.isEmpty() ? "at the root" : "in [" + path + "]";
            if (name.isEmpty()) {
                return "empty field name " + where;
            }
            if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
                return "field name ["
                        + name
                        + "] "
                        + where
                        + " starts or ends with a dot, or has two in a row: ES cannot tell"
                        + " which object it belongs to";
            }
            for (String part : name.split("\\.")) {
                if (part.isBlank()) {
                    return "field name [" + name + "] " + where + " is only whitespace";
                }
            }
            if (path.isEmpty() && METADATA_FIELDS.contains(name)) {
                return "field [" + name + "] is an ES metadata field and cannot be in a document";
            }
            return null;
        }

        /** One field (dotted names are object paths), its value's first token just read. */
        private String field(
                String path, IndexMapping.Field parent, String dynamic, String name, int depth)
                throws IOException {
            String[] parts = name.split("\\.");
            IndexMapping.Field object = parent;
            String objectPath = path;
            String objectDynamic = dynamic;
            for (int i = 0; i < parts.length - 1; i++) {
                String childPath = join(objectPath, parts[i]);
                IndexMapping.Field child = object.properties().get(parts[i]);
                if (child == null) {
                    child = known(childPath);
                }
                if (child == null) {
                    if (!objectDynamic.equals("true")) {
                        return unmapped(childPath, objectDynamic);
                    }
                    child = dynamicField(parts[i], childPath, "object");
                } else if (!child.isObject()) {
                    return "field ["
                            + name
                            + "] puts an object under ["
                            + childPath
                            + "], a "
                            + child.type()
                            + " field in the mapping";
                }
                objectDynamic = child.dynamic() != null ? child.dynamic() : objectDynamic;
                object = child;
                objectPath = childPath;
                depth++;
            }
            String leaf = parts[parts.length - 1];
            String fullPath = join(objectPath, leaf);
            IndexMapping.Field mapped = object.properties().get(leaf);
            if (mapped == null) {
                mapped = known(fullPath);
            }
            if (mapped == null) {
                if (!objectDynamic.equals("true")) {
                    return unmapped(fullPath, objectDynamic);
                }
                if (p.currentToken() == JsonToken.START_ARRAY) {
                    return newArray(leaf, fullPath, objectDynamic, depth);
                }
                String jsonType = typeOf(p.currentToken());
                if (jsonType == null) {
                    return null; // null: ES adds no field
                }
                mapped = dynamicField(leaf, fullPath, jsonType);
            }
            return value(fullPath, mapped, objectDynamic, depth);
        }

        /**
         * A new field whose value is an array: ES maps it by its first non-null value, then every
         * value must fit that mapping.
         */
        private String newArray(String name, String path, String dynamic, int depth)
                throws IOException {
            JsonToken t = p.nextToken();
            while (t == JsonToken.VALUE_NULL) {
                t = p.nextToken();
            }
            if (t == JsonToken.END_ARRAY) {
                return null; // empty: ES adds no field
            }
            String jsonType = typeOf(t);
            if (jsonType == null) {
                return "[" + path + "] is an array of arrays, which a new field cannot start with";
            }
            IndexMapping.Field mapped = dynamicField(name, path, jsonType);
            do {
                String reason = value(path, mapped, dynamic, depth);
                if (reason != null) {
                    return reason;
                }
            } while ((t = p.nextToken()) != JsonToken.END_ARRAY);
            return null;
        }

        /** The value whose first token was just read, against its field's mapping. */
        private String value(String path, IndexMapping.Field field, String dynamic, int depth)
                throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    String reason = value(path, field, dynamic, depth);
                    if (reason != null) {
                        return reason;
                    }
                }
                return null;
            }
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            if (field.isObject()) {
                if (t != JsonToken.START_OBJECT) {
                    return "["
                            + path
                            + "] is an object in the mapping, but the document has a value ("
                            + p.getText()
                            + ") there";
                }
                if (!field.enabled()) {
                    p.skipChildren();
                    return null;
                }
                if (field.type().equals("nested")
                        && ++nestedObjects > mapping.nestedObjectsLimit()) {
                    return "more than "
                            + mapping.nestedObjectsLimit()
                            + " nested objects (index.mapping.nested_objects.limit), at ["
                            + path
                            + "]";
                }
                String inner = field.dynamic() != null ? field.dynamic() : dynamic;
                return object(path, field, inner, depth + 1);
            }
            if (t == JsonToken.START_OBJECT) {
                return "["
                        + path
                        + "] is a "
                        + field.type()
                        + " field in the mapping, but the document has an object there";
            }
            return scalar(path, field);
        }

        private String scalar(String path, IndexMapping.Field field) throws IOException {
            JsonToken t = p.currentToken();
            String type = field.type();
            switch (type) {
                case "keyword" -> {
                    String text = p.getText();
                    if (field.stored()
                            && text.length() <= field.ignoreAbove()
                            && text.length() * 3 > MAX_TERM_BYTES
                            && text.getBytes(StandardCharsets.UTF_8).length > MAX_TERM_BYTES) {
                        return "keyword ["
                                + path
                                + "] holds "
                                + text.getBytes(StandardCharsets.UTF_8).length
                                + " bytes, over Lucene's term limit of "
                                + MAX_TERM_BYTES
                                + " (and its mapping has no ignore_above below that)";
                    }
                    return null;
                }
                case "long", "integer", "short", "byte", "unsigned_long" -> {
                    return integer(path, type, t);
                }
                case "double", "float", "half_float", "scaled_float" -> {
                    return floating(path, type, t);
                }
                case "date", "date_nanos" -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    return t == JsonToken.VALUE_STRING && isDate(p.getText())
                            ? null
                            : conflict(path, type);
                }
                case "boolean" -> {
                    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                        return null;
                    }
                    String text = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    return "true".equals(text) || "false".equals(text) || "".equals(text)
                            ? null
                            : conflict(path, type);
                }
                case "binary" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        return conflict(path, type);
                    }
                    try {
                        Base64.getDecoder().decode(p.getText());
                        return null;
                    } catch (IllegalArgumentException e) {
                        return conflict(path, type);
                    }
                }
                default -> {
                    return null; // text and the types Vigil does not use take any value
                }
            }
        }

        private String integer(String path, String type, JsonToken t) throws IOException {
            BigInteger value;
            try {
                if (t == JsonToken.VALUE_NUMBER_INT) {
                    value = p.getBigIntegerValue();
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
                    double d = Double.parseDouble(p.getText().trim());
                    if (!Double.isFinite(d)) {
                        return conflict(path, type);
                    }
                    value = java.math.BigDecimal.valueOf(d).toBigInteger(); // ES coerces
                } else {
                    return conflict(path, type);
                }
            } catch (NumberFormatException e) {
                return conflict(path, type);
            }
            BigInteger max =
                    switch (type) {
                        case "integer" -> BigInteger.valueOf(Integer.MAX_VALUE);
                        case "short" -> BigInteger.valueOf(Short.MAX_VALUE);
                        case "byte" -> BigInteger.valueOf(Byte.MAX_VALUE);
                        default -> BigInteger.valueOf(Long.MAX_VALUE);
                    };
            BigInteger min =
                    switch (type) {
                        case "integer" -> BigInteger.valueOf(Integer.MIN_VALUE);
                        case "short" -> BigInteger.valueOf(Short.MIN_VALUE);
                        case "byte" -> BigInteger.valueOf(Byte.MIN_VALUE);
                        default -> BigInteger.valueOf(Long.MIN_VALUE);
                    };
            return value.compareTo(max) > 0 || value.compareTo(min) < 0
                    ? "value " + value + " of [" + path + "] is out of range for a " + type
                    : null;
        }

        private String floating(String path, String type, JsonToken t) throws IOException {
            double d;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                d = p.getDoubleValue();
            } else if (t == JsonToken.VALUE_STRING) {
                try {
                    d = Double.parseDouble(p.getText().trim());
                } catch (NumberFormatException e) {
                    return conflict(path, type);
                }
            } else {
                return conflict(path, type);
            }
            if (!Double.isFinite(d)
                    || (type.equals("float") && Math.abs(d) > Float.MAX_VALUE)
                    || (type.equals("half_float") && Math.abs(d) > 65504)) {
                return "["
                        + path
                        + "] is a "
                        + type
                        + " field, which takes only finite values, got "
                        + p.getText();
            }
            return null;
        }

        private String conflict(String path, String type) throws IOException {
            String text = p.getText();
            if (text.length() > 64) {
                text = text.substring(0, 64) + "…";
            }
            return "[" + path + "] is a " + type + " field in the mapping; cannot take " + text;
        }

        private String unmapped(String path, String dynamic) throws IOException {
            if (dynamic.equals("strict")) {
                return "[" + path + "] is not in the mapping, which is strict (dynamic: strict)";
            }
            p.skipChildren(); // dynamic: false: kept in _source, not indexed
            return null;
        }

        private String typeOf(JsonToken t) {
            return switch (t) {
                case VALUE_STRING -> "string";
                case VALUE_NUMBER_INT -> "long";
                case VALUE_NUMBER_FLOAT -> "double";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                case START_OBJECT -> "object";
                default -> null;
            };
        }

        /** The mapping ES gives a new field, recorded as a new field of the index. */
        private IndexMapping.Field dynamicField(String name, String path, String jsonType)
                throws IOException {
            for (IndexMapping.DynamicTemplate d : mapping.dynamicTemplates()) {
                if (d.matches(name, path, jsonType)) {
                    // a template mapping without a type takes the type ES would infer
                    IndexMapping.Field m = d.mapping();
                    boolean typed = !m.type().equals("object") || jsonType.equals("object");
                    IndexMapping.Field field = typed ? m : defaultField(jsonType, p.currentToken());
                    newFields.put(path, field);
                    return field;
                }
            }
            IndexMapping.Field field = defaultField(jsonType, p.currentToken());
            newFields.put(path, field);
            return field;
        }

        private IndexMapping.Field defaultField(String jsonType, JsonToken token)
                throws IOException {
            String type =
                    switch (jsonType) {
                        case "string" ->
                                mapping.dateDetection()
                                                && token == JsonToken.VALUE_STRING
                                                && isDate(p.getText())
                                        ? "date"
                                        : "text";
                        case "long" -> "long";
                        case "double" -> "float";
                        case "boolean" -> "boolean";
                        default -> "object";
                    };
            // ES maps a new string as text with a keyword sub-field (ignore_above 256)
            return new IndexMapping.Field(
                    type, 256, true, null, Map.of(), type.equals("text") ? 1 : 0, true);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /**
     * Whether ES's default date format ({@code strict_date_optional_time||epoch_millis}) reads it.
     */
    static boolean isDate(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return text.length() <= 18;
        }
        for (Function<String, ?> parse : DATE_FORMS) {
            try {
                parse.apply(text);
                return true;
            } catch (DateTimeParseException e) {
                // not this form; try the next
            }
        }
        return false;
    }

    /** The forms of strict_date_optional_time: with an offset, in UTC, local, a date alone. */
    private static final List<Function<String, ?>> DATE_FORMS =
            List.of(OffsetDateTime::parse, Instant::parse, LocalDateTime::parse, LocalDate::parse);
}
