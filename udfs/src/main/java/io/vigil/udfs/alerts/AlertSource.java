package io.vigil.udfs.alerts;

import io.vigil.udfs.model.WireName;

/** What raised an alert. The wire name is the lowercase constant name. */
public enum AlertSource implements WireName {
    /** A metric series' anomaly detector. */
    ANOMALY,
    /** A threshold rule on a metric. */
    RULE,
    /** An SLO's multi-window burn-rate alert. */
    SLO_BURN_RATE,
    /** A forecast reaching a limit (capacity planning). */
    FORECAST,
    /** A log template seen for the first time. */
    LOG_TEMPLATE,
    /** A service's new version seen in its telemetry ({@code service.version}): a deploy. */
    DEPLOY;

    /** The source named {@code wire}; an error that lists the accepted names otherwise. */
    public static AlertSource fromWire(String wire) {
        return WireName.parse(AlertSource.class, wire, "alert source");
    }
}
