package io.vigil.udfs.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.testing.OtlpFixtures;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documents of a span built to match the contract's examples ({@code
 * contracts/jaeger-es/examples/span-doc.json}, {@code service-doc.json}), compared field by field.
 *
 * <p>The one field that must differ: {@code tags}. The example was written by a Jaeger client, so
 * its error tag stands alone; a span from OTLP carries its error as a status, which the OTel→Jaeger
 * translation turns into {@code error=true} <em>and</em> {@code otel.status_code=ERROR}. The
 * generated tags also come in the translator's order (attributes, then {@code span.kind}, status
 * tags), not the example's, so tags are compared as a set; tag order means nothing to Jaeger.
 */
class JaegerGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JaegerMapper MAPPER = new JaegerMapper("");

    @Test
    void spanDocumentMatchesTheContractExample() throws Exception {
        JsonNode expected = example("span-doc.json");
        EsDocument doc = MAPPER.span(JaegerSpans.example());
        ObjectNode actual = (ObjectNode) JSON.readTree(doc.json());

        assertThat(doc.index()).isEqualTo("jaeger-span-2020-12-01");

        // The only extra tag: the OTLP status code.
        ArrayNode actualTags = (ArrayNode) actual.remove("tags");
        List<JsonNode> extra = new ArrayList<>();
        List<JsonNode> rest = new ArrayList<>();
        for (JsonNode tag : actualTags) {
            (tag.get("key").asText().equals("otel.status_code") ? extra : rest).add(tag);
        }
        assertThat(extra)
                .containsExactly(
                        JSON.readTree(
                                "{\"key\":\"otel.status_code\",\"type\":\"string\",\"value\":\"ERROR\"}"));
        assertThat(sortedByKey(rest)).isEqualTo(sortedByKey(iterable(expected.get("tags"))));

        ObjectNode expectedRest = ((ObjectNode) expected).deepCopy();
        expectedRest.remove("tags");
        // Field by field, so that a failure names the field.
        assertThat(names(actual)).containsExactlyElementsOf(names(expectedRest));
        for (String field : names(expectedRest)) {
            assertThat(actual.get(field)).as(field).isEqualTo(expectedRest.get(field));
        }
    }

    @Test
    void serviceDocumentMatchesTheContractExample() throws Exception {
        JsonNode expected = example("service-doc.json");
        EsDocument doc = MAPPER.service(JaegerSpans.example());

        assertThat(JSON.readTree(doc.json())).isEqualTo(expected);
        assertThat(doc.json())
                .as("key order as Jaeger writes it")
                .isEqualTo(
                        "{\"serviceName\":\"frontend\",\"operationName\":\"HTTP GET /dispatch\"}");
        assertThat(doc.index()).isEqualTo("jaeger-service-2020-12-01");
    }

    private static JsonNode example(String name) {
        return OtlpFixtures.readJson(
                OtlpFixtures.shared("contracts", "jaeger-es", "examples", name));
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<JsonNode> sortedByKey(List<JsonNode> tags) {
        List<JsonNode> sorted = new ArrayList<>(tags);
        sorted.sort(Comparator.comparing(t -> t.get("key").asText()));
        return sorted;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
