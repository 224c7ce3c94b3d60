package io.vigil.udfs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.vigil.udfs.testing.OtlpFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    // ------------------------------------------------------------ round trips

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void fixturesRoundTripThroughJson(long seed) throws Exception {
        ExportTraceServiceRequest traces = OtlpFixtures.traces(40, seed);
        ExportLogsServiceRequest logs = OtlpFixtures.logs(40, seed);
        ExportMetricsServiceRequest metrics = OtlpFixtures.metrics(40, seed);

        assertThat(
                        OtlpJson.merge(
                                        OtlpJson.toJson(traces),
                                        ExportTraceServiceRequest.newBuilder())
                                .build())
                .isEqualTo(traces);
        assertThat(
                        OtlpJson.merge(OtlpJson.toJson(logs), ExportLogsServiceRequest.newBuilder())
                                .build())
                .isEqualTo(logs);
        assertThat(
                        OtlpJson.merge(
                                        OtlpJson.toJson(metrics),
                                        ExportMetricsServiceRequest.newBuilder())
                                .build())
                .isEqualTo(metrics);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trace", "logs", "metrics"})
    void examplesRoundTripToEquivalentJson(String example) throws Exception {
        byte[] original = Files.readAllBytes(OtlpFixtures.otlpExample(example));
        var builder =
                switch (example) {
                    case "trace" -> ExportTraceServiceRequest.newBuilder();
                    case "logs" -> ExportLogsServiceRequest.newBuilder();
                    default -> ExportMetricsServiceRequest.newBuilder();
                };
        byte[] written = OtlpJson.toJson(OtlpJson.merge(original, builder).build());

        // What we write, read back, is the same message; and it is the example minus the
        // spelling differences the specification allows (numbers vs strings, upper-case hex).
        assertThat(OtlpJson.merge(written, builder.clone().clear()).build())
                .isEqualTo(builder.build());
        JsonNode tree = MAPPER.readTree(written);
        assertThat(tree.findValuesAsText("traceId")).allMatch(id -> id.equals(id.toLowerCase()));
    }

    @Test
    void writesWhatTheSpecificationSaysEncodersMust() throws Exception {
        ExportTraceServiceRequest request =
                OtlpJson.merge(
                                json(
                                        """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{
                  "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
                  "kind":2,"startTimeUnixNano":1544712660000000000,"flags":4294967295,
                  "attributes":[{"key":"b","value":{"bytesValue":"AAEC"}},
                                {"key":"d","value":{"doubleValue":"NaN"}},
                                {"key":"i","value":{"intValue":0}}]}]}]}]}
                """),
                                ExportTraceServiceRequest.newBuilder())
                        .build();

        JsonNode span =
                MAPPER.readTree(OtlpJson.toJson(request))
                        .at("/resourceSpans/0/scopeSpans/0/spans/0");

        assertThat(span.get("traceId").textValue()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(span.get("kind").isInt()).isTrue();
        assertThat(span.get("startTimeUnixNano").textValue()).isEqualTo("1544712660000000000");
        assertThat(span.get("flags").asLong()).isEqualTo(4294967295L);
        assertThat(span.at("/attributes/0/value/bytesValue").textValue()).isEqualTo("AAEC");
        assertThat(span.at("/attributes/1/value/doubleValue").textValue()).isEqualTo("NaN");
        // A oneof member set to its default value is still written: it says which member.
        assertThat(span.at("/attributes/2/value/intValue").textValue()).isEqualTo("0");
        assertThat(span.has("name")).as("default values are omitted").isFalse();
    }

    // ------------------------------------------------------------ accepted spellings

    @Test
    void acceptsTheLenientSpellings() throws Exception {
        Span span =
                firstSpan(
                        """
                {"resource_spans":[{"scope_spans":[{"spans":[{
                  "trace_id":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                  "parentSpanId":"","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"1.5e18",
                  "endTimeUnixNano":1.6E18,"flags":"1","droppedAttributesCount":null,
                  "status":{"code":"status_code_error"},
                  "somethingNew":{"nested":[1,2,3]}}]}]}]}
                """);

        assertThat(span.getTraceId()).isEqualTo(hex("5b8efff798038103d269b633813fc60c"));
        assertThat(span.getParentSpanId()).isEmpty();
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(1_500_000_000_000_000_000L);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(1_600_000_000_000_000_000L);
        assertThat(span.getFlags()).isEqualTo(1);
        assertThat(span.getStatus().getCodeValue()).isEqualTo(2);
    }

    @Test
    void keepsUnknownEnumNumbersAndFullUnsignedRanges() throws Exception {
        Span span =
                firstSpan(
                        """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{
                  "kind":9,"startTimeUnixNano":"18446744073709551615","flags":4294967295}]}]}]}
                """);

        assertThat(span.getKindValue()).isEqualTo(9);
        assertThat(span.getStartTimeUnixNano()).isEqualTo(-1L); // 2^64 - 1, unsigned
        assertThat(span.getFlags()).isEqualTo(-1); // 2^32 - 1, unsigned
    }

    @Test
    void readsAllValueKindsAndNonFiniteDoubles() throws Exception {
        ExportMetricsServiceRequest request =
                OtlpJson.merge(
                                json(
                                        """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{
                  "dataPoints":[{"asDouble":"Infinity","timeUnixNano":"1"},
                                {"asDouble":"-Infinity","timeUnixNano":"1"},
                                {"asDouble":"NaN","timeUnixNano":"1"},
                                {"asDouble":"2.5","timeUnixNano":"1"},
                                {"asInt":"-7","timeUnixNano":"1",
                                 "attributes":[{"key":"u","value":{"bytesValue":"_-8"}}]}]}}]}]}]}
                """),
                                ExportMetricsServiceRequest.newBuilder())
                        .build();
        var points =
                request.getResourceMetrics(0)
                        .getScopeMetrics(0)
                        .getMetrics(0)
                        .getGauge()
                        .getDataPointsList();

        assertThat(points.get(0).getAsDouble()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(points.get(1).getAsDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(points.get(2).getAsDouble()).isNaN();
        assertThat(points.get(3).getAsDouble()).isEqualTo(2.5);
        assertThat(points.get(4).getValueCase()).isEqualTo(NumberDataPoint.ValueCase.AS_INT);
        assertThat(points.get(4).getAsInt()).isEqualTo(-7);
        assertThat(points.get(4).getAttributes(0).getValue().getBytesValue())
                .isEqualTo(ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) 0xEF}));
    }

    @Test
    void mergesIntoAPopulatedBuilderLikeProtobufDoes() throws Exception {
        AnyValue.Builder builder = AnyValue.newBuilder().setStringValue("old");
        OtlpJson.merge(json("{\"intValue\":\"5\"}"), builder);
        assertThat(builder.getIntValue()).isEqualTo(5);
        assertThat(builder.hasStringValue()).isFalse();
    }

    // ------------------------------------------------------------ errors name the path

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            {"resourceSpans": 5}                                         | resourceSpans: expected an array, got number 5
            {"resourceSpans": [7]}                                       | resourceSpans[0]: expected an object, got number 7
            {"resourceSpans": [{"scopeSpans": {}}]}                      | resourceSpans[0].scopeSpans: expected an array, got an object
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 12}]}]}]}                 | resourceSpans[0].scopeSpans[0].spans[0].traceId: expected a hex string, got number 12
            {"resourceSpans": [{"scopeSpans": [{"spans": [{}, {"startTimeUnixNano": "abc"}]}]}]} | resourceSpans[0].scopeSpans[0].spans[1].startTimeUnixNano: expected an unsigned 64-bit integer, got string "abc"
            {"resourceSpans": [{"scopeSpans": [{}, {"spans": [{}, {}, {}, {"traceId": "5b8efff798038103d269b633813fc60"}]}]}]} | resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 32 hex characters, got 31
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"spanId": "eee19b7ec3c1b17g"}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].spanId: invalid hex character 'g' at index 15
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": -1}]}]}]}       | resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got number -1
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "18446744073709551616"}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got string "18446744073709551616"
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": 1.5}]}]}]}      | resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got number 1.5
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"flags": 4294967296}]}]}]}           | resourceSpans[0].scopeSpans[0].spans[0].flags: expected an unsigned 32-bit integer, got number 4294967296
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"kind": "SPAN_KIND_SIDEWAYS"}]}]}]}  | resourceSpans[0].scopeSpans[0].spans[0].kind: expected a SpanKind number, got string "SPAN_KIND_SIDEWAYS", which is not one of its names either
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"kind": true}]}]}]}                  | resourceSpans[0].scopeSpans[0].spans[0].kind: expected a SpanKind number, got boolean true
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"name": ["a"]}]}]}]}                 | resourceSpans[0].scopeSpans[0].spans[0].name: expected a string, got an array
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"attributes": [{"key": "k", "value": {"stringValue": "s", "intValue": "1"}}]}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue: only one of stringValue, boolValue, intValue, doubleValue, arrayValue, kvlistValue, bytesValue may be set
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"attributes": [{"key": "k", "value": {"boolValue": "yes"}}]}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.boolValue: expected true or false, got string "yes"
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"attributes": [{"key": "k", "value": {"bytesValue": "%%%"}}]}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.bytesValue: invalid base64: Illegal base64 character 25
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"attributes": [{"key": "k", "value": {"doubleValue": "fast"}}]}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.doubleValue: expected a number, got string "fast"
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": 1e999}]}]}]}    | resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got number Infinity
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"kind": -1e999}]}]}]}                | resourceSpans[0].scopeSpans[0].spans[0].kind: expected a 32-bit integer, got number -Infinity
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "1e999999999"}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got string "1e999999999"
            {"resourceSpans": [{"scopeSpans": [{"spans": [{"startTimeUnixNano": "1e-999999999"}]}]}]} | resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: expected an unsigned 64-bit integer, got string "1e-999999999"
            [1, 2]                                                       | expected a JSON object at the top level, got an array
            "resourceSpans"                                              | expected a JSON object at the top level, got string "resourceSpans"
            """)
    void typeErrorsNameTheJsonPath(String json, String expected) {
        assertThatThrownBy(() -> OtlpJson.merge(json(json), ExportTraceServiceRequest.newBuilder()))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessage(expected);
    }

    @Test
    void invalidJsonSaysWhere() {
        assertThatThrownBy(
                        () ->
                                OtlpJson.merge(
                                        json("{\"resourceSpans\": [\n  {\"scopeSpans\": ]}"),
                                        ExportTraceServiceRequest.newBuilder()))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("invalid JSON at line 2, column ");
        assertThatThrownBy(
                        () -> OtlpJson.merge(json("{} {}"), ExportTraceServiceRequest.newBuilder()))
                .hasMessageStartingWith("invalid JSON at line 1")
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(
                        () ->
                                OtlpJson.merge(
                                        json("{\"resourceSpans\": [], \"resourceSpans\": []}"),
                                        ExportTraceServiceRequest.newBuilder()))
                .hasMessageContaining("Duplicate field 'resourceSpans'");
        assertThatThrownBy(() -> OtlpJson.merge(json("  "), ExportTraceServiceRequest.newBuilder()))
                .hasMessage("invalid JSON: empty document");
    }

    @Test
    void hostileNestingIsAnErrorNotAStackOverflow() {
        String deep =
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"k\",\"value\":"
                        + "{\"arrayValue\":{\"values\":[".repeat(2_000)
                        + "]}}".repeat(2_000)
                        + "}]}]}]}]}";
        assertThatThrownBy(() -> OtlpJson.merge(json(deep), ExportTraceServiceRequest.newBuilder()))
                .isInstanceOf(OtlpDecodeException.class)
                .hasMessageStartingWith("invalid JSON")
                .hasMessageContaining("nesting depth");
    }

    private static Span firstSpan(String json) throws OtlpDecodeException {
        return OtlpJson.merge(json(json), ExportTraceServiceRequest.newBuilder())
                .getResourceSpans(0)
                .getScopeSpans(0)
                .getSpans(0);
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static byte[] json(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
