package io.vigil.udfs.traces;

import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import io.vigil.udfs.model.StringCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RED metrics of one service in one time window: per operation and for the whole service (the merge
 * of its operations), with the operations ranked by total time and by p95.
 *
 * <p>A <em>request</em> is a span that serves one: kind SERVER or CONSUMER, or a root span of any
 * kind (a job or a script that nobody called). CLIENT, PRODUCER and INTERNAL spans inside a request
 * are parts of it and not counted again. An error is a request span with status ERROR.
 */
public final class RedWindow {
    /** The tag of the section after the operations that holds their duration buckets. */
    private static final byte BUCKETS_SECTION = 1;

    private String service = "";
    private long windowStartMillis;
    private long windowMillis;
    private final TreeMap<String, RedStats> operations = new TreeMap<>();

    /** Whether {@code span} is a request for RED metrics. */
    public static boolean isRequest(SpanRecord span) {
        return span.kind() == SpanKind.SERVER || span.kind() == SpanKind.CONSUMER || span.isRoot();
    }

    /** Adds one request span. */
    public RedWindow add(SpanRecord span) {
        service = span.serviceName();
        operations
                .computeIfAbsent(span.name(), k -> new RedStats())
                .recordNanos(span.durationNanos(), span.statusCode() == StatusCode.ERROR);
        return this;
    }

    /** Adds every request of {@code other} (same service) to this window. */
    public RedWindow merge(RedWindow other) {
        if (service.isEmpty()) {
            service = other.service;
        }
        other.operations.forEach(
                (op, stats) -> operations.merge(op, stats.copy(), RedStats::merge));
        return this;
    }

    /** Sets the window this accumulation covers. */
    public RedWindow window(long startMillis, long lengthMillis) {
        this.windowStartMillis = startMillis;
        this.windowMillis = lengthMillis;
        return this;
    }

    public String service() {
        return service;
    }

    public long windowStartMillis() {
        return windowStartMillis;
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** Per operation, by name. */
    public Map<String, RedStats> operations() {
        return Collections.unmodifiableMap(operations);
    }

    /** The whole service: all operations merged. */
    public RedStats total() {
        RedStats total = new RedStats();
        operations.values().forEach(total::merge);
        return total;
    }

    /** Operation names by total time (sum of durations), largest first; ties by name. */
    public List<String> rankedByTotalTime() {
        return ranked(Comparator.comparingLong(s -> s.latency().sumMicros()));
    }

    /** Operation names by p95 duration, largest first; ties by name. */
    public List<String> rankedByP95() {
        return ranked(Comparator.comparingLong(s -> s.latency().quantileMicros(0.95)));
    }

    private List<String> ranked(Comparator<RedStats> by) {
        List<String> names = new ArrayList<>(operations.keySet());
        names.sort(
                Comparator.<String, RedStats>comparing(operations::get, by.reversed())
                        .thenComparing(Comparator.naturalOrder()));
        return names;
    }

    /**
     * The serialized form, for Flink state: service, window start and length, the operations (name,
     * requests, errors, length-prefixed {@link LatencySketch#toBytes()}), then a section tagged
     * {@value #BUCKETS_SECTION} with each operation's {@link RedStats#writeBuckets} in the same
     * order (2 to 122 bytes an operation). The section comes last so that bytes written before it
     * existed, which end after the operations, still read ({@link #fromBytes}).
     */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StringCodec.write(out, service);
            out.writeLong(windowStartMillis);
            out.writeLong(windowMillis);
            out.writeInt(operations.size());
            for (Map.Entry<String, RedStats> e : operations.entrySet()) {
                StringCodec.write(out, e.getKey());
                out.writeLong(e.getValue().requests());
                out.writeLong(e.getValue().errors());
                byte[] sketch = e.getValue().latency().toBytes();
                out.writeInt(sketch.length);
                out.write(sketch);
            }
            out.writeByte(BUCKETS_SECTION);
            for (RedStats stats : operations.values()) {
                stats.writeBuckets(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #toBytes()} wrote, also before duration buckets existed: then the
     * operations have none ({@link RedStats#hasBuckets()}).
     *
     * @throws IllegalArgumentException if the bytes are not a serialized window
     */
    public static RedWindow fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            RedWindow w = new RedWindow();
            w.service = StringCodec.read(in);
            w.windowStartMillis = in.readLong();
            w.windowMillis = in.readLong();
            int n = in.readInt();
            List<String> names = new ArrayList<>(n);
            List<long[]> counts = new ArrayList<>(n);
            List<LatencySketch> sketches = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                names.add(StringCodec.read(in));
                counts.add(new long[] {in.readLong(), in.readLong()});
                byte[] sketch = new byte[in.readInt()];
                in.readFully(sketch);
                sketches.add(LatencySketch.fromBytes(sketch));
            }
            boolean withBuckets = in.available() > 0;
            if (withBuckets && in.readByte() != BUCKETS_SECTION) {
                throw new IOException("unknown section after the operations");
            }
            for (int i = 0; i < n; i++) {
                w.operations.put(
                        names.get(i),
                        new RedStats(
                                counts.get(i)[0],
                                counts.get(i)[1],
                                sketches.get(i),
                                withBuckets ? RedStats.readBuckets(in) : null));
            }
            return w;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a serialized RED window: " + e, e);
        }
    }
}
