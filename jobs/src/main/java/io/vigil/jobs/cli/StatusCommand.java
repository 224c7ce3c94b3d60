package io.vigil.jobs.cli;

import io.vigil.jobs.flink.FlinkRestClient;
import io.vigil.jobs.flink.FlinkRestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil status --jobmanager URL}: every job on a Flink cluster with its state, uptime,
 * restarts, last completed checkpoint and Kafka consumer lag, from the JobManager's REST API.
 *
 * <p>The lag is the sum of the sources' {@code pendingRecords} metric (the Kafka source's lag over
 * its partitions). Where no source reports it (before the first fetch, or a source that has no such
 * metric) the column says {@code unknown}: never a guessed zero.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Jobs on a Flink cluster: state, uptime, restarts, last checkpoint, Kafka lag.")
public final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'", Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin JobManagerOption jobManager;

    @Option(
            names = "--all",
            description =
                    "Also list ended jobs (FINISHED, CANCELED, FAILED) the cluster remembers.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FlinkRestClient flink = jobManager.client();
        try {
            FlinkRestClient.Overview overview = flink.overview();
            out.println(JobManagerOption.describe(flink, overview));
            List<FlinkRestClient.JobSummary> jobs = new ArrayList<>(flink.jobs());
            jobs.removeIf(j -> !all && !j.active());
            jobs.sort(
                    Comparator.comparing((FlinkRestClient.JobSummary j) -> !j.active())
                            .thenComparing(FlinkRestClient.JobSummary::name));
            if (jobs.isEmpty()) {
                out.println(all ? "no jobs" : "no running jobs (--all lists ended ones)");
                out.flush();
                return 0;
            }
            Instant now = Instant.now();
            List<List<String>> rows = new ArrayList<>();
            rows.add(
                    List.of(
                            "JOB",
                            "ID",
                            "STATE",
                            "UPTIME",
                            "RESTARTS",
                            "LAST CHECKPOINT",
                            "COMPLETED AT",
                            "SIZE",
                            "KAFKA LAG"));
            for (FlinkRestClient.JobSummary job : jobs) {
                rows.add(row(flink, job, now));
            }
            out.print(
                    TextTable.format(
                            rows,
                            new boolean[] {
                                false, false, false, true, true, true, false, true, true
                            }));
            out.flush();
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("vigil status: " + e.getMessage());
            return 1;
        }
    }

    private static List<String> row(
            FlinkRestClient flink, FlinkRestClient.JobSummary job, Instant now) throws IOException {
        String checkpoint = "none";
        String completedAt = "";
        String size = "";
        String restarts = "?";
        String lag = "unknown";
        try {
            FlinkRestClient.Checkpoints c = flink.checkpoints(job.id());
            if (c.latestCompleted().isPresent()) {
                FlinkRestClient.Checkpoint last = c.latestCompleted().get();
                checkpoint = "#" + last.id();
                completedAt =
                        TIME.format(last.completed().truncatedTo(ChronoUnit.SECONDS))
                                + " ("
                                + FlinkRestClient.humanDuration(
                                        Duration.between(last.completed(), now))
                                + " ago)";
                size = bytes(last.sizeBytes());
            }
            OptionalLong n = flink.restarts(job.id());
            restarts = n.isPresent() ? String.valueOf(n.getAsLong()) : "?";
            if (job.active()) {
                OptionalLong pending = flink.pendingRecords(job.id());
                lag =
                        pending.isPresent()
                                ? String.format(Locale.ROOT, "%,d", pending.getAsLong())
                                : "unknown";
            } else {
                lag = "";
            }
        } catch (FlinkRestException e) {
            if (e.status() == 0) {
                throw e;
            }
            // An ended job's details may already be gone: show what the overview says.
        }
        return List.of(
                job.name(),
                job.id(),
                job.state(),
                FlinkRestClient.humanDuration(job.duration()),
                restarts,
                checkpoint,
                completedAt,
                size,
                lag);
    }

    /** {@code 12.3 KB}, {@code 4.5 MB}: bytes for people (1 KB = 1,024 bytes). */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        String[] units = {"KB", "MB", "GB", "TB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
