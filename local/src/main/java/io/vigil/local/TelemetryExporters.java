package io.vigil.local;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the {@link TelemetryGenerator}'s services send their telemetry: one exporter of each signal
 * per service, as if each service were its own process. The default is {@link #otlpHttp(String,
 * boolean)}; tests may collect in memory instead.
 */
public interface TelemetryExporters {

    SpanExporter spans(String service);

    LogRecordExporter logs(String service);

    MetricExporter metrics(String service);

    /**
     * Called by the generator at each metric boundary of simulated time (and at the end of the run)
     * once everything measured up to it has been exported: spans, log records and metric points
     * exported later all end, happen or are collected at or after {@code upTo}. Sinks that must
     * write in time order release what they hold up to there. The default does nothing.
     */
    default void exportedUpTo(Instant upTo) {}

    /**
     * The OpenTelemetry SDK's OTLP/HTTP exporters ({@code http/protobuf}) to {@code endpoint}
     * ({@code http://127.0.0.1:4318}; the signal paths are appended), with the SDK's default retry
     * policy (retries 429, 502, 503, 504) and cumulative temporality.
     *
     * @param gzip whether to compress request bodies
     */
    static TelemetryExporters otlpHttp(String endpoint, boolean gzip) {
        String base =
                endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        String compression = gzip ? "gzip" : "none";
        Duration timeout = Duration.ofSeconds(30);
        return new TelemetryExporters() {
            @Override
            public SpanExporter spans(String service) {
                return OtlpHttpSpanExporter.builder()
                        .setEndpoint(base + "/v1/traces")
                        .setCompression(compression)
                        .setTimeout(timeout)
                        .setRetryPolicy(RetryPolicy.getDefault())
                        .build();
            }

            @Override
            public LogRecordExporter logs(String service) {
                return OtlpHttpLogRecordExporter.builder()
                        .setEndpoint(base + "/v1/logs")
                        .setCompression(compression)
                        .setTimeout(timeout)
                        .setRetryPolicy(RetryPolicy.getDefault())
                        .build();
            }

            @Override
            public MetricExporter metrics(String service) {
                return OtlpHttpMetricExporter.builder()
                        .setEndpoint(base + "/v1/metrics")
                        .setCompression(compression)
                        .setTimeout(timeout)
                        .setRetryPolicy(RetryPolicy.getDefault())
                        .setAggregationTemporalitySelector(
                                AggregationTemporalitySelector.alwaysCumulative())
                        .build();
            }
        };
    }
}
