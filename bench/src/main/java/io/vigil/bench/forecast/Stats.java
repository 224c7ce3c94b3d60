package io.vigil.bench.forecast;

import java.util.Arrays;

/**
 * The few statistics the protocol needs, written to agree with NumPy/SciPy: an OLS line on the
 * index, Pearson correlation, average ranks ({@code scipy.stats.rankdata}), the linear percentile
 * ({@code numpy.percentile}), median and sample standard deviation.
 */
final class Stats {
    private Stats() {}

    /** A line a + b·i over the index i = 0, 1, … of the points it was fitted to. */
    record Line(double intercept, double slope) {
        double at(double index) {
            return intercept + slope * index;
        }
    }

    /**
     * The least-squares line through (i, y[from + i]) for i = 0..length-1; slope 0 for a single
     * point.
     */
    static Line ols(double[] y, int from, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("ols needs at least one point");
        }
        double meanIndex = (length - 1) / 2.0;
        double meanY = 0;
        for (int i = 0; i < length; i++) {
            meanY += y[from + i];
        }
        meanY /= length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < length; i++) {
            double dx = i - meanIndex;
            sxy += dx * (y[from + i] - meanY);
            sxx += dx * dx;
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new Line(meanY - slope * meanIndex, slope);
    }

    /** y minus its OLS line on the index. */
    static double[] detrend(double[] y) {
        Line line = ols(y, 0, y.length);
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = y[i] - line.at(i);
        }
        return x;
    }

    /**
     * Pearson correlation of x[0..n-lag-1] with x[lag..n-1]; NaN when either part is constant or
     * shorter than 2.
     */
    static double lagCorrelation(double[] x, int lag) {
        int length = x.length - lag;
        if (lag <= 0 || length < 2) {
            return Double.NaN;
        }
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < length; i++) {
            meanA += x[i];
            meanB += x[i + lag];
        }
        meanA /= length;
        meanB /= length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < length; i++) {
            double a = x[i] - meanA;
            double b = x[i + lag] - meanB;
            sab += a * b;
            saa += a * a;
            sbb += b * b;
        }
        if (saa == 0 || sbb == 0) {
            return Double.NaN;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    /** 1-based ranks, ties getting the average of the ranks they span (SciPy's "average"). */
    static double[] averageRanks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] ranks = new double[x.length];
        for (int i = 0; i < x.length; ) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
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

    /**
     * {@code numpy.percentile(values, q)} with the default linear method: the point at (n -
     * 1)·q/100 of the sorted values, interpolated as NumPy's {@code _lerp} does.
     */
    static double percentile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = (sorted.length - 1) * (q / 100);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double gamma = position - below;
        double a = sorted[below];
        double b = sorted[above];
        double diff = b - a;
        // NumPy interpolates from the nearer end, so the result is exact at both ends.
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** The median, the mean of the two middle values for an even count; NaN when empty. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The mean; NaN when empty. */
    static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
