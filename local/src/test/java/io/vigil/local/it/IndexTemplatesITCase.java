package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.cli.VigilCli;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import io.vigil.jobs.elastic.IndexTemplates.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.elasticsearch.client.Request;
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
                        "tpl-a-anomalies",
                        "tpl-a-dlq",
                        "tpl-a-log-templates",
                        "tpl-a-logs",
                        "tpl-a-metric-points",
                        "tpl-a-metrics",
                        "tpl-a-red",
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
        // Jaeger's template as jaeger-query --es.index-prefix=tpl-a would create it.
        JsonNode span =
                new ElasticsearchQueries(RealStack.parts().elasticsearch().httpUrl())
                        .get("/_template/tpl-a-jaeger-span");
        assertThat(span.at("/tpl-a-jaeger-span/index_patterns/0").asText())
                .isEqualTo("*tpl-a-jaeger-span-*");
        assertThat(span.at("/tpl-a-jaeger-span/settings/index/number_of_shards").asText())
                .isEqualTo("1");
        assertThat(span.at("/tpl-a-jaeger-span/mappings/properties/references/type").asText())
                .isEqualTo("nested");
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
