package io.vigil.udfs.series;

import io.vigil.udfs.alerts.AlertEvent;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The open rollup period of one series: the statistics of its values and of the band a model drew
 * around them, until the period is taken as a {@link MetricRollup}. Mutable; fed in event-time
 * order.
 *
 * <p>Periods are aligned to the epoch ({@link #periodStart}), all times are epoch milliseconds. At
 * most one period is open. Once a period has been taken, no value of it or of an earlier period is
 * accepted any more ({@link #written}): a rollup is written once.
 *
 * <p><b>Size</b>: 16 bytes of state with no open period, 89 with one ({@link #writeTo}).
 */
public final class RollupAccumulator {
    private static final long NONE = Long.MIN_VALUE;

    private long writtenBeforeMillis = NONE;

    private long startMillis = NONE;
    private long count;
    private double sum;
    private double min;
    private double max;
    private double maxScore;
    private long banded;
    private double sumExpected;
    private double sumLower;
    private double sumUpper;
    private boolean alerting;

    /** Start of the period of length {@code periodMillis} that holds {@code epochMillis}. */
    public static long periodStart(long epochMillis, long periodMillis) {
        return Math.floorDiv(epochMillis, periodMillis) * periodMillis;
    }

    /** Whether the period starting at {@code periodStartMillis} was already taken. */
    public boolean written(long periodStartMillis) {
        return writtenBeforeMillis != NONE && periodStartMillis < writtenBeforeMillis;
    }

    /**
     * Takes the open period if a value of the later period starting at {@code periodStartMillis} is
     * about to be added; else {@code null}.
     */
    public MetricRollup closeBefore(
            long periodStartMillis, long periodMillis, AlertEvent.Series series) {
        if (startMillis != NONE && periodStartMillis > startMillis) {
            return take(periodMillis, series);
        }
        return null;
    }

    /**
     * Adds a value to the period starting at {@code periodStartMillis}, opening it if none is open.
     * The caller has closed an earlier open period first ({@link #closeBefore}).
     *
     * @param score the model's anomaly score for the value, in [0, 1]
     * @param expected the model's expected value, {@code NaN} if it has none yet
     * @param lower lower band edge, as {@code expected}
     * @param upper upper band edge, as {@code expected}
     * @param alertOpen whether an alert on the series is open after this value (only read when the
     *     value opens a period)
     */
    public void add(
            long periodStartMillis,
            double value,
            double score,
            double expected,
            double lower,
            double upper,
            boolean alertOpen) {
        if (startMillis == NONE) {
            startMillis = periodStartMillis;
            count = 0;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            maxScore = 0;
            banded = 0;
            sumExpected = 0;
            sumLower = 0;
            sumUpper = 0;
            alerting = alertOpen;
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        maxScore = Math.max(maxScore, score);
        if (!Double.isNaN(expected)) {
            banded++;
            sumExpected += expected;
            sumLower += lower;
            sumUpper += upper;
        }
    }

    /** An alert on the series was open, or fired, during the open period. */
    public void markAlerting() {
        alerting = true;
    }

    /**
     * The open period if it ends at or before {@code watermarkMillis} (event time has passed it, so
     * no in-order value can join it), else {@code null}.
     */
    public MetricRollup close(long watermarkMillis, long periodMillis, AlertEvent.Series series) {
        if (startMillis == NONE || startMillis + periodMillis > watermarkMillis) {
            return null;
        }
        return take(periodMillis, series);
    }

    /** End of the open period, or {@link Long#MIN_VALUE} if none is open. */
    public long endMillis(long periodMillis) {
        return startMillis == NONE ? NONE : startMillis + periodMillis;
    }

    private MetricRollup take(long periodMillis, AlertEvent.Series series) {
        MetricRollup r =
                new MetricRollup(
                        series,
                        startMillis,
                        periodMillis,
                        count,
                        sum,
                        min,
                        max,
                        maxScore,
                        banded == 0 ? Double.NaN : sumExpected / banded,
                        banded == 0 ? Double.NaN : sumLower / banded,
                        banded == 0 ? Double.NaN : sumUpper / banded,
                        alerting);
        writtenBeforeMillis = startMillis + periodMillis;
        startMillis = NONE;
        return r;
    }

    /** Writes the state: the written-before mark, the open period's start and statistics. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(writtenBeforeMillis);
        out.writeLong(startMillis);
        if (startMillis != NONE) {
            out.writeLong(count);
            out.writeDouble(sum);
            out.writeDouble(min);
            out.writeDouble(max);
            out.writeDouble(maxScore);
            out.writeLong(banded);
            out.writeDouble(sumExpected);
            out.writeDouble(sumLower);
            out.writeDouble(sumUpper);
            out.writeBoolean(alerting);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    public static RollupAccumulator readFrom(DataInput in) throws IOException {
        RollupAccumulator r = new RollupAccumulator();
        r.writtenBeforeMillis = in.readLong();
        r.startMillis = in.readLong();
        if (r.startMillis != NONE) {
            r.count = in.readLong();
            r.sum = in.readDouble();
            r.min = in.readDouble();
            r.max = in.readDouble();
            r.maxScore = in.readDouble();
            r.banded = in.readLong();
            r.sumExpected = in.readDouble();
            r.sumLower = in.readDouble();
            r.sumUpper = in.readDouble();
            r.alerting = in.readBoolean();
        }
        return r;
    }
}
