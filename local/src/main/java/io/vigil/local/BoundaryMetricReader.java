package io.vigil.local;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;

/**
 * A metric reader that collects only when asked ({@link #forceFlush()}), never on a wall-clock
 * timer and not at shutdown: the generator decides the collection instants (its metric boundaries
 * in simulated time), so every data point has a boundary timestamp and none is exported twice.
 */
final class BoundaryMetricReader implements MetricReader {

    private final MetricExporter exporter;
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    BoundaryMetricReader(MetricExporter exporter) {
        this.exporter = exporter;
    }

    @Override
    public void register(CollectionRegistration registration) {
        this.registration = registration;
    }

    /** Collects every instrument now (simulated time) and exports the result. */
    @Override
    public CompletableResultCode forceFlush() {
        Collection<MetricData> metrics = registration.collectAllMetrics();
        if (metrics.isEmpty()) {
            return CompletableResultCode.ofSuccess();
        }
        return exporter.export(metrics);
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return exporter.getAggregationTemporality(instrumentType);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
        return exporter.getDefaultAggregation(instrumentType);
    }

    @Override
    public MemoryMode getMemoryMode() {
        return exporter.getMemoryMode();
    }
}
