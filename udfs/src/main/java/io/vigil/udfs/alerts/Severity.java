package io.vigil.udfs.alerts;

import io.vigil.udfs.model.WireName;

/**
 * How urgent an alert is. The wire name (and Alertmanager's {@code severity} label) is the
 * lowercase constant name; {@link #ecsLevel()} is ECS {@code event.severity}, where a smaller
 * number is more severe.
 */
public enum Severity implements WireName {
    /** Someone must act now (pages on-call). */
    CRITICAL(1),
    /** Needs attention soon (a ticket, a chat message). */
    WARNING(2),
    /** Worth knowing, no action expected (e.g. a new log template). */
    INFO(3);

    private final int ecsLevel;

    Severity(int ecsLevel) {
        this.ecsLevel = ecsLevel;
    }

    /** ECS {@code event.severity}: 1 critical, 2 warning, 3 info. */
    public int ecsLevel() {
        return ecsLevel;
    }

    /** The severity named {@code wire}; an error that lists the accepted names otherwise. */
    public static Severity fromWire(String wire) {
        return WireName.parse(Severity.class, wire, "severity");
    }
}
