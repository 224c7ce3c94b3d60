package io.vigil.udfs.forecast;

/**
 * A series' outlook against its limit over a planning horizon.
 *
 * @param current the latest value
 * @param threshold the limit the series must stay below
 * @param horizonMillis the planning horizon
 * @param timeToBreachMillis when the forecast reaches the limit, from now; −1 if not within the
 *     horizon (0 when at or past it already)
 * @param predicted the forecast at the horizon
 * @param lower the lower end of its 95 % interval
 * @param upper the upper end of its 95 % interval
 * @param confidence the probability that the series reaches the limit within the horizon, in [0, 1]
 * @param trend where the series is heading: over the horizons its model was fitted on (an hour, or
 *     12 steps if longer), or the planning horizon if that is shorter
 * @param action what to do about it
 */
public record CapacityOutlook(
        double current,
        double threshold,
        long horizonMillis,
        long timeToBreachMillis,
        double predicted,
        double lower,
        double upper,
        double confidence,
        Trend trend,
        RecommendedAction action) {

    /**
     * This outlook with the predicted value and its interval kept within {@code [min, max]}: a
     * utilization cannot leave {@code [0, 1]}, whatever a trend extrapolated for a week says.
     */
    public CapacityOutlook bounded(double min, double max) {
        return new CapacityOutlook(
                current,
                threshold,
                horizonMillis,
                timeToBreachMillis,
                Math.max(min, Math.min(max, predicted)),
                Math.max(min, Math.min(max, lower)),
                Math.max(min, Math.min(max, upper)),
                confidence,
                trend,
                action);
    }

    /** Whether the forecast reaches the limit within the horizon. */
    public boolean breachExpected() {
        return timeToBreachMillis >= 0;
    }
}
