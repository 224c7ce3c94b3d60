package io.vigil.udfs.forecast;

import java.util.Arrays;

/**
 * Whether a stretch of history repeats with a given lag: the test of {@code
 * shared/data/forecast/PROTOCOL.md}, applied to the forecaster's own history.
 *
 * <p>The stretch is detrended (its least-squares line removed); {@code r(m)} is the Pearson
 * correlation of the detrended values with themselves {@code m} steps later, computed on the values
 * and on their ranks (a few spikes do not hide a daily shape). A variant passes if {@code r(m) ≥
 * 0.3} and {@code r(m) − r(⌊m/2⌋) ≥ 0.1}: a peak at the lag, not mere persistence. The score of a
 * lag is the larger passing {@code r}, or a negative number if neither passes.
 *
 * <p>{@code vigil bench forecast} detects the protocol's periods with these same functions.
 */
public final class Seasonality {

    /** Least autocorrelation at the lag. */
    static final double MIN_CORRELATION = 0.3;

    /** Least rise of the autocorrelation from half the lag to the lag. */
    static final double MIN_PEAK = 0.1;

    private Seasonality() {}

    /**
     * The score of lag {@code m} over {@code values[0..length)}: the larger passing correlation, or
     * −1 when the lag does not pass (or the stretch is shorter than two lags).
     */
    public static double score(double[] values, int length, int m) {
        if (m < 2 || length < 2 * m) {
            return -1;
        }
        double[] x = detrended(values, length);
        double best = -1;
        best = Math.max(best, passing(x, m));
        best = Math.max(best, passing(ranks(x), m));
        return best;
    }

    private static double passing(double[] x, int m) {
        double r = correlation(x, m);
        double half = correlation(x, m / 2);
        return r >= MIN_CORRELATION && r - half >= MIN_PEAK ? r : -1;
    }

    /** {@code values[0..length)} less their least-squares line. */
    public static double[] detrended(double[] values, int length) {
        double meanX = (length - 1) / 2.0;
        double meanY = 0;
        for (int i = 0; i < length; i++) {
            meanY += values[i];
        }
        meanY /= length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < length; i++) {
            sxy += (i - meanX) * (values[i] - meanY);
            sxx += (i - meanX) * (i - meanX);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = values[i] - meanY - slope * (i - meanX);
        }
        return out;
    }

    /** Ranks 1..n, ties given their average rank. */
    public static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        return ranks;
    }

    /** Pearson correlation of {@code x[0..n−m)} with {@code x[m..n)}; 0 when either is constant. */
    public static double correlation(double[] x, int m) {
        if (m < 1) {
            return 1;
        }
        int n = x.length - m;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += x[i];
            meanB += x[i + m];
        }
        meanA /= n;
        meanB /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = x[i] - meanA;
            double db = x[i + m] - meanB;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}
