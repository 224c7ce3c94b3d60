package io.vigil.udfs.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.OtlpFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link DocumentGuard} against the shipped index templates: what the mappers write passes; each
 * kind of document Elasticsearch 7.10 refuses is refused with a reason that says what and where.
 */
class DocumentGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EcsMapper MAPPER = new EcsMapper();
    private static final DocumentGuard GUARD = new DocumentGuard(shippedTemplates());

    @Test
    void documentsTheMappersWritePass() {
        List<EsDocument> docs = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            new OtlpSpanDecoder(OtlpEncoding.AUTO)
                    .decode(OtlpFixtures.tracesRequest(50, seed, seed == 2)).records().stream()
                            .map(MAPPER::span)
                            .forEach(docs::add);
            new OtlpLogDecoder(OtlpEncoding.AUTO)
                    .decode(OtlpFixtures.logsRequest(50, seed, seed == 2)).records().stream()
                            .map(MAPPER::log)
                            .forEach(docs::add);
            new OtlpMetricDecoder(OtlpEncoding.AUTO)
                    .decode(OtlpFixtures.metricsRequest(30, seed, seed == 2)).records().stream()
                            .map(MAPPER::metric)
                            .forEach(docs::add);
        }
        assertThat(docs).hasSizeGreaterThan(300);
        for (EsDocument doc : docs) {
            assertThat(GUARD.check(doc)).as(doc.json()).isEmpty();
        }
    }

    @Test
    void fieldNamesEsRefuses() {
        assertThat(refusal("vigil-logs-2026.01.01", "{\"labels\":{\"\":\"x\"}}"))
                .contains("empty field name in [labels]");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"labels\":{\"a..b\":\"x\"}}"))
                .contains("[a..b]")
                .contains("dot");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"labels\":{\".\":\"x\"}}")).contains("dot");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"labels\":{\"a. .b\":\"x\"}}"))
                .contains("only whitespace");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"_id\":\"x\"}")).contains("metadata field");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"labels\":{\"a\":\"1\",\"a\":\"2\"}}"))
                .contains("Duplicate field 'a'");
    }

    @Test
    void objectsAndValuesMustFitTheMapping() {
        assertThat(refusal("vigil-logs-2026.01.01", "{\"service\":\"checkout\"}"))
                .contains("[service] is an object in the mapping");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"message\":{\"text\":\"x\"}}"))
                .contains(
                        "[message] is a text field in the mapping, but the document has an"
                                + " object");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"service.name\":{\"x\":1}}"))
                .contains("[service.name] is a keyword field");
        assertThat(refusal("vigil-logs-2026.01.01", "{\"labels\":{\"a\":\"1\"},\"labels.a\":{}}"))
                .isNotNull();
    }

    @Test
    void valuesWhoseTypeConflictsWithTheMapping() {
        String metrics = "vigil-metrics-2026.01.01";
        // document → what the reason says
        String[][] conflicts = {
            {
                "{\"vigil\":{\"rollup\":{\"count\":\"many\"}}}",
                "[vigil.rollup.count] is a long field in the mapping; cannot take many"
            },
            {"{\"vigil\":{\"rollup\":{\"count\":1e30}}}", "out of range for a long"},
            {"{\"vigil\":{\"rollup\":{\"sum\":\"NaN\"}}}", "only finite values"},
            {"{\"vigil\":{\"rollup\":{\"sum\":\"Infinity\"}}}", "only finite values"},
            {
                "{\"vigil\":{\"anomaly\":{\"score\":1e39}}}",
                "[vigil.anomaly.score] is a float field"
            },
            {"{\"@timestamp\":\"yesterday\"}", "[@timestamp] is a date field"},
            {"{\"vigil\":{\"anomaly\":{\"alerting\":\"maybe\"}}}", "boolean"}
        };
        for (String[] c : conflicts) {
            assertThat(refusal(metrics, c[0])).contains(c[1]);
        }
        // what ES coerces passes: numbers as strings, floats into longs, epoch millis as dates
        assertThat(
                        GUARD.check(
                                doc(
                                        metrics,
                                        "{\"@timestamp\":1700000000000,\"vigil\":{\"rollup\":"
                                                + "{\"count\":\"12\",\"sum\":2.5,\"min\":\"3\"},"
                                                + "\"anomaly\":{\"alerting\":\"true\"}}}")))
                .isEmpty();
    }

    @Test
    void keywordTermsOverLucenesLimitUnlessIgnoredAbove() {
        DocumentGuard guard =
                new DocumentGuard(
                        List.of(
                                mapping(
                                        "{\"index_patterns\":[\"k-*\"],\"template\":{\"mappings\":"
                                                + "{\"properties\":{\"k\":{\"type\":\"keyword\"},"
                                                + "\"i\":{\"type\":\"keyword\","
                                                + "\"ignore_above\":1024}}}}}")));
        String huge = "x".repeat(40_000);
        assertThat(guard.check(doc("k-1", "{\"k\":\"" + huge + "\"}")))
                .hasValueSatisfying(r -> assertThat(r).contains("over Lucene's term limit"));
        assertThat(guard.check(doc("k-1", "{\"i\":\"" + huge + "\"}"))).isEmpty();
        assertThat(
                        GUARD.check(
                                doc(
                                        "vigil-logs-2026.01.01",
                                        "{\"error\":{\"stack_trace\":\"" + huge + "\"}}")))
                .as("a keyword that is neither indexed nor has doc values keeps no term")
                .isEmpty();
        assertThat(guard.check(doc("k-1", "{\"k\":\"" + "é".repeat(11_000) + "\"}")))
                .as("22,000 bytes in UTF-8")
                .isEmpty();
        assertThat(guard.check(doc("k-1", "{\"k\":\"" + "é".repeat(17_000) + "\"}")))
                .as("34,000 bytes in UTF-8")
                .isPresent();
    }

    @Test
    void newFieldsStopAtTheIndexFieldLimit() {
        DocumentGuard guard =
                new DocumentGuard(
                        List.of(
                                mapping(
                                        "{\"index_patterns\":[\"f-*\"],\"template\":{\"settings\":"
                                                + "{\"mapping\":{\"total_fields\":{\"limit\":12}}},"
                                                + "\"mappings\":{\"dynamic_templates\":[{\"l\":"
                                                + "{\"path_match\":\"labels.*\",\"mapping\":"
                                                + "{\"type\":\"keyword\"}}}],\"properties\":"
                                                + "{\"labels\":{\"type\":\"object\"}}}}}")));
        // explicit: labels (1); each new label adds 1
        assertThat(guard.check(doc("f-1", labels(0, 20)))).isPresent();
        assertThat(guard.check(doc("f-1", labels(0, 6)))).isEmpty();
        assertThat(guard.check(doc("f-1", labels(0, 6)))).as("the same fields again").isEmpty();
        assertThat(guard.check(doc("f-1", labels(6, 11)))).as("1 + 11 = 12").isEmpty();
        assertThat(guard.check(doc("f-1", labels(11, 12))))
                .hasValueSatisfying(
                        r ->
                                assertThat(r)
                                        .contains("would add 1 new fields to index [f-1]")
                                        .contains("limit of 12"));
        assertThat(guard.check(doc("f-2", labels(11, 12)))).as("another index").isEmpty();
    }

    @Test
    void depthNestingStrictAndIndexNames() {
        StringBuilder deep = new StringBuilder("{\"labels\":");
        for (int i = 0; i < 25; i++) {
            deep.append("{\"a\":");
        }
        deep.append("\"x\"").append("}".repeat(26));
        assertThat(refusal("vigil-logs-2026.01.01", deep.toString()))
                .contains("index.mapping.depth.limit");

        DocumentGuard strict =
                new DocumentGuard(
                        List.of(
                                mapping(
                                        "{\"index_patterns\":[\"s-*\"],\"template\":{\"mappings\":"
                                                + "{\"dynamic\":\"strict\",\"properties\":{\"o\":"
                                                + "{\"dynamic\":false,\"properties\":{}}}}}}")));
        assertThat(strict.check(doc("s-1", "{\"x\":1}")))
                .hasValueSatisfying(r -> assertThat(r).contains("strict"));
        assertThat(strict.check(doc("s-1", "{\"o\":{\"anything\":{\"goes\":[1,\"a\"]}}}")))
                .as("dynamic false: kept in _source, not indexed")
                .isEmpty();

        assertThat(GUARD.check(new EsDocument("Vigil-logs", "1", "{}")))
                .hasValueSatisfying(r -> assertThat(r).contains("lowercase"));
        assertThat(GUARD.check(new EsDocument("vigil-logs", "x".repeat(513), "{}")))
                .hasValueSatisfying(r -> assertThat(r).contains("513 bytes"));
        assertThat(GUARD.check(new EsDocument("vigil-logs", "1", "[1]")))
                .hasValueSatisfying(r -> assertThat(r).contains("not a JSON object"));
    }

    @Test
    void jaegerTemplatesAreReadInTheirLegacyFormat() {
        IndexMapping span = GUARD.mapping("jaeger-span-2026-01-01");
        assertThat(span.name()).isEqualTo("jaeger-span");
        assertThat(span.root().properties().get("tags").type()).isEqualTo("nested");
        assertThat(refusal("jaeger-span-2026-01-01", "{\"startTime\":\"soon\"}"))
                .contains("[startTime] is a long field");
    }

    @Test
    void globIsElasticsearchsSimpleMatch() {
        assertThat(IndexMapping.glob("vigil-logs-*", "vigil-logs-2026.01.01")).isTrue();
        assertThat(IndexMapping.glob("*jaeger-span-*", "x-jaeger-span-1")).isTrue();
        assertThat(IndexMapping.glob("labels.*", "labels")).isFalse();
        assertThat(IndexMapping.glob("a*b*c", "aXbYc")).isTrue();
        assertThat(IndexMapping.glob("a*b*c", "aXcYb")).isFalse();
    }

    private static String labels(int from, int to) {
        StringBuilder json = new StringBuilder("{\"labels\":{");
        for (int i = from; i < to; i++) {
            json.append(i > from ? "," : "").append("\"l").append(i).append("\":\"v\"");
        }
        return json.append("}}").toString();
    }

    private static String refusal(String index, String json) {
        Optional<String> reason = GUARD.check(doc(index, json));
        assertThat(reason).as("refused: " + json).isPresent();
        return reason.get();
    }

    private static EsDocument doc(String index, String json) {
        return new EsDocument(index, "id-1", json);
    }

    private static IndexMapping mapping(String body) {
        try {
            return IndexMapping.of("test", JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every template in elastic/index-templates and elastic/jaeger, as shipped. */
    static List<IndexMapping> shippedTemplates() {
        String repo = System.getProperty("vigil.repo.dir");
        Path root = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.dir"), "..");
        List<IndexMapping> mappings = new ArrayList<>();
        for (String dir : List.of("elastic/index-templates", "elastic/jaeger")) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                for (Path f : files.sorted().toList()) {
                    JsonNode body = JSON.readTree(f.toFile());
                    String name = f.getFileName().toString().replace(".json", "");
                    mappings.add(IndexMapping.of(name, body));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return mappings;
    }
}
