package io.vigil.bench.forecast;

/**
 * The forecast section's metrics for one method on one series. At origin o the scale is q = mean
 * over t = 1..o of |y_t - y_{t-1}| (all history up to the origin; an origin with q = 0 is dropped),
 * MASE_o = mean_h |e_h| / q and sMAPE_o = mean_h 200 |e_h| / (|y| + |ŷ|) (0 when both are 0), for h
 * = 1..12; the series' figures are means over its origins.
 *
 * <p>Worked example: y = 1, 2, 4, origin 1, forecast 2 for y[2] = 4 (horizon 1): q = |2 - 1| / 1 =
 * 1, MASE = |4 - 2| / 1 = 2, sMAPE = 200 · 2 / (4 + 2) = 66.7.
 */
final class AccuracyScorer {
    private AccuracyScorer() {}

    /**
     * Scores {@code forecasts[i]} (each of the same length h, finite) made at {@code origins[i]}
     * against {@code y}.
     */
    static SeriesAccuracy score(
            double[] y, int[] origins, double[][] forecasts, int fails, long cpuNanos, long fits) {
        // cumulative[t] = sum of |y_j - y_{j-1}| for j = 1..t
        double[] cumulative = new double[y.length];
        for (int t = 1; t < y.length; t++) {
            cumulative[t] = cumulative[t - 1] + Math.abs(y[t] - y[t - 1]);
        }
        int used = 0;
        int dropped = 0;
        double mase = 0;
        double h1 = 0;
        double hLast = 0;
        double smape = 0;
        for (int i = 0; i < origins.length; i++) {
            int o = origins[i];
            double q = o == 0 ? 0 : cumulative[o] / o;
            if (!(q > 0)) {
                dropped++;
                continue;
            }
            double[] f = forecasts[i];
            double sumAbs = 0;
            double sumSmape = 0;
            for (int h = 1; h <= f.length; h++) {
                double actual = y[o + h];
                double e = Math.abs(actual - f[h - 1]);
                sumAbs += e;
                double denominator = Math.abs(actual) + Math.abs(f[h - 1]);
                sumSmape += denominator == 0 ? 0 : 200 * e / denominator;
            }
            mase += sumAbs / f.length / q;
            h1 += Math.abs(y[o + 1] - f[0]) / q;
            hLast += Math.abs(y[o + f.length] - f[f.length - 1]) / q;
            smape += sumSmape / f.length;
            used++;
        }
        return new SeriesAccuracy(
                used,
                dropped,
                fails,
                used == 0 ? Double.NaN : mase / used,
                used == 0 ? Double.NaN : h1 / used,
                used == 0 ? Double.NaN : hLast / used,
                used == 0 ? Double.NaN : smape / used,
                cpuNanos,
                origins.length,
                fits < 0 ? origins.length : fits);
    }
}
