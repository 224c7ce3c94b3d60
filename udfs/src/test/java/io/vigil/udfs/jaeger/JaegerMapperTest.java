package io.vigil.udfs.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.AttributeType;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JaegerMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JaegerMapper MAPPER = new JaegerMapper("");
    private static final long NOON = nanos("2026-01-01T12:00:00Z");

    @Test
    void rootSpanHasNoReferencesAndNoParentField() throws Exception {
        JsonNode doc = spanDoc(JaegerSpans.root(NOON));

        assertThat(doc.get("references")).isEmpty();
        assertThat(doc.has("parentSpanID")).isFalse();
        assertThat(doc.get("logs")).isEmpty();
        assertThat(doc.get("process").get("tags"))
                .as("service.name is not a process tag")
                .isEmpty();
        assertThat(doc.has("flags")).as("flags 0 are omitted").isFalse();
        assertThat(doc.has("tag")).as("no tags-as-fields").isFalse();
    }

    @Test
    void timesAreMicrosecondsAndMilliseconds() throws Exception {
        JsonNode doc = spanDoc(JaegerSpans.root(NOON + 999));

        long micros = NOON / 1000;
        assertThat(doc.get("startTime").asLong()).isEqualTo(micros);
        assertThat(doc.get("startTimeMillis").asLong()).isEqualTo(micros / 1000);
        assertThat(doc.get("duration").asLong())
                .as("(end - start) / 1000, not end/1000 - start/1000")
                .isEqualTo(1500);
    }

    @Test
    void parentIsChildOfAndLinksAreFollowsFrom() throws Exception {
        SpanRecord s =
                JaegerSpans.withStructure(
                        JaegerSpans.root(NOON),
                        "0af7651916cd43dd8448eb211c80319c",
                        "00f067aa0ba902b7",
                        new SpanLinkRecord[] {
                            new SpanLinkRecord(
                                    "4BF92F3577B34DA6A3CE929D0E0E4736",
                                    "53995C3F42CD8AD8",
                                    "",
                                    Attribute.NONE),
                            new SpanLinkRecord(
                                    "0000000000000000a3ce929d0e0e4736",
                                    "1111111111111111",
                                    "",
                                    Attribute.NONE)
                        },
                        new SpanEventRecord[0]);

        assertThat(spanDoc(s).get("references"))
                .isEqualTo(
                        JSON.readTree(
                                """
                                [{"refType":"CHILD_OF","traceID":"0af7651916cd43dd8448eb211c80319c","spanID":"00f067aa0ba902b7"},
                                 {"refType":"FOLLOWS_FROM","traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"53995c3f42cd8ad8"},
                                 {"refType":"FOLLOWS_FROM","traceID":"a3ce929d0e0e4736","spanID":"1111111111111111"}]
                                """));
    }

    @Test
    void traceIdWithZeroHighHalfIsSixteenCharacters() throws Exception {
        SpanRecord s =
                JaegerSpans.withStructure(
                        JaegerSpans.root(NOON),
                        "00000000000000008448eb211c80319c",
                        "00f067aa0ba902b7",
                        new SpanLinkRecord[0],
                        new SpanEventRecord[0]);
        JsonNode doc = spanDoc(s);

        assertThat(doc.get("traceID").asText()).isEqualTo("8448eb211c80319c");
        assertThat(doc.get("references").get(0).get("traceID").asText())
                .isEqualTo("8448eb211c80319c");
        assertThat(MAPPER.span(s).id())
                .as("the id keeps the full OTel trace id")
                .isEqualTo("00000000000000008448eb211c80319c-b7ad6b7169203331");
        assertThat(spanDoc(JaegerSpans.root(NOON)).get("traceID").asText())
                .isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void errorStatusGivesErrorAndOtelStatusTags() throws Exception {
        SpanRecord s =
                JaegerSpans.with(
                        JaegerSpans.root(NOON),
                        SpanKind.INTERNAL,
                        StatusCode.ERROR,
                        "boom",
                        0,
                        "",
                        "",
                        "");

        assertThat(tags(spanDoc(s)))
                .containsExactly(
                        "span.kind string internal",
                        "otel.status_code string ERROR",
                        "error bool true",
                        "otel.status_description string boom");
    }

    @Test
    void okAndUnsetStatusGiveNoErrorTag() throws Exception {
        SpanRecord ok =
                JaegerSpans.with(
                        JaegerSpans.root(NOON),
                        SpanKind.UNSPECIFIED,
                        StatusCode.OK,
                        "ignored",
                        0,
                        "",
                        "",
                        "");
        SpanRecord unset =
                JaegerSpans.with(
                        JaegerSpans.root(NOON),
                        SpanKind.UNSPECIFIED,
                        StatusCode.UNSET,
                        "",
                        0,
                        "",
                        "",
                        "");

        assertThat(tags(spanDoc(ok))).containsExactly("otel.status_code string OK");
        assertThat(tags(spanDoc(unset))).isEmpty();
    }

    @Test
    void attributesWinOverGeneratedTagsOfTheSameKey() throws Exception {
        SpanRecord s =
                JaegerSpans.withAttributes(
                        JaegerSpans.with(
                                JaegerSpans.root(NOON),
                                SpanKind.SERVER,
                                StatusCode.ERROR,
                                "",
                                0,
                                "",
                                "",
                                ""),
                        new Attribute("error", AttributeType.STRING, "timeout"),
                        Attribute.string("span.kind", "custom"));

        assertThat(tags(spanDoc(s)))
                .containsExactly(
                        "error string timeout",
                        "span.kind string custom",
                        "otel.status_code string ERROR");
    }

    @ParameterizedTest
    @CsvSource({
        "UNSPECIFIED,",
        "INTERNAL,internal",
        "SERVER,server",
        "CLIENT,client",
        "PRODUCER,producer",
        "CONSUMER,consumer"
    })
    void spanKindTag(SpanKind kind, String tag) throws Exception {
        SpanRecord s =
                JaegerSpans.with(JaegerSpans.root(NOON), kind, StatusCode.UNSET, "", 0, "", "", "");
        assertThat(tags(spanDoc(s)))
                .containsExactlyElementsOf(
                        tag == null ? List.of() : List.of("span.kind string " + tag));
    }

    @Test
    void scopeAndTraceStateTags() throws Exception {
        SpanRecord s =
                JaegerSpans.withAttributes(
                        JaegerSpans.with(
                                JaegerSpans.root(NOON),
                                SpanKind.UNSPECIFIED,
                                StatusCode.UNSET,
                                "",
                                0,
                                "io.vigil.lib",
                                "2.0",
                                "vendor=x"),
                        Attribute.string("k", "v"));

        assertThat(tags(spanDoc(s)))
                .containsExactly(
                        "otel.scope.name string io.vigil.lib",
                        "otel.scope.version string 2.0",
                        "k string v",
                        "w3c.tracestate string vendor=x");
    }

    @Test
    void eachAttributeTypeBecomesItsTagType() throws Exception {
        SpanRecord s =
                JaegerSpans.withAttributes(
                        JaegerSpans.root(NOON),
                        new Attribute("s", AttributeType.STRING, "text"),
                        new Attribute("b", AttributeType.BOOL, "true"),
                        new Attribute("i", AttributeType.INT64, "-9223372036854775808"),
                        new Attribute("f", AttributeType.FLOAT64, "72.5"),
                        new Attribute("x", AttributeType.BINARY, "AAAwOf8="),
                        new Attribute("a", AttributeType.ARRAY, "[\"a\",1,true]"),
                        new Attribute("m", AttributeType.KVLIST, "{\"k\":\"v\"}"));

        assertThat(tags(spanDoc(s)))
                .containsExactly(
                        "s string text",
                        "b bool true",
                        "i int64 -9223372036854775808",
                        "f float64 72.5",
                        "x binary 00003039ff",
                        "a string [\"a\",1,true]",
                        "m string {\"k\":\"v\"}",
                        "span.kind string internal");
        // Values are JSON strings, never numbers or booleans.
        for (JsonNode tag : spanDoc(s).get("tags")) {
            assertThat(tag.get("value").isTextual()).as(tag.toString()).isTrue();
        }
    }

    @Test
    void eventsBecomeLogsWithAnEventField() throws Exception {
        SpanRecord s =
                JaegerSpans.withStructure(
                        JaegerSpans.root(NOON),
                        "0af7651916cd43dd8448eb211c80319c",
                        "",
                        new SpanLinkRecord[0],
                        new SpanEventRecord[] {
                            new SpanEventRecord(
                                    NOON + 1_234_567,
                                    "exception",
                                    new Attribute[] {
                                        Attribute.string("exception.type", "IOException"),
                                        new Attribute("attempt", AttributeType.INT64, "2")
                                    }),
                            new SpanEventRecord(NOON + 2_000_000, "", Attribute.NONE),
                            new SpanEventRecord(
                                    NOON + 3_000_000,
                                    "named",
                                    new Attribute[] {Attribute.string("event", "explicit")})
                        });
        JsonNode logs = spanDoc(s).get("logs");

        assertThat(logs).hasSize(3);
        assertThat(logs.get(0).get("timestamp").asLong()).isEqualTo(NOON / 1000 + 1234);
        assertThat(keyValues(logs.get(0).get("fields")))
                .containsExactly(
                        "event string exception",
                        "exception.type string IOException",
                        "attempt int64 2");
        assertThat(logs.get(1).get("fields")).as("no name, no event field").isEmpty();
        assertThat(keyValues(logs.get(2).get("fields")))
                .as("an event attribute is not duplicated")
                .containsExactly("event string explicit");
    }

    @Test
    void resourceAttributesBecomeProcessTags() throws Exception {
        JsonNode process = spanDoc(JaegerSpans.example()).get("process");

        assertThat(process.get("serviceName").asText()).isEqualTo("frontend");
        assertThat(keyValues(process.get("tags")))
                .containsExactly(
                        "hostname string host-1",
                        "ip string 10.0.0.7",
                        "jaeger.version string Java-1.5.0");
    }

    @ParameterizedTest
    @CsvSource({"0,", "1,1", "2,", "3,1", "769,1", "768,"})
    void onlyTheSampledBitBecomesAFlag(int otlpFlags, Integer jaegerFlags) throws Exception {
        SpanRecord s =
                JaegerSpans.with(
                        JaegerSpans.root(NOON),
                        SpanKind.INTERNAL,
                        StatusCode.UNSET,
                        "",
                        otlpFlags,
                        "",
                        "",
                        "");
        JsonNode doc = spanDoc(s);
        if (jaegerFlags == null) {
            assertThat(doc.has("flags")).isFalse();
        } else {
            assertThat(doc.get("flags").asInt()).isEqualTo(jaegerFlags);
        }
    }

    @Test
    void indexDayIsTheUtcDayOfTheStart() {
        long lastMilli = nanos("2020-11-30T23:59:59.999Z");
        SpanRecord late = JaegerSpans.root(lastMilli);
        assertThat(late.endTimeUnixNano())
                .as("ends the next day")
                .isGreaterThan(lastMilli + 1_000_000);

        assertThat(MAPPER.span(late).index()).isEqualTo("jaeger-span-2020-11-30");
        assertThat(MAPPER.service(late).index()).isEqualTo("jaeger-service-2020-11-30");
        assertThat(MAPPER.span(JaegerSpans.root(lastMilli + 999_999)).index())
                .isEqualTo("jaeger-span-2020-11-30");
        assertThat(MAPPER.span(JaegerSpans.root(lastMilli + 1_000_000)).index())
                .isEqualTo("jaeger-span-2020-12-01");
        assertThat(MAPPER.service(JaegerSpans.root(lastMilli + 1_000_000)).index())
                .isEqualTo("jaeger-service-2020-12-01");
    }

    @Test
    void prefixIsJoinedWithADash() {
        JaegerMapper prefixed = new JaegerMapper("vigil");
        SpanRecord s = JaegerSpans.example();

        assertThat(prefixed.indexPrefix()).isEqualTo("vigil");
        assertThat(prefixed.span(s).index()).isEqualTo("vigil-jaeger-span-2020-12-01");
        assertThat(prefixed.service(s).index()).isEqualTo("vigil-jaeger-service-2020-12-01");
        assertThat(MAPPER.indexPrefix()).isEmpty();
        assertThat(MAPPER.span(s).index()).isEqualTo("jaeger-span-2020-12-01");
        assertThat(prefixed.span(s).json()).isEqualTo(MAPPER.span(s).json());
        assertThat(prefixed.service(s).id()).isEqualTo(MAPPER.service(s).id());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"Vigil", "-vigil", "_x", "a b", "a*b", "a/b", "vigil:x"})
    void invalidPrefixesAreRefused(String prefix) {
        assertThatThrownBy(() -> new JaegerMapper(prefix))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index prefix");
    }

    @Test
    void idsAreDeterministic() {
        SpanRecord s = JaegerSpans.example();
        EsDocument first = MAPPER.span(s);
        EsDocument again = new JaegerMapper("").span(JaegerSpans.example());

        assertThat(first).isEqualTo(again);
        assertThat(first.id()).isEqualTo(JaegerSpans.EXAMPLE_TRACE + "-eee19b7ec3c1b174");
        assertThat(MAPPER.service(s)).isEqualTo(MAPPER.service(JaegerSpans.example()));
        // Another span of the same service and operation: the same service document.
        SpanRecord sibling = JaegerSpans.root(JaegerSpans.EXAMPLE_START_NANOS + 1);
        sibling = JaegerSpans.named(sibling, "frontend", "HTTP GET /dispatch");
        assertThat(MAPPER.service(sibling)).isEqualTo(MAPPER.service(s));
        assertThat(MAPPER.service(JaegerSpans.named(sibling, "frontend", "other")).id())
                .isNotEqualTo(MAPPER.service(s).id());
    }

    @Test
    void serviceIdIsJaegersFnv64a() {
        // FNV-1a 64 test vectors (Fowler/Noll/Vo): "" and "a", "foobar".
        assertThat(JaegerMapper.serviceId("", "")).isEqualTo("cbf29ce484222325");
        assertThat(JaegerMapper.serviceId("a", "")).isEqualTo("af63dc4c8601ec8c");
        assertThat(JaegerMapper.serviceId("foo", "bar")).isEqualTo("85944171f73967e8");
        assertThat(JaegerMapper.serviceId("fo", "obar"))
                .as("Jaeger hashes the plain concatenation")
                .isEqualTo("85944171f73967e8");
    }

    @Test
    void documentsAreByteStable() {
        SpanRecord s = JaegerSpans.everything();
        assertThat(MAPPER.span(s).json()).isEqualTo(MAPPER.span(JaegerSpans.everything()).json());
        assertThat(MAPPER.span(s).json())
                .startsWith(
                        "{\"traceID\":\"5b8efff798038103d269b633813fc60c\",\"spanID\":\"eee19b7ec3c1b174\",\"flags\":1,\"operationName\":");
    }

    @Test
    void isSerializable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new JaegerMapper("vigil"));
        }
        JaegerMapper copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (JaegerMapper) in.readObject();
        }
        assertThat(copy.span(JaegerSpans.example()))
                .isEqualTo(new JaegerMapper("vigil").span(JaegerSpans.example()));
    }

    private static JsonNode spanDoc(SpanRecord s) throws Exception {
        return JSON.readTree(MAPPER.span(s).json());
    }

    private static List<String> tags(JsonNode doc) {
        return keyValues(doc.get("tags"));
    }

    private static List<String> keyValues(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode kv : array) {
            assertThat(kv.size()).as(kv.toString()).isEqualTo(3);
            out.add(
                    kv.get("key").asText()
                            + " "
                            + kv.get("type").asText()
                            + " "
                            + kv.get("value").asText());
        }
        return out;
    }

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
