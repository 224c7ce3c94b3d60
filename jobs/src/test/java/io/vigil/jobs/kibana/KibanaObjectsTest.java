package io.vigil.jobs.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.udfs.kibana.KibanaLinks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vigil's Kibana saved objects ({@code kibana/*.ndjson}): they are what {@link VigilKibana}
 * produces, the jar ships them, and every object is valid against the Kibana 7.10 contract and
 * reads only fields Vigil's index templates map, with the types its aggregations need. Kibana
 * itself cannot run on the build machines; {@code KibanaPanelsITCase} runs each panel's query on a
 * real Elasticsearch node instead.
 *
 * <p>After changing {@link VigilKibana}: {@code ./mvnw -o verify -DskipITs -pl
 * udfs,cep-patterns,jobs -Dtest=KibanaObjectsTest -Dkibana.write=true} rewrites {@code kibana/}.
 */
class KibanaObjectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path KIBANA = Path.of("..", "kibana");
    private static final Path ELASTIC = Path.of("..", "elastic");

    private static Map<String, String> committed;
    private static SavedObjectsValidator validator;

    @BeforeAll
    static void read() throws IOException {
        if (Boolean.getBoolean("kibana.write")) {
            KibanaFiles.write(KIBANA);
        }
        committed = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(KIBANA)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList()) {
                committed.put(
                        f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        validator = new SavedObjectsValidator(IndexFields.load(ELASTIC));
    }

    @Test
    void theCommittedFilesAreWhatTheModelProduces() {
        assertThat(committed.keySet())
                .as("kibana/: run this test with -Dkibana.write=true after changing VigilKibana")
                .containsExactlyElementsOf(KibanaFiles.generated().keySet());
        KibanaFiles.generated()
                .forEach(
                        (name, content) ->
                                assertThat(committed.get(name)).as(name).isEqualTo(content));
    }

    @Test
    void theJarShipsTheCommittedFilesInImportOrder() {
        assertThat(KibanaFiles.shipped()).containsExactlyEntriesOf(committed);
    }

    @Test
    void everyObjectIsValidAndReadsOnlyMappedFieldsOfTheRightType() throws IOException {
        assertThat(validator.problems(committed)).isEmpty();

        Map<String, Integer> types = new LinkedHashMap<>();
        int panels = 0;
        for (JsonNode o : objects(committed)) {
            types.merge(o.path("type").asText(), 1, Integer::sum);
            if (o.path("type").asText().equals("dashboard")) {
                panels += JSON.readTree(o.at("/attributes/panelsJSON").asText()).size();
            }
        }
        System.out.println("KibanaObjectsTest: " + types + ", " + panels + " dashboard panels");
        assertThat(types)
                .containsEntry("index-pattern", 17)
                .containsEntry("search", 6)
                .containsEntry("dashboard", 6);
        assertThat(panels).isGreaterThanOrEqualTo(49);
    }

    @Test
    void everyIndexFamilyVigilWritesHasAnIndexPattern() throws IOException {
        List<String> titles = new ArrayList<>();
        for (JsonNode o : objects(committed)) {
            if (o.path("type").asText().equals("index-pattern")) {
                titles.add(o.at("/attributes/title").asText());
            }
        }
        for (IndexFields.Template t : IndexFields.load(ELASTIC)) {
            assertThat(titles).as("an index pattern for %s", t.patterns()).anyMatch(t::matches);
        }
        assertThat(titles).doesNotHaveDuplicates();
    }

    @Test
    void theDashboardsTheAlertLinksOpenExist() throws IOException {
        List<String> dashboards = new ArrayList<>();
        for (JsonNode o : objects(committed)) {
            if (o.path("type").asText().equals("dashboard")) {
                dashboards.add(o.path("id").asText());
            }
        }
        assertThat(dashboards)
                .containsExactlyInAnyOrder(
                        KibanaLinks.SERVICE_OVERVIEW_DASHBOARD,
                        KibanaLinks.ANOMALIES_DASHBOARD,
                        KibanaLinks.INCIDENTS_DASHBOARD,
                        KibanaLinks.SLOS_DASHBOARD,
                        KibanaLinks.LOGS_DASHBOARD,
                        KibanaLinks.CAPACITY_DASHBOARD);
    }

    /** The validator finds each kind of mistake in a broken copy of the real objects. */
    @Test
    void theValidatorRejectsBrokenCopies() throws IOException {
        assertThat(broken("vigil-vis-overview-rate", o -> aggField(o, 0, "message")))
                .containsExactly(
                        "vigil-vis-overview-rate: agg avg on message: not a field of vigil-red");
        assertThat(broken("vigil-vis-logs-lines", o -> aggField(o, 1, "message")))
                .containsExactly(
                        "vigil-vis-logs-lines: agg cardinality on message: needs an aggregatable"
                                + " field, is text");
        assertThat(broken("vigil-vis-overview-rate", o -> aggField(o, 0, "service.name")))
                .containsExactly(
                        "vigil-vis-overview-rate: agg avg on service.name: needs a number, is"
                                + " keyword");
        assertThat(broken("vigil-vis-overview-rate", o -> aggField(o, 1, "vigil.red.requests")))
                .containsExactly(
                        "vigil-vis-overview-rate: agg date_histogram on vigil.red.requests: needs"
                                + " a date, is long");
        assertThat(
                        broken(
                                KibanaLinks.INCIDENTS_DASHBOARD,
                                o ->
                                        editEncoded(
                                                o,
                                                "panelsJSON",
                                                p ->
                                                        ((ObjectNode) p.get(0).path("gridData"))
                                                                .put("w", 49))))
                .contains(
                        KibanaLinks.INCIDENTS_DASHBOARD
                                + ": panel 1 is outside the 48-column grid");
        assertThat(
                        broken(
                                KibanaLinks.INCIDENTS_DASHBOARD,
                                o -> ((ArrayNode) o.path("references")).remove(0)))
                .containsExactly(
                        KibanaLinks.INCIDENTS_DASHBOARD
                                + ": panelRefName panel_0 has no reference");
        assertThat(
                        broken(
                                "vigil-vis-overview-rate",
                                o -> ((ObjectNode) o.path("references").get(0)).put("id", "nope")))
                .containsExactly(
                        "vigil-vis-overview-rate: reference"
                                + " kibanaSavedObjectMeta.searchSourceJSON.index to a missing"
                                + " object",
                        "vigil-vis-overview-rate: reads nope, which is no index pattern of the"
                                + " files");
        assertThat(broken("vigil-logs", o -> o.put("coreMigrationVersion", "7.10.2")))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("vigil-logs: envelope keys");
        assertThat(
                        broken(
                                "vigil-search-errors",
                                o ->
                                        ((ObjectNode) o.path("migrationVersion"))
                                                .put("search", "7.11.0")))
                .containsExactly(
                        "vigil-search-errors: migrationVersion must be {\"search\":\"7.9.3\"}");
        assertThat(
                        broken(
                                "vigil-vis-slos-budget",
                                o ->
                                        ((ObjectNode) o.path("attributes"))
                                                .put("visState", "{\"title\":")))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("vigil-vis-slos-budget: /attributes/visState does not parse");
        assertThat(
                        broken(
                                "vigil-search-errors",
                                o -> ((ArrayNode) o.at("/attributes/columns")).add("log.nonsense")))
                .containsExactly(
                        "vigil-search-errors: column log.nonsense is not a field of vigil-logs");
        assertThat(
                        broken(
                                "vigil-vis-logs-error-lines",
                                o ->
                                        editEncoded(
                                                o,
                                                "kibanaSavedObjectMeta/searchSourceJSON",
                                                s ->
                                                        ((ObjectNode) s.path("query"))
                                                                .put("query", "log.lvl:error"))))
                .containsExactly(
                        "vigil-vis-logs-error-lines: the query's field log.lvl is not a field of"
                                + " vigil-logs");
        assertThat(
                        broken(
                                "vigil-red",
                                o ->
                                        ((ObjectNode) o.path("attributes"))
                                                .put("timeFieldName", "service.name")))
                .containsExactly("vigil-red: time field service.name is not a date of vigil-red-*");
    }

    /** The validator's problems with one object of the committed files changed. */
    private static List<String> broken(String id, Consumer<ObjectNode> change) throws IOException {
        Map<String, String> copy = new LinkedHashMap<>();
        boolean found = false;
        for (Map.Entry<String, String> file : committed.entrySet()) {
            StringBuilder out = new StringBuilder();
            for (String line : file.getValue().split("\n")) {
                ObjectNode o = (ObjectNode) JSON.readTree(line);
                if (o.path("id").asText().equals(id)) {
                    change.accept(o);
                    found = true;
                }
                out.append(o).append('\n');
            }
            copy.put(file.getKey(), out.toString());
        }
        assertThat(found).as("object %s", id).isTrue();
        return validator.problems(copy);
    }

    private static void aggField(ObjectNode o, int agg, String field) {
        editEncoded(
                o,
                "visState",
                vis -> ((ObjectNode) vis.path("aggs").get(agg).path("params")).put("field", field));
    }

    /** Changes a double-encoded attribute (path below attributes, {@code /}-separated). */
    private static void editEncoded(ObjectNode o, String path, Consumer<JsonNode> change) {
        ObjectNode parent = (ObjectNode) o.path("attributes");
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.path(parts[i]);
        }
        String key = parts[parts.length - 1];
        try {
            JsonNode value = JSON.readTree(parent.path(key).asText());
            change.accept(value);
            parent.put(key, value.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> objects(Map<String, String> files) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (String content : files.values()) {
            for (String line : content.split("\n")) {
                all.add(JSON.readTree(line));
            }
        }
        return all;
    }
}
