package io.vigil.local;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Collects what the generator's services export, per service and in export order. */
final class InMemoryExporters implements TelemetryExporters {

    final Map<String, List<SpanData>> spans = new ConcurrentHashMap<>();
    final Map<String, List<LogRecordData>> logs = new ConcurrentHashMap<>();
    final Map<String, List<MetricData>> metrics = new ConcurrentHashMap<>();

    @Override
    public SpanExporter spans(String service) {
        List<SpanData> sink = sink(spans, service);
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                synchronized (sink) {
                    sink.addAll(batch);
                }
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }

    @Override
    public LogRecordExporter logs(String service) {
        List<LogRecordData> sink = sink(logs, service);
        return new LogRecordExporter() {
            @Override
            public CompletableResultCode export(Collection<LogRecordData> batch) {
                synchronized (sink) {
                    sink.addAll(batch);
                }
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }

    @Override
    public MetricExporter metrics(String service) {
        List<MetricData> sink = sink(metrics, service);
        return new MetricExporter() {
            @Override
            public CompletableResultCode export(Collection<MetricData> batch) {
                synchronized (sink) {
                    sink.addAll(batch);
                }
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public AggregationTemporality getAggregationTemporality(InstrumentType type) {
                return AggregationTemporality.CUMULATIVE;
            }
        };
    }

    List<SpanData> allSpans() {
        List<SpanData> all = new ArrayList<>();
        spans.values().forEach(all::addAll);
        return all;
    }

    List<LogRecordData> allLogs() {
        List<LogRecordData> all = new ArrayList<>();
        logs.values().forEach(all::addAll);
        return all;
    }

    List<MetricData> allMetrics() {
        List<MetricData> all = new ArrayList<>();
        metrics.values().forEach(all::addAll);
        return all;
    }

    private static <T> List<T> sink(Map<String, List<T>> map, String service) {
        // A redeployed service gets a new exporter; both write into the service's list.
        return map.computeIfAbsent(service, s -> new ArrayList<>());
    }
}
