package io.vigil.bench.forecast;

/**
 * A forecasting method under the forecast protocol ({@code shared/data/forecast/PROTOCOL.md}), in
 * streaming form: the harness opens one {@link Session} per series and method, feeds it every row
 * in file order, and asks it for point forecasts at the forecast origins (forecast section) or
 * whether it predicts a crossing at every eligible step (crossing section). A session never sees a
 * row before it is observed, so no method can look ahead.
 *
 * <p>Example, a method that always forecasts the last value and never predicts a crossing:
 *
 * <pre>{@code
 * ForecastMethod last = new ForecastMethod() {
 *     public String name() { return "last"; }
 *     public Session open(SeriesContext context) {
 *         return new Session() {
 *             double y = Double.NaN;
 *             public void observe(double value) { y = value; }
 *             public double[] forecast(int steps) {
 *                 double[] f = new double[steps];
 *                 java.util.Arrays.fill(f, y);
 *                 return f;
 *             }
 *             public boolean predictsCrossing(double threshold, int steps) { return false; }
 *         };
 *     }
 * };
 * }</pre>
 *
 * <p>Implementations must be safe to {@link #open} from several threads at once (the harness runs
 * series in parallel); a session is used by one thread only.
 */
public interface ForecastMethod {

    /** The method's name in tables and output files, e.g. {@code naive} or {@code vigil}. */
    String name();

    /**
     * Starts a fresh session for one series. Everything done here is charged to the session's CPU
     * time.
     */
    Session open(SeriesContext context);

    /** One method's state on one series, fed one row at a time. */
    interface Session {

        /** The next row's value, in file order: after this call the session has seen y[0..t]. */
        void observe(double value);

        /**
         * Point forecasts for the next {@code steps} rows: element {@code k - 1} forecasts y[t +
         * k]. The harness asks for {@link Protocol#HORIZON} steps at each forecast origin; a result
         * that is not {@code steps} finite numbers (or an exception) falls back to the naive
         * forecast and counts as a failure, as the protocol says.
         */
        double[] forecast(int steps);

        /**
         * The method's own predictive-alert rule: whether it predicts that the series reaches
         * {@code threshold} within the next {@code steps} rows. Asked at every step t at or after
         * the first forecast origin where y[t] is below the threshold.
         */
        boolean predictsCrossing(double threshold, int steps);

        /**
         * Model fits done so far, for the CPU per refit; −1 (the default) for a method that fits
         * once per forecast, whose fits are the origins.
         */
        default long fits() {
            return -1;
        }
    }
}
