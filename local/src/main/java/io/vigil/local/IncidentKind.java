package io.vigil.local;

import io.vigil.udfs.model.WireName;
import java.util.Locale;

/**
 * Kinds of scripted incidents the {@link TelemetryGenerator} can inject. The name in ground-truth
 * records is the {@link #wireName()}: lower case with underscores ({@code error_burst}).
 */
public enum IncidentKind implements WireName {
    /** A service's own processing (and its database calls) becomes several times slower. */
    LATENCY_REGRESSION,
    /** A service fails a large share of its requests with HTTP 500 for a while. */
    ERROR_BURST,
    /** A service's host runs at 93–98 % CPU; its latency rises with it. */
    CPU_SATURATION,
    /** A service's data volume fills up towards 100 %; near the end, writes fail. */
    DISK_FILLING,
    /** A new version of a service is deployed and fails requests until it is rolled back. */
    DEPLOY_ERRORS,
    /**
     * A service leaks memory: its host's memory in use climbs along the incident, its processing
     * slows in the second half (garbage collection), and it is restarted at the end.
     */
    MEMORY_LEAK,
    /**
     * A service leaks memory steadily until its host's memory is full: the free memory shrinks to
     * none along the incident, where the service is OOM-killed and restarts (memory back to
     * normal). Garbage collection slows it in the second half, as in {@link #MEMORY_LEAK}. Slow
     * (hours): what predictive alerts are for.
     */
    MEMORY_EXHAUSTION,
    /**
     * Packets leaving a service's host are delayed (netem-style): the calls it makes and the
     * responses it sends take longer; its CPU is unaffected.
     */
    NETWORK_DELAY,
    /**
     * A service's process is down and refuses connections ({@code cache} or {@code database}): its
     * callers' client spans fail; its host goes idle.
     */
    DEPENDENCY_DOWN;

    /** The kind for a {@link #wireName()} (case-insensitive). */
    public static IncidentKind fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
