package io.vigil.local;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The host a simulated service runs on, and its resource model: what the service's observable
 * gauges report at each metric boundary.
 *
 * <p>Written only by the generator thread ({@link #update}); read by the metric callbacks, which
 * run in that same thread during {@link ServiceSdk#flush()} (fields are volatile for observers in
 * other threads). Baselines:
 *
 * <ul>
 *   <li>CPU utilization = base + per-request cost × requests/s of the last interval + noise (σ 1.5
 *       points), within [0.005, 1]; during {@link IncidentKind#CPU_SATURATION} 0.93–0.98.
 *   <li>Memory in use: a random walk (σ 0.4 % of base per interval) pulled back towards the base by
 *       5 % of the gap per interval (so it scatters around the base with σ ≈ 1.2 % of it), never
 *       above the host's memory limit; memory utilization = in use / limit.
 *   <li>Filesystem utilization: base plus noise (σ 0.05 points); during {@link
 *       IncidentKind#DISK_FILLING} it climbs from the base to 98.5 % from the incident's {@link
 *       Incident#onset onset} (its start unless scripted earlier) to its end
 *       (build-up<sup>1.2</sup>, {@link Incident#buildUpAt}; noise σ 0.1 points), and is back at
 *       the base (cleanup) once it ends. {@link #diskFillingProgress} inverts the climb.
 *   <li>Queue depth (consumers only): about 3 messages (σ 1.5), never negative.
 * </ul>
 *
 * <p>{@link IncidentKind#MEMORY_LEAK} adds {@value #MEMORY_LEAK_GROWTH} × base × progress to the
 * memory in use (the random walk goes on underneath, so the leak is gone the instant the incident
 * ends: the process was restarted). {@link IncidentKind#MEMORY_EXHAUSTION} leaks until the limit:
 * memory in use = walk + (limit − walk) × progress, so the free memory shrinks steadily to none at
 * the end (the OOM kill; back to the walk after it), its mean is base + (limit − base) × progress
 * ({@link #memoryExhaustionProgress} inverts it) and the walk's noise shrinks with the free memory.
 * Both add, through garbage collection, up to {@value #MEMORY_LEAK_GC_CPU} of CPU in their second
 * half ({@link #gcPressure}). While {@link IncidentKind#DEPENDENCY_DOWN} the process is not
 * running: CPU 0.5–1 %, memory {@value #DOWN_MEMORY_SHARE} of the base. Extra random draws happen
 * only while such an incident is active, so runs without one draw exactly as before; the memory
 * limit and the exhaustion draw nothing.
 */
final class HostState {

    /**
     * Static description of one service's host.
     *
     * @param memoryBaseBytes what the service normally has in use
     * @param memoryLimitBytes the host's (container's) memory, above {@code memoryBaseBytes}
     */
    record Profile(
            String service,
            double cpuBase,
            double cpuPerRequestPerSecond,
            long memoryBaseBytes,
            long memoryLimitBytes,
            double filesystemBase,
            String device,
            String mountpoint,
            String queue) {
        Profile {
            if (memoryLimitBytes <= memoryBaseBytes) {
                throw new IllegalArgumentException(
                        service + ": memory limit must be above the base memory");
            }
        }

        /** Memory utilization at the base, {@code base / limit}. */
        double memoryBaseUtilization() {
            return (double) memoryBaseBytes / memoryLimitBytes;
        }
    }

    /** Filesystem utilization at the end of {@link IncidentKind#DISK_FILLING}. */
    static final double DISK_FULL_LEVEL = 0.985;

    /** Exponent of the disk's climb: utilization = base + (full − base) × progress^this. */
    static final double DISK_FILLING_EXPONENT = 1.2;

    /** Memory a leak has added by its end, as a share of the host's base memory. */
    static final double MEMORY_LEAK_GROWTH = 0.9;

    /** CPU share garbage collection adds at the end of a leak ({@link #gcPressure} = 1). */
    static final double MEMORY_LEAK_GC_CPU = 0.25;

    /** Memory in use while the service's process is down, as a share of the base. */
    static final double DOWN_MEMORY_SHARE = 0.05;

    final String hostService;
    final String hostName;

    /** The host's memory, bytes: {@code system.memory.limit}. */
    final long memoryLimitBytes;

    final String device;
    final String mountpoint;

    /** Topic this service consumes (it then reports a queue depth), or null. */
    final String queue;

    private final Profile profile;
    volatile double cpuUtilization;
    volatile long memoryUsedBytes;

    /** The memory random walk without any leak; {@link #memoryUsedBytes} adds the leak. */
    private long memoryWalkBytes;

    volatile double filesystemUtilization;
    volatile long queueDepth;

    HostState(Profile profile, String hostName) {
        this.profile = profile;
        this.hostService = profile.service();
        this.hostName = hostName;
        this.device = profile.device();
        this.mountpoint = profile.mountpoint();
        this.queue = profile.queue();
        this.memoryLimitBytes = profile.memoryLimitBytes();
        this.cpuUtilization = profile.cpuBase();
        this.memoryUsedBytes = profile.memoryBaseBytes();
        this.memoryWalkBytes = profile.memoryBaseBytes();
        this.filesystemUtilization = profile.filesystemBase();
    }

    /**
     * Moves the model to the metric boundary at {@code now}.
     *
     * @param requestsPerSecond requests this service handled per second in the interval just ended
     * @param incidents what is going on now
     */
    void update(
            Instant now,
            double requestsPerSecond,
            ActiveIncidents incidents,
            SplittableRandom random) {
        double cpu =
                profile.cpuBase()
                        + profile.cpuPerRequestPerSecond() * requestsPerSecond
                        + 0.015 * random.nextGaussian();
        if (incidents.active(hostService, IncidentKind.CPU_SATURATION, now) != null) {
            cpu = 0.93 + 0.05 * random.nextDouble();
        }
        Incident leak = incidents.active(hostService, IncidentKind.MEMORY_LEAK, now);
        Incident exhaustion = incidents.active(hostService, IncidentKind.MEMORY_EXHAUSTION, now);
        if (leak == null) {
            leak = exhaustion;
        }
        if (leak != null) {
            cpu += MEMORY_LEAK_GC_CPU * gcPressure(leak, now);
        }
        boolean down = incidents.active(hostService, IncidentKind.DEPENDENCY_DOWN, now) != null;
        if (down) {
            cpu = 0.005 + 0.005 * random.nextDouble();
        }
        cpuUtilization = clamp(cpu, 0.005, 1.0);

        long base = profile.memoryBaseBytes();
        double memory = memoryWalkBytes + base * 0.004 * random.nextGaussian();
        memory += (base - memory) * 0.05;
        memoryWalkBytes = (long) clamp(memory, base * 0.5, base * 2.0);
        long used = memoryWalkBytes;
        if (exhaustion != null) {
            used += (long) ((memoryLimitBytes - memoryWalkBytes) * exhaustion.progressAt(now));
        } else if (leak != null) {
            used += (long) (base * MEMORY_LEAK_GROWTH * leak.progressAt(now));
        }
        if (down) {
            used = (long) (base * DOWN_MEMORY_SHARE);
        }
        memoryUsedBytes = Math.min(used, memoryLimitBytes);

        double filesystem = profile.filesystemBase() + 0.0005 * random.nextGaussian();
        // The disk fills from the incident's onset (its start unless the script says otherwise).
        Incident disk = incidents.underway(hostService, IncidentKind.DISK_FILLING, now);
        if (disk != null) {
            double progress = Math.pow(disk.buildUpAt(now), DISK_FILLING_EXPONENT);
            filesystem =
                    profile.filesystemBase()
                            + (DISK_FULL_LEVEL - profile.filesystemBase()) * progress
                            + 0.001 * random.nextGaussian();
        }
        filesystemUtilization = clamp(filesystem, 0.0, 1.0);

        if (queue != null) {
            queueDepth = Math.max(0, Math.round(3 + 1.5 * random.nextGaussian()));
        }
    }

    /** {@code system.memory.utilization}: memory in use / limit, 0 to 1. */
    double memoryUtilization() {
        return (double) memoryUsedBytes / memoryLimitBytes;
    }

    /**
     * How far from its onset to its end ({@link Incident#buildUpAt}) a {@link
     * IncidentKind#DISK_FILLING} incident's mean filesystem utilization of {@code profile} reaches
     * {@code level}: 0 if the base is there already, 1 at {@link #DISK_FULL_LEVEL} or above
     * (reached only at the end).
     */
    static double diskFillingProgress(Profile profile, double level) {
        double share =
                (level - profile.filesystemBase()) / (DISK_FULL_LEVEL - profile.filesystemBase());
        return Math.pow(clamp(share, 0.0, 1.0), 1.0 / DISK_FILLING_EXPONENT);
    }

    /**
     * How far into a {@link IncidentKind#MEMORY_EXHAUSTION} incident the mean memory utilization of
     * {@code profile} reaches {@code level}: the mean is base + (limit − base) × progress, so
     * (level − base/limit) / (1 − base/limit), within [0, 1].
     */
    static double memoryExhaustionProgress(Profile profile, double level) {
        double base = profile.memoryBaseUtilization();
        return clamp((level - base) / (1.0 - base), 0.0, 1.0);
    }

    /**
     * How hard garbage collection works during a memory leak (or exhaustion) at {@code t}: 0 in the
     * leak's first half, then rising quadratically to 1 at its end.
     */
    static double gcPressure(Incident leak, Instant t) {
        double late = Math.max(0.0, (leak.progressAt(t) - 0.5) / 0.5);
        return late * late;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
