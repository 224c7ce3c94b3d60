package io.vigil.udfs.traces;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A mergeable summary of durations in microseconds: exact count, sum, minimum and maximum, and a
 * DDSketch for quantiles with {@value #RELATIVE_ACCURACY} relative accuracy (a returned quantile is
 * within 1% of the true value of the sample at that rank). Memory is bounded: at most {@value
 * #MAX_BINS} bins, which at 1% accuracy span more than 17 orders of magnitude before the lowest
 * bins would collapse. Two sketches merge without loss of the guarantee, so per-operation minutes
 * roll up into per-service minutes and hours.
 *
 * <p>Quantiles follow DDSketch's definition: the value of rank {@code floor(q × (n − 1))} among the
 * sorted samples (0-based), then clamped to the exact [min, max].
 */
public final class LatencySketch {
    /** The relative accuracy of every quantile. */
    public static final double RELATIVE_ACCURACY = 0.01;

    /** The most bins a sketch keeps. */
    public static final int MAX_BINS = 2048;

    private static final int HEADER_BYTES = 4 * Long.BYTES;

    private final DDSketch sketch;
    private long count;
    private long sumMicros;
    private long minMicros = Long.MAX_VALUE;
    private long maxMicros = Long.MIN_VALUE;

    public LatencySketch() {
        this(DDSketches.collapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS));
    }

    private LatencySketch(DDSketch sketch) {
        this.sketch = sketch;
    }

    /** Adds one duration; negative durations count as 0. */
    public LatencySketch record(long micros) {
        long value = Math.max(0, micros);
        sketch.accept(value);
        count++;
        sumMicros += value;
        minMicros = Math.min(minMicros, value);
        maxMicros = Math.max(maxMicros, value);
        return this;
    }

    /** Adds every sample of {@code other} to this sketch; {@code other} is unchanged. */
    public LatencySketch merge(LatencySketch other) {
        if (other.count == 0) {
            return this;
        }
        sketch.mergeWith(other.sketch);
        count += other.count;
        sumMicros += other.sumMicros;
        minMicros = Math.min(minMicros, other.minMicros);
        maxMicros = Math.max(maxMicros, other.maxMicros);
        return this;
    }

    public long count() {
        return count;
    }

    /** The exact sum of the recorded durations (total time), µs. */
    public long sumMicros() {
        return sumMicros;
    }

    /** The exact minimum, µs; 0 when empty. */
    public long minMicros() {
        return count == 0 ? 0 : minMicros;
    }

    /** The exact maximum, µs; 0 when empty. */
    public long maxMicros() {
        return count == 0 ? 0 : maxMicros;
    }

    /**
     * The duration at quantile {@code q} in µs, within {@value #RELATIVE_ACCURACY} relative error;
     * 0 when empty.
     *
     * @throws IllegalArgumentException if q is outside [0, 1]
     */
    public long quantileMicros(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], was " + q);
        }
        if (count == 0) {
            return 0;
        }
        long value = Math.round(sketch.getValueAtQuantile(q));
        return Math.max(minMicros, Math.min(maxMicros, value));
    }

    /**
     * The sketch's bins in ascending order of value as (representative value µs, count) pairs: the
     * form of an Elasticsearch {@code histogram} field, so percentiles can be aggregated again over
     * any time range in Elasticsearch.
     */
    public void forEachBin(BiConsumer<Double, Long> bin) {
        List<double[]> bins = new ArrayList<>();
        long zeros = count - Math.round(sketch.getPositiveValueStore().getTotalCount());
        if (zeros > 0) {
            bins.add(new double[] {0, zeros});
        }
        sketch.getPositiveValueStore()
                .getAscendingIterator()
                .forEachRemaining(
                        b ->
                                bins.add(
                                        new double[] {
                                            Math.round(
                                                            sketch.getIndexMapping()
                                                                            .value(b.getIndex())
                                                                    * 1000)
                                                    / 1000.0,
                                            Math.round(b.getCount())
                                        }));
        for (double[] b : bins) {
            if (b[1] > 0) {
                bin.accept(b[0], (long) b[1]);
            }
        }
    }

    /** The serialized form: exact statistics followed by DDSketch's own encoding. */
    public byte[] toBytes() {
        GrowingByteArrayOutput encoded = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(encoded, false);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory cannot fail", e);
        }
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + encoded.numWrittenBytes());
        out.putLong(count).putLong(sumMicros).putLong(minMicros).putLong(maxMicros);
        out.put(encoded.backingArray(), 0, encoded.numWrittenBytes());
        return out.array();
    }

    /**
     * Reads what {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException if the bytes are not a serialized sketch
     */
    public static LatencySketch fromBytes(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "a serialized latency sketch has at least "
                            + HEADER_BYTES
                            + " bytes, got "
                            + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            DDSketch sketch =
                    DDSketch.decode(
                            ByteArrayInput.wrap(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES),
                            () -> new CollapsingLowestDenseStore(MAX_BINS));
            LatencySketch result = new LatencySketch(sketch);
            result.count = in.getLong();
            result.sumMicros = in.getLong();
            result.minMicros = in.getLong();
            result.maxMicros = in.getLong();
            return result;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a serialized latency sketch: " + e, e);
        }
    }

    /** A deep copy. */
    public LatencySketch copy() {
        LatencySketch copy = new LatencySketch(sketch.copy());
        copy.count = count;
        copy.sumMicros = sumMicros;
        copy.minMicros = minMicros;
        copy.maxMicros = maxMicros;
        return copy;
    }

    @Override
    public String toString() {
        return "LatencySketch{count="
                + count
                + ", sum="
                + sumMicros
                + "µs, p50="
                + quantileMicros(0.5)
                + "µs, p95="
                + quantileMicros(0.95)
                + "µs, max="
                + maxMicros()
                + "µs}";
    }
}
