package io.vigil.udfs.forecast;

/**
 * A series' {@link CapacityOutlook} from its {@link Forecaster}.
 *
 * <p>Time to breach: the first step whose forecast reaches the limit. Confidence: the largest, over
 * the horizon, of the probability that the value at that step reaches the limit (normal errors with
 * the forecast's standard deviation), so at least ½ when the forecast itself reaches it. The
 * recommended action, first rule that holds:
 *
 * <ol>
 *   <li>{@code immediate_scale_up_required}: the latest value is at or past the limit, or the
 *       forecast reaches it within {@value #URGENT_HOURS} hours;
 *   <li>{@code plan_scale_up}: the forecast reaches it within the horizon;
 *   <li>{@code monitor_closely}: the confidence is at least {@value #MONITOR_CONFIDENCE} (the upper
 *       part of the forecast's interval reaches the limit);
 *   <li>{@code consider_scale_down}: the latest value and the upper end of the 95 % interval at the
 *       horizon are both below {@value #SPARE_SHARE} of the limit, and the trend is not increasing;
 *   <li>{@code maintain_current_capacity}: otherwise.
 * </ol>
 */
public final class CapacityPlanner {

    /** A breach this close is urgent. */
    static final int URGENT_HOURS = 24;

    /** Least confidence worth watching. */
    static final double MONITOR_CONFIDENCE = 0.2;

    /** Below this share of the limit, capacity is to spare. */
    static final double SPARE_SHARE = 0.5;

    /** Standard deviations of a 95 % interval. */
    static final double Z95 = 1.959964;

    private CapacityPlanner() {}

    /**
     * The outlook of the series {@code f} forecasts, whose latest value is {@code current}, against
     * {@code threshold} over {@code horizonSteps} steps.
     */
    public static CapacityOutlook assess(
            Forecaster f, double current, double threshold, int horizonSteps) {
        Forecast forecast = f.forecast(horizonSteps);
        long step = f.stepMillis();
        long breach = current >= threshold ? 0 : -1;
        double confidence = current >= threshold ? 1 : 0;
        for (int h = 1; h <= horizonSteps; h++) {
            double mean = forecast.mean()[h - 1];
            double sigma = forecast.sigma()[h - 1];
            if (breach < 0 && mean >= threshold) {
                breach = h * step;
            }
            double p =
                    sigma > 0
                            ? Normal.cdf((mean - threshold) / sigma)
                            : (mean >= threshold ? 1 : 0);
            confidence = Math.max(confidence, p);
        }
        double predicted = forecast.mean()[horizonSteps - 1];
        double lower = forecast.lower(horizonSteps, Z95);
        double upper = forecast.upper(horizonSteps, Z95);
        // Trend over the horizons the model was fitted on (an hour, or 12 steps): further out the
        // interval is so wide that every trend looks stable.
        int trendSteps = Math.min(horizonSteps, f.fitHorizonSteps());
        Trend trend = Trend.of(f, forecast, trendSteps);
        RecommendedAction action = action(current, threshold, breach, confidence, upper, trend);
        return new CapacityOutlook(
                current,
                threshold,
                horizonSteps * step,
                breach,
                predicted,
                lower,
                upper,
                confidence,
                trend,
                action);
    }

    /**
     * The recommended action, by the rule of the class comment, from an outlook's parts: the latest
     * value, the limit, the time to breach (−1 if none within the horizon), the confidence over the
     * horizon, the upper end of the 95 % interval at the horizon, and the trend. {@link #assess}
     * uses it, and so does a report that re-reads an outlook with a shorter horizon.
     */
    public static RecommendedAction action(
            double current,
            double threshold,
            long timeToBreachMillis,
            double confidence,
            double upper,
            Trend trend) {
        long urgent = URGENT_HOURS * 3_600_000L;
        if (current >= threshold || (timeToBreachMillis >= 0 && timeToBreachMillis <= urgent)) {
            return RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED;
        }
        if (timeToBreachMillis >= 0) {
            return RecommendedAction.PLAN_SCALE_UP;
        }
        if (confidence >= MONITOR_CONFIDENCE) {
            return RecommendedAction.MONITOR_CLOSELY;
        }
        if (current < SPARE_SHARE * threshold
                && upper < SPARE_SHARE * threshold
                && trend != Trend.INCREASING) {
            return RecommendedAction.CONSIDER_SCALE_DOWN;
        }
        return RecommendedAction.MAINTAIN_CURRENT_CAPACITY;
    }
}
