package io.vigil.local;

import io.vigil.udfs.model.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When an incident that fills up a resource takes its utilization past given levels: the truth a
 * forecaster's time-to-breach is checked against. Computed from {@link HostState}'s model (the
 * mean, without the noise), for {@link IncidentKind#DISK_FILLING} ({@code
 * system.filesystem.utilization} of the service's data volume, full = {@value
 * HostState#DISK_FULL_LEVEL}) and {@link IncidentKind#MEMORY_EXHAUSTION} ({@code
 * system.memory.utilization}, full = 1). Both climb monotonically from the base at the incident's
 * {@link Incident#onset onset} (its start, unless a disk is scripted to fill from earlier) to full
 * at its end, so each level is crossed exactly once.
 *
 * <p>For example {@code disk-exhaustion} at its default length (database at 0.55, the fault from
 * 08:40 to 11:10): 0.80 at 10:14:32.634, 0.90 at 10:45:08.586, full at 11:10; {@code
 * memory-exhaustion} (shipping at 0.50 of its limit, same window): 0.80 at 10:10, 0.90 at 10:40,
 * full at 11:10. The emitted 10-s points scatter around this trend: the filesystem by σ 0.001, the
 * memory by σ ≈ 1.2 % of the base times (1 − progress), so on a climb this slow a single point can
 * cross a level up to a minute early or late (seed 42: memory 0.90 first reached at 10:39:40, the
 * disk's at 10:45:10).
 *
 * @param metric the series that climbs, e.g. {@code system.memory.utilization}
 * @param full the utilization at the end of the incident
 * @param crossings when the trend reaches each of {@link #LEVELS} and then {@code full}, in this
 *     order; instants truncated to milliseconds
 */
public record ResourceExhaustion(String metric, double full, List<Crossing> crossings) {

    /** The levels reported below full. */
    public static final List<Double> LEVELS = List.of(0.8, 0.9);

    /** One level and the simulated instant the trend reaches it. */
    public record Crossing(double level, Instant at) {}

    public ResourceExhaustion {
        Fields.requireNonNull("metric crossings", metric, crossings);
        crossings = List.copyOf(crossings);
    }

    /**
     * The crossings of {@code incident}, or empty if its kind does not fill a resource ({@link
     * IncidentKind#MEMORY_LEAK} grows by a fixed share and never reaches the limit).
     */
    public static Optional<ResourceExhaustion> of(Incident incident) {
        HostState.Profile profile = TelemetryGenerator.profile(incident.service());
        List<Crossing> crossings = new ArrayList<>();
        switch (incident.kind()) {
            case DISK_FILLING -> {
                for (double level : LEVELS) {
                    crossings.add(
                            at(incident, level, HostState.diskFillingProgress(profile, level)));
                }
                crossings.add(new Crossing(HostState.DISK_FULL_LEVEL, incident.end()));
                return Optional.of(
                        new ResourceExhaustion(
                                "system.filesystem.utilization",
                                HostState.DISK_FULL_LEVEL,
                                crossings));
            }
            case MEMORY_EXHAUSTION -> {
                for (double level : LEVELS) {
                    crossings.add(
                            at(
                                    incident,
                                    level,
                                    HostState.memoryExhaustionProgress(profile, level)));
                }
                crossings.add(new Crossing(1.0, incident.end()));
                return Optional.of(
                        new ResourceExhaustion("system.memory.utilization", 1.0, crossings));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * When the trend reaches {@code level}: one of {@link #LEVELS} or {@link #full}.
     *
     * @throws IllegalArgumentException for another level
     */
    public Instant at(double level) {
        for (Crossing crossing : crossings) {
            if (crossing.level() == level) {
                return crossing.at();
            }
        }
        throw new IllegalArgumentException("no crossing of " + level + " in " + crossings);
    }

    /** The instant {@code progress} of the way from the incident's onset to its end. */
    private static Crossing at(Incident incident, double level, double progress) {
        long millis = Duration.between(incident.onset(), incident.end()).toMillis();
        return new Crossing(level, incident.onset().plusMillis((long) (progress * millis)));
    }
}
