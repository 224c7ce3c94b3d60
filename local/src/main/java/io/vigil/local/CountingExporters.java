package io.vigil.local;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exporter wrappers that count what the destination acknowledged (and what it did not), so the
 * generator can report exactly how many spans, log records and metric data points were delivered.
 */
final class CountingExporters {

    final LongAdder spans = new LongAdder();
    final LongAdder logs = new LongAdder();
    final LongAdder metricPoints = new LongAdder();

    /** Items in export calls that failed (after the exporter's own retries). */
    final LongAdder failed = new LongAdder();

    SpanExporter wrap(SpanExporter delegate) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                return count(delegate.export(batch), spans, batch.size());
            }

            @Override
            public CompletableResultCode flush() {
                return delegate.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return delegate.shutdown();
            }
        };
    }

    LogRecordExporter wrap(LogRecordExporter delegate) {
        return new LogRecordExporter() {
            @Override
            public CompletableResultCode export(Collection<LogRecordData> batch) {
                return count(delegate.export(batch), logs, batch.size());
            }

            @Override
            public CompletableResultCode flush() {
                return delegate.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return delegate.shutdown();
            }
        };
    }

    MetricExporter wrap(MetricExporter delegate) {
        return new MetricExporter() {
            @Override
            public CompletableResultCode export(Collection<MetricData> batch) {
                int points = 0;
                for (MetricData metric : batch) {
                    points += metric.getData().getPoints().size();
                }
                return count(delegate.export(batch), metricPoints, points);
            }

            @Override
            public CompletableResultCode flush() {
                return delegate.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return delegate.shutdown();
            }

            @Override
            public AggregationTemporality getAggregationTemporality(InstrumentType type) {
                return delegate.getAggregationTemporality(type);
            }

            @Override
            public Aggregation getDefaultAggregation(InstrumentType type) {
                return delegate.getDefaultAggregation(type);
            }

            @Override
            public MemoryMode getMemoryMode() {
                return delegate.getMemoryMode();
            }
        };
    }

    private CompletableResultCode count(CompletableResultCode result, LongAdder ok, int items) {
        result.whenComplete(
                () -> {
                    if (result.isSuccess()) {
                        ok.add(items);
                    } else {
                        failed.add(items);
                    }
                });
        return result;
    }
}
