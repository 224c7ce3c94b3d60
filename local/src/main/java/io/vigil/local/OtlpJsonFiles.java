package io.vigil.local;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vigil.udfs.otlp.OtlpJson;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * Writes what the {@link TelemetryGenerator}'s services export as the OpenTelemetry Collector's
 * {@code file} exporter does: {@code traces.jsonl}, {@code logs.jsonl} and {@code metrics.jsonl}
 * (or {@code .jsonl.gz}), one OTLP/JSON {@code Export*ServiceRequest} per line: ids as lowercase
 * hex, 64-bit integers as strings, enums as numbers.
 *
 * <p><b>Encoding.</b> The OpenTelemetry SDK's own OTLP marshalers (those of its OTLP exporters)
 * turn the exported items into the protobuf request; {@link OtlpJson#toJson} writes that as OTLP
 * JSON, fields in field-number order. In between, lists whose order the SDK leaves to hash maps
 * keyed by enum identity hashes (span, event, log and point attributes, the metrics of a
 * collection, the points of a metric) are sorted, by key, name and attributes, so that two JVMs
 * write the same bytes.
 *
 * <p><b>One line</b> is what one service instance exported between two metric boundaries (its
 * spans, its log records, or one collection of its metrics), so every line has one resource and one
 * scope. Spans are ordered by end time and log records by time inside their line.
 *
 * <p><b>Time order.</b> Lines are written in non-decreasing order of their <i>time</i>: the end of
 * the first span, the time of the first log record, the time of the first metric point (the dataset
 * contract's order). A line is held back until {@link #exportedUpTo} says nothing older can still
 * come, so only about one metric interval of telemetry is ever in memory.
 *
 * <p><b>Repeatable.</b> The SDK's batch processors export from their own threads at moments that
 * depend on wall time, so the batches they hand over are not used as lines: each exporter collects
 * into its own buffer, in the order its service produced the items (one generator thread), and
 * lines are cut only at {@link #exportedUpTo}. Exporters are visited in creation order. The same
 * generator run thus gives the same bytes; gzip streams carry no file name and no modification
 * time.
 */
final class OtlpJsonFiles implements TelemetryExporters, Closeable {

    /** The three telemetry files of a dataset. */
    enum Signal {
        METRICS("metrics"),
        TRACES("traces"),
        LOGS("logs");

        final String fileBase;

        Signal(String fileBase) {
            this.fileBase = fileBase;
        }

        /** {@code metrics.jsonl} or {@code metrics.jsonl.gz}. */
        String fileName(boolean gzip) {
            return fileBase + (gzip ? ".jsonl.gz" : ".jsonl");
        }
    }

    /** Lines and items written to one file. */
    record Written(Signal signal, Path file, long lines, long items) {}

    private static final int BUFFER_BYTES = 1 << 16;

    private final Output<SpanData> traces;
    private final Output<LogRecordData> logs;
    private final Output<MetricData> metrics;

    private OtlpJsonFiles(
            Output<SpanData> traces, Output<LogRecordData> logs, Output<MetricData> metrics) {
        this.traces = traces;
        this.logs = logs;
        this.metrics = metrics;
    }

    /**
     * Creates (replaces) the three files in {@code dir}, which must exist.
     *
     * @param gzip whether to write {@code .jsonl.gz} instead of {@code .jsonl}
     */
    static OtlpJsonFiles create(Path dir, boolean gzip) throws IOException {
        List<Output<?>> opened = new ArrayList<>();
        try {
            Output<SpanData> traces =
                    new Output<>(
                            Signal.TRACES,
                            dir,
                            gzip,
                            SpanData::getEndEpochNanos,
                            true,
                            encoder(
                                    TraceRequestMarshaler::create,
                                    ExportTraceServiceRequest.parser(),
                                    OtlpCanonical::traces),
                            List::size);
            opened.add(traces);
            Output<LogRecordData> logs =
                    new Output<>(
                            Signal.LOGS,
                            dir,
                            gzip,
                            OtlpJsonFiles::logTime,
                            true,
                            encoder(
                                    LogsRequestMarshaler::create,
                                    ExportLogsServiceRequest.parser(),
                                    OtlpCanonical::logs),
                            List::size);
            opened.add(logs);
            Output<MetricData> metrics =
                    new Output<>(
                            Signal.METRICS,
                            dir,
                            gzip,
                            OtlpJsonFiles::firstPointTime,
                            false,
                            encoder(
                                    MetricsRequestMarshaler::create,
                                    ExportMetricsServiceRequest.parser(),
                                    OtlpCanonical::metrics),
                            OtlpJsonFiles::points);
            return new OtlpJsonFiles(traces, logs, metrics);
        } catch (IOException | RuntimeException e) {
            for (Output<?> output : opened) {
                output.closeQuietly();
            }
            throw e;
        }
    }

    @Override
    public SpanExporter spans(String service) {
        // newBuffer() runs once, here: each exporter adds to a buffer of its own.
        return FunctionExporters.spanSink(traces.newBuffer()::add);
    }

    @Override
    public LogRecordExporter logs(String service) {
        return FunctionExporters.logSink(logs.newBuffer()::add);
    }

    @Override
    public MetricExporter metrics(String service) {
        return FunctionExporters.metricSink(metrics.newBuffer()::add);
    }

    /**
     * Cuts a line from every exporter's buffer and writes, in time order, every line not newer than
     * {@code upTo}.
     *
     * @throws UncheckedIOException if a file cannot be written
     */
    @Override
    public void exportedUpTo(Instant upTo) {
        long nanos = SimulatedClock.toNanos(upTo);
        traces.release(nanos);
        logs.release(nanos);
        metrics.release(nanos);
    }

    /** What each file holds so far, metrics first. */
    List<Written> written() {
        return List.of(metrics.written(), traces.written(), logs.written());
    }

    /**
     * Writes everything still held, in time order, and closes the files. Idempotent.
     *
     * @throws IOException if a file cannot be written or closed
     */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Output<?> output : List.of(metrics, traces, logs)) {
            try {
                output.finish();
            } catch (IOException | UncheckedIOException e) {
                IOException io =
                        e instanceof IOException x ? x : ((UncheckedIOException) e).getCause();
                if (failure == null) {
                    failure = io;
                } else {
                    failure.addSuppressed(io);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The protobuf encoding of an SDK request marshaler. */
    private static byte[] binary(Marshaler marshaler) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
        try {
            marshaler.writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * The SDK's own marshaler's protobuf for the items, parsed back into the request message, put
     * in {@link OtlpCanonical} order and written as OTLP JSON.
     */
    private static <T, R extends Message> Encoder<T> encoder(
            Function<List<T>, Marshaler> marshaler, Parser<R> parser, UnaryOperator<R> canonical) {
        return items ->
                OtlpJson.toJson(canonical.apply(parser.parseFrom(binary(marshaler.apply(items)))));
    }

    /** Turns a batch of items into the JSON of one request. */
    @FunctionalInterface
    private interface Encoder<T> {
        byte[] encode(List<T> items) throws InvalidProtocolBufferException;
    }

    private static long logTime(LogRecordData log) {
        long t = log.getTimestampEpochNanos();
        return t != 0 ? t : log.getObservedTimestampEpochNanos();
    }

    private static long firstPointTime(MetricData metric) {
        long first = Long.MAX_VALUE;
        for (PointData point : metric.getData().getPoints()) {
            first = Math.min(first, point.getEpochNanos());
        }
        return first;
    }

    /** Data points of all {@code metrics}. */
    static int points(Collection<MetricData> metrics) {
        int points = 0;
        for (MetricData metric : metrics) {
            points += metric.getData().getPoints().size();
        }
        return points;
    }

    /** What one exporter received since the last line was cut from it. */
    private static final class Buffer<T> {
        private List<T> items = new ArrayList<>();

        synchronized void add(Collection<T> batch) {
            items.addAll(batch);
        }

        synchronized List<T> take() {
            List<T> taken = items;
            items = new ArrayList<>();
            return taken;
        }
    }

    /** A line waiting for its turn: its time, the order it was cut in, its bytes. */
    private record Line(long time, long sequence, byte[] json) {}

    /** One file: its exporters' buffers, the lines held back, the stream. */
    private static final class Output<T> {
        private final Signal signal;
        private final Path file;
        private final ToLongFunction<T> time;
        private final boolean sortItems;
        private final Encoder<T> encoder;
        private final ToLongFunction<List<T>> itemCount;
        private final List<Buffer<T>> buffers = new ArrayList<>();
        private final List<Line> held = new ArrayList<>();
        private final OutputStream out;
        private long sequence;
        private long lastWritten = Long.MIN_VALUE;
        private long lines;
        private long items;
        private boolean finished;

        Output(
                Signal signal,
                Path dir,
                boolean gzip,
                ToLongFunction<T> time,
                boolean sortItems,
                Encoder<T> encoder,
                ToLongFunction<List<T>> itemCount)
                throws IOException {
            this.signal = signal;
            this.file = dir.resolve(signal.fileName(gzip));
            this.time = time;
            this.sortItems = sortItems;
            this.encoder = encoder;
            this.itemCount = itemCount;
            OutputStream raw = Files.newOutputStream(file);
            try {
                this.out =
                        gzip
                                ? new BufferedOutputStream(
                                        new GZIPOutputStream(raw, BUFFER_BYTES), BUFFER_BYTES)
                                : new BufferedOutputStream(raw, BUFFER_BYTES);
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        }

        synchronized Buffer<T> newBuffer() {
            Buffer<T> buffer = new Buffer<>();
            buffers.add(buffer);
            return buffer;
        }

        /** Cuts lines from the buffers, then writes the held lines with a time ≤ {@code upTo}. */
        synchronized void release(long upTo) {
            for (Buffer<T> buffer : buffers) {
                List<T> taken = buffer.take();
                if (taken.isEmpty()) {
                    continue;
                }
                if (sortItems) {
                    taken.sort(Comparator.comparingLong(time));
                }
                long first = Long.MAX_VALUE;
                for (T item : taken) {
                    first = Math.min(first, time.applyAsLong(item));
                }
                byte[] json;
                try {
                    json = encoder.encode(taken);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException(
                            "the SDK's own protobuf encoding did not parse", e);
                }
                held.add(new Line(first, sequence++, json));
                items += itemCount.applyAsLong(taken);
            }
            held.sort(Comparator.comparingLong(Line::time).thenComparingLong(Line::sequence));
            Iterator<Line> it = held.iterator();
            try {
                while (it.hasNext()) {
                    Line line = it.next();
                    if (line.time() > upTo) {
                        break;
                    }
                    if (line.time() < lastWritten) {
                        throw new IllegalStateException(
                                signal.fileBase
                                        + ": a line of time "
                                        + line.time()
                                        + " came after one of "
                                        + lastWritten
                                        + "; the generator exported out of order");
                    }
                    out.write(line.json());
                    out.write('\n');
                    lastWritten = line.time();
                    lines++;
                    it.remove();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }

        synchronized Written written() {
            return new Written(signal, file, lines, items);
        }

        synchronized void finish() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            try (OutputStream closing = out) {
                release(Long.MAX_VALUE);
            }
        }

        void closeQuietly() {
            try {
                out.close();
            } catch (IOException e) {
                // Already failing; the first error is the one reported.
            }
        }
    }
}
