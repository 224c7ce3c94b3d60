package io.vigil.local;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
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
        return FunctionExporters.wrap(
                delegate, batch -> count(delegate.export(batch), spans, batch.size()));
    }

    LogRecordExporter wrap(LogRecordExporter delegate) {
        return FunctionExporters.wrap(
                delegate, batch -> count(delegate.export(batch), logs, batch.size()));
    }

    MetricExporter wrap(MetricExporter delegate) {
        return FunctionExporters.wrap(
                delegate,
                batch -> count(delegate.export(batch), metricPoints, OtlpJsonFiles.points(batch)));
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
