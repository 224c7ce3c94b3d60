package io.vigil.bench.forecast;

import java.util.Arrays;

/**
 * {@code always}: alerts at every eligible step, the crossing section's base rate. Its point
 * forecast is the last value (it is not meant for the forecast section).
 */
public final class AlwaysAlertMethod implements ForecastMethod {

    @Override
    public String name() {
        return "always";
    }

    @Override
    public Session open(SeriesContext context) {
        return new Session() {
            double last = Double.NaN;

            @Override
            public void observe(double value) {
                last = value;
            }

            @Override
            public double[] forecast(int steps) {
                double[] f = new double[steps];
                Arrays.fill(f, last);
                return f;
            }

            @Override
            public boolean predictsCrossing(double threshold, int steps) {
                return true;
            }
        };
    }
}
