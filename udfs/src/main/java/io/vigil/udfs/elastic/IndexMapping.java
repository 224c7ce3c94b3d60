package io.vigil.udfs.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What an index template tells Elasticsearch 7.10 about the documents of its indices, compiled for
 * {@link DocumentGuard}: the explicit fields with their types, which objects take new fields
 * ({@code dynamic}), the dynamic templates that map new fields, and the index's mapping limits.
 *
 * <p>Reads both template formats: composable ({@code _index_template}: {@code priority}, {@code
 * template.settings}, {@code template.mappings}) and legacy ({@code _template}: {@code order},
 * {@code settings}, {@code mappings}), settings nested or dotted, with or without the {@code
 * index.} prefix.
 *
 * @param name the template's name, for messages
 * @param patterns index patterns ({@code *} matches any run of characters)
 * @param priority the template's priority (legacy: order); the highest matching template wins
 * @param root the mapping of the document's root object
 * @param dynamicTemplates the dynamic templates, in order (the first that matches wins)
 * @param dateDetection whether a new string field that looks like a date becomes a date
 * @param totalFieldsLimit {@code index.mapping.total_fields.limit} (ES default 1000)
 * @param depthLimit {@code index.mapping.depth.limit} (ES default 20)
 * @param nestedObjectsLimit {@code index.mapping.nested_objects.limit} (ES default 10000)
 * @param explicitFields how many fields and objects the template maps explicitly (counted against
 *     the total fields limit)
 */
