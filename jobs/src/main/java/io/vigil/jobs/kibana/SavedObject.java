package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One Kibana 7.10 saved object as it is imported: an NDJSON line {@code {"id", "type",
 * "migrationVersion", "attributes", "references"}} (contract: {@code
 * ../shared/contracts/kibana/README.md}). No {@code coreMigrationVersion}: 7.10 does not know it.
 *
 * @param id stable id, so that an import with {@code overwrite=true} replaces the object
 * @param type {@code index-pattern}, {@code search}, {@code visualization} or {@code dashboard}
 * @param attributes the type's attributes, with the double-encoded ones already strings
 * @param references the objects this one points at
 */
public record SavedObject(
        String id, String type, ObjectNode attributes, List<Reference> references) {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The {@code migrationVersion} of each type for Kibana 7.10.x: the highest migration key at or
     * below 7.10 (contract §3). Kibana runs the migrations above it and refuses newer versions.
     */
    public static final Map<String, String> MIGRATION_VERSIONS =
            Map.of(
                    "index-pattern", "7.6.0",
                    "search", "7.9.3",
                    "visualization", "7.10.0",
                    "dashboard", "7.9.3");

    /** The panel version dashboards of Kibana 7.10.2 write. */
    public static final String PANEL_VERSION = "7.10.2";

    public SavedObject {
        if (!MIGRATION_VERSIONS.containsKey(type)) {
            throw new IllegalArgumentException("unknown saved object type " + type);
        }
        references = List.copyOf(references);
    }

    /** A reference {@code {name, type, id}}: how 7.x objects point at each other. */
    public record Reference(String name, String type, String id) {}

    /** The NDJSON line, without its newline. */
    public String ndjson() {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", id);
        line.put("type", type);
        line.putObject("migrationVersion").put(type, MIGRATION_VERSIONS.get(type));
        line.set("attributes", attributes);
        ArrayNode refs = line.putArray("references");
        for (Reference r : references) {
            refs.addObject().put("name", r.name()).put("type", r.type()).put("id", r.id());
        }
        return line.toString();
    }
}
