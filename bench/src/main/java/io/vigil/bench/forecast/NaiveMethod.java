package io.vigil.bench.forecast;

import java.util.Arrays;

/**
 * {@code naive}: ŷ_{t,h} = y_t. With z > 0 its crossing rule is a proximity rule (alert when y_t +
 * z·σ_t·√Hs reaches T); with z = 0 it never alerts below T.
 */
public final class NaiveMethod implements ForecastMethod {
    private final String name;
    private final double z;

    /**
     * @param name e.g. {@code naive} or {@code naive_z2}
     * @param z the crossing band width in σ_t (0 for the point forecast)
     */
    public NaiveMethod(String name, double z) {
        this.name = name;
        this.z = CrossingRule.checkZ(z);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Session open(SeriesContext context) {
        CrossingRule rule = new CrossingRule(z);
        return new Session() {
            double last = Double.NaN;

            @Override
            public void observe(double value) {
                last = value;
                rule.observe(value);
            }

            @Override
            public double[] forecast(int steps) {
                double[] f = new double[steps];
                Arrays.fill(f, last);
                return f;
            }

            @Override
            public boolean predictsCrossing(double threshold, int steps) {
                return rule.crosses(forecast(steps), steps, threshold);
            }
        };
    }
}
