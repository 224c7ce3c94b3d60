package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.cli.VigilCli;
import io.vigil.jobs.flink.FlinkRestClient;
import io.vigil.local.FlinkStandaloneCluster;
import io.vigil.udfs.testing.OtlpFixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Vigil on a real multi-process Flink cluster: a JobManager and two TaskManagers as separate JVMs
 * ({@link FlinkStandaloneCluster}), the jobs submitted as the deployable jar with {@code vigil
 * submit}, each its own Flink job, against the real Kafka broker and Elasticsearch node.
 *
 * <p>The same input goes through the MiniCluster path first (a bounded run, as the other ITs do),
 * and the cluster must write the same documents: the same count per index, the same ids, the same
 * content. Mid-stream, after a completed checkpoint and while more input is being produced, the
 * TaskManager running the traces job is killed with SIGKILL and a replacement is started (a
 * standalone cluster never replaces one itself; its supervisor does). The jobs must recover from
 * the checkpoint and the counts stay exact: Elasticsearch documents carry deterministic ids and are
 * written as index operations with that id, so a replay after the restore overwrites instead of
 * adding (spans: trace and span id; logs and metric points: a content hash; Jaeger spans: trace and
 * span id). Last, the traces job is stopped with a savepoint and submitted again from it, as an
 * upgrade would, and reads on where it stopped.
 */
