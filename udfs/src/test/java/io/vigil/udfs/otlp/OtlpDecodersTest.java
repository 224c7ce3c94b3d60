package io.vigil.udfs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.OtlpFixtures;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed input gives errors that say where, never an exception; good records still pass. */
class OtlpDecodersTest {

    private static final long T0 = OtlpFixtures.BASE_NANOS;
    private static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
    private static final String SPAN_ID = "eee19b7ec3c1b174";

    private final OtlpSpanDecoder spans = new OtlpSpanDecoder(OtlpEncoding.AUTO);
    private final OtlpLogDecoder logs = new OtlpLogDecoder(OtlpEncoding.AUTO);
    private final OtlpMetricDecoder metrics = new OtlpMetricDecoder(OtlpEncoding.AUTO);

    // ------------------------------------------------------------ whole-message problems

    @Test
    void emptyOrNullPayload() {
        assertThat(spans.decode(new byte[0]).errors()).containsExactly("empty message");
        assertThat(logs.decode(null).errors()).containsExactly("empty message");
    }

    @Test
    void requestWithoutRecords() {
        assertThat(
                        spans.decode(
                                        ExportTraceServiceRequest.newBuilder()
                                                .addResourceSpans(
                                                        ResourceSpans.newBuilder()
                                                                .addScopeSpans(
                                                                        ScopeSpans
                                                                                .getDefaultInstance()))
                                                .build()
                                                .toByteArray())
                                .errors())
                .containsExactly("request holds no spans");
        assertThat(logs.decode(utf8("{\"resourceLogs\": []}")).errors())
                .containsExactly("request holds no log records");
        assertThat(metrics.decode(utf8(" \n{}")).errors())
                .containsExactly("request holds no metric points");
    }

    @Test
    void truncatedProtobuf() {
        byte[] request = OtlpFixtures.tracesRequest(1, 3, false);
        DecodeResult<SpanRecord> result = spans.decode(Arrays.copyOf(request, request.length - 5));
        assertThat(result.records()).isEmpty();
        assertThat(result.errors())
                .singleElement()
                .asString()
                .startsWith(
                        "invalid protobuf: While parsing a protocol message, the input ended"
                                + " unexpectedly");
    }

    @Test
    void jsonUnderTheProtobufSettingSaysSo() {
        DecodeResult<SpanRecord> result =
                new OtlpSpanDecoder(OtlpEncoding.PROTO)
                        .decode(OtlpFixtures.tracesRequest(2, 1, true));
        assertThat(result.errors())
                .singleElement()
                .asString()
                .startsWith("invalid protobuf: ")
                .endsWith("(the payload looks like JSON: set the encoding to otlp_json or auto)");
    }

