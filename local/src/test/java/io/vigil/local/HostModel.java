package io.vigil.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The generator's host model alone, driven as {@link TelemetryGenerator} drives it (same seed
 * split, every host in order at every 10-s boundary from {@code start}): per service, memory
 * utilization (column 0) and filesystem utilization (column 1) by time. Exactly the series the
 * generator emits (see {@code ExhaustionScenariosTest}), without spans, logs or OTLP.
 */
final class HostModel {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private HostModel() {}

    static Map<String, NavigableMap<Instant, double[]>> run(
            Instant start, List<Incident> incidents, Duration duration) {
        SplittableRandom master = new SplittableRandom(42);
        master.split();
        SplittableRandom random = master.split();
        List<HostState> hosts = new ArrayList<>();
        Map<String, NavigableMap<Instant, double[]>> series = new HashMap<>();
        for (HostState.Profile profile : TelemetryGenerator.PROFILES) {
            hosts.add(new HostState(profile, profile.service()));
            series.put(profile.service(), new TreeMap<>());
        }
        ActiveIncidents active = new ActiveIncidents(incidents);
        for (Instant t = start.plus(INTERVAL);
                !t.isAfter(start.plus(duration));
                t = t.plus(INTERVAL)) {
            for (HostState host : hosts) {
                host.update(t, 1, active, random);
                series.get(host.hostService)
                        .put(
                                t,
                                new double[] {
                                    host.memoryUtilization(), host.filesystemUtilization
                                });
            }
        }
        return series;
    }

    /** One column of {@link #run}'s rows. */
    static NavigableMap<Instant, Double> column(NavigableMap<Instant, double[]> rows, int column) {
        NavigableMap<Instant, Double> series = new TreeMap<>();
        rows.forEach((t, row) -> series.put(t, row[column]));
        return series;
    }
}
