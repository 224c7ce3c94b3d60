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
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.Locale;

/**
 * The three OTLP signals as the bridge sees them: HTTP path, default Kafka topic (the Collector
 * kafka exporter's defaults), request and response messages, and how items are counted.
 */
public enum OtlpSignal {
    /** Spans: {@code POST /v1/traces} → {@code otlp_spans}; items are spans. */
    TRACES("spans", "/v1/traces", "otlp_spans") {
        @Override
        public Message.Builder newRequestBuilder() {
            return ExportTraceServiceRequest.newBuilder();
        }

        @Override
        public Message parseRequest(byte[] bytes) throws InvalidProtocolBufferException {
            return ExportTraceServiceRequest.parseFrom(bytes);
        }

        @Override
        public Message emptyResponse() {
            return ExportTraceServiceResponse.getDefaultInstance();
        }

        @Override
        public long countItems(Message request) {
            long n = 0;
            for (ResourceSpans r : ((ExportTraceServiceRequest) request).getResourceSpansList()) {
                for (ScopeSpans s : r.getScopeSpansList()) {
                    n += s.getSpansCount();
                }
            }
            return n;
        }
    },
    /** Metrics: {@code POST /v1/metrics} → {@code otlp_metrics}; items are data points. */
    METRICS("metrics", "/v1/metrics", "otlp_metrics") {
        @Override
        public Message.Builder newRequestBuilder() {
            return ExportMetricsServiceRequest.newBuilder();
        }

        @Override
        public Message parseRequest(byte[] bytes) throws InvalidProtocolBufferException {
            return ExportMetricsServiceRequest.parseFrom(bytes);
        }

        @Override
        public Message emptyResponse() {
            return ExportMetricsServiceResponse.getDefaultInstance();
        }

        @Override
        public long countItems(Message request) {
            long n = 0;
            for (ResourceMetrics r :
                    ((ExportMetricsServiceRequest) request).getResourceMetricsList()) {
                for (ScopeMetrics s : r.getScopeMetricsList()) {
                    for (Metric m : s.getMetricsList()) {
                        n += dataPoints(m);
                    }
                }
            }
            return n;
        }
    },
    /** Logs: {@code POST /v1/logs} → {@code otlp_logs}; items are log records. */
    LOGS("logs", "/v1/logs", "otlp_logs") {
        @Override
        public Message.Builder newRequestBuilder() {
            return ExportLogsServiceRequest.newBuilder();
        }

        @Override
        public Message parseRequest(byte[] bytes) throws InvalidProtocolBufferException {
            return ExportLogsServiceRequest.parseFrom(bytes);
        }

        @Override
        public Message emptyResponse() {
            return ExportLogsServiceResponse.getDefaultInstance();
        }

        @Override
        public long countItems(Message request) {
            long n = 0;
            for (ResourceLogs r : ((ExportLogsServiceRequest) request).getResourceLogsList()) {
                for (ScopeLogs s : r.getScopeLogsList()) {
                    n += s.getLogRecordsCount();
                }
            }
            return n;
        }
    };

    private final String counterName;
    private final String path;
    private final String defaultTopic;

    OtlpSignal(String counterName, String path, String defaultTopic) {
        this.counterName = counterName;
        this.path = path;
        this.defaultTopic = defaultTopic;
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
    public abstract Message.Builder newRequestBuilder();

    /** Parses an {@code Export*ServiceRequest} from protobuf bytes. */
    public abstract Message parseRequest(byte[] bytes) throws InvalidProtocolBufferException;

    /** The empty {@code Export*ServiceResponse} (full success). */
    public abstract Message emptyResponse();

    /** Spans, metric data points or log records in {@code request}. */
    public abstract long countItems(Message request);

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

    /** Data points of one metric, whatever its type. */
    static int dataPoints(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }
}
