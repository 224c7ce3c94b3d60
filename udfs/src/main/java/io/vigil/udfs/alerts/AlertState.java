package io.vigil.udfs.alerts;

import io.vigil.udfs.model.WireName;

/** Where an alert is in its life: an alert fires once and resolves once. */
public enum AlertState implements WireName {
    FIRING,
    RESOLVED;

    /** The state named {@code wire}; an error that lists the accepted names otherwise. */
    public static AlertState fromWire(String wire) {
        return WireName.parse(AlertState.class, wire, "alert state");
    }
}
