package io.vigil.bench.forecast;

import java.util.List;

/**
 * The methods the harness runs by default. To benchmark another method (Vigil's own forecaster),
 * implement {@link ForecastMethod} and add it to both lists; a method named {@code vigil} becomes
 * the headline of {@code summary.json}.
 */
public final class ForecastMethods {
    private ForecastMethods() {}

    /** The forecast section's methods: vigil, naive, snaive, linear_1h, linear_1d. */
    public static List<ForecastMethod> forecasting() {
        return List.of(
                new VigilMethod("vigil", VigilMethod.DEFAULT_MIN_CONFIDENCE),
                new NaiveMethod("naive", 0),
                new SeasonalNaiveMethod(),
                new LinearTrendMethod("linear_1h", Protocol.HOUR_SECONDS, 0),
                new LinearTrendMethod("linear_1d", Protocol.DAY_SECONDS, 0));
    }

    /**
     * The crossing section's predictors: vigil (calibrated confidence ≥ 0.5, and ≥ 0.4 and 0.3 to
     * show the trade-off), always (base rate), naive with z = 1, 2, 3 (proximity rules), linear_1h
     * and linear_1d with z = 0 (predict_linear).
     */
    public static List<ForecastMethod> crossing() {
        return List.of(
                new VigilMethod("vigil", VigilMethod.DEFAULT_MIN_CONFIDENCE),
                new VigilMethod("vigil_c0.4", 0.4),
                new VigilMethod("vigil_c0.3", 0.3),
                new AlwaysAlertMethod(),
                new NaiveMethod("naive_z1", 1),
                new NaiveMethod("naive_z2", 2),
                new NaiveMethod("naive_z3", 3),
                new LinearTrendMethod("linear_1h", Protocol.HOUR_SECONDS, 0),
                new LinearTrendMethod("linear_1d", Protocol.DAY_SECONDS, 0));
    }
}
