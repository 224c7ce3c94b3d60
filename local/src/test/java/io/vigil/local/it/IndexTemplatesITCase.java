package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.cli.VigilCli;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import io.vigil.jobs.elastic.IndexTemplates.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil setup} and the start-up template step against the real Elasticsearch node. */
@ExtendWith(RealStack.class)
class IndexTemplatesITCase {

    private static VigilConfig es(String prefix) {
        return VigilConfig.parse(
                "kafka: {bootstrapServers: 'unused:9092'}\n"
                        + "elasticsearch: {hosts: ['"
                        + RealStack.parts().elasticsearch().httpUrl()
                        + "'], indexPrefix: '"
                        + prefix
                        + "'}\n"
                        + "jaeger: {indexPrefix: '"
                        + prefix
                        + "', shards: 1, replicas: 0}\n",
                "test");
    }

    @Test
    void applyingTwiceCreatesThenLeavesAlone() throws Exception {
        List<IndexTemplates.Result> first = IndexTemplates.apply(es("tpl-a"));
        List<IndexTemplates.Result> second = IndexTemplates.apply(es("tpl-a"));

        assertThat(first)
                .extracting(IndexTemplates.Result::name)
                .containsExactly(
                        "tpl-a-alerts",
                        "tpl-a-anomalies",
                        "tpl-a-dlq",
                        "tpl-a-forecasts",
                        "tpl-a-health",
                        "tpl-a-incidents",
                        "tpl-a-log-templates",
                        "tpl-a-logs",
                        "tpl-a-metric-points",
                        "tpl-a-metrics",
                        "tpl-a-red",
                        "tpl-a-slo",
                        "tpl-a-slow-requests",
                        "tpl-a-spans",
                        "tpl-a-jaeger-dependencies",
                        "tpl-a-jaeger-service",
                        "tpl-a-jaeger-span");
        assertThat(first).allMatch(r -> r.outcome() == Outcome.CREATED);
        assertThat(second).allMatch(r -> r.outcome() == Outcome.UNCHANGED);

        JsonNode logs =
                new ElasticsearchQueries(RealStack.parts().elasticsearch().httpUrl())
                        .get("/_index_template/tpl-a-logs");
        assertThat(logs.at("/index_templates/0/index_template/index_patterns/0").asText())
                .isEqualTo("tpl-a-logs-*");
        // Jaeger's settings and mappings, as a composable template anchored at the prefix.
        ElasticsearchQueries es =
                new ElasticsearchQueries(RealStack.parts().elasticsearch().httpUrl());
        JsonNode span =
                es.get("/_index_template/tpl-a-jaeger-span")
                        .at("/index_templates/0/index_template");
        assertThat(span.path("index_patterns").toString()).isEqualTo("[\"tpl-a-jaeger-span-*\"]");
        assertThat(span.at("/template/settings/index/number_of_shards").asText()).isEqualTo("1");
        assertThat(span.at("/template/mappings/properties/references/type").asText())
                .isEqualTo("nested");
        // jaeger-query reads indices: a day's span index gets Jaeger's mapping from it.
        es.put("/tpl-a-jaeger-span-2026-01-01", "{}");
        JsonNode index = es.get("/tpl-a-jaeger-span-2026-01-01");
        assertThat(
                        index.at("/tpl-a-jaeger-span-2026-01-01/settings/index/number_of_shards")
                                .asText())
                .isEqualTo("1");
        assertThat(
                        index.at(
                                        "/tpl-a-jaeger-span-2026-01-01/mappings/properties/startTimeMillis/format")
                                .asText())
                .isEqualTo("epoch_millis");
        assertThat(index.at("/tpl-a-jaeger-span-2026-01-01/mappings/properties/tags/type").asText())
                .isEqualTo("nested");
    }

