package io.vigil.jobs.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.config.VigilConfig;
import java.nio.file.Path;
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
    void jaegerTemplatesFollowJaegersPrefixAndShardFlags() {
        List<IndexTemplates.Template> templates =
                IndexTemplates.loadJaeger(new VigilConfig.Jaeger("prod", 3, 2));

        assertThat(templates)
                .extracting(IndexTemplates.Template::name)
                .containsExactly(
                        "prod-jaeger-dependencies", "prod-jaeger-service", "prod-jaeger-span");
        assertThat(templates).allMatch(t -> t.api().equals("_template"));
        IndexTemplates.Template span = templates.get(2);
        assertThat(span.body().path("index_patterns").asText()).isEqualTo("*prod-jaeger-span-*");
        assertThat(span.body().at("/settings/index.number_of_shards").asInt()).isEqualTo(3);
        assertThat(span.body().at("/settings/index.number_of_replicas").asInt()).isEqualTo(2);
        assertThat(span.body().path("version").asInt())
                .isEqualTo(IndexTemplates.JAEGER_TEMPLATES_VERSION);
        // Upstream keeps the dependencies pattern unprefixed.
        assertThat(templates.get(0).body().path("index_patterns").asText())
                .isEqualTo("*jaeger-dependencies-*");
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
                        "obs-anomalies",
                        "obs-dlq",
                        "obs-log-templates",
                        "obs-logs",
                        "obs-metric-points",
                        "obs-metrics",
                        "obs-red",
                        "obs-slow-requests",
                        "obs-spans");
        assertThat(templates.get(3).body().path("index_patterns").get(0).asText())
                .isEqualTo("obs-logs-*");
    }
}
