package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The fields of Vigil's index templates ({@code elastic/index-templates/*.json}, {@code
 * elastic/jaeger/*.json}) with their Elasticsearch types, per index pattern: what a Kibana index
 * pattern of that title will find in the indices.
 */
final class IndexFields {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Numeric field types of Elasticsearch 7.10 (OSS). */
    static final Set<String> NUMERIC =
            Set.of(
                    "long",
                    "integer",
                    "short",
                    "byte",
                    "double",
                    "float",
                    "half_float",
                    "scaled_float");

    /**
     * Fields of indices whose template maps nothing (Jaeger's dependencies: {@code "mappings":
     * {}}), as Elasticsearch's dynamic mapping makes them from what {@code JaegerMapper} writes:
     * {@code timestamp} is an RFC 3339 string, and date detection (on by default) maps it as a
     * date. {@code KibanaPanelsITCase} checks this against a real node's {@code _field_caps}.
     */
    static final Map<String, Map<String, Field>> DYNAMIC =
            Map.of("jaeger-dependencies-*", Map.of("timestamp", new Field("date", true)));

    /** One mapped field: its type and whether it has doc values (aggregatable, sortable). */
    record Field(String type, boolean docValues) {
        boolean aggregatable() {
            return docValues
                    && (NUMERIC.contains(type)
                            || Set.of("keyword", "date", "boolean", "ip").contains(type));
        }

        boolean numeric() {
            return NUMERIC.contains(type);
        }
    }

    /** A template: its index patterns, fields, and whether {@code labels.*} is keyword. */
    record Template(List<String> patterns, Map<String, Field> fields, boolean keywordLabels) {
        /** The field by name, or null; {@code labels.*} per the dynamic template. */
        Field field(String name) {
            Field f = fields.get(name);
            if (f == null && keywordLabels && name.startsWith("labels.")) {
                return new Field("keyword", true);
            }
            return f;
        }

        /** Whether an index pattern's title reads this template's indices. */
        boolean matches(String title) {
            for (String p : patterns) {
                if (p.equals(title) || title.matches(p.replace(".", "\\.").replace("*", ".*"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Every template under {@code elasticDir}'s {@code index-templates} and {@code jaeger}. */
    static List<Template> load(Path elasticDir) throws IOException {
        List<Template> templates = new ArrayList<>();
        for (String sub : List.of("index-templates", "jaeger")) {
            try (Stream<Path> files = Files.list(elasticDir.resolve(sub))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    JsonNode t = JSON.readTree(f.toFile());
                    List<String> patterns = new ArrayList<>();
                    JsonNode ip = t.path("index_patterns");
                    if (ip.isArray()) {
                        ip.forEach(p -> patterns.add(p.asText()));
                    } else {
                        patterns.add(ip.asText());
                    }
                    JsonNode mappings =
                            t.has("template") ? t.at("/template/mappings") : t.path("mappings");
                    Map<String, Field> fields = new LinkedHashMap<>();
                    walk(mappings.path("properties"), "", fields);
                    for (String p : patterns) {
                        fields.putAll(DYNAMIC.getOrDefault(p.replaceFirst("^\\*", ""), Map.of()));
                    }
                    boolean labels = false;
                    for (JsonNode d : mappings.path("dynamic_templates")) {
                        JsonNode def = d.elements().next();
                        if (def.path("path_match").asText().equals("labels.*")
                                && def.at("/mapping/type").asText().equals("keyword")) {
                            labels = true;
                        }
                    }
                    templates.add(new Template(patterns, fields, labels));
                }
            }
        }
        return templates;
    }

    private static void walk(JsonNode properties, String prefix, Map<String, Field> out) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix + e.getKey();
            JsonNode def = e.getValue();
            if (def.has("properties")) {
                // nested fields cannot be aggregated by Kibana's standard visualizations
                if (!def.path("type").asText("object").equals("nested")) {
                    walk(def.path("properties"), name + ".", out);
                }
            } else {
                String type = def.path("type").asText("object");
                boolean docValues =
                        def.path("doc_values").asBoolean(true) && def.path("index").asBoolean(true);
                out.put(name, new Field(type, docValues));
            }
        }
    }
}
