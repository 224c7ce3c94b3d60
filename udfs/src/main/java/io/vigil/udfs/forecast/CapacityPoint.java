package io.vigil.udfs.forecast;

import io.vigil.udfs.alerts.AlertEvent;
import java.util.Objects;

/**
 * A series' capacity outlook at one origin.
 *
 * @param series the series
 * @param originMillis the start of the latest step the outlook has seen, epoch milliseconds; times
 *     to breach count from here
 * @param seasonMillis the season the model uses, 0 if none
 * @param outlook the outlook ({@link CapacityPlanner#assess})
 * @param basis where the limit comes from
 */
public record CapacityPoint(
        AlertEvent.Series series,
        long originMillis,
        long seasonMillis,
        CapacityOutlook outlook,
        CapacityLimits.Basis basis) {

    public CapacityPoint {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(outlook, "outlook");
        Objects.requireNonNull(basis, "basis");
    }

    /** When the forecast reaches the limit, epoch milliseconds; {@link Long#MIN_VALUE} if never. */
    public long breachAtMillis() {
        return outlook.breachExpected()
                ? originMillis + outlook.timeToBreachMillis()
                : Long.MIN_VALUE;
    }
}
