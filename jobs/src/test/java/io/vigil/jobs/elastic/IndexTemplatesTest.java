package io.vigil.jobs.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.config.VigilConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("vigil.repo.dir", ".."));
    private static final Path CONTRACT =
            Path.of(
                    System.getProperty("vigil.shared.dir", "../../shared"),
                    "contracts",
                    "jaeger-es");

    @Test
    void shippedJaegerTemplatesAreTheContractsVerbatim() throws Exception {
        for (String family : List.of("span", "service", "dependencies")) {
            JsonNode shipped =
                    JSON.readTree(
                            REPO.resolve("elastic/jaeger/jaeger-" + family + ".json").toFile());
            JsonNode contract =
                    JSON.readTree(CONTRACT.resolve("jaeger-" + family + "-7.json").toFile());
            assertThat(shipped).as(family).isEqualTo(contract);
        }
    }

    @Test
    void jaegerTemplatesFollowJaegersPrefixAndShardFlags() throws Exception {
        List<IndexTemplates.Template> templates =
                IndexTemplates.loadJaeger(new VigilConfig.Jaeger("prod", 3, 2));

        assertThat(templates)
                .extracting(IndexTemplates.Template::name)
                .containsExactly(
                        "prod-jaeger-dependencies", "prod-jaeger-service", "prod-jaeger-span");
        assertThat(templates).allMatch(t -> t.api().equals("_index_template"));
        IndexTemplates.Template span = templates.get(2);
        assertThat(span.body().path("index_patterns").toString())
                .isEqualTo("[\"prod-jaeger-span-*\"]");
        assertThat(span.body().path("priority").asInt())
                .isEqualTo(IndexTemplates.JAEGER_TEMPLATES_PRIORITY);
        assertThat(span.body().at("/template/settings/index.number_of_shards").asInt())
                .isEqualTo(3);
        assertThat(span.body().at("/template/settings/index.number_of_replicas").asInt())
                .isEqualTo(2);
        assertThat(span.version()).isEqualTo(IndexTemplates.JAEGER_TEMPLATES_VERSION);
        assertThat(span.body().path("version").asInt())
                .isEqualTo(IndexTemplates.JAEGER_TEMPLATES_VERSION);
        assertThat(span.body().at("/_meta/version").asInt())
                .isEqualTo(IndexTemplates.JAEGER_TEMPLATES_VERSION);
        // Unlike upstream, the dependencies pattern carries the prefix too: anchored patterns
        // never overlap another prefix's.
        assertThat(templates.get(0).body().path("index_patterns").toString())
                .isEqualTo("[\"prod-jaeger-dependencies-*\"]");
    }

    @Test
    void jaegerTemplatesKeepTheContractsMappingsAndSettings() throws Exception {
        List<IndexTemplates.Template> templates =
                IndexTemplates.loadJaeger(new VigilConfig.Jaeger("", 5, 1));
        for (IndexTemplates.Template t : templates) {
            JsonNode contract = JSON.readTree(CONTRACT.resolve(t.name() + "-7.json").toFile());
            assertThat(t.body().at("/template/mappings"))
                    .as(t.name())
                    .isEqualTo(contract.get("mappings"));
            // The contract is rendered with 5 shards and 1 replica: the same settings exactly.
            assertThat(t.body().at("/template/settings"))
                    .as(t.name())
                    .isEqualTo(contract.get("settings"));
            assertThat(t.body().path("index_patterns").get(0).asText()).isEqualTo(t.name() + "-*");
        }
    }

    @Test
    void noPatternOverlapsAnotherTemplatesOfTheSamePriority() {
        // Elasticsearch rejects composable templates of equal priority whose patterns overlap,
        // and warns about overlaps with legacy ones. A leading '*' overlaps anything ending in '*'.
        List<IndexTemplates.Template> all = new ArrayList<>();
        all.addAll(IndexTemplates.load("vigil"));
        all.addAll(IndexTemplates.load("obs"));
        all.addAll(IndexTemplates.loadJaeger(new VigilConfig.Jaeger("", 1, 0)));
        all.addAll(IndexTemplates.loadJaeger(new VigilConfig.Jaeger("obs", 1, 0)));
        for (IndexTemplates.Template t : all) {
            for (JsonNode pattern : t.body().path("index_patterns")) {
                assertThat(pattern.asText()).as(t.name()).doesNotStartWith("*");
                for (IndexTemplates.Template other : all) {
                    if (other == t) {
                        continue;
                    }
                    for (JsonNode o : other.body().path("index_patterns")) {
                        assertThat(literalPrefixesCompatible(pattern.asText(), o.asText()))
                                .as(t.name() + " " + pattern + " vs " + other.name() + " " + o)
                                .isFalse();
                    }
                }
            }
        }
    }

    /**
     * Whether two patterns of the form {@code literal} or {@code literal*} can match a common name:
     * one literal part must start with the other (for {@code literal*}), or both be equal.
     */
    private static boolean literalPrefixesCompatible(String a, String b) {
        boolean aOpen = a.endsWith("*");
        boolean bOpen = b.endsWith("*");
        String la = aOpen ? a.substring(0, a.length() - 1) : a;
        String lb = bOpen ? b.substring(0, b.length() - 1) : b;
        assertThat(la).doesNotContain("*");
        assertThat(lb).doesNotContain("*");
        if (aOpen && bOpen) {
            return la.startsWith(lb) || lb.startsWith(la);
        }
        if (aOpen) {
            return lb.startsWith(la);
        }
        if (bOpen) {
            return la.startsWith(lb);
        }
        return la.equals(lb);
    }

    @Test
    void noPrefixMeansJaegersDefaults() {
        assertThat(IndexTemplates.loadJaeger(new VigilConfig.Jaeger("", 5, 1)))
                .extracting(IndexTemplates.Template::name)
                .containsExactly("jaeger-dependencies", "jaeger-service", "jaeger-span");
    }

    @Test
    void vigilTemplatesTakeTheConfiguredPrefix() {
        List<IndexTemplates.Template> templates = IndexTemplates.load("obs");
        assertThat(templates)
                .extracting(IndexTemplates.Template::name)
                .containsExactly(
                        "obs-alerts",
                        "obs-anomalies",
                        "obs-dlq",
                        "obs-forecasts",
                        "obs-health",
                        "obs-incidents",
                        "obs-log-templates",
                        "obs-logs",
                        "obs-metric-points",
                        "obs-metrics",
                        "obs-red",
                        "obs-slo",
                        "obs-slow-requests",
                        "obs-spans");
        assertThat(templates.get(7).body().path("index_patterns").get(0).asText())
                .isEqualTo("obs-logs-*");
    }
}
