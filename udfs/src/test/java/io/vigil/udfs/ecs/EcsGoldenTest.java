package io.vigil.udfs.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpDecoder;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.OtlpFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The ECS documents of the official OTLP examples, compared as JSON trees with the hand-checked
 * files in {@code src/test/resources/golden/}: {@code [{"index", "id", "source"}]}.
 */
class EcsGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EcsMapper MAPPER = new EcsMapper();

    @Test
    void traceExample() throws Exception {
        assertGolden("trace", new OtlpSpanDecoder(OtlpEncoding.AUTO), MAPPER::span);
    }

    @Test
    void logsExample() throws Exception {
        assertGolden("logs", new OtlpLogDecoder(OtlpEncoding.AUTO), MAPPER::log);
    }

    @Test
    void metricsExample() throws Exception {
        assertGolden("metrics", new OtlpMetricDecoder(OtlpEncoding.AUTO), MAPPER::metric);
    }

    private static <T> void assertGolden(
            String example, OtlpDecoder<T> decoder, Function<T, EsDocument> map) throws Exception {
        DecodeResult<T> decoded =
                decoder.decode(Files.readAllBytes(OtlpFixtures.otlpExample(example)));
        assertThat(decoded.errors()).isEmpty();

        ArrayNode actual = JSON.createArrayNode();
        for (T record : decoded.records()) {
            EsDocument doc = map.apply(record);
            ObjectNode entry = actual.addObject();
            entry.put("index", doc.index());
            entry.put("id", doc.id());
            entry.set("source", JSON.readTree(doc.json()));
        }
        JsonNode expected = OtlpFixtures.readJson(golden(example));

        assertThat(actual)
                .as("ECS documents of %s.json; actual:%n%s", example, actual.toPrettyString())
                .isEqualTo(expected);
    }

    private static Path golden(String example) throws Exception {
        return Path.of(EcsGoldenTest.class.getResource("/golden/ecs-" + example + ".json").toURI());
    }
}
