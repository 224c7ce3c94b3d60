package io.vigil.udfs.traces;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Rate, errors and duration of one set of requests: exact counts, the durations in a mergeable
 * {@link LatencySketch}, and exact counts of the durations per bucket of {@link
 * #BUCKET_BOUNDS_SECONDS}, the explicit-bucket histogram an SLO reads ("the share of requests
 * faster than 0.25 s" is the count of the buckets up to 0.25 over the count of all).
 *
 * <p>Buckets follow OTLP's rule: bucket {@code i} counts the durations d with {@code bounds[i-1] <
 * d ≤ bounds[i]}, the first bucket everything up to {@code bounds[0]} (0 included), the last
 * ({@link #BUCKETS}{@code − 1}, +Inf) everything above {@code bounds[13]}. A duration is placed by
 * its nanoseconds when the caller has them ({@link #recordNanos}, as spans do), so a request of
 * 5.0001 ms is above the 0.005 bound; {@link #record} places whole microseconds.
 *
 * <p>Invariant: with buckets, their counts add up to {@link #requests()}, which equals {@code
 * latency().count()}. Stats read from state written before the buckets existed have none ({@link
 * #hasBuckets()} is false), and neither has anything they are merged into: a histogram is exact or
 * absent, never a part of its requests.
 *
 * <p><b>Size</b>: the buckets are one {@code long[15]} (136 bytes on the heap with the array
 * header); serialized ({@link #writeBuckets}) 2 bytes plus 8 per non-empty bucket, at most 122. In
 * Flink state that is per operation of a {@link RedWindow} (plus one section byte per window) and,
 * plus one format byte, per edge's {@code RedStats} ({@code CodecSerializer.RedStatsSerializer}).
 */
public final class RedStats {
    /**
     * The upper bounds of the duration buckets, seconds, ascending: the {@code
     * ExplicitBucketBoundaries} advice of the OpenTelemetry semantic conventions for {@code
     * http.server.request.duration} (and {@code http.client.request.duration}), {@code [ 0.005,
     * 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10 ]} (semantic-conventions
     * {@code docs/http/http-metrics.md}, the same from v1.22.0, which dropped a leading 0, through
     * v1.44.0). The +Inf bucket is implicit.
     */
    public static final List<Double> BUCKET_BOUNDS_SECONDS =
            List.of(
                    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
                    10.0);

    /** How many buckets there are: one per bound and the +Inf bucket. */
    public static final int BUCKETS = 15;

    /**
     * {@link #BUCKET_BOUNDS_SECONDS} in nanoseconds, where they are whole numbers: a duration is
     * placed by comparing longs, with no floating-point rounding at a bound.
     */
    private static final long[] BOUNDS_NANOS =
            BUCKET_BOUNDS_SECONDS.stream().mapToLong(s -> Math.round(s * 1e9)).toArray();

    /** The {@link #writeBuckets} mask bit that says "no buckets" (stats from older state). */
    private static final int NO_BUCKETS = 0x8000;

    private long requests;
    private long errors;
    private final LatencySketch latency;
    private long[] buckets; // BUCKETS counts, or null: none (read from state without them)

    public RedStats() {
        this(0, 0, new LatencySketch(), new long[BUCKETS]);
    }

    /**
     * Stats as read back from state.
     *
     * @param bucketCounts {@value #BUCKETS} counts that add up to {@code requests}, or {@code null}
     *     for stats from state written before buckets existed
     * @throws IllegalArgumentException if the bucket counts do not fit {@code requests}
     */
    public RedStats(long requests, long errors, LatencySketch latency, long[] bucketCounts) {
        if (bucketCounts != null
                && (bucketCounts.length != BUCKETS
                        || Arrays.stream(bucketCounts).sum() != requests)) {
            throw new IllegalArgumentException(
                    "expected "
                            + BUCKETS
                            + " bucket counts adding up to "
                            + requests
                            + " requests, got "
                            + Arrays.toString(bucketCounts));
        }
        this.requests = requests;
        this.errors = errors;
        this.latency = latency;
        this.buckets = bucketCounts == null ? null : bucketCounts.clone();
    }

    /** Adds one request of {@code durationMicros} µs; negative durations count as 0. */
    public RedStats record(long durationMicros, boolean error) {
        long micros = Math.max(0, durationMicros);
        return add(
                micros, micros > Long.MAX_VALUE / 1_000 ? Long.MAX_VALUE : micros * 1_000, error);
    }

    /**
     * Adds one request of {@code durationNanos} ns: the sketch gets whole microseconds, the buckets
     * the exact duration. Negative durations count as 0.
     */
    public RedStats recordNanos(long durationNanos, boolean error) {
        long nanos = Math.max(0, durationNanos);
        return add(nanos / 1_000, nanos, error);
    }

    private RedStats add(long micros, long nanos, boolean error) {
        requests++;
        if (error) {
            errors++;
        }
        latency.record(micros);
        if (buckets != null) {
            buckets[bucketOf(nanos)]++;
        }
        return this;
    }

    /** The bucket a duration of {@code nanos} ns belongs to: the first whose bound is ≥ it. */
    static int bucketOf(long nanos) {
        int i = Arrays.binarySearch(BOUNDS_NANOS, nanos);
        return i >= 0 ? i : -i - 1;
    }

    /** Adds every request of {@code other} to these stats; {@code other} is unchanged. */
    public RedStats merge(RedStats other) {
        requests += other.requests;
        errors += other.errors;
        latency.merge(other.latency);
        if (buckets != null && other.buckets != null) {
            for (int i = 0; i < BUCKETS; i++) {
                buckets[i] += other.buckets[i];
            }
        } else {
            buckets = null;
        }
        return this;
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    /** The request durations (µs). */
    public LatencySketch latency() {
        return latency;
    }

    /** Whether the stats have bucket counts (false only for stats from older state). */
    public boolean hasBuckets() {
        return buckets != null;
    }

    /**
     * The requests per duration bucket, {@value #BUCKETS} counts: bucket {@code i < 14} up to
     * {@code BUCKET_BOUNDS_SECONDS.get(i)}, the last above 10 s. A copy.
     *
     * @throws IllegalStateException if the stats have none ({@link #hasBuckets()})
     */
    public long[] bucketCounts() {
        if (buckets == null) {
            throw new IllegalStateException("RED statistics from state without duration buckets");
        }
        return buckets.clone();
    }

    /** Errors over requests, 0 with no requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    public RedStats copy() {
        return new RedStats(requests, errors, latency.copy(), buckets);
    }

    /**
     * Writes the bucket counts for {@link #readBuckets}: an unsigned short whose bit {@code i} (0
     * to 14) says bucket {@code i} is not empty and whose bit 15 says "no buckets", then the count
     * of each non-empty bucket as a long, in bucket order. 2 to 122 bytes.
     */
    public void writeBuckets(DataOutput out) throws IOException {
        if (buckets == null) {
            out.writeShort(NO_BUCKETS);
            return;
        }
        int mask = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (buckets[i] != 0) {
                mask |= 1 << i;
            }
        }
        out.writeShort(mask);
        for (long count : buckets) {
            if (count != 0) {
                out.writeLong(count);
            }
        }
    }

    /**
     * Reads what {@link #writeBuckets} wrote: the {@value #BUCKETS} counts, or {@code null} for "no
     * buckets".
     *
     * @throws IOException if the input ends early or the mask is not one {@link #writeBuckets}
     *     writes
     */
    public static long[] readBuckets(DataInput in) throws IOException {
        int mask = in.readUnsignedShort();
        if (mask == NO_BUCKETS) {
            return null;
        }
        if ((mask & NO_BUCKETS) != 0) {
            throw new IOException("bad duration bucket mask " + Integer.toHexString(mask));
        }
        long[] counts = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            if ((mask & (1 << i)) != 0) {
                counts[i] = in.readLong();
            }
        }
        return counts;
    }
}
