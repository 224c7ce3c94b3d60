package io.vigil.udfs.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.model.StringCodec;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.series.SeriesCodec;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.LatencySketch;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.RedWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Flink serializer for a type that writes itself to bytes: the length, then the bytes. Used for
 * the trace aggregates, whose latency sketches are not Flink POJOs (and must not fall back to
 * Kryo). Each concrete serializer has a snapshot class so that savepoints can be restored.
 */
public abstract class CodecSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** The value as bytes. */
    protected abstract byte[] encode(T value);

    /** The value the bytes of {@link #encode} hold. */
    protected abstract T decode(byte[] bytes);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    public T copy(T from) {
        return from == null ? null : decode(encode(from));
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        byte[] bytes = encode(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return decode(bytes);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    /** {@link RedWindow}: one service's RED accumulation in one window. */
    public static final class RedWindowSerializer extends CodecSerializer<RedWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        protected byte[] encode(RedWindow value) {
            return value.toBytes();
        }

        @Override
        protected RedWindow decode(byte[] bytes) {
            return RedWindow.fromBytes(bytes);
        }

        @Override
        public TypeSerializerSnapshot<RedWindow> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link RedWindowSerializer} from savepoints. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<RedWindow> {
            public Snapshot() {
                super(RedWindowSerializer::new);
            }
        }
    }

    /**
     * {@link RedStats}: requests, errors, duration buckets and latency sketch of one set of calls;
     * reads the format before buckets too.
     */
    public static final class RedStatsSerializer extends CodecSerializer<RedStats> {
        private static final long serialVersionUID = 1L;

        @Override
        protected byte[] encode(RedStats value) {
            return writeStats(value);
        }

        @Override
        protected RedStats decode(byte[] bytes) {
            return readStats(bytes);
        }

        @Override
        public TypeSerializerSnapshot<RedStats> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link RedStatsSerializer} from savepoints. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<RedStats> {
            public Snapshot() {
                super(RedStatsSerializer::new);
            }
        }
    }

    /** {@link EdgeWindow}: the calls along one edge in one window. */
    public static final class EdgeWindowSerializer extends CodecSerializer<EdgeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        protected byte[] encode(EdgeWindow value) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                StringCodec.write(out, value.parent());
                StringCodec.write(out, value.child());
                out.writeLong(value.windowStartMillis());
                out.writeLong(value.windowMillis());
                out.write(writeStats(value.stats()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        protected EdgeWindow decode(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                String parent = StringCodec.read(in);
                String child = StringCodec.read(in);
                long start = in.readLong();
                long length = in.readLong();
                return new EdgeWindow(parent, child, start, length, readStats(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public TypeSerializerSnapshot<EdgeWindow> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link EdgeWindowSerializer} from savepoints. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<EdgeWindow> {
            public Snapshot() {
                super(EdgeWindowSerializer::new);
            }
        }
    }

    /** {@link AlertEvent}: as its JSON on {@code vigil.alerts}. */
    public static final class AlertEventSerializer extends CodecSerializer<AlertEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        protected byte[] encode(AlertEvent value) {
            return AlertJson.write(value);
        }

        @Override
        protected AlertEvent decode(byte[] bytes) {
            return AlertJson.read(bytes);
        }

        @Override
        public TypeSerializerSnapshot<AlertEvent> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link AlertEventSerializer} from savepoints. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<AlertEvent> {
            public Snapshot() {
                super(AlertEventSerializer::new);
            }
        }
    }

    /** {@link MetricRollup}: one series over one rollup period. */
    public static final class MetricRollupSerializer extends CodecSerializer<MetricRollup> {
        private static final long serialVersionUID = 1L;

        @Override
        protected byte[] encode(MetricRollup r) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                SeriesCodec.write(r.series(), out);
                out.writeLong(r.startMillis());
                out.writeLong(r.periodMillis());
                out.writeLong(r.count());
                for (double d :
                        new double[] {
                            r.sum(), r.min(), r.max(), r.score(), r.expected(), r.lower(), r.upper()
                        }) {
                    out.writeDouble(d);
                }
                out.writeBoolean(r.alerting());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        protected MetricRollup decode(byte[] bytes) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                return new MetricRollup(
                        SeriesCodec.read(in),
                        in.readLong(),
                        in.readLong(),
                        in.readLong(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readBoolean());
            } catch (IOException e) {
                throw new IllegalArgumentException("not a serialized metric rollup: " + e, e);
            }
        }

        @Override
        public TypeSerializerSnapshot<MetricRollup> snapshotConfiguration() {
            return new Snapshot();
        }

        /** Restores {@link MetricRollupSerializer} from savepoints. */
        public static final class Snapshot extends SimpleTypeSerializerSnapshot<MetricRollup> {
            public Snapshot() {
                super(MetricRollupSerializer::new);
            }
        }
    }

    /**
     * The first byte of the {@link RedStats} format with duration buckets. The format before it
     * began with the request count, a non-negative long, whose first byte is below 0x80; a first
     * byte with the high bit set is a format version.
     */
    private static final int STATS_WITH_BUCKETS = 0x81;

    /**
     * {@link RedStats} as {@value #STATS_WITH_BUCKETS} (one byte), requests, errors (longs), the
     * duration buckets ({@link RedStats#writeBuckets}, 2 to 122 bytes), then {@link
     * LatencySketch#toBytes()} to the end.
     */
    private static byte[] writeStats(RedStats stats) {
        byte[] sketch = stats.latency().toBytes();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + sketch.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(STATS_WITH_BUCKETS);
            out.writeLong(stats.requests());
            out.writeLong(stats.errors());
            stats.writeBuckets(out);
            out.write(sketch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #writeStats} writes, and the format before it (requests, errors, sketch:
     * stats without buckets).
     */
    private static RedStats readStats(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            boolean withBuckets = bytes.length > 0 && (bytes[0] & 0x80) != 0;
            if (withBuckets && in.readUnsignedByte() != STATS_WITH_BUCKETS) {
                throw new IOException("unknown format version " + (bytes[0] & 0xFF));
            }
            long requests = in.readLong();
            long errors = in.readLong();
            long[] buckets = withBuckets ? RedStats.readBuckets(in) : null;
            return new RedStats(
                    requests, errors, LatencySketch.fromBytes(in.readAllBytes()), buckets);
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialized RED statistics: " + e, e);
        }
    }
}