public record IndexMapping(
        String name,
        List<String> patterns,
        int priority,
        Field root,
        List<DynamicTemplate> dynamicTemplates,
        boolean dateDetection,
        int totalFieldsLimit,
        int depthLimit,
        int nestedObjectsLimit,
        int explicitFields)
        implements Serializable {

    /** ES 7.10's defaults for an index no template matches. */
    public static final int DEFAULT_TOTAL_FIELDS_LIMIT = 1000;

    public static final int DEFAULT_DEPTH_LIMIT = 20;
    public static final int DEFAULT_NESTED_OBJECTS_LIMIT = 10_000;

    /**
     * The mapping of one field or object.
     *
     * @param type the ES type ({@code keyword}, {@code long}, {@code object}, {@code nested}, …)
     * @param ignoreAbove {@code ignore_above} of a keyword, else {@link Integer#MAX_VALUE}
     * @param enabled {@code false} for an object ES keeps in {@code _source} only
     * @param dynamic {@code true}, {@code false} or {@code strict}; {@code null} inherits
     * @param properties sub-fields of an object or nested field, by name
     * @param subFields how many multi-fields ({@code fields}) it has
     * @param stored whether ES keeps its value as a term (indexed or with doc values), where
     *     Lucene's term length limit applies
     */
    public record Field(
            String type,
            int ignoreAbove,
            boolean enabled,
            String dynamic,
            Map<String, Field> properties,
            int subFields,
            boolean stored)
            implements Serializable {

        public boolean isObject() {
            return type.equals("object") || type.equals("nested");
        }
    }

    /**
     * One dynamic template: the mapping a new field gets when the template matches it.
     *
     * @param match glob on the field's own name, or {@code null}
     * @param unmatch glob on the field's own name, or {@code null}
     * @param pathMatch glob on the field's full dotted path, or {@code null}
     * @param pathUnmatch glob on the full path, or {@code null}
     * @param matchMappingType {@code string}, {@code long}, {@code double}, {@code boolean}, {@code
     *     object}, or {@code *} / {@code null} for any
     */
    public record DynamicTemplate(
            String name,
            String match,
            String unmatch,
            String pathMatch,
            String pathUnmatch,
            String matchMappingType,
            Field mapping)
            implements Serializable {

        boolean matches(String field, String path, String jsonType) {
            return (matchMappingType == null
                            || matchMappingType.equals("*")
                            || matchMappingType.equals(jsonType))
                    && (match == null || glob(match, field))
                    && (unmatch == null || !glob(unmatch, field))
                    && (pathMatch == null || glob(pathMatch, path))
                    && (pathUnmatch == null || !glob(pathUnmatch, path));
        }
    }

    /** The mapping ES gives an index that no template matches: everything dynamic, defaults. */
    public static IndexMapping defaults() {
        return new IndexMapping(
                "(no template)",
                List.of("*"),
                Integer.MIN_VALUE,
                new Field("object", Integer.MAX_VALUE, true, "true", Map.of(), 0, true),
                List.of(),
                true,
                DEFAULT_TOTAL_FIELDS_LIMIT,
                DEFAULT_DEPTH_LIMIT,
                DEFAULT_NESTED_OBJECTS_LIMIT,
                0);
    }

    /**
     * Compiles a template body as sent to {@code PUT _index_template/<name>} or {@code PUT
     * _template/<name>}.
     */
    public static IndexMapping of(String name, JsonNode body) {
        boolean composable = body.has("template");
        JsonNode template = composable ? body.path("template") : body;
        int priority = composable ? body.path("priority").asInt(0) : body.path("order").asInt(0);
        List<String> patterns = new ArrayList<>();
        body.path("index_patterns").forEach(p -> patterns.add(p.asText()));
        if (body.path("index_patterns").isTextual()) {
            patterns.add(body.path("index_patterns").asText());
        }
        Map<String, String> settings = new HashMap<>();
        flatten("", template.path("settings"), settings);
        JsonNode mappings = template.path("mappings");
        String rootDynamic = text(mappings.path("dynamic"), "true");
        Map<String, Field> properties = properties(mappings.path("properties"));
        List<DynamicTemplate> dynamicTemplates = new ArrayList<>();
        for (JsonNode entry : mappings.path("dynamic_templates")) {
            Iterator<Map.Entry<String, JsonNode>> named = entry.fields();
            if (named.hasNext()) {
                Map.Entry<String, JsonNode> t = named.next();
                JsonNode d = t.getValue();
                dynamicTemplates.add(
                        new DynamicTemplate(
                                t.getKey(),
                                nullable(d.path("match")),
                                nullable(d.path("unmatch")),
                                nullable(d.path("path_match")),
                                nullable(d.path("path_unmatch")),
                                nullable(d.path("match_mapping_type")),
                                field(d.path("mapping"))));
            }
        }
        return new IndexMapping(
                name,
                List.copyOf(patterns),
                priority,
                new Field("object", Integer.MAX_VALUE, true, rootDynamic, properties, 0, true),
                List.copyOf(dynamicTemplates),
                mappings.path("date_detection").asBoolean(true),
                limit(settings, "mapping.total_fields.limit", DEFAULT_TOTAL_FIELDS_LIMIT),
                limit(settings, "mapping.depth.limit", DEFAULT_DEPTH_LIMIT),
                limit(settings, "mapping.nested_objects.limit", DEFAULT_NESTED_OBJECTS_LIMIT),
                count(properties));
    }

    /** Whether one of the template's patterns matches the index name. */
    public boolean matches(String index) {
        for (String p : patterns) {
            if (glob(p, index)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Field> properties(JsonNode node) {
        Map<String, Field> fields = new HashMap<>();
        node.fields().forEachRemaining(e -> fields.put(e.getKey(), field(e.getValue())));
        return Map.copyOf(fields);
    }

    private static Field field(JsonNode node) {
        Map<String, Field> properties = properties(node.path("properties"));
        // a mapping without a type is an object, as ES reads it
        String type = node.has("type") ? node.path("type").asText() : "object";
        JsonNode dynamic = node.path("dynamic");
        return new Field(
                type,
                node.path("ignore_above").asInt(Integer.MAX_VALUE),
                node.path("enabled").asBoolean(true),
                dynamic.isMissingNode() ? null : dynamic.asText(),
                properties,
                node.path("fields").size(),
                node.path("index").asBoolean(true) || node.path("doc_values").asBoolean(true));
    }

    /** Fields and objects a mapping defines, as ES counts them against the total fields limit. */
    private static int count(Map<String, Field> properties) {
        int n = 0;
        for (Field f : properties.values()) {
            n += 1 + f.subFields() + count(f.properties());
        }
        return n;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(e -> flatten(prefix + e.getKey() + ".", e.getValue(), out));
        } else if (!node.isMissingNode()) {
            String key = prefix.substring(0, prefix.length() - 1);
            out.put(
                    key.startsWith("index.") ? key.substring("index.".length()) : key,
                    node.asText());
        }
    }

    private static int limit(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String text(JsonNode node, String fallback) {
        return node.isMissingNode() || node.isNull() ? fallback : node.asText();
    }

    private static String nullable(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** ES's simple match: {@code *} matches any run of characters, nothing else is special. */
    static boolean glob(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (p < pattern.length() && pattern.charAt(p) == value.charAt(v)) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
