package io.vigil.udfs.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.OtlpFixtures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every field of the produced documents is mapped, with a compatible type, by the contract's ES 7
 * templates ({@code jaeger-span-7.json}, {@code jaeger-service-7.json}), and the index names match
 * the templates' {@code index_patterns}.
 *
 * <p>One documented exception: the key/value objects carry {@code type} while the template maps
 * {@code tagType}; those objects are {@code dynamic: false}, so ES keeps {@code type} in {@code
 * _source} without indexing it, and {@code type} is what the Jaeger reader parses (contract §2).
 */
class JaegerTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void spanDocumentsFitTheSpanTemplate() throws Exception {
        JsonNode template = template("jaeger-span-7.json");
        for (SpanRecord s :
                List.of(
                        JaegerSpans.example(),
                        JaegerSpans.everything(),
                        JaegerSpans.root(JaegerSpans.EXAMPLE_START_NANOS))) {
            for (JaegerMapper mapper : List.of(new JaegerMapper(""), new JaegerMapper("vigil"))) {
                assertFits(mapper.span(s), template);
            }
        }
    }

    @Test
    void serviceDocumentsFitTheServiceTemplate() throws Exception {
        JsonNode template = template("jaeger-service-7.json");
        for (JaegerMapper mapper : List.of(new JaegerMapper(""), new JaegerMapper("vigil"))) {
            assertFits(mapper.service(JaegerSpans.everything()), template);
        }
    }

    /**
     * Asserts that every field of {@code doc} is mapped by {@code template}'s mappings and that its
     * index matches the template's {@code index_patterns}.
     */
    private static void assertFits(EsDocument doc, JsonNode template) throws Exception {
        assertThat(violations(JSON.readTree(doc.json()), template.get("mappings")))
                .as(doc.json())
                .isEmpty();
        assertThat(doc.index()).matches(glob(template.get("index_patterns").asText()));
    }

    @Test
    void theCheckerCatchesUnmappedAndMistypedFields() throws Exception {
        JsonNode mappings = template("jaeger-span-7.json").get("mappings");
        assertThat(violations(JSON.readTree("{\"traceId\":\"x\"}"), mappings)).hasSize(1);
        assertThat(violations(JSON.readTree("{\"startTime\":\"x\"}"), mappings)).hasSize(1);
        assertThat(violations(JSON.readTree("{\"references\":[{\"refType\":1}]}"), mappings))
                .hasSize(1);
        assertThat(violations(JSON.readTree("{\"tags\":[{\"key\":1}]}"), mappings)).hasSize(1);
        assertThat(violations(JSON.readTree("{\"flags\":4294967295}"), mappings)).hasSize(1);
    }

    private static JsonNode template(String name) {
        return OtlpFixtures.readJson(OtlpFixtures.shared("contracts", "jaeger-es", name));
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }

    /** Problems of {@code doc} against a mapping object (one with {@code properties}). */
    private static List<String> violations(JsonNode doc, JsonNode mapping) {
        List<String> out = new ArrayList<>();
        checkObject("", doc, mapping, out);
        return out;
    }

    private static void checkObject(
            String path, JsonNode object, JsonNode mapping, List<String> out) {
        JsonNode properties = mapping.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path + field.getKey();
            JsonNode fieldMapping = properties.get(field.getKey());
            if (fieldMapping == null) {
                boolean typeQuirk =
                        field.getKey().equals("type")
                                && properties.has("tagType")
                                && mapping.path("dynamic").asText().equals("false");
                if (!typeQuirk) {
                    out.add(fieldPath + " is not mapped");
                }
                continue;
            }
            checkValue(fieldPath, field.getValue(), fieldMapping, out);
        }
    }

    private static void checkValue(
            String path, JsonNode value, JsonNode mapping, List<String> out) {
        String type = mapping.path("type").asText("object");
        if (value.isArray()) {
            if (!value.isEmpty() && value.get(0).isObject() && !type.equals("nested")) {
                out.add(path + " is an array of objects but mapped as " + type);
            }
            for (JsonNode element : value) {
                checkValue(path + "[]", element, mapping, out);
            }
            return;
        }
        switch (type) {
            case "object", "nested" -> {
                if (!value.isObject()) {
                    out.add(path + " is " + value.getNodeType() + " but mapped as " + type);
                } else {
                    checkObject(path + ".", value, mapping, out);
                }
            }
            case "keyword" -> {
                if (!value.isTextual()) {
                    out.add(path + " is " + value.getNodeType() + " but mapped as keyword");
                }
            }
            case "long" -> {
                if (!value.canConvertToLong() || !value.isIntegralNumber()) {
                    out.add(path + " is " + value + " but mapped as long");
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    out.add(path + " is " + value + " but mapped as integer");
                }
            }
            case "date" -> {
                if (!mapping.path("format").asText().equals("epoch_millis")
                        || !value.isIntegralNumber()
                        || value.asLong() < 0) {
                    out.add(path + " is " + value + " but mapped as " + mapping);
                }
            }
            default -> out.add(path + " has a mapping type this check does not know: " + type);
        }
    }
}
