package io.vigil.local;

import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Collects what the generator's services export, per service and in export order. */
final class InMemoryExporters implements TelemetryExporters {

    final Map<String, List<SpanData>> spans = new ConcurrentHashMap<>();
    final Map<String, List<LogRecordData>> logs = new ConcurrentHashMap<>();
    final Map<String, List<MetricData>> metrics = new ConcurrentHashMap<>();

    @Override
    public SpanExporter spans(String service) {
        return FunctionExporters.spanSink(sink(spans, service));
    }

    @Override
    public LogRecordExporter logs(String service) {
        return FunctionExporters.logSink(sink(logs, service));
    }

    @Override
    public MetricExporter metrics(String service) {
        return FunctionExporters.metricSink(sink(metrics, service));
    }

    List<SpanData> allSpans() {
        return all(spans);
    }

    List<LogRecordData> allLogs() {
        return all(logs);
    }

    List<MetricData> allMetrics() {
        return all(metrics);
    }

    /** Adds each batch to the service's list. */
    private static <T> Consumer<Collection<T>> sink(Map<String, List<T>> map, String service) {
        // A redeployed service gets a new exporter; both write into the service's list.
        List<T> sink = map.computeIfAbsent(service, s -> new ArrayList<>());
        return batch -> {
            synchronized (sink) {
                sink.addAll(batch);
            }
        };
    }

    private static <T> List<T> all(Map<String, List<T>> map) {
        List<T> all = new ArrayList<>();
        map.values().forEach(all::addAll);
        return all;
    }
}
