package io.vigil.udfs.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.OtlpFixtures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A protobuf request that protobuf-java refuses as a whole keeps the records that can still be
 * read, and each problem says where it is: the JSON path and the byte offset in the payload.
 *
 * <p>Every request is built with the generated builders and damaged at one place, whose offset is
 * computed from the serialized sizes of what protobuf-java writes before it (fields in number
 * order, each entry a tag and a length before its bytes), and checked against the bytes found there
 * before they are overwritten.
 */
class OtlpProtobufSalvageTest {

    private static final long T0 = OtlpFixtures.BASE_NANOS;

    /** How protobuf-java's message for input that ends inside a field begins. */
    private static final String INPUT_ENDED =
            "While parsing a protocol message, the input ended unexpectedly in the middle of a"
                    + " field";

    private final OtlpSpanDecoder spans = new OtlpSpanDecoder(OtlpEncoding.PROTO);
    private final OtlpLogDecoder logs = new OtlpLogDecoder(OtlpEncoding.PROTO);
    private final OtlpMetricDecoder metrics = new OtlpMetricDecoder(OtlpEncoding.PROTO);

    // ------------------------------------------------------------ spans

    @Test
    void aSpanThatIsNotUtf8IsLeftOutAloneAndTheSpansAfterItKeepTheirPaths() {
        Span bad = span(12).setName("XXXX").build();
        ScopeSpans first = ScopeSpans.newBuilder().setScope(scope("a")).addSpans(span(1)).build();
        ScopeSpans second =
                ScopeSpans.newBuilder()
                        .setScope(scope("b"))
                        .addSpans(span(11))
                        .addSpans(bad)
                        .addSpans(span(13))
                        .addSpans(span(14).setTraceId(ByteString.copyFrom(new byte[16])))
                        .addSpans(span(15))
                        .build();
        ResourceSpans checkout =
                ResourceSpans.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("checkout"))
                        .addScopeSpans(first)
                        .build();
        ResourceSpans cart =
                ResourceSpans.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("cart"))
                        .addScopeSpans(second)
                        .build();
        byte[] payload =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(checkout)
                        .addResourceSpans(cart)
                        .build()
                        .toByteArray();
        // resourceSpans[1].scopeSpans[0].spans[1].name: the string's bytes
        int name =
                entry(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, checkout)
                        + header(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, cart)
                        + entry(ResourceSpans.RESOURCE_FIELD_NUMBER, cart.getResource())
                        + header(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, second)
                        + entry(ScopeSpans.SCOPE_FIELD_NUMBER, second.getScope())
                        + entry(ScopeSpans.SPANS_FIELD_NUMBER, second.getSpans(0))
                        + header(ScopeSpans.SPANS_FIELD_NUMBER, bad)
                        + sizeBefore(bad, Span.NAME_FIELD_NUMBER)
                        + stringHeader(Span.NAME_FIELD_NUMBER, "XXXX");
        overwrite(payload, name, "XXXX", new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, 'X'});

        DecodeResult<SpanRecord> result = spans.decode(payload);

        assertThat(result.records())
                .extracting(SpanRecord::spanId)
                .containsExactly(spanId(1), spanId(11), spanId(13), spanId(15));
        assertThat(result.errors())
                .containsExactly(
                        "resourceSpans[1].scopeSpans[0].spans[1]: invalid protobuf at byte "
                                + name
                                + ": Protocol message had invalid UTF-8.",
                        "resourceSpans[1].scopeSpans[0].spans[3].traceId: must not be all zero");
        // The survivors are whole: resource, scope and all, as without the two left out.
        ExportTraceServiceRequest without =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(checkout)
                        .addResourceSpans(
                                cart.toBuilder()
                                        .setScopeSpans(
                                                0,
                                                second.toBuilder().removeSpans(3).removeSpans(1)))
                        .build();
        assertThat(result.records())
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(spans.decode(without.toByteArray()).records());
        assertThat(new OtlpSpanDecoder(OtlpEncoding.AUTO).decode(payload).errors())
                .as("auto reads it as protobuf too")
                .isEqualTo(result.errors());
    }

    @Test
    void aBadTagInAScopeLosesTheRestOfThatScopeOnly() {
        ScopeSpans broken =
                ScopeSpans.newBuilder()
                        .setScope(scope("a"))
                        .addSpans(span(1))
                        .addSpans(span(2))
                        .setSchemaUrl("XX")
                        .build();
        ResourceSpans checkout =
                ResourceSpans.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("checkout"))
                        .addScopeSpans(broken)
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(3)))
                        .build();
        ResourceSpans cart =
                ResourceSpans.newBuilder()
                        .addScopeSpans(
                                ScopeSpans.newBuilder()
                                        .addSpans(span(4).setTraceId(ByteString.EMPTY))
                                        .addSpans(span(5)))
                        .build();
        byte[] payload =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(checkout)
                        .addResourceSpans(cart)
                        .build()
                        .toByteArray();
        // The tag of resourceSpans[0].scopeSpans[0].schemaUrl, written after the spans
        int tag =
                header(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, checkout)
                        + entry(ResourceSpans.RESOURCE_FIELD_NUMBER, checkout.getResource())
                        + header(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, broken)
                        + sizeBefore(broken, ScopeSpans.SCHEMA_URL_FIELD_NUMBER);
        assertThat(new String(payload, tag + 2, 2, StandardCharsets.UTF_8)).isEqualTo("XX");
        payload[tag] = 0; // field number 0: no such tag

        DecodeResult<SpanRecord> result = spans.decode(payload);

        assertThat(result.records())
                .extracting(SpanRecord::spanId)
                .containsExactly(spanId(1), spanId(2), spanId(3), spanId(5));
        assertThat(result.records().get(0).serviceName()).isEqualTo("checkout");
        // protobuf-java has read the tag when it refuses it: the offset is the byte after it
        assertThat(result.errors())
                .containsExactly(
                        "resourceSpans[0].scopeSpans[0]: invalid protobuf at byte "
                                + (tag + 1)
                                + ": Protocol message contained an invalid tag (zero); the rest of"
                                + " resourceSpans[0].scopeSpans[0] is unreadable",
                        "resourceSpans[1].scopeSpans[0].spans[0].traceId: missing");
    }

    @Test
    void aScopeThatDoesNotParseCostsItsSpansAndNoOthers() {
        ScopeSpans bad = ScopeSpans.newBuilder().setScope(scope("XXXX")).addSpans(span(1)).build();
        ScopeSpans good =
                ScopeSpans.newBuilder()
                        .setScope(scope("b"))
                        .addSpans(span(2))
                        .addSpans(span(3).setEndTimeUnixNano(0))
                        .build();
        ResourceSpans checkout =
                ResourceSpans.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("checkout"))
                        .addScopeSpans(bad)
                        .addScopeSpans(good)
                        .build();
        byte[] payload =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(checkout)
                        .build()
                        .toByteArray();
        // resourceSpans[0].scopeSpans[0].scope.name: the string's bytes
        int name =
                header(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, checkout)
                        + entry(ResourceSpans.RESOURCE_FIELD_NUMBER, checkout.getResource())
                        + header(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, bad)
                        + header(ScopeSpans.SCOPE_FIELD_NUMBER, bad.getScope())
                        + sizeBefore(bad.getScope(), InstrumentationScope.NAME_FIELD_NUMBER)
                        + stringHeader(InstrumentationScope.NAME_FIELD_NUMBER, "XXXX");
        overwrite(payload, name, "XXXX", new byte[] {'X', 'X', (byte) 0xED, (byte) 0xA0});

        DecodeResult<SpanRecord> result = spans.decode(payload);

        assertThat(result.records()).extracting(SpanRecord::spanId).containsExactly(spanId(2));
        assertThat(result.records().get(0).scopeName()).isEqualTo("b");
        assertThat(result.errors())
                .containsExactly(
                        "resourceSpans[0].scopeSpans[0].scope: invalid protobuf at byte "
                                + name
                                + ": Protocol message had invalid UTF-8; all of"
                                + " resourceSpans[0].scopeSpans[0] is left out",
                        "resourceSpans[0].scopeSpans[1].spans[1].endTimeUnixNano: missing");
    }

    @Test
    void aRequestWithNoReadableSpanFailsAsAWholeAsBefore() {
        Span bad = span(1).setName("XXXX").build();
        ExportTraceServiceRequest request =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(
                                ResourceSpans.newBuilder()
                                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(bad)))
                        .build();
        byte[] payload = request.toByteArray();
        int name =
                header(
                                ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER,
                                request.getResourceSpans(0))
                        + header(
                                ResourceSpans.SCOPE_SPANS_FIELD_NUMBER,
                                request.getResourceSpans(0).getScopeSpans(0))
                        + header(ScopeSpans.SPANS_FIELD_NUMBER, bad)
                        + sizeBefore(bad, Span.NAME_FIELD_NUMBER)
                        + stringHeader(Span.NAME_FIELD_NUMBER, "XXXX");
        overwrite(payload, name, "XXXX", new byte[] {(byte) 0xFF, 'X', 'X', 'X'});

        DecodeResult<SpanRecord> result = spans.decode(payload);

        assertThat(result.records()).isEmpty();
        assertThat(result.errors())
                .containsExactly("invalid protobuf: Protocol message had invalid UTF-8.");
    }

    @Test
    void aSpanNestedPastTheLimitIsLeftOutAsTheStrictParseRefusesIt() {
        // The least depth of nested arrays in an attribute that protobuf-java refuses in a request
        int depth = 1;
        while (parses(spansRequest(span(2).addAttributes(nested(depth))))) {
            depth++;
        }
        assertThat(
                        spans.decode(
                                        spansRequest(
                                                        span(1),
                                                        span(2).addAttributes(nested(depth - 1)))
                                                .toByteArray())
                                .records())
                .as("one level less is fine")
                .hasSize(2);
        Span deep = span(2).addAttributes(nested(depth)).build();
        ExportTraceServiceRequest request = spansRequest(span(1), deep.toBuilder(), span(3));
        ResourceSpans resource = request.getResourceSpans(0);
        int start =
                header(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, resource)
                        + header(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, resource.getScopeSpans(0))
                        + entry(
                                ScopeSpans.SPANS_FIELD_NUMBER,
                                resource.getScopeSpans(0).getSpans(0))
                        + header(ScopeSpans.SPANS_FIELD_NUMBER, deep);

        DecodeResult<SpanRecord> result = spans.decode(request.toByteArray());

        // Parsed alone, the span would be three levels less deep: it is held to the same limit.
        assertThat(result.records())
                .extracting(SpanRecord::spanId)
                .containsExactly(spanId(1), spanId(3));
        assertThat(result.errors()).hasSize(1);
        Matcher problem =
                Pattern.compile(
                                Pattern.quote(
                                                "resourceSpans[0].scopeSpans[0].spans[1]: invalid"
                                                        + " protobuf at byte ")
                                        + "(\\d+): Protocol message had too many levels of"
                                        + " nesting.*")
                        .matcher(result.errors().get(0));
        assertThat(problem.matches()).as(result.errors().get(0)).isTrue();
        assertThat(Integer.parseInt(problem.group(1)))
                .as("within the span")
                .isBetween(start, start + deep.getSerializedSize());
    }

    @Test
    void aRequestCutAtAnyByteKeepsExactlyTheSpansThatEndBeforeTheCut() {
        ExportTraceServiceRequest request = OtlpFixtures.traces(8, 7);
        assertThat(request.getResourceSpansCount()).as("several resources").isGreaterThan(1);
        byte[] whole = request.toByteArray();
        List<String> ids = new ArrayList<>();
        List<Integer> ends = new ArrayList<>(); // where each span's bytes end, in order
        int resourceAt = 0;
        for (ResourceSpans resource : request.getResourceSpansList()) {
            int scopeAt =
                    resourceAt
                            + header(
                                    ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, resource)
                            + sizeBefore(resource, ResourceSpans.SCOPE_SPANS_FIELD_NUMBER);
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                int spanEnd =
                        scopeAt
                                + header(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, scope)
                                + sizeBefore(scope, ScopeSpans.SPANS_FIELD_NUMBER);
                for (Span span : scope.getSpansList()) {
                    spanEnd += entry(ScopeSpans.SPANS_FIELD_NUMBER, span);
                    ends.add(spanEnd);
                    ids.add(HexFormat.of().formatHex(span.getSpanId().toByteArray()));
                }
                scopeAt += entry(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, scope);
            }
            resourceAt += entry(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, resource);
        }
        assertThat(resourceAt).isEqualTo(whole.length);
        assertThat(ends.size())
                .as("a resource with several spans, which a cut can split")
                .isGreaterThan(request.getResourceSpansCount());

        for (int cut = 1; cut < whole.length; cut++) {
            DecodeResult<SpanRecord> result = spans.decode(Arrays.copyOf(whole, cut));
            int before = cut;
            int kept = (int) ends.stream().filter(end -> end <= before).count();
            assertThat(result.records())
                    .as("cut at %d", cut)
                    .extracting(SpanRecord::spanId)
                    .isEqualTo(ids.subList(0, kept));
            // One problem, unless the cut falls between two resources (a shorter valid request).
            assertThat(result.errors()).as("cut at %d", cut).hasSizeLessThanOrEqualTo(1);
            if (kept > 0 && result.hasErrors()) {
                assertThat(result.errors().get(0))
                        .as("cut at %d", cut)
                        .matches("resourceSpans\\[\\d+\\][^:]*: invalid protobuf at byte \\d+: .*")
                        .contains(INPUT_ENDED)
                        .endsWith("; the rest of the message is unreadable");
            }
        }
    }

    // ------------------------------------------------------------ logs

    @Test
    void aTruncatedRequestKeepsTheLogRecordsBeforeTheCut() {
        ScopeLogs firstScope =
                ScopeLogs.newBuilder()
                        .setScope(scope("a"))
                        .addLogRecords(log(1))
                        .addLogRecords(log(2))
                        .build();
        ScopeLogs secondScope =
                ScopeLogs.newBuilder()
                        .setScope(scope("b"))
                        .addLogRecords(log(3))
                        .addLogRecords(log(4))
                        .addLogRecords(log(5))
                        .build();
        ResourceLogs checkout =
                ResourceLogs.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("checkout"))
                        .addScopeLogs(firstScope)
                        .build();
        ResourceLogs cart =
                ResourceLogs.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("cart"))
                        .addScopeLogs(secondScope)
                        .build();
        byte[] whole =
                ExportLogsServiceRequest.newBuilder()
                        .addResourceLogs(checkout)
                        .addResourceLogs(cart)
                        .build()
                        .toByteArray();
        // where resourceLogs[1].resource, its scopeLogs[0].logRecords[1] and [2] begin (tags)
        int cartResource =
                entry(ExportLogsServiceRequest.RESOURCE_LOGS_FIELD_NUMBER, checkout)
                        + header(ExportLogsServiceRequest.RESOURCE_LOGS_FIELD_NUMBER, cart);
        int secondRecord =
                cartResource
                        + entry(ResourceLogs.RESOURCE_FIELD_NUMBER, cart.getResource())
                        + header(ResourceLogs.SCOPE_LOGS_FIELD_NUMBER, secondScope)
                        + entry(ScopeLogs.SCOPE_FIELD_NUMBER, secondScope.getScope())
                        + entry(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, secondScope.getLogRecords(0));
        int secondRecordBytes =
                secondRecord
                        + header(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, secondScope.getLogRecords(1));
        assertThat(secondRecordBytes + secondScope.getLogRecords(1).getSerializedSize())
                .as("the third record follows")
                .isEqualTo(
                        whole.length
                                - entry(
                                        ScopeLogs.LOG_RECORDS_FIELD_NUMBER,
                                        secondScope.getLogRecords(2)));

        // Cut three bytes into the second record of the second resource: its length runs past.
        DecodeResult<LogEvent> inRecord = logs.decode(Arrays.copyOf(whole, secondRecordBytes + 3));
        assertThat(inRecord.records())
                .extracting(LogEvent::timeUnixNano)
                .containsExactly(T0 + 1, T0 + 2, T0 + 3);
        assertThat(inRecord.records())
                .extracting(LogEvent::serviceName)
                .containsExactly("checkout", "checkout", "cart");
        assertThat(inRecord.errors())
                .singleElement()
                .asString()
                .startsWith(
                        "resourceLogs[1].scopeLogs[0].logRecords[1]: invalid protobuf at byte "
                                + secondRecordBytes
                                + ": "
                                + INPUT_ENDED)
                .endsWith("; the rest of the message is unreadable");

        // Cut just before it: every record there is whole, but the scope's length runs past.
        DecodeResult<LogEvent> between = logs.decode(Arrays.copyOf(whole, secondRecord));
        assertThat(between.records())
                .extracting(LogEvent::timeUnixNano)
                .containsExactly(T0 + 1, T0 + 2, T0 + 3);
        assertThat(between.errors())
                .singleElement()
                .asString()
                .startsWith(
                        "resourceLogs[1].scopeLogs[0]: invalid protobuf at byte "
                                + secondRecord
                                + ": "
                                + INPUT_ENDED)
                .endsWith("; the rest of the message is unreadable");

        // Cut inside the second resource's own resource: the first resource's records stay.
        DecodeResult<LogEvent> inResource = logs.decode(Arrays.copyOf(whole, cartResource + 5));
        assertThat(inResource.records())
                .extracting(LogEvent::timeUnixNano)
                .containsExactly(T0 + 1, T0 + 2);
        assertThat(inResource.errors())
                .singleElement()
                .asString()
                .startsWith(
                        "resourceLogs[1].resource: invalid protobuf at byte "
                                + (cartResource
                                        + header(
                                                ResourceLogs.RESOURCE_FIELD_NUMBER,
                                                cart.getResource()))
                                + ": "
                                + INPUT_ENDED)
                .endsWith("; the rest of the message is unreadable");
    }

    @Test
    void aLogRecordWithABadTagIsLeftOutAndAnInvalidOneAfterItIsReportedAtItsOwnIndex() {
        LogRecord bad = log(2).setSeverityNumberValue(9).build();
        ScopeLogs scope =
                ScopeLogs.newBuilder()
                        .addLogRecords(log(1))
                        .addLogRecords(bad)
                        .addLogRecords(LogRecord.newBuilder().setSeverityText("no time"))
                        .addLogRecords(log(4))
                        .build();
        ResourceLogs resource = ResourceLogs.newBuilder().addScopeLogs(scope).build();
        byte[] payload =
                ExportLogsServiceRequest.newBuilder()
                        .addResourceLogs(resource)
                        .build()
                        .toByteArray();
        // the tag of resourceLogs[0].scopeLogs[0].logRecords[1].severityNumber
        int tag =
                header(ExportLogsServiceRequest.RESOURCE_LOGS_FIELD_NUMBER, resource)
                        + header(ResourceLogs.SCOPE_LOGS_FIELD_NUMBER, scope)
                        + entry(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, scope.getLogRecords(0))
                        + header(ScopeLogs.LOG_RECORDS_FIELD_NUMBER, bad)
                        + sizeBefore(bad, LogRecord.SEVERITY_NUMBER_FIELD_NUMBER);
        assertThat(payload[tag + 1]).as("the severity number").isEqualTo((byte) 9);
        // wire type 7, which does not exist
        payload[tag] = (byte) (LogRecord.SEVERITY_NUMBER_FIELD_NUMBER << 3 | 7);

        DecodeResult<LogEvent> result = logs.decode(payload);

        assertThat(result.records())
                .extracting(LogEvent::timeUnixNano)
                .containsExactly(T0 + 1, T0 + 4);
        assertThat(result.errors())
                .containsExactly(
                        "resourceLogs[0].scopeLogs[0].logRecords[1]: invalid protobuf at byte "
                                + (tag + 1)
                                + ": Protocol message tag had invalid wire type.",
                        "resourceLogs[0].scopeLogs[0].logRecords[2]: neither timeUnixNano nor"
                                + " observedTimeUnixNano is set");
    }

    // ------------------------------------------------------------ metrics

    @Test
    void aResourceWithABadTagCostsItsWholeEntryAndTheIndexesAfterItHold() {
        Resource broken =
                OtlpFixtures.serviceResource("checkout").toBuilder()
                        .setDroppedAttributesCount(1)
                        .build();
        ResourceMetrics first =
                ResourceMetrics.newBuilder()
                        .setResource(broken)
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge("a", 1, 2)))
                        .build();
        ResourceMetrics second =
                ResourceMetrics.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("cart"))
                        .addScopeMetrics(
                                ScopeMetrics.newBuilder()
                                        .addMetrics(gauge("b", 3))
                                        .addMetrics(gauge("", 4)))
                        .build();
        byte[] payload =
                ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(first)
                        .addResourceMetrics(second)
                        .build()
                        .toByteArray();
        // the tag of resourceMetrics[0].resource.droppedAttributesCount
        int tag =
                header(ExportMetricsServiceRequest.RESOURCE_METRICS_FIELD_NUMBER, first)
                        + header(ResourceMetrics.RESOURCE_FIELD_NUMBER, broken)
                        + sizeBefore(broken, Resource.DROPPED_ATTRIBUTES_COUNT_FIELD_NUMBER);
        assertThat(payload[tag + 1]).as("the count").isEqualTo((byte) 1);
        payload[tag] = 0; // field number 0: no such tag

        DecodeResult<MetricPoint> result = metrics.decode(payload);

        assertThat(result.records()).extracting(MetricPoint::name).containsExactly("b");
        assertThat(result.records().get(0).serviceName()).isEqualTo("cart");
        assertThat(result.errors())
                .containsExactly(
                        "resourceMetrics[0].resource: invalid protobuf at byte "
                                + (tag + 1)
                                + ": Protocol message contained an invalid tag (zero); all of"
                                + " resourceMetrics[0] is left out",
                        "resourceMetrics[1].scopeMetrics[0].metrics[1].name: missing");
    }

    @Test
    void aMetricThatIsNotUtf8CostsItsPointsAndNoOthers() {
        Metric bad =
                Metric.newBuilder()
                        .setName("XXXX")
                        .setSum(
                                Sum.newBuilder()
                                        .addDataPoints(point(1))
                                        .addDataPoints(point(2))
                                        .addDataPoints(point(3)))
                        .build();
        ScopeMetrics scope =
                ScopeMetrics.newBuilder()
                        .setScope(scope("a"))
                        .addMetrics(gauge("before", 4, 5))
                        .addMetrics(bad)
                        .addMetrics(gauge("after", 6, 0))
                        .build();
        ResourceMetrics resource =
                ResourceMetrics.newBuilder()
                        .setResource(OtlpFixtures.serviceResource("payment"))
                        .addScopeMetrics(scope)
                        .build();
        byte[] payload =
                ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(resource)
                        .build()
                        .toByteArray();
        // resourceMetrics[0].scopeMetrics[0].metrics[1].name: the string's bytes
        int name =
                header(ExportMetricsServiceRequest.RESOURCE_METRICS_FIELD_NUMBER, resource)
                        + entry(ResourceMetrics.RESOURCE_FIELD_NUMBER, resource.getResource())
                        + header(ResourceMetrics.SCOPE_METRICS_FIELD_NUMBER, scope)
                        + entry(ScopeMetrics.SCOPE_FIELD_NUMBER, scope.getScope())
                        + entry(ScopeMetrics.METRICS_FIELD_NUMBER, scope.getMetrics(0))
                        + header(ScopeMetrics.METRICS_FIELD_NUMBER, bad)
                        + sizeBefore(bad, Metric.NAME_FIELD_NUMBER)
                        + stringHeader(Metric.NAME_FIELD_NUMBER, "XXXX");
        overwrite(payload, name, "XXXX", new byte[] {'X', (byte) 0x80, 'X', 'X'});

        DecodeResult<MetricPoint> result = metrics.decode(payload);

        assertThat(result.records())
                .extracting(MetricPoint::name, MetricPoint::timeUnixNano)
                .containsExactly(
                        tuple("before", T0 + 4), tuple("before", T0 + 5), tuple("after", T0 + 6));
        assertThat(result.errors())
                .containsExactly(
                        "resourceMetrics[0].scopeMetrics[0].metrics[1]: invalid protobuf at byte "
                                + name
                                + ": Protocol message had invalid UTF-8.",
                        "resourceMetrics[0].scopeMetrics[0].metrics[2].gauge.dataPoints[1]"
                                + ".timeUnixNano: missing");
    }

    @Test
    void autoReadsDamagedProtobufThatStartsLikeJsonWhitespaceAndABraceAsProtobuf()
            throws Exception {
        // A first resource entry 123 bytes long: the payload starts 0x0A 0x7B, "\n{", so auto
        // tries JSON first; the JSON fails, and then the protobuf must give its readable spans.
        ScopeSpans scope = ScopeSpans.newBuilder().addSpans(span(2).setName("XXXX")).build();
        ResourceSpans resource = null;
        for (int pad = 0; resource == null || resource.getSerializedSize() < 123; pad++) {
            resource =
                    ResourceSpans.newBuilder()
                            .setResource(OtlpFixtures.serviceResource("c" + "x".repeat(pad)))
                            .addScopeSpans(scope)
                            .build();
        }
        assertThat(resource.getSerializedSize()).isEqualTo(123);
        byte[] payload =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(resource)
                        .addResourceSpans(
                                ResourceSpans.newBuilder()
                                        .setResource(OtlpFixtures.serviceResource("cart"))
                                        .addScopeSpans(
                                                ScopeSpans.newBuilder()
                                                        .addSpans(span(1))
                                                        .addSpans(span(3))))
                        .build()
                        .toByteArray();
        assertThat(payload[0]).isEqualTo((byte) 0x0A);
        assertThat(payload[1]).isEqualTo((byte) '{');
        int name =
                header(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER, resource)
                        + entry(ResourceSpans.RESOURCE_FIELD_NUMBER, resource.getResource())
                        + header(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, scope)
                        + header(ScopeSpans.SPANS_FIELD_NUMBER, scope.getSpans(0))
                        + sizeBefore(scope.getSpans(0), Span.NAME_FIELD_NUMBER)
                        + stringHeader(Span.NAME_FIELD_NUMBER, "XXXX");
        overwrite(payload, name, "XXXX", new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, 'X'});

        DecodeResult<SpanRecord> auto = new OtlpSpanDecoder(OtlpEncoding.AUTO).decode(payload);

        assertThat(auto.records())
                .extracting(SpanRecord::spanId)
                .containsExactly(spanId(1), spanId(3));
        assertThat(auto.errors()).isEqualTo(spans.decode(payload).errors()).hasSize(1);
    }

    // ------------------------------------------------------------ helpers

    /** A valid span whose ids derive from {@code n} (not 0). */
    private static Span.Builder span(int n) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(8, n).array()))
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n).array()))
                .setName("op")
                .setStartTimeUnixNano(T0)
                .setEndTimeUnixNano(T0 + 1_000);
    }

    /** A request of one resource and scope holding {@code spans}. */
    private static ExportTraceServiceRequest spansRequest(Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope))
                .build();
    }

    /** Whether protobuf-java parses {@code request} (as it was written) whole. */
    private static boolean parses(ExportTraceServiceRequest request) {
        try {
            ExportTraceServiceRequest.parseFrom(request.toByteArray());
            return true;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** An attribute whose value is {@code depth} arrays, one inside the other. */
    private static KeyValue nested(int depth) {
        AnyValue value = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < depth; i++) {
            value =
                    AnyValue.newBuilder()
                            .setArrayValue(ArrayValue.newBuilder().addValues(value))
                            .build();
        }
        return KeyValue.newBuilder().setKey("deep").setValue(value).build();
    }

    /** The hex span id of {@link #span}. */
    private static String spanId(int n) {
        return HexFormat.of().toHexDigits((long) n);
    }

    /** A log record at {@code T0 + n}. */
    private static LogRecord.Builder log(int n) {
        return LogRecord.newBuilder().setTimeUnixNano(T0 + n).setSeverityText("INFO");
    }

    /**
     * A gauge with one point per offset from {@code T0}; an offset of 0 gives a point without time.
     */
    private static Metric gauge(String name, long... offsets) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (long offset : offsets) {
            gauge.addDataPoints(
                    offset == 0 ? NumberDataPoint.newBuilder().setAsInt(1) : point(offset));
        }
        return Metric.newBuilder().setName(name).setGauge(gauge).build();
    }

    private static NumberDataPoint.Builder point(long offset) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(T0 + offset).setAsDouble(offset);
    }

    private static InstrumentationScope scope(String name) {
        return InstrumentationScope.newBuilder().setName(name).setVersion("1.0").build();
    }

    /** The size of an entry: field {@code number} holding {@code m}, tag and length included. */
    private static int entry(int number, Message m) {
        return CodedOutputStream.computeMessageSize(number, m);
    }

    /** The size of the tag and length before the bytes of {@code m} as field {@code number}. */
    private static int header(int number, Message m) {
        return entry(number, m) - m.getSerializedSize();
    }

    /** The size of the tag and length before the bytes of string field {@code number}. */
    private static int stringHeader(int number, String value) {
        return CodedOutputStream.computeStringSize(number, value)
                - value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The size of the fields of {@code m} numbered below {@code number}, written before it. */
    private static int sizeBefore(Message m, int number) {
        Message.Builder before = m.toBuilder();
        for (FieldDescriptor field : m.getDescriptorForType().getFields()) {
            if (field.getNumber() >= number) {
                before.clearField(field);
            }
        }
        return before.build().getSerializedSize();
    }

    /** Overwrites {@code expected} (ASCII) at {@code at} with {@code bytes}, after checking it. */
    private static void overwrite(byte[] payload, int at, String expected, byte[] bytes) {
        assertThat(new String(payload, at, expected.length(), StandardCharsets.US_ASCII))
                .as("the bytes at %d", at)
                .isEqualTo(expected);
        System.arraycopy(bytes, 0, payload, at, bytes.length);
    }
}
