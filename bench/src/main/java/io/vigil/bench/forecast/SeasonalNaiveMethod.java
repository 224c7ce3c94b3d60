package io.vigil.bench.forecast;

/**
 * {@code snaive}: ŷ_{o,h} = y[o - m + 1 + ((h - 1) mod m)], m = the detected period, else one day
 * in steps. While fewer than m rows have been seen (short series whose probation is shorter than a
 * day, e.g. speed_7578: p = 169 < 288) it forecasts the last value: a streaming session cannot
 * reach back before the first row. Its crossing rule is the point forecast's (z = 0).
 */
public final class SeasonalNaiveMethod implements ForecastMethod {

    @Override
    public String name() {
        return "snaive";
    }

    /** The period used: the context's, else one day in steps (at least 1). */
    static int period(SeriesContext context) {
        return context.period() > 0
                ? context.period()
                : Math.max(1, context.steps(Protocol.DAY_SECONDS));
    }

    @Override
    public Session open(SeriesContext context) {
        int m = period(context);
        Trailing season = new Trailing(m);
        CrossingRule rule = new CrossingRule(0);
        return new Session() {
            @Override
            public void observe(double value) {
                season.add(value);
            }

            @Override
            public double[] forecast(int steps) {
                double[] f = new double[steps];
                boolean full = season.size() == m;
                for (int h = 1; h <= steps; h++) {
                    f[h - 1] = full ? season.get((h - 1) % m) : season.last();
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
