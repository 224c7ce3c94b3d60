package io.vigil.udfs.forecast;

import io.vigil.udfs.alerts.AlertEvent;
import java.util.Objects;

/**
 * One forecast of a series: the expected value of the step that starts {@code horizonMillis} after
 * {@code originMillis}, with its 95 % interval.
 *
 * @param series the series
 * @param originMillis the start of the latest step the forecast has seen, epoch milliseconds (the
 *     {@code @timestamp} of that step's rollup in {@code <prefix>-metrics-*})
 * @param horizonMillis how far ahead; a whole number of steps
 * @param value the expected value (the rollup average) of the step starting at {@code origin +
 *     horizon}
 * @param lower the lower end of its 95 % interval
 * @param upper the upper end of its 95 % interval
 * @param trend where the forecast heads over the horizon ({@link Trend#of})
 * @param seasonMillis the season the model uses, 0 if none
 */
public record ForecastPoint(
        AlertEvent.Series series,
        long originMillis,
        long horizonMillis,
        double value,
        double lower,
        double upper,
        Trend trend,
        long seasonMillis) {

    public ForecastPoint {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(trend, "trend");
    }

    /** The time the forecast is for: {@code origin + horizon}. */
    public long targetMillis() {
        return originMillis + horizonMillis;
    }
}