@ExtendWith(RealStack.class)
class ClusterITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final long SEED = 20261207L;

    /** Messages per signal before the checkpoint the kill restores from. */
    private static final int PHASE_ONE = 100;

    /** Messages per signal produced while the TaskManager dies. */
    private static final int PHASE_TWO = 200;

    /** Records per message. */
    private static final int RECORDS = 10;

    /** Span messages the traces job gets after its restore from a savepoint. */
    private static final int PHASE_THREE = 20;

    /** Messages per signal and batch of phase two, and the time between batches. */
    private static final int BATCH = 5;

    private static final Duration BATCH_PAUSE = Duration.ofMillis(250);

    private static final List<String> JOBS = List.of("metrics", "logs", "traces");

    /** Index families the input determines; every document id in them is deterministic. */
    private static final List<String> FAMILIES =
            List.of("spans", "logs", "metric-points", "jaeger-span");

    /** Metric points of the input (the jobs' own derived metrics are named vigil.*). */
    private static final String INPUT_POINTS =
            "{\"bool\":{\"must_not\":{\"prefix\":{\"metric.name\":\"vigil.\"}}}}";

    @Test
    void jobsOnAMultiProcessClusterWriteWhatTheMiniClusterWritesAndSurviveAKilledTaskManager()
            throws Exception {
        long testStart = System.nanoTime();
        List<byte[]> spans = new ArrayList<>();
        List<byte[]> logs = new ArrayList<>();
        List<byte[]> metrics = new ArrayList<>();
        for (int k = 0; k < PHASE_ONE + PHASE_TWO; k++) {
            spans.add(OtlpFixtures.tracesRequest(RECORDS, SEED + k, k % 2 == 1));
            logs.add(OtlpFixtures.logsRequest(RECORDS, SEED + k, k % 2 == 0));
            metrics.add(
                    OtlpFixtures.metricsRequest(
                            RECORDS,
                            SEED + k,
                            k % 2 == 1,
                            OtlpFixtures.BASE_TIME.plusSeconds(60L * k)));
        }
        long perSignal = (long) (PHASE_ONE + PHASE_TWO) * RECORDS;

        // The reference: the same input through the MiniCluster path, bounded.
        Map<String, List<JsonNode>> reference = new LinkedHashMap<>();
        try (JobsHarness ref = new JobsHarness("clusterref", 1)) {
            ref.produce(ref.topic("otlp_spans"), spans);
            ref.produce(ref.topic("otlp_logs"), logs);
            ref.produce(ref.topic("otlp_metrics"), metrics);
            ref.runBounded();
            for (String family : FAMILIES) {
                reference.put(family, documents(ref, family));
            }
            assertThat(ref.es.count(ref.indices("dlq"))).isZero();
        }
        for (String family : FAMILIES) {
            assertThat(reference.get(family)).as("MiniCluster %s", family).hasSize((int) perSignal);
        }

        Path workDir = Files.createTempDirectory(Path.of("target"), "cluster-it-");
        try (JobsHarness it = JobsHarness.forCluster("cluster");
                FlinkStandaloneCluster cluster =
                        FlinkStandaloneCluster.start(
                                FlinkStandaloneCluster.Options.forTests(
                                        workDir.resolve("flink")))) {
            FlinkRestClient rest = cluster.rest();
            assertThat(rest.overview().taskManagers()).isEqualTo(2);
            assertThat(rest.overview().slotsTotal()).isEqualTo(4);
            System.out.printf(
                    "cluster up in %d ms at %s%n",
                    cluster.startupTime().toMillis(), cluster.restUrl());

            Path config = workDir.resolve("vigil.yaml").toAbsolutePath();
            Files.writeString(config, it.unboundedYaml);
            Cli submit = vigil(submitArgs(cluster, config));
            assertThat(submit.code()).as(submit.text()).isZero();
            Map<String, String> jobIds = jobIds(rest);
            assertThat(jobIds.keySet())
                    .containsExactlyInAnyOrder("vigil [metrics]", "vigil [logs]", "vigil [traces]");
            for (String job : JOBS) {
                assertThat(submit.out())
                        .contains(
                                "submitted vigil ["
                                        + job
                                        + "] as job "
                                        + jobIds.get("vigil [" + job + "]"));
            }

            // Idempotent: the same submit again leaves the running jobs alone.
            Cli again = vigil(submitArgs(cluster, config));
            assertThat(again.code()).as(again.text()).isZero();
            assertThat(again.out()).doesNotContain("submitted vigil").doesNotContain("uploaded");
            for (String job : JOBS) {
                assertThat(again.out())
                        .contains("vigil [" + job + "] is already on the cluster (RUNNING");
            }
            assertThat(rest.jobs()).hasSize(3);

            // Phase one, then a checkpoint completed after all of it was written.
            it.produce(it.topic("otlp_spans"), spans.subList(0, PHASE_ONE));
            it.produce(it.topic("otlp_logs"), logs.subList(0, PHASE_ONE));
            it.produce(it.topic("otlp_metrics"), metrics.subList(0, PHASE_ONE));
            long phaseOne = (long) PHASE_ONE * RECORDS;
            awaitCounts(it, phaseOne, Duration.ofMinutes(4));
            Instant phaseOneIndexed = Instant.now();
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> checkpointedSince(rest, jobIds.values(), phaseOneIndexed));

            // Phase two in the background while the TaskManager of the traces job dies.
            CompletableFuture<Void> phaseTwo =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    for (int k = PHASE_ONE; k < PHASE_ONE + PHASE_TWO; k += BATCH) {
                                        it.produce(
                                                it.topic("otlp_spans"),
                                                spans.subList(k, k + BATCH));
                                        it.produce(
                                                it.topic("otlp_logs"), logs.subList(k, k + BATCH));
                                        it.produce(
                                                it.topic("otlp_metrics"),
                                                metrics.subList(k, k + BATCH));
                                        Thread.sleep(BATCH_PAUSE.toMillis()); // the input's pace
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(
                                            "producing phase two failed", e);
                                }
                            });
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> it.es.count(it.indices("spans")) > phaseOne);

            String tracesJob = jobIds.get("vigil [traces]");
            Set<String> victims = rest.taskManagersOf(tracesJob);
            assertThat(victims).as("TaskManagers of the traces job").hasSize(1);
            String victim = victims.iterator().next();
            List<String> affected = new ArrayList<>();
            for (Map.Entry<String, String> job : jobIds.entrySet()) {
                if (rest.taskManagersOf(job.getValue()).contains(victim)) {
                    affected.add(job.getValue());
                }
            }
            long restoredBefore = rest.checkpoints(tracesJob).latestCompleted().orElseThrow().id();
            assertThat(phaseTwo).as("input still being produced at the kill").isNotDone();
            long killedAt = System.nanoTime();
            cluster.killTaskManager(victim);
            // The supervisor's part: a new TaskManager in place of the dead one.
            String replacement = cluster.startTaskManager();
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> recovered(rest, affected));
            double recoverySeconds = (System.nanoTime() - killedAt) / 1e9;
            for (String job : affected) {
                assertThat(rest.restarts(job).orElseThrow()).as("restarts of %s", job).isPositive();
                assertThat(rest.checkpoints(job).restoredId())
                        .as("checkpoint %s restored from", job)
                        .isPresent();
            }
            assertThat(rest.checkpoints(tracesJob).restoredId().getAsLong())
                    .isGreaterThanOrEqualTo(restoredBefore);
            assertThat(cluster.registeredTaskManagers())
                    .doesNotContain(victim)
                    .contains(replacement);
            System.out.printf(
                    "killed %s (running %d of 3 jobs); replacement %s; jobs RUNNING again %.1f s"
                            + " after the kill%n",
                    victim, affected.size(), replacement, recoverySeconds);

            phaseTwo.get();
            awaitCounts(it, perSignal, Duration.ofMinutes(5));
            for (String family : FAMILIES) {
                List<JsonNode> docs = documents(it, family);
                assertThat(docs).as("cluster %s", family).hasSize((int) perSignal);
                assertThat(ids(docs)).as("ids of %s", family).isEqualTo(ids(reference.get(family)));
                // Content, for a deterministic subset: the first 50 documents by id.
                for (int i = 0; i < 50; i++) {
                    assertThat(docs.get(i).path("_source"))
                            .as("%s document %s", family, docs.get(i).path("_id").asText())
                            .isEqualTo(reference.get(family).get(i).path("_source"));
                }
                System.out.printf(
                        "%s: cluster %d, MiniCluster %d documents%n",
                        family, docs.size(), reference.get(family).size());
            }
            assertThat(it.es.count(it.indices("dlq"))).isZero();

            // vigil status: every job RUNNING with a checkpoint, restarts as counted, a known lag.
            // The REST API's metrics come from a fetcher that refreshes every few seconds: after
            // the replaced TaskManager a source may not have reported pendingRecords yet, so ask
            // until every job's line ends in a number (the assertions below then say what is off).
            Cli status = statusWithKnownLag(cluster.restUrl(), jobIds.keySet());
            assertThat(status.code()).as(status.text()).isZero();
            for (Map.Entry<String, String> job : jobIds.entrySet()) {
                String line =
                        status.out()
                                .lines()
                                .filter(l -> l.startsWith(job.getKey()))
                                .findFirst()
                                .orElseThrow(() -> new AssertionError(status.text()));
                List<String> cells =
                        List.of(line.substring(job.getKey().length()).trim().split("\\s{2,}"));
                assertThat(cells.get(0)).isEqualTo(job.getValue());
                assertThat(cells.get(1)).isEqualTo("RUNNING");
                assertThat(cells.get(3))
                        .as("restarts of %s", job.getKey())
                        .isEqualTo(String.valueOf(rest.restarts(job.getValue()).orElseThrow()));
                assertThat(cells.get(4)).as("last checkpoint").matches("#\\d+");
                // The Kafka sources' pendingRecords metric is exposed: a number, not "unknown".
                assertThat(cells.get(cells.size() - 1)).as("Kafka lag").matches("\\d[\\d,]*");
            }
            System.out.println(status.out());

            // The upgrade path of docs/operations.md: stop the traces job with a savepoint, submit
            // it again from that savepoint, give it more input: nothing read twice or skipped.
            String savepoint = rest.stopWithSavepoint(tracesJob, null, Duration.ofMinutes(2));
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> !jobIds(rest).containsValue(tracesJob));
            Cli resubmit =
                    vigil(
                            "submit",
                            "--jobmanager",
                            cluster.restUrl(),
                            "--config",
                            config.toString(),
                            "--jar",
                            deployableJar().toString(),
                            "--parallelism",
                            "1",
                            "--from-savepoint",
                            savepoint,
                            "traces");
            assertThat(resubmit.code()).as(resubmit.text()).isZero();
            String upgraded = jobIds(rest).get("vigil [traces]");
            assertThat(upgraded).isNotNull().isNotEqualTo(tracesJob);
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> recovered(rest, List.of(upgraded)));
            assertThat(rest.checkpoints(upgraded).restoredId()).as("restored from").isPresent();
            List<byte[]> more = new ArrayList<>();
            for (int k = 0; k < PHASE_THREE; k++) {
                more.add(
                        OtlpFixtures.tracesRequest(
                                RECORDS, SEED + PHASE_ONE + PHASE_TWO + k, k % 2 == 1));
            }
            it.produce(it.topic("otlp_spans"), more);
            long spansNow = perSignal + (long) PHASE_THREE * RECORDS;
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () ->
                                    it.es.count(it.indices("spans")) >= spansNow
                                            && it.es.count(it.indices("jaeger-span")) >= spansNow);
            assertThat(it.es.count(it.indices("spans"))).isEqualTo(spansNow);
            assertThat(it.es.count(it.indices("jaeger-span"))).isEqualTo(spansNow);
            System.out.printf(
                    "savepoint %s: traces job %s → %s, spans %d%n",
                    savepoint, tracesJob, upgraded, spansNow);

            for (String id : jobIds(rest).values()) {
                rest.cancel(id);
            }
            await().atMost(Duration.ofMinutes(1))
                    .until(
                            () ->
                                    rest.jobs().stream()
                                            .noneMatch(FlinkRestClient.JobSummary::active));
        }
        System.out.printf("ClusterITCase took %.0f s%n", (System.nanoTime() - testStart) / 1e9);
    }

    private static String[] submitArgs(FlinkStandaloneCluster cluster, Path config)
            throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "submit",
                                "--jobmanager",
                                cluster.restUrl(),
                                "--config",
                                config.toString(),
                                "--jar",
                                deployableJar().toString(),
                                "--parallelism",
                                "1"));
        args.addAll(JOBS);
        return args.toArray(String[]::new);
    }

    /**
     * The shaded jar of the jobs module, packaged before this module's integration tests run
     * (reactor order: jobs before local).
     */
    static Path deployableJar() throws IOException {
        Path target = Path.of("..", "jobs", "target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("vigil-jobs-.*-all\\.jar"))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new AssertionError(
                                            "no deployable jar in "
                                                    + target.toAbsolutePath().normalize()
                                                    + ": package the jobs module first"))
                    .toAbsolutePath()
                    .normalize();
        }
    }

    private record Cli(int code, String out, String err) {
        String text() {
            return out + err;
        }
    }

    /**
     * {@code vigil status}, asked again (up to a minute) until every job's line ends in a lag
     * number; the last answer either way, for the assertions to judge.
     */
    private static Cli statusWithKnownLag(String restUrl, java.util.Set<String> jobs) {
        java.util.concurrent.atomic.AtomicReference<Cli> last =
                new java.util.concurrent.atomic.AtomicReference<>();
        try {
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(
                            () -> {
                                Cli s = vigil("status", "--jobmanager", restUrl);
                                last.set(s);
                                return s.code() != 0 || lagKnown(s.out(), jobs);
                            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the assertions on the last answer say what is missing
        }
        return last.get();
    }

    private static boolean lagKnown(String statusOut, java.util.Set<String> jobs) {
        return jobs.stream()
                .allMatch(
                        job ->
                                statusOut
                                        .lines()
                                        .anyMatch(
                                                l ->
                                                        l.startsWith(job)
                                                                && l.matches(".*\\s\\d[\\d,]*$")));
    }

    private static Cli vigil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VigilCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        System.out.print(out);
        System.err.print(err);
        return new Cli(code, out.toString(), err.toString());
    }

    /** Flink job name → id of the active jobs. */
    private static Map<String, String> jobIds(FlinkRestClient rest) throws IOException {
        Map<String, String> ids = new LinkedHashMap<>();
        for (FlinkRestClient.JobSummary job : rest.jobs()) {
            if (job.active()) {
                ids.put(job.name(), job.id());
            }
        }
        return ids;
    }

    private static boolean checkpointedSince(
            FlinkRestClient rest, Iterable<String> jobs, Instant since) throws IOException {
        for (String job : jobs) {
            var last = rest.checkpoints(job).latestCompleted();
            if (last.isEmpty() || last.get().completed().isBefore(since)) {
                return false;
            }
        }
        return true;
    }

    /** Every job RUNNING again with all its vertices running. */
    private static boolean recovered(FlinkRestClient rest, List<String> jobs) throws IOException {
        for (String job : jobs) {
            JsonNode details = rest.job(job);
            if (!details.path("state").asText().equals("RUNNING")) {
                return false;
            }
            for (JsonNode vertex : details.path("vertices")) {
                if (!vertex.path("status").asText().equals("RUNNING")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void awaitCounts(JobsHarness it, long perSignal, Duration timeout) {
        await().atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () ->
                                it.es.count(it.indices("spans")) >= perSignal
                                        && it.es.count(it.indices("logs")) >= perSignal
                                        && it.es.count(it.indices("metric-points"), INPUT_POINTS)
                                                >= perSignal
                                        && it.es.count(it.indices("jaeger-span")) >= perSignal);
    }

    private static List<JsonNode> documents(JobsHarness it, String family) throws Exception {
        String query = family.equals("metric-points") ? INPUT_POINTS : "{\"match_all\":{}}";
        return it.es.search(it.indices(family), query, 10_000);
    }

    private static List<String> ids(List<JsonNode> docs) {
        return docs.stream().map(d -> d.path("_id").asText()).toList();
    }
}
