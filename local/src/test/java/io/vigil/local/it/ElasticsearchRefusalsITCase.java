package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.JobSinks;
import io.vigil.jobs.VigilJobs;
import io.vigil.jobs.elastic.IndexTemplates;
import io.vigil.jobs.kafka.DeadLetterSerializer;
import io.vigil.jobs.kafka.RefusedDocumentSerializer;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.ecs.RefusedDocument;
import io.vigil.udfs.elastic.IndexMapping;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Elasticsearch refuses never fails a job. On the real stack:
 *
 * <ul>
 *   <li>the request of the bug report (a gauge point with an attribute whose key is empty, and the
 *       same in a log record and a span) goes through all three jobs without a failure (restart
 *       strategy none: one failure fails the test), and every document is indexed with the
 *       empty-key label dropped, the documented repair;
 *   <li>for every index family Vigil writes (its own nine and Jaeger's three), one document of each
 *       kind ES refuses (an empty field name, an all-dot field name, a value where the mapping has
 *       an object, a value of the wrong type, more new fields than the index may have) goes through
 *       the jobs' Elasticsearch output and ends as a dead letter, in {@code <prefix>-dlq-*} and on
 *       the dead-letter topic, with the reason; the valid documents beside them are indexed;
 *   <li>a document the guard cannot know is bad (the index was created with a mapping that differs
 *       from the template) is rejected by Elasticsearch and becomes a dead letter with
 *       Elasticsearch's own reason, and the job still finishes.
 * </ul>
 */
@ExtendWith(RealStack.class)
class ElasticsearchRefusalsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    @Test
    void anEmptyAttributeKeyIsRepairedInEveryJob() throws Exception {
        try (JobsHarness it = new JobsHarness("emptykey")) {
            String attributes =
                    "[{\"key\":\"\",\"value\":{\"stringValue\":\"x\"}},"
                            + "{\"key\":\"ok\",\"value\":{\"stringValue\":\"y\"}}]";
            String resource =
                    "{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                            + "\"checkout\"}},{\"key\":\" \",\"value\":{\"stringValue\":\"r\"}}]}";
            String nanos = "1780000000000000000";
            it.produce(
                    it.topic("otlp_metrics"),
                    List.of(
                            ("{\"resourceMetrics\":[{\"resource\":"
                                            + resource
                                            + ",\"scopeMetrics\":[{\"metrics\":[{\"name\":"
                                            + "\"queue.depth\",\"gauge\":{\"dataPoints\":[{"
                                            + "\"timeUnixNano\":\""
                                            + nanos
                                            + "\",\"asDouble\":3,\"attributes\":"
                                            + attributes
                                            + "}]}}]}]}]}")
                                    .getBytes(StandardCharsets.UTF_8)));
            it.produce(
                    it.topic("otlp_logs"),
                    List.of(
                            ("{\"resourceLogs\":[{\"resource\":"
                                            + resource
                                            + ",\"scopeLogs\":[{\"logRecords\":[{"
                                            + "\"timeUnixNano\":\""
                                            + nanos
                                            + "\",\"body\":{\"stringValue\":\"hello\"},"
                                            + "\"attributes\":"
                                            + attributes
                                            + "}]}]}]}")
                                    .getBytes(StandardCharsets.UTF_8)));
            it.produce(
                    it.topic("otlp_spans"),
                    List.of(
                            ("{\"resourceSpans\":[{\"resource\":"
                                            + resource
                                            + ",\"scopeSpans\":[{\"spans\":[{"
                                            + "\"traceId\":\"0af7651916cd43dd8448eb211c80319c\","
                                            + "\"spanId\":\"b7ad6b7169203331\",\"name\":\"GET /\","
                                            + "\"kind\":2,\"startTimeUnixNano\":\""
                                            + nanos
                                            + "\",\"endTimeUnixNano\":\"1780000000100000000\","
                                            + "\"attributes\":"
                                            + attributes
                                            + "}]}]}]}")
                                    .getBytes(StandardCharsets.UTF_8)));

            it.runBounded(); // restart strategy none: any failure throws here

            for (String family : List.of("metric-points", "logs", "spans", "metrics")) {
                List<JsonNode> docs = it.es.search(it.indices(family), "{\"match_all\":{}}", 10);
                assertThat(docs).as(family).isNotEmpty();
                for (JsonNode doc : docs) {
                    JsonNode labels = doc.path("_source").path("labels");
                    assertThat(labels.path("ok").asText()).as(family).isEqualTo("y");
                    assertThat(labels.has("")).as(family).isFalse();
                    assertThat(labels.has(" ")).as(family).isFalse();
                }
            }
            assertThat(it.es.count(it.indices("jaeger-span"))).isEqualTo(1);
            assertThat(it.es.count(it.indices("dlq"))).as("repaired, not refused").isZero();
        }
    }

    @Test
    void everyKindOfRefusalOfEveryFamilyIsADeadLetter() throws Exception {
        try (JobsHarness it = new JobsHarness("refuse")) {
            IndexTemplates.apply(it.bounded);
            List<EsDocument> documents = new ArrayList<>();
            Map<String, String> expectedReason = new HashMap<>();
            Map<String, String> valid = new HashMap<>(); // id -> index
            List<IndexTemplates.Template> templates = new ArrayList<>();
            templates.addAll(IndexTemplates.load(it.bounded.elasticsearch().indexPrefix()));
            templates.addAll(IndexTemplates.loadJaeger(it.bounded.jaeger()));
            assertThat(templates).hasSize(17);
            for (IndexTemplates.Template t : templates) {
                IndexMapping mapping = IndexMapping.of(t.name(), t.body());
                String index = mapping.patterns().get(0).replace("*", "2026.01.01");
                String family = t.name();
                valid.put(add(documents, index, family + "-valid", "{\"note\":\"valid\"}"), index);
                expectedReason.put(
                        add(documents, index, family + "-empty", "{\"\":\"x\"}"),
                        "empty field name");
                expectedReason.put(
                        add(documents, index, family + "-dots", "{\"...\":\"x\"}"), "dot");
                String object = firstOfType(mapping, true);
                if (object != null) { // jaeger-service has no object field
                    expectedReason.put(
                            add(documents, index, family + "-object", "{\"" + object + "\":\"x\"}"),
                            "is an object in the mapping");
                }
                String typed = firstOfType(mapping, false);
                if (typed != null) {
                    expectedReason.put(
                            add(
                                    documents,
                                    index,
                                    family + "-type",
                                    "{\"" + typed + "\":\"not-a-value\"}"),
                            "cannot take not-a-value");
                }
                StringBuilder many = new StringBuilder("{");
                for (int i = 0; i <= mapping.totalFieldsLimit(); i++) {
                    many.append(i > 0 ? "," : "").append("\"f").append(i).append("\":true");
                }
                expectedReason.put(
                        add(documents, index, family + "-fields", many.append("}").toString()),
                        "past its limit of " + mapping.totalFieldsLimit() + " fields");
            }
            // An index made by hand with a mapping the template does not have: only ES knows.
            String handMade = "it-refuse-logs-2026.01.02";
            it.es.put(
                    "/" + handMade,
                    "{\"mappings\":{\"properties\":{\"labels\":{\"properties\":"
                            + "{\"conflict\":{\"type\":\"long\"}}}}}}");
            String rejected =
                    add(
                            documents,
                            handMade,
                            "es-rejects",
                            "{\"@timestamp\":\"2026-01-02T00:00:00Z\","
                                    + "\"labels\":{\"conflict\":\"abc\"}}");

            StreamExecutionEnvironment env = VigilJobs.environment(it.bounded);
            JobSinks.elasticsearch(
                    env.fromData(documents, TypeInformation.of(EsDocument.class)),
                    it.bounded,
                    "refusals");
            env.execute("it refusals"); // restart strategy none: any failure throws here

            for (Map.Entry<String, String> v : valid.entrySet()) {
                assertThat(
                                it.es.count(
                                        v.getValue(),
                                        "{\"ids\":{\"values\":[\"" + v.getKey() + "\"]}}"))
                        .as(v.getKey())
                        .isEqualTo(1);
            }
            List<JsonNode> letters = it.es.search(it.indices("dlq"), "{\"match_all\":{}}", 1000);
            Map<String, JsonNode> byDocumentId = new HashMap<>();
            for (JsonNode letter : letters) {
                JsonNode dlq = letter.path("_source").path("vigil").path("dlq");
                if (dlq.has("document_id")) {
                    byDocumentId.put(dlq.path("document_id").asText(), letter.path("_source"));
                }
            }
            java.util.Set<String> expectedIds = new java.util.TreeSet<>(expectedReason.keySet());
            expectedIds.add(rejected);
            assertThat(new java.util.TreeSet<>(byDocumentId.keySet()))
                    .as("documents with a dead letter")
                    .isEqualTo(expectedIds);
            expectedReason.forEach(
                    (id, reason) -> {
                        JsonNode letter = byDocumentId.get(id);
                        assertThat(letter).as(id).isNotNull();
                        assertThat(letter.path("error").path("message").asText())
                                .as(id)
                                .contains(reason);
                        assertThat(letter.at("/vigil/dlq/stage").asText())
                                .isEqualTo(RefusedDocument.GUARD);
                        assertThat(letter.at("/vigil/dlq/signal").asText()).isEqualTo("refusals");
                    });
            JsonNode esLetter = byDocumentId.get(rejected);
            assertThat(esLetter.at("/vigil/dlq/stage").asText())
                    .isEqualTo(RefusedDocument.ELASTICSEARCH);
            assertThat(esLetter.at("/vigil/dlq/index").asText()).isEqualTo(handMade);
            assertThat(esLetter.at("/error/message").asText())
                    .contains("mapper_parsing_exception")
                    .contains("labels.conflict");

            int letterCount = expectedReason.size() + 1;
            List<ConsumerRecord<byte[], byte[]>> topic =
                    it.consumeUntil(it.topic("dlq"), records -> records.size() >= letterCount);
            assertThat(topic).hasSize(letterCount);
            for (ConsumerRecord<byte[], byte[]> record : topic) {
                String id = new String(record.key(), StandardCharsets.UTF_8);
                String stage = header(record, RefusedDocumentSerializer.STAGE);
                assertThat(stage)
                        .isEqualTo(
                                id.equals(rejected)
                                        ? RefusedDocument.ELASTICSEARCH
                                        : RefusedDocument.GUARD);
                assertThat(header(record, DeadLetterSerializer.REASON)).isNotBlank();
                assertThat(header(record, RefusedDocumentSerializer.DOCUMENT_ID)).isEqualTo(id);
            }
        }
    }

    private static String add(List<EsDocument> documents, String index, String id, String json) {
        documents.add(new EsDocument(index, id, json));
        return id;
    }

    /** The first top-level field of the mapping that is an object (or a typed non-text leaf). */
    private static String firstOfType(IndexMapping mapping, boolean object) {
        List<String> names = new ArrayList<>(mapping.root().properties().keySet());
        names.sort(null);
        for (String name : names) {
            IndexMapping.Field f = mapping.root().properties().get(name);
            boolean typedLeaf =
                    List.of("long", "integer", "double", "float", "date", "boolean")
                            .contains(f.type());
            if (object ? f.isObject() : typedLeaf) {
                return name;
            }
        }
        return null;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