    @Test
    void utf16And32JsonWithAByteOrderMarkIsReadAsJsonUnderAuto() {
        String json = new String(OtlpFixtures.tracesRequest(2, 1, true), StandardCharsets.UTF_8);
        DecodeResult<SpanRecord> utf8 = spans.decode(OtlpFixtures.tracesRequest(2, 1, true));
        assertThat(utf8.errors()).isEmpty();
        for (String charset : List.of("UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
            // the byte order mark first, as a UTF-16/32 writer puts it
            byte[] payload = ("\uFEFF" + json).getBytes(java.nio.charset.Charset.forName(charset));
            DecodeResult<SpanRecord> result = spans.decode(payload);
            assertThat(result.errors()).as(charset).isEmpty();
            assertThat(result.records())
                    .as(charset)
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(utf8.records());
        }
    }

    @Test
    void protobufUnderTheJsonSettingSaysSo() {
        DecodeResult<SpanRecord> result =
                new OtlpSpanDecoder(OtlpEncoding.JSON)
                        .decode(OtlpFixtures.tracesRequest(2, 1, false));
        assertThat(result.errors())
                .singleElement()
                .asString()
                .startsWith("invalid JSON at line ")
                .endsWith(
                        "(the payload does not start with '{': if it is protobuf, set the"
                                + " encoding to otlp_proto or auto)");
    }

    @Test
    void jsonOfTheWrongShapeOrTypes() {
        assertThat(spans.decode(utf8("{\"resourceSpans\": 5}")).errors())
                .containsExactly("resourceSpans: expected an array, got number 5");
        assertThat(new OtlpSpanDecoder(OtlpEncoding.JSON).decode(utf8("[1, 2]")).errors())
                .containsExactly("expected a JSON object at the top level, got an array");
        assertThat(
                        spans.decode(
                                        utf8(
                                                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":12}]}]}]}"))
                                .errors())
                .containsExactly(
                        "resourceSpans[0].scopeSpans[0].spans[0].traceId: expected a hex string,"
                                + " got number 12");
        assertThat(
                        logs.decode(
                                        utf8(
                                                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":"
                                                        + "[{\"timeUnixNano\":\"abc\"}]}]}]}"))
                                .errors())
                .containsExactly(
                        "resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNano: expected an"
                                + " unsigned 64-bit integer, got string \"abc\"");
    }

    // ------------------------------------------------------------ per-record problems

    @Test
    void badSpansAreReportedByPathAndGoodOnesStillPass() {
        ExportTraceServiceRequest request =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(
                                ResourceSpans.newBuilder()
                                        .addScopeSpans(
                                                ScopeSpans.newBuilder()
                                                        .addSpans(span(TRACE_ID, SPAN_ID))
                                                        .addSpans(
                                                                span(
                                                                        TRACE_ID.substring(2),
                                                                        SPAN_ID))))
                        .addResourceSpans(
                                ResourceSpans.newBuilder()
                                        .addScopeSpans(ScopeSpans.getDefaultInstance())
                                        .addScopeSpans(
                                                ScopeSpans.newBuilder()
                                                        .addSpans(span("0".repeat(32), SPAN_ID))
                                                        .addSpans(span(TRACE_ID, ""))
                                                        .addSpans(
                                                                span(TRACE_ID, SPAN_ID)
                                                                        .setParentSpanId(
                                                                                bytes("0102")))
                                                        .addSpans(
                                                                span(TRACE_ID, SPAN_ID)
                                                                        .setStartTimeUnixNano(0))
                                                        .addSpans(
                                                                span(TRACE_ID, SPAN_ID)
                                                                        .setEndTimeUnixNano(T0 - 1))
                                                        .addSpans(
                                                                span(TRACE_ID, "1112131415161718")
                                                                        .setParentSpanId(
                                                                                bytes(
                                                                                        "0"
                                                                                                .repeat(
                                                                                                        16))))))
                        .build();

        DecodeResult<SpanRecord> result = spans.decode(request.toByteArray());

        assertThat(result.records())
                .extracting(SpanRecord::spanId, SpanRecord::parentSpanId)
                .containsExactly(tuple(SPAN_ID, ""), tuple("1112131415161718", ""));
        assertThat(result.errors())
                .containsExactly(
                        "resourceSpans[0].scopeSpans[0].spans[1].traceId: expected 16 bytes, got 15",
                        "resourceSpans[1].scopeSpans[1].spans[0].traceId: must not be all zero",
                        "resourceSpans[1].scopeSpans[1].spans[1].spanId: missing",
                        "resourceSpans[1].scopeSpans[1].spans[2].parentSpanId: expected 8 bytes,"
                                + " got 2",
                        "resourceSpans[1].scopeSpans[1].spans[3].startTimeUnixNano: missing",
                        "resourceSpans[1].scopeSpans[1].spans[4].endTimeUnixNano: "
                                + (T0 - 1)
                                + " is before startTimeUnixNano "
                                + T0);
    }

    @Test
    void logRecordsNeedATime() {
        ExportLogsServiceRequest request =
                OtlpFixtures.logsRequest(
                        LogRecord.newBuilder().setSeverityNumberValue(9),
                        LogRecord.newBuilder().setObservedTimeUnixNano(T0),
                        LogRecord.newBuilder().setTimeUnixNano(T0).setTraceId(bytes("0102")),
                        LogRecord.newBuilder()
                                .setTimeUnixNano(T0)
                                .setTraceId(bytes("0".repeat(32)))
                                .setSpanId(bytes(SPAN_ID)));

        DecodeResult<LogEvent> result = logs.decode(request.toByteArray());

        assertThat(result.errors())
                .containsExactly(
                        "resourceLogs[0].scopeLogs[0].logRecords[0]: neither timeUnixNano nor"
                                + " observedTimeUnixNano is set",
                        "resourceLogs[0].scopeLogs[0].logRecords[2].traceId: expected 16 bytes,"
                                + " got 2");
        assertThat(result.records()).hasSize(2);
        assertThat(result.records().get(0).effectiveTimeUnixNano()).isEqualTo(T0);
        assertThat(result.records().get(0).serviceName()).isEqualTo("unknown_service");
        assertThat(result.records().get(1).traceId()).as("all-zero reads as none").isEmpty();
        assertThat(result.records().get(1).spanId()).isEqualTo(SPAN_ID);
    }

    @Test
    void metricProblemsAreReportedByPath() {
        NumberDataPoint good = NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsInt(3).build();
        ExportMetricsServiceRequest request =
                ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(
                                ResourceMetrics.newBuilder()
                                        .addScopeMetrics(
                                                ScopeMetrics.newBuilder()
                                                        .addMetrics(
                                                                Metric.newBuilder()
                                                                        .setName("no.data"))
                                                        .addMetrics(gauge("", good))
                                                        .addMetrics(
                                                                gauge(
                                                                        "queue.depth",
                                                                        good,
                                                                        good.toBuilder()
                                                                                .setTimeUnixNano(0)
                                                                                .build(),
                                                                        good.toBuilder()
                                                                                .clearAsInt()
                                                                                .build(),
                                                                        good.toBuilder()
                                                                                .clearAsInt()
                                                                                .setFlags(1)
                                                                                .build()))
                                                        .addMetrics(
                                                                Metric.newBuilder()
                                                                        .setName("latency")
                                                                        .setHistogram(
                                                                                Histogram
                                                                                        .newBuilder()
                                                                                        .addDataPoints(
                                                                                                HistogramDataPoint
                                                                                                        .newBuilder()
                                                                                                        .setTimeUnixNano(
                                                                                                                T0)
                                                                                                        .addExplicitBounds(
                                                                                                                1)
                                                                                                        .addBucketCounts(
                                                                                                                1))))))
                        .build();

        DecodeResult<MetricPoint> result = metrics.decode(request.toByteArray());

        assertThat(result.errors())
                .containsExactly(
                        "resourceMetrics[0].scopeMetrics[0].metrics[0]: metric 'no.data' has no"
                                + " data (none of gauge, sum, histogram, exponentialHistogram,"
                                + " summary is set)",
                        "resourceMetrics[0].scopeMetrics[0].metrics[1].name: missing",
                        "resourceMetrics[0].scopeMetrics[0].metrics[2].gauge.dataPoints[1]"
                                + ".timeUnixNano: missing",
                        "resourceMetrics[0].scopeMetrics[0].metrics[2].gauge.dataPoints[2]:"
                                + " neither asDouble nor asInt is set",
                        "resourceMetrics[0].scopeMetrics[0].metrics[3].histogram.dataPoints[0]"
                                + ".bucketCounts: expected 2 counts for 1 explicitBounds, got 1");
        assertThat(result.records()).hasSize(2);
        assertThat(result.records().get(0).value()).isEqualTo(3.0);
        assertThat(result.records().get(1).value()).as("no recorded value").isNaN();
        assertThat(result.records().get(1).noRecordedValue()).isTrue();
    }

    // Regressions found by OtlpDecodeFuzzTest.

    @Test
    void oneUnreadableJsonSpanCostsOnlyThatSpanAndLaterPathsStayTrue() {
        // Was: the 31-character trace id failed the whole message, the good spans with it.
        String good = jsonSpan(TRACE_ID);
        String json =
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                        + String.join(
                                ",",
                                good,
                                jsonSpan(TRACE_ID.substring(1)),
                                good,
                                jsonSpan("0".repeat(32)),
                                good.replace("\"spanId\"", "\"kind\":\"SIDEWAYS\",\"spanId\""))
                        + "]}]}]}";

        DecodeResult<SpanRecord> result = spans.decode(utf8(json));

        assertThat(result.records()).hasSize(2);
        assertThat(result.errors())
                .containsExactlyInAnyOrder(
                        "resourceSpans[0].scopeSpans[0].spans[1].traceId: expected 32 hex"
                                + " characters, got 31",
                        "resourceSpans[0].scopeSpans[0].spans[3].traceId: must not be all zero",
                        "resourceSpans[0].scopeSpans[0].spans[4].kind: expected a SpanKind number,"
                                + " got string \"SIDEWAYS\", which is not one of its names either");
    }

    @Test
    void oneUnreadableJsonPointCostsOnlyThatPoint() {
        String json =
                "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":["
                        + "{\"name\":\"a\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
                        + T0
                        + "\",\"asDouble\":\"fast\"},{\"timeUnixNano\":\""
                        + T0
                        + "\",\"asDouble\":1e999}]}},"
                        + "{\"name\":7,\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
                        + T0
                        + "\",\"asInt\":\"1\"}]}}]}]}]}";

        DecodeResult<MetricPoint> result = metrics.decode(utf8(json));

        assertThat(result.records())
                .singleElement()
                .satisfies(p -> assertThat(p.value()).isInfinite());
        assertThat(result.errors())
                .containsExactly(
                        "resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0].asDouble:"
                                + " expected a number, got string \"fast\"",
                        "resourceMetrics[0].scopeMetrics[0].metrics[1].name: expected a string, got"
                                + " number 7");
    }

    @Test
    void linkAndExemplarIdsOfTheWrongLengthAreReportedInProtobufToo() {
        // Was: accepted as they were (link) or quietly left out (exemplar) in protobuf, while
        // OTLP JSON rejected them.
        ExportTraceServiceRequest traces =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(
                                ResourceSpans.newBuilder()
                                        .addScopeSpans(
                                                ScopeSpans.newBuilder()
                                                        .addSpans(span(TRACE_ID, SPAN_ID))
                                                        .addSpans(
                                                                span(TRACE_ID, SPAN_ID)
                                                                        .addLinks(
                                                                                Span.Link
                                                                                        .newBuilder()
                                                                                        .setTraceId(
                                                                                                bytes(
                                                                                                        "0102"))
                                                                                        .setSpanId(
                                                                                                bytes(
                                                                                                        SPAN_ID))))))
                        .build();
        DecodeResult<SpanRecord> spanResult = spans.decode(traces.toByteArray());
        assertThat(spanResult.records()).hasSize(1);
        assertThat(spanResult.errors())
                .containsExactly(
                        "resourceSpans[0].scopeSpans[0].spans[1].links[0].traceId: expected 16"
                                + " bytes, got 2");

        NumberDataPoint good = NumberDataPoint.newBuilder().setTimeUnixNano(T0).setAsInt(3).build();
        NumberDataPoint badExemplar =
                good.toBuilder()
                        .addExemplars(
                                Exemplar.newBuilder()
                                        .setTimeUnixNano(T0)
                                        .setAsInt(1)
                                        .setSpanId(bytes("01020304")))
                        .build();
        ExportMetricsServiceRequest request =
                ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(
                                ResourceMetrics.newBuilder()
                                        .addScopeMetrics(
                                                ScopeMetrics.newBuilder()
                                                        .addMetrics(gauge("q", good, badExemplar))))
                        .build();
        DecodeResult<MetricPoint> metricResult = metrics.decode(request.toByteArray());
        assertThat(metricResult.records()).hasSize(1);
        assertThat(metricResult.errors())
                .containsExactly(
                        "resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[1]"
                                + ".exemplars[0].spanId: expected 8 bytes, got 4");
    }

    @Test
    void anEndTimePastTheYear2262SaysSo() {
        // Was: "18446744073709551615 is before startTimeUnixNano ...", which is not what is wrong.
        DecodeResult<SpanRecord> result =
                spans.decode(
                        ExportTraceServiceRequest.newBuilder()
                                .addResourceSpans(
                                        ResourceSpans.newBuilder()
                                                .addScopeSpans(
                                                        ScopeSpans.newBuilder()
                                                                .addSpans(
                                                                        span(TRACE_ID, SPAN_ID)
                                                                                .setEndTimeUnixNano(
                                                                                        -1))))
                                .build()
                                .toByteArray());
        assertThat(result.errors())
                .containsExactly(
                        "resourceSpans[0].scopeSpans[0].spans[0].endTimeUnixNano:"
                                + " 18446744073709551615 is after the year 2262");
    }

    @Test
    void problemsBeyondTheCapAreCounted() {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < 100; i++) {
            scope.addSpans(span(TRACE_ID, ""));
        }
        DecodeResult<SpanRecord> result =
                spans.decode(
                        ExportTraceServiceRequest.newBuilder()
                                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
                                .build()
                                .toByteArray());

        assertThat(result.errors()).hasSize(Problems.MAX_REPORTED + 1);
        assertThat(result.errors().get(Problems.MAX_REPORTED))
                .isEqualTo("... and " + (100 - Problems.MAX_REPORTED) + " more problems");
    }

    // ------------------------------------------------------------ robustness

    static Stream<Arguments> decodersAndSignals() {
        return Stream.of(
                Arguments.of(new OtlpSpanDecoder(OtlpEncoding.AUTO), "spans"),
                Arguments.of(new OtlpLogDecoder(OtlpEncoding.AUTO), "logs"),
                Arguments.of(new OtlpMetricDecoder(OtlpEncoding.AUTO), "metrics"));
    }

    @ParameterizedTest
    @MethodSource("decodersAndSignals")
    void everyMalformedFixtureIsRejected(OtlpDecoder<?> decoder, String signal) {
        List<byte[]> malformed =
                OtlpFixtures.malformed(signal, 5 * OtlpFixtures.MALFORMED_KINDS, 11);
        for (int i = 0; i < malformed.size(); i++) {
            DecodeResult<?> result = decoder.decode(malformed.get(i));
            assertThat(result.errors())
                    .as(
                            "%s malformed message %d (kind %d)",
                            signal, i, i % OtlpFixtures.MALFORMED_KINDS)
                    .isNotEmpty()
                    .noneMatch(e -> e.startsWith("internal error"));
            assertThat(result.records()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("decodersAndSignals")
    void randomBytesAndMutatedRequestsNeverBreakTheDecoder(OtlpDecoder<?> decoder, String signal) {
        Random random = new Random(42);
        byte[] proto = valid(signal, false);
        byte[] json = valid(signal, true);
        for (int i = 0; i < 600; i++) {
            byte[] input =
                    switch (i % 3) {
                        case 0 -> {
                            byte[] bytes = new byte[random.nextInt(300)];
                            random.nextBytes(bytes);
                            yield bytes;
                        }
                        case 1 -> mutate(proto, random);
                        default -> mutate(json, random);
                    };
            DecodeResult<?> result = decoder.decode(input);
            assertThat(result.errors()).noneMatch(e -> e.startsWith("internal error"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "otlp_proto", "OTLP_JSON", " otlp_json "})
    void encodingFromConfig(String name) {
        assertThat(OtlpEncoding.fromConfig(name).configName()).isEqualTo(name.trim().toLowerCase());
    }

    @Test
    void unknownEncodingNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> OtlpEncoding.fromConfig("jaeger_proto"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "unsupported OTLP encoding 'jaeger_proto': use one of auto, otlp_proto,"
                                + " otlp_json");
    }

    @Test
    void autoDetectsJsonByItsFirstSignificantByte() {
        assertThat(OtlpEncoding.AUTO.resolve(utf8(" \r\n\t{"))).isEqualTo(OtlpEncoding.JSON);
        assertThat(
                        OtlpEncoding.AUTO.resolve(
                                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{'}))
                .isEqualTo(OtlpEncoding.JSON);
        assertThat(OtlpEncoding.AUTO.resolve(new byte[] {0x0A, 0x7B}))
                .as("tried as JSON first, see protobufThatStartsLikeIndentedJsonIsStillProtobuf")
                .isEqualTo(OtlpEncoding.JSON);
        assertThat(OtlpEncoding.AUTO.resolve(new byte[] {0x0A, 0x0A}))
                .isEqualTo(OtlpEncoding.PROTO);
        assertThat(OtlpEncoding.AUTO.resolve(new byte[0])).isEqualTo(OtlpEncoding.PROTO);
        assertThat(OtlpEncoding.PROTO.resolve(utf8("{"))).isEqualTo(OtlpEncoding.PROTO);
    }

    @Test
    void protobufThatStartsLikeIndentedJsonIsStillProtobuf() {
        // 0x0A = '\n' is the tag of resourceSpans; a first entry of 123 bytes makes the length
        // byte 0x7B = '{'. Pad a resource attribute until the entry has exactly that size.
        ResourceSpans.Builder padded =
                ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(TRACE_ID, SPAN_ID)));
        padded.getResourceBuilder()
                .addAttributesBuilder()
                .setKey("pad")
                .getValueBuilder()
                .setStringValue("");
        int missing = 123 - padded.build().getSerializedSize();
        padded.getResourceBuilder().getAttributesBuilder(0).setKey("pad" + "x".repeat(missing));
        byte[] bytes =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(padded)
                        .build()
                        .toByteArray();
        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0x0A, 0x7B);

        DecodeResult<SpanRecord> result = spans.decode(bytes);

        assertThat(result.errors()).isEmpty();
        assertThat(result.records()).hasSize(1);
    }

    // ------------------------------------------------------------ helpers

    private static byte[] valid(String signal, boolean json) {
        return switch (signal) {
            case "spans" -> OtlpFixtures.tracesRequest(5, 1, json);
            case "logs" -> OtlpFixtures.logsRequest(5, 1, json);
            default -> OtlpFixtures.metricsRequest(5, 1, json);
        };
    }

    /** Flips, drops or duplicates a few bytes. */
    private static byte[] mutate(byte[] input, Random random) {
        byte[] out = input.clone();
        for (int m = 0; m < 1 + random.nextInt(4); m++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(3)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> out = Arrays.copyOf(out, Math.max(1, at));
                default -> {
                    byte[] longer = Arrays.copyOf(out, out.length + 1);
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
            }
        }
        return out;
    }

    private static Span.Builder span(String traceId, String spanId) {
        return Span.newBuilder()
                .setTraceId(bytes(traceId))
                .setSpanId(bytes(spanId))
                .setName("op")
                .setStartTimeUnixNano(T0)
                .setEndTimeUnixNano(T0 + 1_000);
    }

    private static String jsonSpan(String traceId) {
        return "{\"traceId\":\""
                + traceId
                + "\",\"spanId\":\""
                + SPAN_ID
                + "\",\"startTimeUnixNano\":\""
                + T0
                + "\",\"endTimeUnixNano\":\""
                + (T0 + 1_000)
                + "\"}";
    }

    private static Metric gauge(String name, NumberDataPoint... points) {
        return Metric.newBuilder()
                .setName(name)
                .setGauge(Gauge.newBuilder().addAllDataPoints(List.of(points)))
                .build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
