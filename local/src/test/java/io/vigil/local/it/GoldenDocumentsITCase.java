package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vigil.udfs.otlp.OtlpJson;
import io.vigil.udfs.testing.OtlpFixtures;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OTLP protobuf and OTLP JSON for each signal — the official examples of opentelemetry-proto
 * ({@code ../shared/contracts/otlp-kafka/examples}) — go through Kafka and the jobs into the real
 * Elasticsearch, and every document there equals the golden ECS document (index, id and source,
 * compared field by field) that the udfs golden tests pin down.
 */
@ExtendWith(RealStack.class)
class GoldenDocumentsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"otlp_proto", "otlp_json"})
    void everyExampleBecomesItsGoldenDocuments(String encoding) throws Exception {
        String name = "golden-" + encoding.replace("otlp_", "");
        try (JobsHarness it = new JobsHarness(name)) {
            boolean json = encoding.equals("otlp_json");
            it.produce(
                    it.topic("otlp_spans"),
                    List.of(example("trace", ExportTraceServiceRequest.newBuilder(), json)));
            it.produce(
                    it.topic("otlp_logs"),
                    List.of(example("logs", ExportLogsServiceRequest.newBuilder(), json)));
            it.produce(
                    it.topic("otlp_metrics"),
                    List.of(example("metrics", ExportMetricsServiceRequest.newBuilder(), json)));
            it.runBounded();

            assertDocuments(it, "spans", "ecs-trace.json");
            assertDocuments(it, "logs", "ecs-logs.json");
            assertDocuments(it, "metric-points", "ecs-metrics.json");
            assertThat(it.es.count(it.indices("dlq"))).isZero();
        }
    }

    private static byte[] example(
            String file, com.google.protobuf.Message.Builder builder, boolean json)
            throws Exception {
        byte[] text = Files.readAllBytes(OtlpFixtures.otlpExample(file));
        return json ? text : OtlpJson.merge(text, builder).build().toByteArray();
    }

    private static void assertDocuments(JobsHarness it, String family, String goldenFile)
            throws Exception {
        List<JsonNode> expected = new ArrayList<>();
        try (InputStream in =
                GoldenDocumentsITCase.class.getResourceAsStream("/golden/" + goldenFile)) {
            for (JsonNode doc : JSON.readTree(in)) {
                ObjectNode renamed = JSON.createObjectNode();
                // The golden files use the default prefix; this test writes under its own.
                renamed.put(
                        "index",
                        doc.get("index").asText().replaceFirst("^vigil-", "it-" + it.name + "-"));
                renamed.set("id", doc.get("id"));
                renamed.set("source", doc.get("source"));
                expected.add(renamed);
            }
        }
        List<JsonNode> actual = new ArrayList<>();
        for (JsonNode hit : it.es.search(it.indices(family), "{\"match_all\":{}}", 1_000)) {
            ObjectNode doc = JSON.createObjectNode();
            doc.set("index", hit.get("_index"));
            doc.set("id", hit.get("_id"));
            ObjectNode source = (ObjectNode) hit.get("_source");
            if (family.equals("logs")) {
                // The logs job adds the line's template to the mapper's document (the golden
                // file is the mapper's): a one-line body is its own template, with a stable id.
                ObjectNode log = (ObjectNode) source.get("log");
                JsonNode template = log.remove("template");
                assertThat(template.get("pattern").asText())
                        .isEqualTo(source.get("message").asText());
                assertThat(template.get("id").asText()).matches("[0-9a-f]{16}");
            }
            doc.set("source", source);
            actual.add(doc);
        }
        Comparator<JsonNode> byId = Comparator.comparing(d -> d.get("id").asText());
        expected.sort(byId);
        actual.sort(byId);
        assertThat(actual)
                .as(
                        "%s documents in Elasticsearch vs golden %s",
                        family.toLowerCase(Locale.ROOT), goldenFile)
                .isNotEmpty()
                .containsExactlyElementsOf(expected);
    }
}
