package io.vigil.udfs.series;

import io.vigil.udfs.alerts.AlertEvent;
import java.util.Objects;

/**
 * One series over one rollup period (a minute by default): the points' statistics and what the
 * detector made of them, so a chart can draw the series with its band.
 *
 * @param series the series
 * @param startMillis start of the period, epoch milliseconds (inclusive)
 * @param periodMillis length of the period
 * @param count points in the period; at least 1
 * @param sum sum of the points' values
 * @param min smallest value
 * @param max largest value
 * @param score the highest anomaly score in the period, in [0, 1]
 * @param expected mean of the detector's expected values over the period's points that had one;
 *     {@code NaN} while the detector was learning
 * @param lower mean lower band edge, as {@code expected}
 * @param upper mean upper band edge, as {@code expected}
 * @param alerting whether an anomaly alert on the series was firing at any point in the period
 */
public record MetricRollup(
        AlertEvent.Series series,
        long startMillis,
        long periodMillis,
        long count,
        double sum,
        double min,
        double max,
        double score,
        double expected,
        double lower,
        double upper,
        boolean alerting) {

    public MetricRollup {
        Objects.requireNonNull(series, "series");
        if (count < 1) {
            throw new IllegalArgumentException("a rollup holds at least one point");
        }
    }

    /** The mean of the period's values. */
    public double avg() {
        return sum / count;
    }
}
