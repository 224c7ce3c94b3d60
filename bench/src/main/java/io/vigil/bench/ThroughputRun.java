package io.vigil.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * One measured run of a throughput benchmark ({@link IncidentsBench}, {@link TracesBench}): how
 * many items it handled in how many seconds, of wall-clock time and of CPU time of the whole JVM.
 */
record ThroughputRun(long items, double seconds, double cpuSeconds) {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** What a run measures. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work}, which handles {@code items} items, and measures it. */
    static ThroughputRun measure(long items, Work work) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        work.run();
        return new ThroughputRun(
                items, (System.nanoTime() - start) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9);
    }

    double perSecond() {
        return items / seconds;
    }

    double perCpuSecond() {
        return items / cpuSeconds;
    }
}
