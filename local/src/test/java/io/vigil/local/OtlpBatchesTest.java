package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vigil.udfs.testing.OtlpFixtures;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpBatchesTest {

    private static final byte[] TRACE_A = id(16, 0xA1);
    private static final byte[] TRACE_B = id(16, 0xB2);
    private static final byte[] TRACE_C = id(16, 0xC3);

    @Test
    void spansAreSplitPerTraceAndKeyedByHexTraceId() throws Exception {
        ExportTraceServiceRequest request =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(
                                resourceSpans(
                                        "frontend",
                                        span(TRACE_A, 1),
                                        span(TRACE_B, 2),
                                        span(TRACE_A, 3)))
                        .addResourceSpans(
                                resourceSpans("checkout", span(TRACE_B, 4), span(TRACE_C, 5)))
                        .build();

        List<OtlpBatches.Payload> payloads =
                OtlpBatches.split(OtlpSignal.TRACES, request, OtlpHttpReceiver.MAX_MESSAGE_BYTES);

        assertThat(payloads)
                .extracting(OtlpBatches.Payload::key)
                .containsExactly(hex(TRACE_A), hex(TRACE_B), hex(TRACE_C));
        assertThat(payloads).extracting(OtlpBatches.Payload::items).containsExactly(2, 2, 1);
        ExportTraceServiceRequest b = ExportTraceServiceRequest.parseFrom(payloads.get(1).value());
        // Trace B spans two resources: both are kept, each with only B's spans, in order.
        assertThat(b.getResourceSpansList()).hasSize(2);
        assertThat(serviceName(b.getResourceSpans(0).getResource())).isEqualTo("frontend");
        assertThat(b.getResourceSpans(0).getScopeSpans(0).getScope().getName()).isEqualTo("scope");
        assertThat(b.getResourceSpans(0).getScopeSpans(0).getSpansList())
                .extracting(Span::getName)
                .containsExactly("span-2");
        assertThat(serviceName(b.getResourceSpans(1).getResource())).isEqualTo("checkout");
        assertThat(b.getResourceSpans(1).getScopeSpans(0).getSpansList())
                .extracting(Span::getName)
                .containsExactly("span-4");
        ExportTraceServiceRequest a = ExportTraceServiceRequest.parseFrom(payloads.get(0).value());
        assertThat(a.getResourceSpans(0).getScopeSpans(0).getSpansList())
                .extracting(Span::getName)
                .containsExactly("span-1", "span-3");
    }

    @Test
    void largeRequestsAreSplitBelowTheMessageLimit() throws Exception {
        ScopeLogs.Builder scope =
                ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("s"));
        for (int i = 0; i < 100; i++) {
            scope.addLogRecords(
                    LogRecord.newBuilder()
                            .setTimeUnixNano(i)
                            .setBody(AnyValue.newBuilder().setStringValue("x".repeat(1000) + i)));
        }
        ExportLogsServiceRequest request =
                ExportLogsServiceRequest.newBuilder()
                        .addResourceLogs(
                                ResourceLogs.newBuilder()
                                        .setResource(OtlpFixtures.serviceResource("payment"))
                                        .addScopeLogs(scope))
                        .build();

        List<OtlpBatches.Payload> payloads = OtlpBatches.split(OtlpSignal.LOGS, request, 10_000);

        assertThat(payloads).hasSizeGreaterThanOrEqualTo(11);
        List<Long> times = new ArrayList<>();
        for (OtlpBatches.Payload payload : payloads) {
            assertThat(payload.key()).isNull();
            assertThat(payload.value().length).isLessThanOrEqualTo(10_000);
            ExportLogsServiceRequest part = ExportLogsServiceRequest.parseFrom(payload.value());
            assertThat(serviceName(part.getResourceLogs(0).getResource())).isEqualTo("payment");
            part.getResourceLogs(0)
                    .getScopeLogs(0)
                    .getLogRecordsList()
                    .forEach(r -> times.add(r.getTimeUnixNano()));
            assertThat(payload.items())
                    .isEqualTo(part.getResourceLogs(0).getScopeLogs(0).getLogRecordsCount());
        }
        assertThat(times).hasSize(100).isSorted();
    }

    @Test
    void metricsAreGroupedPerResourceAndKeyedByItsAttributes() throws Exception {
        Resource checkoutA = host("checkout", "a");
        Resource checkoutAReordered =
                Resource.newBuilder()
                        .addAttributes(checkoutA.getAttributes(1))
                        .addAttributes(checkoutA.getAttributes(0))
                        .build();
        ExportMetricsServiceRequest request =
                ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(resourceMetrics(checkoutA, "cpu", "memory"))
                        .addResourceMetrics(resourceMetrics(host("checkout", "b"), "cpu"))
                        .addResourceMetrics(resourceMetrics(checkoutAReordered, "disk"))
                        .build();

        List<OtlpBatches.Payload> payloads =
                OtlpBatches.split(OtlpSignal.METRICS, request, OtlpHttpReceiver.MAX_MESSAGE_BYTES);

        // Host a's two resource blocks (attributes in either order) share one message and key.
        assertThat(payloads).extracting(OtlpBatches.Payload::items).containsExactly(3, 1);
        assertThat(payloads.get(0).key())
                .matches("[0-9a-f]{32}")
                .isEqualTo(OtlpBatches.resourceKey(checkoutAReordered))
                .isNotEqualTo(payloads.get(1).key());
        ExportMetricsServiceRequest a =
                ExportMetricsServiceRequest.parseFrom(payloads.get(0).value());
        assertThat(a.getResourceMetricsList())
                .flatExtracting(r -> r.getScopeMetrics(0).getMetricsList())
                .extracting(Metric::getName)
                .containsExactly("cpu", "memory", "disk");
        assertThat(OtlpBatches.resourceKey(host("checkout", "b")))
                .isEqualTo(payloads.get(1).key())
                .isNotEqualTo(OtlpBatches.resourceKey(host("checkout", "c")));
    }

    private static Resource host(String service, String hostName) {
        return Resource.newBuilder()
                .addAttributes(attribute("service.name", service))
                .addAttributes(attribute("host.name", hostName))
                .build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    private static ResourceMetrics resourceMetrics(Resource resource, String... names) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
        for (String name : names) {
            scope.addMetrics(Metric.newBuilder().setName(name));
        }
        return ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope).build();
    }

    @Test
    void wrongIdLengthsAreRejectedWithTheirPosition() {
        ExportTraceServiceRequest request =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(
                                resourceSpans("frontend", span(TRACE_A, 1), span(id(8, 1), 2)))
                        .build();

        assertThatThrownBy(() -> OtlpBatches.split(OtlpSignal.TRACES, request, 1_000_000))
                .isInstanceOf(OtlpBatches.InvalidRequestException.class)
                .hasMessage(
                        "resourceSpans[0].scopeSpans[0].spans[1].traceId must be 16 bytes, was 8");
    }

    @Test
    void allZeroTraceIdsAreRejected() {
        ExportTraceServiceRequest request =
                ExportTraceServiceRequest.newBuilder()
                        .addResourceSpans(resourceSpans("frontend", span(new byte[16], 1)))
                        .build();

        assertThatThrownBy(() -> OtlpBatches.split(OtlpSignal.TRACES, request, 1_000_000))
                .hasMessageContaining("traceId must not be all zeros");
    }

    @Test
    void anItemAboveTheLimitAloneIsReported() {
        ExportLogsServiceRequest request =
                OtlpFixtures.logsRequest(
                        LogRecord.newBuilder()
                                .setBody(AnyValue.newBuilder().setStringValue("y".repeat(20_000))));

        assertThatThrownBy(() -> OtlpBatches.split(OtlpSignal.LOGS, request, 10_000))
                .isInstanceOf(OtlpBatches.ItemTooLargeException.class)
                .hasMessageContaining("exceeds the Kafka message limit of 10000 bytes");
    }

    @Test
    void anEmptyRequestGivesNoMessage() throws Exception {
        assertThat(
                        OtlpBatches.split(
                                OtlpSignal.TRACES,
                                ExportTraceServiceRequest.getDefaultInstance(),
                                1000))
                .isEmpty();
    }

    private static ResourceSpans resourceSpans(String service, Span... spans) {
        return ResourceSpans.newBuilder()
                .setResource(OtlpFixtures.serviceResource(service))
                .addScopeSpans(
                        ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("scope"))
                                .addAllSpans(List.of(spans)))
                .build();
    }

    private static Span span(byte[] traceId, int n) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(id(8, n)))
                .setName("span-" + n)
                .build();
    }

    private static String serviceName(Resource resource) {
        return resource.getAttributes(0).getValue().getStringValue();
    }

    private static byte[] id(int length, int fill) {
        byte[] id = new byte[length];
        for (int i = 0; i < length; i++) {
            id[i] = (byte) (fill + i);
        }
        return id;
    }

    private static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }
}
