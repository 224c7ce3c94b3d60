package io.vigil.bench.forecast;

/**
 * The protocol's crossing rule for the baselines: alert if max over k = 1..Hs of (ŷ_{t,k} +
 * z·σ_t·√k) >= T, where σ_t is the sample standard deviation of the first differences y_j - y_{j-1}
 * over the trailing {@link Protocol#SIGMA_STEPS} steps (j = t-287..t, fewer at the start). z = 0 is
 * the point-forecast rule, e.g. Prometheus' {@code predict_linear(x[1h], 3600) > T}.
 */
final class CrossingRule {
    private final double z;
    private final Trailing recent;

    /** A rule with band width {@code z} (>= 0). */
    CrossingRule(double z) {
        this.z = checkZ(z);
        // 288 differences need 289 values; nothing to keep for the point rule.
        this.recent = z > 0 ? new Trailing(Protocol.SIGMA_STEPS + 1) : null;
    }

    /** Returns {@code z} if it is a valid band width (finite, >= 0), else throws. */
    static double checkZ(double z) {
        if (!(z >= 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("z must be finite and >= 0, was " + z);
        }
        return z;
    }

    /** Feeds the next value (needed for σ_t when z > 0). */
    void observe(double value) {
        if (recent != null) {
            recent.add(value);
        }
    }

    /** Whether the band around {@code forecast[0..steps-1]} reaches {@code threshold}. */
    boolean crosses(double[] forecast, int steps, double threshold) {
        double sigma = z > 0 ? sigma() : 0;
        for (int k = 1; k <= steps; k++) {
            // NaN (σ of fewer than two differences) never alerts, as in NumPy.
            if (forecast[k - 1] + z * sigma * Math.sqrt(k) >= threshold) {
                return true;
            }
        }
        return false;
    }

    /** σ_t: sample std of the first differences of the values kept; NaN for fewer than two. */
    double sigma() {
        int diffs = recent.size() - 1;
        if (diffs < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (int i = 1; i <= diffs; i++) {
            mean += recent.get(i) - recent.get(i - 1);
        }
        mean /= diffs;
        double squares = 0;
        for (int i = 1; i <= diffs; i++) {
            double d = recent.get(i) - recent.get(i - 1) - mean;
            squares += d * d;
        }
        return Math.sqrt(squares / (diffs - 1));
    }
}
