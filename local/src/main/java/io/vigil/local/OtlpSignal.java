package io.vigil.local;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.vigil.udfs.otlp.OtlpMetrics;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The three OTLP signals as the bridge sees them: HTTP path, default Kafka topic (the Collector
 * kafka exporter's defaults), request and response messages, and how items are counted.
 */
public enum OtlpSignal {
    /** Spans: {@code POST /v1/traces} → {@code otlp_spans}; items are spans. */
    TRACES(
            "spans",
            "/v1/traces",
            "otlp_spans",
            ExportTraceServiceRequest.getDefaultInstance(),
            ExportTraceServiceResponse.getDefaultInstance(),
            OtlpSignal::spans),
    /** Metrics: {@code POST /v1/metrics} → {@code otlp_metrics}; items are data points. */
    METRICS(
            "metrics",
            "/v1/metrics",
            "otlp_metrics",
            ExportMetricsServiceRequest.getDefaultInstance(),
            ExportMetricsServiceResponse.getDefaultInstance(),
            OtlpSignal::points),
    /** Logs: {@code POST /v1/logs} → {@code otlp_logs}; items are log records. */
    LOGS(
            "logs",
            "/v1/logs",
            "otlp_logs",
            ExportLogsServiceRequest.getDefaultInstance(),
            ExportLogsServiceResponse.getDefaultInstance(),
            OtlpSignal::logRecords);

    private final String counterName;
    private final String path;
    private final String defaultTopic;
    private final Message emptyRequest;
    private final Message emptyResponse;
    private final ToLongFunction<Message> countItems;

    OtlpSignal(
            String counterName,
            String path,
            String defaultTopic,
            Message emptyRequest,
            Message emptyResponse,
            ToLongFunction<Message> countItems) {
        this.counterName = counterName;
        this.path = path;
        this.defaultTopic = defaultTopic;
        this.emptyRequest = emptyRequest;
        this.emptyResponse = emptyResponse;
        this.countItems = countItems;
    }

    /** {@code spans}, {@code metrics} or {@code logs}: the name counters are kept under. */
    public String counterName() {
        return counterName;
    }

    /** The OTLP/HTTP path, e.g. {@code /v1/traces}. */
    public String path() {
        return path;
    }

    /** The Collector kafka exporter's default topic, e.g. {@code otlp_spans}. */
    public String defaultTopic() {
        return defaultTopic;
    }

    /** A builder of the {@code Export*ServiceRequest}, for JSON decoding. */
    public Message.Builder newRequestBuilder() {
        return emptyRequest.newBuilderForType();
    }

    /** Parses an {@code Export*ServiceRequest} from protobuf bytes. */
    public Message parseRequest(byte[] bytes) throws InvalidProtocolBufferException {
        return emptyRequest.getParserForType().parseFrom(bytes);
    }

    /** The empty {@code Export*ServiceResponse} (full success). */
    public Message emptyResponse() {
        return emptyResponse;
    }

    /** Spans, metric data points or log records in {@code request}. */
    public long countItems(Message request) {
        return countItems.applyAsLong(request);
    }

    /**
     * The signal for a counter name ({@code spans} or {@code traces}, {@code metrics}, {@code
     * logs}), case-insensitive.
     */
    public static OtlpSignal fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (OtlpSignal signal : values()) {
            if (signal.counterName.equals(n) || signal.name().toLowerCase(Locale.ROOT).equals(n)) {
                return signal;
            }
        }
        throw new IllegalArgumentException(
                "unknown signal '" + name + "'; expected spans, metrics or logs");
    }

    private static long spans(Message request) {
        return count(
                ((ExportTraceServiceRequest) request).getResourceSpansList(),
                ResourceSpans::getScopeSpansList,
                ScopeSpans::getSpansCount);
    }

    private static long points(Message request) {
        return count(
                ((ExportMetricsServiceRequest) request).getResourceMetricsList(),
                ResourceMetrics::getScopeMetricsList,
                scope -> scope.getMetricsList().stream().mapToLong(OtlpMetrics::dataPoints).sum());
    }

    private static long logRecords(Message request) {
        return count(
                ((ExportLogsServiceRequest) request).getResourceLogsList(),
                ResourceLogs::getScopeLogsList,
                ScopeLogs::getLogRecordsCount);
    }

    /** The items of every scope of every resource of a request. */
    private static <R, S> long count(
            List<R> resources, Function<R, List<S>> scopes, ToLongFunction<S> items) {
        long n = 0;
        for (R resource : resources) {
            for (S scope : scopes.apply(resource)) {
                n += items.applyAsLong(scope);
            }
        }
        return n;
    }
}
