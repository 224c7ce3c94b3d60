package io.vigil.udfs.alerts;

import java.util.Locale;

/** Where an alert is in its life: an alert fires once and resolves once. */
public enum AlertState {
    FIRING,
    RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code wire}; an error that lists the accepted names otherwise. */
    public static AlertState fromWire(String wire) {
        for (AlertState s : values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown alert state '" + wire + "': expected firing or resolved");
    }
}
