package io.vigil.udfs.forecast;

import io.vigil.udfs.model.WireName;

/**
 * Where a series is heading over a horizon: its forecast's trend part (the season left out)
 * compared with the forecast's uncertainty there. {@link #STABLE} unless the trend moves the
 * forecast by at least half a standard deviation of its error at that horizon.
 */
public enum Trend implements WireName {
    INCREASING,
    STABLE,
    DECREASING;

    /** Share of the forecast's standard deviation the trend must move it by. */
    static final double MIN_CHANGE = 0.5;

    /** The trend of {@code f}'s forecast over {@code horizon} steps. */
    public static Trend of(Forecaster f, Forecast forecast, int horizon) {
        double change = f.trendChange(horizon);
        double sigma = forecast.sigma()[horizon - 1];
        if (Double.isNaN(change) || !(Math.abs(change) >= MIN_CHANGE * sigma) || change == 0) {
            return STABLE;
        }
        return change > 0 ? INCREASING : DECREASING;
    }

    /** The trend named {@code wire}; an error that lists the accepted names otherwise. */
    public static Trend fromWire(String wire) {
        return WireName.parse(Trend.class, wire, "trend");
    }
}
