package io.vigil.local;

import java.util.Locale;

/** Kinds of scripted incidents the {@link TelemetryGenerator} can inject. */
public enum IncidentKind {
    /** A service's own processing (and its database calls) becomes several times slower. */
    LATENCY_REGRESSION,
    /** A service fails a large share of its requests with HTTP 500 for a while. */
    ERROR_BURST,
    /** A service's host runs at 93–98 % CPU; its latency rises with it. */
    CPU_SATURATION,
    /** A service's data volume fills up towards 100 %; near the end, writes fail. */
    DISK_FILLING,
    /** A new version of a service is deployed and fails requests until it is rolled back. */
    DEPLOY_ERRORS;

    /** The name in ground-truth records: lower case with underscores ({@code error_burst}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a {@link #wireName()} (case-insensitive). */
    public static IncidentKind fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
