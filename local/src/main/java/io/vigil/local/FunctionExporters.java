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
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SDK exporters made of functions, for this module's own sinks (which keep what they get and always
 * succeed) and wrappers (which look at each batch and hand it on to another exporter). The three
 * signals differ only in their item type, so one class does the work of each.
 */
final class FunctionExporters {

    private FunctionExporters() {}

    /** A span exporter that gives every batch to {@code sink}; every call succeeds at once. */
    static SpanExporter spanSink(Consumer<Collection<SpanData>> sink) {
        return new Spans(sinking(sink));
    }

    /** A log record exporter that gives every batch to {@code sink}; every call succeeds. */
    static LogRecordExporter logSink(Consumer<Collection<LogRecordData>> sink) {
        return new Logs(sinking(sink));
    }

    /**
     * A metric exporter that gives every batch to {@code sink}, asks for cumulative temporality and
     * otherwise keeps the SDK's defaults; every call succeeds.
     */
    static MetricExporter metricSink(Consumer<Collection<MetricData>> sink) {
        return new Metrics(sinking(sink));
    }

    /**
     * {@code delegate} with every batch going through {@code export}, which is expected to hand it
     * on to {@code delegate}; flush and shutdown go straight to {@code delegate}.
     */
    static SpanExporter wrap(
            SpanExporter delegate, Function<Collection<SpanData>, CompletableResultCode> export) {
        return new Spans(new Calls<>(export, delegate::flush, delegate::shutdown));
    }

    /** As {@link #wrap(SpanExporter, Function)}, for log records. */
    static LogRecordExporter wrap(
            LogRecordExporter delegate,
            Function<Collection<LogRecordData>, CompletableResultCode> export) {
        return new Logs(new Calls<>(export, delegate::flush, delegate::shutdown));
    }

    /**
     * As {@link #wrap(SpanExporter, Function)}, for metrics; temporality, default aggregation and
     * memory mode are {@code delegate}'s too.
     */
    static MetricExporter wrap(
            MetricExporter delegate,
            Function<Collection<MetricData>, CompletableResultCode> export) {
        return new WrappedMetrics(
                new Calls<>(export, delegate::flush, delegate::shutdown), delegate);
    }

    /** Calls that give each batch to {@code sink} and succeed at once. */
    private static <T> Calls<T> sinking(Consumer<Collection<T>> sink) {
        return new Calls<>(
                batch -> {
                    sink.accept(batch);
                    return CompletableResultCode.ofSuccess();
                },
                CompletableResultCode::ofSuccess,
                CompletableResultCode::ofSuccess);
    }

    /** What an exporter does on export, flush and shutdown. */
    private record Calls<T>(
            Function<Collection<T>, CompletableResultCode> export,
            Supplier<CompletableResultCode> flush,
            Supplier<CompletableResultCode> shutdown) {}

    /** The methods the three exporter interfaces share, for any item type. */
    private static class Forwarding<T> {
        private final Calls<T> calls;

        Forwarding(Calls<T> calls) {
            this.calls = calls;
        }

        public CompletableResultCode export(Collection<T> batch) {
            return calls.export().apply(batch);
        }

        public CompletableResultCode flush() {
            return calls.flush().get();
        }

        public CompletableResultCode shutdown() {
            return calls.shutdown().get();
        }
    }

    private static final class Spans extends Forwarding<SpanData> implements SpanExporter {
        Spans(Calls<SpanData> calls) {
            super(calls);
        }
    }

    private static final class Logs extends Forwarding<LogRecordData> implements LogRecordExporter {
        Logs(Calls<LogRecordData> calls) {
            super(calls);
        }
    }

    /** Cumulative temporality; the SDK's default aggregation and memory mode. */
    private static class Metrics extends Forwarding<MetricData> implements MetricExporter {
        Metrics(Calls<MetricData> calls) {
            super(calls);
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }
    }

    /** Temporality, default aggregation and memory mode of the wrapped exporter. */
    private static final class WrappedMetrics extends Metrics {
        private final MetricExporter delegate;

        WrappedMetrics(Calls<MetricData> calls, MetricExporter delegate) {
            super(calls);
            this.delegate = delegate;
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
    }
}
