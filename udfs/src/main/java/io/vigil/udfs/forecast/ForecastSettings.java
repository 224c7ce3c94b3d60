package io.vigil.udfs.forecast;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How forecasting runs; the same for every series of an operator. Every duration is a whole number
 * of steps (the rollup period).
 *
 * @param step the step of every series: the rollup period of anomaly detection
 * @param every how often a series' forecast and capacity documents are written (event time)
 * @param horizons the horizons of the forecast documents
 * @param capacityHorizon the planning horizon of the capacity documents
 * @param alertHorizon the horizon of the predictive alert: it fires when the series is likely to
 *     reach its limit within this long
 * @param minConfidence the confidence at or above which the predictive alert fires, in (0, 1]
 * @param limits which series have a capacity, and its limit
 */
public record ForecastSettings(
        Duration step,
        Duration every,
        List<Duration> horizons,
        Duration capacityHorizon,
        Duration alertHorizon,
        double minConfidence,
        CapacityLimits limits)
        implements Serializable {

    /** Default {@link #every}. */
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(5);

    /** Default {@link #horizons}. */
    public static final List<Duration> DEFAULT_HORIZONS =
            List.of(
                    Duration.ofMinutes(15),
                    Duration.ofHours(1),
                    Duration.ofHours(6),
                    Duration.ofHours(24));

    /** Default {@link #capacityHorizon}. */
    public static final Duration DEFAULT_CAPACITY_HORIZON = Duration.ofDays(7);

    /** Default {@link #alertHorizon}. */
    public static final Duration DEFAULT_ALERT_HORIZON = Duration.ofHours(1);

    /** Default {@link #minConfidence}. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    /** The fewest steps an alert horizon spans: a quarter of it is the wait before a resolution. */
    public static final int MIN_ALERT_STEPS = 4;

    public ForecastSettings {
        Objects.requireNonNull(limits, "limits");
        horizons = List.copyOf(horizons);
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive, was " + step);
        }
        if (horizons.isEmpty()) {
            throw new IllegalArgumentException("at least one forecast horizon is needed");
        }
        steps("every", every, step);
        for (Duration h : horizons) {
            steps("horizon", h, step);
        }
        steps("capacity horizon", capacityHorizon, step);
        if (steps("alert horizon", alertHorizon, step) < MIN_ALERT_STEPS) {
            throw new IllegalArgumentException(
                    "the alert horizon must span at least "
                            + MIN_ALERT_STEPS
                            + " steps of "
                            + step
                            + ", was "
                            + alertHorizon);
        }
        if (!(minConfidence > 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException(
                    "minConfidence must be in (0, 1], was " + minConfidence);
        }
    }

    /**
     * How many steps of {@code step} make {@code d}.
     *
     * @throws IllegalArgumentException naming {@code what} if {@code d} is not a positive whole
     *     number of steps
     */
    public static int steps(String what, Duration d, Duration step) {
        long ms = d.toMillis();
        long stepMs = step.toMillis();
        if (ms <= 0 || ms % stepMs != 0 || ms / stepMs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    what + " " + d + " is not a positive whole number of steps of " + step);
        }
        return (int) (ms / stepMs);
    }

    /** The step, milliseconds. */
    public long stepMillis() {
        return step.toMillis();
    }

    /** {@link #every} in milliseconds. */
    public long everyMillis() {
        return every.toMillis();
    }

    /** Steps of the capacity horizon. */
    public int capacitySteps() {
        return steps("capacity horizon", capacityHorizon, step);
    }

    /** Steps of the alert horizon. */
    public int alertSteps() {
        return steps("alert horizon", alertHorizon, step);
    }

    /** How long the confidence must stay below the minimum to resolve: a quarter of the horizon. */
    public long resolveAfterMillis() {
        return alertHorizon.toMillis() / 4;
    }

    /** Steps of the longest forecast horizon. */
    public int maxHorizonSteps() {
        int max = 1;
        for (Duration h : horizons) {
            max = Math.max(max, steps("horizon", h, step));
        }
        return max;
    }
}
