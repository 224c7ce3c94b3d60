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
