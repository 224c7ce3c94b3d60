package io.vigil.udfs.series;

import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.Temporality;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns the points of one metric series into values, one per point, in the point's own unit (a rate
 * is per second). Mutable: it keeps the previous cumulative point as the baseline of the next.
 *
 * <p>What a point is worth depends on its kind: a gauge or a non-monotonic sum (a level) is its
 * value; a monotonic sum is a rate per second (a delta point's value over its interval; for
 * cumulative points the increase since the previous point, with a counter reset or a new start time
 * starting over); a histogram, exponential histogram or summary is the mean of the observations of
 * the interval (sum over count; for cumulative points, of the increase since the previous point). A
 * point that yields no value (the first cumulative point, a reset, an interval without
 * observations, "no recorded value") is a baseline, not an error: {@link #valueOf} returns {@code
 * NaN}.
 *
 * <p><b>Size</b>: 32 bytes of state ({@link #writeTo}).
 */
public final class PointValues {
    private static final long NONE = Long.MIN_VALUE;

    // Baseline of cumulative points: the previous point's start, time, value (or sum) and count.
    private long baselineStartNanos = NONE;
    private long baselineTimeNanos;
    private double baselineValue;
    private long baselineCount;

    /**
     * The value the point contributes to the series, as described in the class comment, or {@code
     * NaN} if it is a baseline only. Updates the cumulative baseline.
     */
    public double valueOf(MetricPoint p) {
        if (p.noRecordedValue()) {
            return Double.NaN;
        }
        boolean cumulative = p.temporality() == Temporality.CUMULATIVE;
        return switch (p.type()) {
            case GAUGE -> p.value();
            case SUM -> {
                if (!p.monotonic()) {
                    yield p.value();
                }
                if (!cumulative) {
                    double seconds = (p.timeUnixNano() - p.startTimeUnixNano()) / 1e9;
                    yield p.startTimeUnixNano() > 0 && seconds > 0
                            ? p.value() / seconds
                            : p.value();
                }
                yield increase(p, p.value(), 0);
            }
            case HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY -> {
                if (Double.isNaN(p.sum())) {
                    yield Double.NaN;
                }
                if (!cumulative && p.type() != MetricType.SUMMARY) {
                    yield p.count() > 0 ? p.sum() / p.count() : Double.NaN;
                }
                if (p.type() == MetricType.SUMMARY && freshInterval(p)) {
                    // A summary whose interval starts where the last one ended (or later) covers
                    // that interval alone, like the per-window summaries of the traces job.
                    increase(p, p.sum(), p.count());
                    yield p.count() > 0 ? p.sum() / p.count() : Double.NaN;
                }
                yield increase(p, p.sum(), p.count());
            }
        };
    }

    /** Whether the point's interval starts at or after the previous point: not cumulative. */
    private boolean freshInterval(MetricPoint p) {
        return p.startTimeUnixNano() > 0
                && baselineStartNanos != NONE
                && p.startTimeUnixNano() >= baselineTimeNanos;
    }

    /**
     * For a cumulative point: the rate of increase of the value (count 0) or the mean of the new
     * observations (count &gt; 0) since the baseline; NaN at a first point or a reset.
     */
    private double increase(MetricPoint p, double total, long totalCount) {
        boolean continues =
                baselineStartNanos != NONE
                        && baselineStartNanos == p.startTimeUnixNano()
                        && p.timeUnixNano() > baselineTimeNanos
                        && total >= baselineValue
                        && totalCount >= baselineCount;
        double result = Double.NaN;
        if (continues) {
            if (p.type() == MetricType.SUM) {
                result = (total - baselineValue) / ((p.timeUnixNano() - baselineTimeNanos) / 1e9);
            } else if (totalCount > baselineCount) {
                result = (total - baselineValue) / (totalCount - baselineCount);
            }
        }
        baselineStartNanos = p.startTimeUnixNano();
        baselineTimeNanos = p.timeUnixNano();
        baselineValue = total;
        baselineCount = totalCount;
        return result;
    }

    /** Writes the baseline: start and time (nanoseconds), value, count. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(baselineStartNanos);
        out.writeLong(baselineTimeNanos);
        out.writeDouble(baselineValue);
        out.writeLong(baselineCount);
    }

    /** Reads what {@link #writeTo} wrote. */
    public static PointValues readFrom(DataInput in) throws IOException {
        PointValues v = new PointValues();
        v.baselineStartNanos = in.readLong();
        v.baselineTimeNanos = in.readLong();
        v.baselineValue = in.readDouble();
        v.baselineCount = in.readLong();
        return v;
    }
}
