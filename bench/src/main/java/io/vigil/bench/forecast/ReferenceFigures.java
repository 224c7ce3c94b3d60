package io.vigil.bench.forecast;

import java.util.List;
import java.util.Locale;

/**
 * The reference rows printed in PROTOCOL.md (statsmodels 0.13.5, Debian 12, 2 cores), shown next to
 * the measured rows. The statsmodels rows cannot be re-run here (no statsmodels in this
 * environment): they are quoted, never measured.
 */
public final class ReferenceFigures {
    private ReferenceFigures() {}

    /**
     * A forecast-accuracy row.
     *
     * @param method the harness method it corresponds to, or {@code null} for a statsmodels row
     * @param label the row's label in PROTOCOL.md
     * @param maseMean mean MASE (h = 1..12)
     * @param maseMedian median MASE
     * @param cpuMsPerOrigin CPU per origin, in milliseconds
     */
    public record Forecast(
            String method,
            String label,
            double maseMean,
            double maseMedian,
            double cpuMsPerOrigin) {
        /** Whether the measured mean and median agree with this row to its three printed digits. */
        public boolean matches(MethodSummary measured) {
            return same(measured.maseMean(), maseMean, 3)
                    && same(measured.maseMedian(), maseMedian, 3);
        }
    }

    /**
     * A crossing row (60 minutes ahead, T = the 99th percentile).
     *
     * @param method the harness predictor it corresponds to, or {@code null} for a statsmodels row
     * @param label the row's label in PROTOCOL.md
     * @param precision pooled precision
     * @param recall pooled recall
     * @param medianLeadMinutes median lead
     */
    public record Crossing(
            String method,
            String label,
            double precision,
            double recall,
            double medianLeadMinutes) {
        /** Whether the measured figures agree with this row to its printed digits. */
        public boolean matches(MethodSummary measured) {
            return same(measured.precision(), precision, 3)
                    && same(measured.recall(), recall, 3)
                    && same(measured.medianLeadMinutes(), medianLeadMinutes, 1);
        }
    }

    /** The forecast table of PROTOCOL.md. */
    public static final List<Forecast> FORECAST =
            List.of(
                    new Forecast("naive", "naive (last value)", 1.760, 1.223, 0.02),
                    new Forecast("snaive", "seasonal naive", 2.228, 1.663, 0.02),
                    new Forecast("linear_1h", "predict_linear-like, last 1 h", 2.860, 1.903, 0.06),
                    new Forecast(
                            null,
                            "statsmodels ETS (additive damped trend, detected season;"
                                    + " values-only period detection)",
                            1.460,
                            1.176,
                            265),
                    new Forecast(
                            null,
                            "statsmodels ETS (rank-variant period detection)",
                            1.523,
                            1.214,
                            265),
                    new Forecast(null, "statsmodels ARIMA(1,1,1)", 1.544, 1.173, 129));

    /** The crossing table of PROTOCOL.md. */
    public static final List<Crossing> CROSSING =
            List.of(
                    new Crossing("always", "always alert (base rate)", 0.073, 0.995, 60),
                    new Crossing("linear_1h", "predict_linear over 1 h (z = 0)", 0.263, 0.224, 40),
                    new Crossing(null, "ETS point forecast (z = 0)", 0.298, 0.078, 52.5),
                    new Crossing(null, "ETS with a 1σ band", 0.162, 0.753, 60));

    /** The crossing events PROTOCOL.md counts on the 47 real series (every series has one). */
    public static final int EVENTS = 1351;

    /** The forecast reference row for {@code method}, or {@code null}. */
    public static Forecast forecast(String method) {
        return FORECAST.stream().filter(r -> method.equals(r.method())).findFirst().orElse(null);
    }

    /** The crossing reference row for {@code method}, or {@code null}. */
    public static Crossing crossing(String method) {
        return CROSSING.stream().filter(r -> method.equals(r.method())).findFirst().orElse(null);
    }

    /** Whether {@code measured} rounds to {@code reference} at {@code decimals} decimals. */
    static boolean same(double measured, double reference, int decimals) {
        String format = "%." + decimals + "f";
        return !Double.isNaN(measured)
                && String.format(Locale.ROOT, format, measured)
                        .equals(String.format(Locale.ROOT, format, reference));
    }
}
