package io.vigil.bench.forecast;

import java.util.Arrays;

/**
 * The constants and formulas of the forecast protocol ({@code shared/data/forecast/PROTOCOL.md})
 * that do not depend on a method: step, probation, forecast origins, crossing threshold and
 * horizon.
 *
 * <p>Worked numbers for a 4,032-row series at 5 minutes: p = floor(0.15 · 4032) = 604, stride K_s =
 * min(257, max(1, floor((4032 - 604 - 12) / 19))) = 179, origins 603, 782, …, 4004 (20 of them),
 * crossing horizon Hs = 12 steps.
 */
public final class Protocol {
    private Protocol() {}

    /** Forecast steps scored at each origin: y[o+1..o+12]. */
    public static final int HORIZON = 12;

    /** NAB's probation: the first floor(0.15 n) rows are only history. */
    public static final double PROBATION_FRACTION = 0.15;

    /** K: the largest stride between origins, a prime so that origins move through the day. */
    public static final int MAX_STRIDE = 257;

    /** N_min: short series still get at least this many origins. */
    public static final int MIN_ORIGINS = 20;

    /** The crossing threshold T is this percentile of y[p..n-1] (NumPy's linear method). */
    public static final double THRESHOLD_PERCENTILE = 99;

    /** H: a crossing is predicted for the next 60 minutes. */
    public static final long CROSSING_HORIZON_MILLIS = 60 * 60_000L;

    /** An event is caught by an alert at least 5 minutes before it. */
    public static final long CATCH_MARGIN_MILLIS = 5 * 60_000L;

    /** σ_t is the sample std of first differences over this many trailing steps. */
    public static final int SIGMA_STEPS = 288;

    /** One hour in seconds (linear_1h window, crossing horizon in steps). */
    public static final long HOUR_SECONDS = 3_600;

    /** One day in seconds (linear_1d window, the seasonal naive's default period). */
    public static final long DAY_SECONDS = 86_400;

    /** p = floor(0.15 n). */
    public static int probation(int rows) {
        return (int) Math.floor(PROBATION_FRACTION * rows);
    }

    /** K_s = min(K, max(1, floor((n - p - 12) / (N_min - 1)))). */
    public static int originStride(int rows, int probation) {
        return Math.min(
                MAX_STRIDE,
                Math.max(1, Math.floorDiv(rows - probation - HORIZON, MIN_ORIGINS - 1)));
    }

    /**
     * The forecast origins o = p - 1 + j K_s for j = 0, 1, … while o + 12 <= n - 1; empty when even
     * the first does not fit.
     */
    public static int[] origins(int rows, int probation) {
        int stride = originStride(rows, probation);
        int first = probation - 1;
        if (first < 0 || first + HORIZON > rows - 1) {
            return new int[0];
        }
        int count = (rows - 1 - HORIZON - first) / stride + 1;
        int[] origins = new int[count];
        for (int j = 0; j < count; j++) {
            origins[j] = first + j * stride;
        }
        return origins;
    }

    /**
     * dt: the most common difference between consecutive timestamps, in seconds (the smallest of
     * equally common ones, as NumPy's unique + argmax picks). 0 for fewer than two rows.
     */
    public static long stepSeconds(long[] epochMillis) {
        if (epochMillis.length < 2) {
            return 0;
        }
        long[] diffs = new long[epochMillis.length - 1];
        for (int i = 1; i < epochMillis.length; i++) {
            diffs[i - 1] = epochMillis[i] - epochMillis[i - 1];
        }
        Arrays.sort(diffs);
        long best = diffs[0];
        int bestCount = 0;
        for (int i = 0; i < diffs.length; ) {
            int j = i;
            while (j < diffs.length && diffs[j] == diffs[i]) {
                j++;
            }
            if (j - i > bestCount) {
                bestCount = j - i;
                best = diffs[i];
            }
            i = j;
        }
        return Math.floorDiv(best, 1000);
    }

    /** Hs = max(1, round(60 min / dt)): 12 at 5 min, 6 at 10 min, 2 at 30 min, 1 hourly. */
    public static int crossingSteps(long dtSeconds) {
        return Math.max(1, (int) Math.rint((double) HOUR_SECONDS / dtSeconds));
    }

    /** T = numpy.percentile(y[p:], 99), linear interpolation. */
    public static double threshold(double[] values, int probation) {
        return Stats.percentile(
                Arrays.copyOfRange(values, probation, values.length), THRESHOLD_PERCENTILE);
    }
}
