package io.vigil.udfs.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.model.DeadLetter;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.OtlpFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index templates in {@code elastic/index-templates/} are well-formed composable templates for
 * Elasticsearch 7.10, and map every field {@link EcsMapper} writes explicitly, with a type that
 * accepts the value written (only {@code labels.*} and span event/link attributes are left to the
 * dynamic templates, as keywords).
 */
class IndexTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EcsMapper MAPPER = new EcsMapper();

    /** Object paths whose children are dynamic: attribute keys chosen by senders. */
    private static final Set<String> DYNAMIC_STRING_OBJECTS =
            Set.of("labels", "otel.events.attributes", "otel.links.attributes");

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("spans", spanDocuments()),
                Arguments.of("logs", logDocuments()),
                Arguments.of("metric-points", metricDocuments()),
                Arguments.of("dlq", deadLetterDocuments()),
                Arguments.of("slo", sloDocuments()),
                Arguments.of("health", healthDocuments()),
                Arguments.of("forecasts", forecastDocuments()));
    }

    /** Every Vigil template file, whatever its family. */
    static Stream<String> allFamilies() throws java.io.IOException {
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(templatesDir())) {
            return files
                    .map(f -> f.getFileName().toString())
                    .map(n -> n.substring("vigil-".length(), n.length() - ".json".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    /**
     * Unknown keys cannot explode the mapping: the index has a field limit (the guard counts new
     * fields against it, and what ES still refuses is a dead letter), new strings become bounded
     * keywords (never text, never dates by accident), and every keyword that keeps terms skips
     * values long enough to pass Lucene's 32,766-byte term limit.
     */
    @ParameterizedTest
    @MethodSource("allFamilies")
    void everyTemplateBoundsItsMapping(String family) {
        JsonNode template = template(family);
        JsonNode settings = template.at("/template/settings");
        assertThat(settings.at("/mapping/total_fields/limit").asInt())
                .as(family + ": index.mapping.total_fields.limit")
                .isBetween(1000, 5000);
        JsonNode mappings = template.at("/template/mappings");
        assertThat(mappings.get("date_detection").asBoolean(true)).as(family).isFalse();
        assertThat(mappings.path("numeric_detection").asBoolean(false)).as(family).isFalse();
        assertThat(mappings.get("dynamic_templates")).as(family).isNotEmpty();
        for (JsonNode entry : mappings.get("dynamic_templates")) {
            JsonNode dynamic = entry.elements().next();
            assertThat(dynamic.path("match_mapping_type").asText()).isEqualTo("string");
            assertThat(dynamic.at("/mapping/type").asText()).as(family).isEqualTo("keyword");
            assertThat(dynamic.at("/mapping/ignore_above").asInt()).as(family).isBetween(1, 1024);
        }
        List<String> unbounded = new ArrayList<>();
        keywordsWithoutIgnoreAbove(mappings.get("properties"), "", unbounded);
        assertThat(unbounded).as(family + ": keywords without ignore_above").isEmpty();
    }

    private static void keywordsWithoutIgnoreAbove(
            JsonNode properties, String path, List<String> out) {
        properties
                .fields()
                .forEachRemaining(
                        e -> {
                            JsonNode field = e.getValue();
                            String name = path + e.getKey();
                            // ignore_above counts characters, up to 3 UTF-8 bytes each
                            boolean bounded =
                                    field.path("ignore_above").asInt(0) > 0
                                            && field.path("ignore_above").asInt() * 3 <= 32_766;
                            boolean noTerm =
                                    !field.path("index").asBoolean(true)
                                            && !field.path("doc_values").asBoolean(true);
                            if (field.path("type").asText().equals("keyword")
                                    && !bounded
                                    && !noTerm) {
                                out.add(name);
                            }
                            if (field.has("properties")) {
                                keywordsWithoutIgnoreAbove(
                                        field.get("properties"), name + ".", out);
                            }
                        });
    }

    @ParameterizedTest
    @MethodSource("families")
    void templateIsAVersionedComposableTemplate(String family, List<EsDocument> unused) {
        JsonNode template = template(family);

        assertThat(template.get("index_patterns"))
                .isEqualTo(JSON.createArrayNode().add("vigil-" + family + "-*"));
        assertThat(template.get("version").asInt()).isPositive();
        assertThat(template.get("priority").isInt()).isTrue();
        assertThat(template.at("/_meta/managed_by").asText()).isEqualTo("vigil");
        assertThat(template.at("/_meta/version").asInt())
                .isEqualTo(template.get("version").asInt());
        JsonNode settings = template.at("/template/settings");
        assertThat(settings.get("number_of_shards").asInt()).isEqualTo(1);
        assertThat(settings.get("auto_expand_replicas").asText()).isEqualTo("0-1");
        assertThat(settings.get("refresh_interval").asText()).isEqualTo("5s");
        JsonNode mappings = template.at("/template/mappings");
        assertThat(mappings.get("date_detection").asBoolean(true)).isFalse();
        assertThat(mappings.at("/dynamic_templates/0/labels/path_match").asText())
                .isEqualTo("labels.*");
        assertThat(mappings.at("/dynamic_templates/0/labels/mapping/type").asText())
                .isEqualTo("keyword");
        assertThat(mappings.findValuesAsText("type"))
                .as("ES 7.10 OSS has none of these types")
                .doesNotContain(
                        "flattened", "match_only_text", "wildcard", "constant_keyword", "version");
    }

    @ParameterizedTest
    @MethodSource("families")
    void everyFieldTheMapperWritesIsMappedWithACompatibleType(
            String family, List<EsDocument> documents) throws Exception {
        JsonNode properties = template(family).at("/template/mappings/properties");
        assertThat(documents).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (EsDocument doc : documents) {
            assertThat(doc.index()).startsWith("vigil-" + family + "-");
            check(properties, "", JSON.readTree(doc.json()), problems);
        }
        assertThat(problems).isEmpty();
    }

    /** Walks a document alongside the mapping; reports leaves that are unmapped or mistyped. */
    private static void check(JsonNode properties, String path, JsonNode value, List<String> out) {
        if (value.isArray()) {
            value.forEach(element -> check(properties, path, element, out));
            return;
        }
        if (value.isNull()) {
            return; // ES skips nulls (we write them only inside number arrays)
        }
        if (value.isObject()) {
            if (DYNAMIC_STRING_OBJECTS.contains(path)) {
                value.fields()
                        .forEachRemaining(
                                e -> {
                                    if (!e.getValue().isTextual()) {
                                        out.add(path + "." + e.getKey() + " is not a string");
                                    }
                                });
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode mapping = mappingOf(properties, child);
                if (mapping == null) {
                    out.add(child + " is not mapped");
                } else if (e.getValue().isObject()
                        || (e.getValue().isArray() && e.getValue().path(0).isObject())) {
                    check(properties, child, e.getValue(), out);
                } else {
                    checkLeaf(child, mapping.path("type").asText("object"), e.getValue(), out);
                }
            }
            return;
        }
        out.add(path + " is a bare value");
    }

    private static void checkLeaf(String path, String type, JsonNode value, List<String> out) {
        if (value.isArray()) {
            value.forEach(element -> checkLeaf(path, type, element, out));
            return;
        }
        boolean ok =
                switch (type) {
                    case "date" -> value.isTextual() && isIsoMillis(value.textValue());
                    case "boolean" -> value.isBoolean();
                    case "long", "integer" -> value.isIntegralNumber();
                    case "double" -> value.isNumber() || value.isNull();
                    case "keyword", "text", "binary" -> value.isTextual();
                    default -> false;
                };
        if (!ok) {
            out.add(path + " is mapped as " + type + " but holds " + value);
        }
    }

    /** The mapping of a dotted path, or {@code null} if the template does not define it. */
    private static JsonNode mappingOf(JsonNode properties, String path) {
        JsonNode node = null;
        JsonNode level = properties;
        for (String step : path.split("\\.")) {
            node = level.get(step);
            if (node == null) {
                return null;
            }
            level = node.path("properties");
        }
        return node;
    }

    /** ISO-8601 UTC with milliseconds, as {@code @timestamp} must be. */
    private static boolean isIsoMillis(String text) {
        try {
            Instant.parse(text);
            return text.length() == "2026-01-01T00:00:00.000Z".length();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static JsonNode template(String family) {
        return OtlpFixtures.readJson(templatesDir().resolve("vigil-" + family + ".json"));
    }

    /** {@code elastic/index-templates} at the repository root. */
    static Path templatesDir() {
        String repo = System.getProperty("vigil.repo.dir");
        Path root = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.dir"), "..");
        Path dir = root.resolve("elastic/index-templates");
        assertThat(dir).isDirectory();
        return dir;
    }

    // ------------------------------------------------------------ documents

    private static List<EsDocument> spanDocuments() {
        List<EsDocument> docs = new ArrayList<>();
        OtlpSpanDecoder decoder = new OtlpSpanDecoder(OtlpEncoding.AUTO);
        for (long seed = 1; seed <= 3; seed++) {
            decoder.decode(OtlpFixtures.tracesRequest(100, seed, false)).records().stream()
                    .map(MAPPER::span)
                    .forEach(docs::add);
        }
        decoder.decode(example("trace")).records().stream().map(MAPPER::span).forEach(docs::add);
        return docs;
    }

    private static List<EsDocument> logDocuments() {
        List<EsDocument> docs = new ArrayList<>();
        OtlpLogDecoder decoder = new OtlpLogDecoder(OtlpEncoding.AUTO);
        for (long seed = 1; seed <= 3; seed++) {
            decoder.decode(OtlpFixtures.logsRequest(100, seed, false)).records().stream()
                    .map(l -> MAPPER.log(l, "a1b2c3d4e5f60718", "order <*> placed"))
                    .forEach(docs::add);
        }
        decoder.decode(example("logs")).records().stream().map(MAPPER::log).forEach(docs::add);
        return docs;
    }

    private static List<EsDocument> metricDocuments() {
        List<EsDocument> docs = new ArrayList<>();
        OtlpMetricDecoder decoder = new OtlpMetricDecoder(OtlpEncoding.AUTO);
        for (long seed = 1; seed <= 3; seed++) {
            decoder.decode(OtlpFixtures.metricsRequest(100, seed, false)).records().stream()
                    .map(MAPPER::metric)
                    .forEach(docs::add);
        }
        decoder.decode(example("metrics")).records().stream()
                .map(MAPPER::metric)
                .forEach(docs::add);
        return docs;
    }

    /** A forecast, and capacity outlooks with and without a breach. */
    private static List<EsDocument> forecastDocuments() {
        io.vigil.udfs.forecast.ForecastDocuments docs =
                new io.vigil.udfs.forecast.ForecastDocuments("vigil");
        long t = OtlpFixtures.BASE_TIME.toEpochMilli();
        io.vigil.udfs.alerts.AlertEvent.Series series =
                new io.vigil.udfs.alerts.AlertEvent.Series(
                        "system.filesystem.utilization{host.name=\"db\",service.name=\"pg\","
                                + "system.filesystem.mountpoint=\"/data\"}",
                        "system.filesystem.utilization",
                        "1",
                        new java.util.TreeMap<>(
                                Map.of(
                                        "host.name",
                                        "db",
                                        "service.name",
                                        "pg",
                                        "system.filesystem.mountpoint",
                                        "/data")));
        io.vigil.udfs.forecast.CapacityOutlook breach =
                new io.vigil.udfs.forecast.CapacityOutlook(
                        0.8,
                        0.9,
                        604_800_000L,
                        7_200_000L,
                        1.2,
                        1.1,
                        1.3,
                        0.97,
                        io.vigil.udfs.forecast.Trend.INCREASING,
                        io.vigil.udfs.forecast.RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED);
        io.vigil.udfs.forecast.CapacityOutlook calm =
                new io.vigil.udfs.forecast.CapacityOutlook(
                        0.3,
                        0.9,
                        604_800_000L,
                        -1,
                        0.3,
                        0.25,
                        0.35,
                        0.0,
                        io.vigil.udfs.forecast.Trend.STABLE,
                        io.vigil.udfs.forecast.RecommendedAction.CONSIDER_SCALE_DOWN);
        return List.of(
                docs.forecast(
                        new io.vigil.udfs.forecast.ForecastPoint(
                                series,
                                t,
                                3_600_000L,
                                0.85,
                                0.8,
                                0.9,
                                io.vigil.udfs.forecast.Trend.INCREASING,
                                86_400_000L)),
                docs.capacity(
                        new io.vigil.udfs.forecast.CapacityPoint(
                                series,
                                t,
                                0,
                                breach,
                                io.vigil.udfs.forecast.CapacityLimits.Basis.UTILIZATION)),
                docs.capacity(
                        new io.vigil.udfs.forecast.CapacityPoint(
                                series,
                                t,
                                0,
                                calm,
                                io.vigil.udfs.forecast.CapacityLimits.Basis.CONFIGURED)));
    }

    /** A healthy score and one with every kind of factor. */
    private static List<EsDocument> healthDocuments() {
        io.vigil.udfs.health.HealthDocuments docs =
                new io.vigil.udfs.health.HealthDocuments("vigil");
        long t = OtlpFixtures.BASE_TIME.toEpochMilli();
        return List.of(
                docs.score(
                        new io.vigil.udfs.health.HealthScore(
                                "cart", t, 100, List.of(), 0.001, 0.001, 120, 110, 0, 0)),
                docs.score(
                        new io.vigil.udfs.health.HealthScore(
                                "checkout",
                                t,
                                20,
                                List.of(
                                        new io.vigil.udfs.health.HealthScore.Factor(
                                                "slo", 20, "SLO a burns"),
                                        new io.vigil.udfs.health.HealthScore.Factor(
                                                "incident", 40, "incident open"),
                                        new io.vigil.udfs.health.HealthScore.Factor(
                                                "errors", 50, "error ratio 20%")),
                                0.2,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                2,
                                1)));
    }

    /** A status of each SLI kind, with every window of both profiles and one without events. */
    private static List<EsDocument> sloDocuments() {
        List<io.vigil.udfs.slo.Slo> slos =
                io.vigil.udfs.slo.SloFiles.parse(
                        """
                        slos:
                          - name: a
                            service: checkout
                            description: Checkout works
                            objective: 99.9
                            sli: {errors: e_total, total: t_total}
                          - name: l
                            service: checkout
                            objective: 99
                            window: 7d
                            sli: {latency: {histogram: d_seconds, threshold: 0.5}}
                            alerting: {profile: simple}
                        """,
                        "slos.yml");
        io.vigil.udfs.slo.SloDocuments docs = new io.vigil.udfs.slo.SloDocuments("vigil");
        List<EsDocument> out = new ArrayList<>();
        for (io.vigil.udfs.slo.Slo slo : slos) {
            java.util.SortedMap<java.time.Duration, Double> ratios = new java.util.TreeMap<>();
            for (java.time.Duration w : io.vigil.udfs.slo.SloRules.windows(slo)) {
                ratios.put(w, w.toHours() < 1 ? Double.NaN : 0.002);
            }
            out.add(
                    docs.status(
                            new io.vigil.udfs.slo.SloStatus(
                                    slo,
                                    OtlpFixtures.BASE_TIME.toEpochMilli(),
                                    ratios,
                                    "warning")));
        }
        return out;
    }

    private static List<EsDocument> deadLetterDocuments() {
        List<EsDocument> docs = new ArrayList<>();
        List<byte[]> malformed = OtlpFixtures.malformed(OtlpFixtures.MALFORMED_KINDS, 1);
        for (int i = 0; i < malformed.size(); i++) {
            docs.add(
                    MAPPER.deadLetter(
                            new DeadLetter(
                                    "otlp_spans",
                                    0,
                                    i,
                                    OtlpFixtures.BASE_TIME.toEpochMilli(),
                                    "spans",
                                    "reason " + i,
                                    malformed.get(i))));
        }
        docs.add(
                MAPPER.deadLetter(
                        new DeadLetter(
                                "otlp_spans",
                                0,
                                99,
                                0,
                                "spans",
                                "payload too large to keep whole",
                                new byte[EcsMapper.MAX_PAYLOAD_BYTES * 2])));
        return docs;
    }

    private static byte[] example(String name) {
        try {
            return Files.readAllBytes(OtlpFixtures.otlpExample(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
