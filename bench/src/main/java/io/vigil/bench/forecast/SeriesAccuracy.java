package io.vigil.bench.forecast;

/**
 * One method's forecast accuracy on one series: means over its origins.
 *
 * @param origins origins scored (those with a MASE scale q > 0)
 * @param droppedOrigins origins dropped because q = 0
 * @param fails origins where the method threw or gave other than 12 finite numbers (scored as
 *     naive)
 * @param mase mean over origins of MASE_o = mean_h |e_h| / q
 * @param maseH1 mean over origins of |e_1| / q
 * @param maseH12 mean over origins of |e_12| / q
 * @param smape mean over origins of sMAPE_o = mean_h 200 |e_h| / (|y| + |ŷ|), in percent
 * @param cpuNanos the session's thread CPU time over the forecast pass: opening it, every observe
 *     up to the last origin and every forecast call
 * @param refits the origins asked for a forecast (the divisor of {@link #cpuMsPerOrigin()})
 * @param fits the model fits the session made (the divisor of {@link #cpuMsPerRefit()}): the
 *     origins for a method that fits per forecast, its own count for an online one
 */
public record SeriesAccuracy(
        int origins,
        int droppedOrigins,
        int fails,
        double mase,
        double maseH1,
        double maseH12,
        double smape,
        long cpuNanos,
        int refits,
        long fits) {

    /**
     * CPU per origin in milliseconds: the whole session's CPU time divided by the number of
     * origins, so every streaming update between two origins is charged to the refit (a
     * conservative figure for an online method; comparable with the protocol's "CPU per origin").
     */
    public double cpuMsPerOrigin() {
        return refits == 0 ? Double.NaN : cpuNanos / 1e6 / refits;
    }

    /** CPU per model fit in milliseconds: the whole session's CPU time divided by its fits. */
    public double cpuMsPerRefit() {
        return fits == 0 ? Double.NaN : cpuNanos / 1e6 / fits;
    }
}