    @Test
    void theLegacyJaegerTemplatesOfEarlierReleasesAreReplaced() throws Exception {
        VigilConfig config = es("tpl-d");
        try (RestClient client = IndexTemplates.restClient(config.elasticsearch())) {
            Request legacy = new Request("PUT", "/_template/tpl-d-jaeger-span");
            legacy.setJsonEntity(
                    "{\"index_patterns\": \"*tpl-d-jaeger-span-*\", \"version\": 1,"
                            + " \"settings\": {\"index.number_of_shards\": 1}}");
            client.performRequest(legacy);
        }

        List<IndexTemplates.Result> results = IndexTemplates.apply(config);

        assertThat(results.get(0))
                .isEqualTo(
                        new IndexTemplates.Result(
                                "tpl-d-jaeger-span",
                                IndexTemplates.JAEGER_TEMPLATES_VERSION,
                                Outcome.LEGACY_REMOVED,
                                1));
        assertThat(results.subList(1, results.size()))
                .allMatch(r -> r.outcome() == Outcome.CREATED);
        try (RestClient client = IndexTemplates.restClient(config.elasticsearch())) {
            assertThatThrownBy(
                            () ->
                                    client.performRequest(
                                            new Request("GET", "/_template/tpl-d-jaeger-span")))
                    .isInstanceOfSatisfying(
                            ResponseException.class,
                            e ->
                                    assertThat(e.getResponse().getStatusLine().getStatusCode())
                                            .isEqualTo(404));
        }
    }

    @Test
    void elasticsearchLogsNoOverlapWarningForOurTemplates() throws Exception {
        Path log = RealStack.parts().workDir().resolve("elasticsearch/elasticsearch.log");
        assumeTrue(Files.exists(log), "the node's log is in a container");

        IndexTemplates.apply(es("tpl-e"));
        IndexTemplates.apply(es("tpl-f"));

        // Both directions of the warning name the template being put first:
        // "legacy template [X] has index patterns … matching patterns from existing composable
        // templates", "index template [X] has index patterns … matching patterns from existing
        // older templates".
        Pattern ours = Pattern.compile("template \\[tpl-[ef]-[^\\]]*\\] has index patterns");
        try (Stream<String> lines = Files.lines(log)) {
            assertThat(lines.filter(l -> ours.matcher(l).find())).isEmpty();
        }
    }

    @Test
    void aNewerTemplateOnTheClusterIsKeptAndAnOlderOneUpdated() throws Exception {
        IndexTemplates.apply(es("tpl-b"));
        IndexTemplates.Template spans =
                IndexTemplates.load("tpl-b").stream()
                        .filter(t -> t.name().equals("tpl-b-spans"))
                        .findFirst()
                        .orElseThrow();
        IndexTemplates.Template logs =
                IndexTemplates.load("tpl-b").stream()
                        .filter(t -> t.name().equals("tpl-b-logs"))
                        .findFirst()
                        .orElseThrow();
        try (RestClient client = IndexTemplates.restClient(es("tpl-b").elasticsearch())) {
            put(client, spans, spans.version() + 5);
            put(client, logs, logs.version() - 1);
        }

        List<IndexTemplates.Result> results = IndexTemplates.apply(es("tpl-b"));

        assertThat(results)
                .filteredOn(r -> r.name().equals("tpl-b-spans"))
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.KEPT_NEWER));
        assertThat(results)
                .filteredOn(r -> r.name().equals("tpl-b-logs"))
                .singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.UPDATED));
    }

    @Test
    void setupCommandAppliesTheTemplates(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(
                config,
                "kafka: {bootstrapServers: 'unused:9092'}\n"
                        + "elasticsearch: {hosts: ['"
                        + RealStack.parts().elasticsearch().httpUrl()
                        + "'], indexPrefix: tpl-c}\n"
                        + "jaeger: {indexPrefix: tpl-c, shards: 1, replicas: 0}\n");

        assertThat(VigilCli.commandLine().execute("setup", "--config", config.toString())).isZero();

        assertThat(IndexTemplates.apply(es("tpl-c")))
                .allMatch(r -> r.outcome() == Outcome.UNCHANGED);
    }

    private static void put(RestClient client, IndexTemplates.Template template, int version)
            throws Exception {
        var body = template.body().deepCopy();
        body.put("version", version);
        Request request = new Request("PUT", "/_index_template/" + template.name());
        request.setJsonEntity(body.toString());
        client.performRequest(request);
    }
}
