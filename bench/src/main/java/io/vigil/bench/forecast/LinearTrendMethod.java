package io.vigil.bench.forecast;

/**
 * {@code linear_1h} / {@code linear_1d}, Prometheus' {@code predict_linear} in steps: an OLS line
 * on the step index over the last w = max(3, round(window / dt)) rows (12 / 288 at 5 min, fewer
 * while fewer have been seen), extrapolated k steps ahead. Its crossing rule uses a band of
 * z·σ_t·√k around that line (z = 0: {@code predict_linear(x[1h], 3600) > T}).
 */
public final class LinearTrendMethod implements ForecastMethod {
    private final String name;
    private final long windowSeconds;
    private final double z;

    /**
     * @param name e.g. {@code linear_1h}
     * @param windowSeconds the fitted window, e.g. 3600
     * @param z the crossing band width in σ_t
     */
    public LinearTrendMethod(String name, long windowSeconds, double z) {
        if (windowSeconds <= 0) {
            throw new IllegalArgumentException("windowSeconds must be > 0, was " + windowSeconds);
        }
        this.name = name;
        this.windowSeconds = windowSeconds;
        this.z = CrossingRule.checkZ(z);
    }

    @Override
    public String name() {
        return name;
    }

    /** w = max(3, round(window / dt)). */
    int window(SeriesContext context) {
        return Math.max(3, context.steps(windowSeconds));
    }

    @Override
    public Session open(SeriesContext context) {
        Trailing recent = new Trailing(window(context));
        CrossingRule rule = new CrossingRule(z);
        return new Session() {
            @Override
            public void observe(double value) {
                recent.add(value);
                rule.observe(value);
            }

            @Override
            public double[] forecast(int steps) {
                double[] window = recent.toArray();
                Stats.Line line = Stats.ols(window, 0, window.length);
                double[] f = new double[steps];
                for (int k = 1; k <= steps; k++) {
                    f[k - 1] = line.at(window.length - 1 + k);
                }
                return f;
            }

            @Override
            public boolean predictsCrossing(double threshold, int steps) {
                return rule.crosses(forecast(steps), steps, threshold);
            }
        };
    }
}
