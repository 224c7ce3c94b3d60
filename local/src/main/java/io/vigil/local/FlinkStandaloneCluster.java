package io.vigil.local;

import io.vigil.jobs.flink.FlinkRestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink 1.20 standalone session cluster of separate processes: one JobManager and N TaskManagers,
 * each a child JVM ({@link ChildJvm}, so each dies with this JVM, {@code kill -9} included).
 *
 * <p>What Flink's own scripts ({@code jobmanager.sh}, {@code taskmanager.sh}) do, in Java: a {@code
 * conf/config.yaml}; the JVM memory flags and dynamic memory options computed from it by Flink's
 * memory model (what {@code BashJavaUtils GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS} prints for
 * the scripts); then {@link StandaloneSessionClusterEntrypoint} and {@link TaskManagerRunner} with
 * {@code --configDir conf}. The classpath is that of a Flink distribution ({@link
 * FlinkDistClasspath}), nothing of Vigil's: jobs arrive as the deployable jar over REST.
 *
 * <p>Layout under {@code workDir}: {@code conf/config.yaml}; the log of each process ({@code
 * jobmanager.log}, {@code tm-1.log}, …, also shown in the web UI); {@code checkpoints/} ({@code
 * state.checkpoints.dir}) and {@code savepoints/} ({@code execution.checkpointing.savepoint-dir})
 * on the local file system, which every process on this machine shares; {@code uploads/} (jars),
 * {@code tmp/}, and {@code launcher/} (the child-JVM watchdog's class, see {@link
 * FlinkDistClasspath}).
 *
 * <p>Ready when the REST endpoint's {@code /overview} lists every TaskManager and all their slots.
 *
 * <p>Standalone mode never replaces a lost TaskManager: that is the job of whatever supervises the
 * processes (systemd, a container orchestrator, an operator). {@link #killTaskManager} and {@link
 * #startTaskManager} play both parts here: a machine dies, and the supervisor starts a new
 * TaskManager, which registers with the JobManager and offers its slots to the waiting jobs.
 *
 * <pre>{@code
 * try (FlinkStandaloneCluster flink =
 *         FlinkStandaloneCluster.start(FlinkStandaloneCluster.Options.forTests(dir))) {
 *     new FlinkRestClient(flink.restUrl()).overview();
 * }
 * }</pre>
 */
public final class FlinkStandaloneCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkStandaloneCluster.class);
    private static final Duration JOBMANAGER_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TASKMANAGER_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    /**
     * What to start.
     *
     * @param workDir configuration, logs, checkpoints, savepoints, uploads
     * @param restPort the JobManager's REST and web UI port on 127.0.0.1 (0 = a free port)
     * @param taskManagers TaskManagers started with the cluster (≥ 1)
     * @param slotsPerTaskManager {@code taskmanager.numberOfTaskSlots}
     * @param jobManagerMemory {@code jobmanager.memory.process.size}, e.g. {@code 1024m}
     * @param taskManagerMemory {@code taskmanager.memory.process.size}, e.g. {@code 1536m}
     * @param configuration further options, written to {@code config.yaml} last (they win)
     */
    public record Options(
            Path workDir,
            int restPort,
            int taskManagers,
            int slotsPerTaskManager,
            String jobManagerMemory,
            String taskManagerMemory,
            Map<String, String> configuration) {

        public Options {
            Objects.requireNonNull(workDir, "workDir");
            if (taskManagers < 1) {
                throw new IllegalArgumentException(
                        "taskManagers must be >= 1, was " + taskManagers);
            }
            if (slotsPerTaskManager < 1) {
                throw new IllegalArgumentException(
                        "slotsPerTaskManager must be >= 1, was " + slotsPerTaskManager);
            }
            configuration = Map.copyOf(configuration);
        }

        /**
         * Two TaskManagers of two slots each on a free REST port. Sizes for a two-core machine that
         * also runs Kafka and Elasticsearch: JobManager 1 GiB, TaskManagers 1.5 GiB each (about 650
         * MiB of task heap: Vigil keeps its state on the heap).
         */
        public static Options forTests(Path workDir) {
            return new Options(workDir, 0, 2, 2, "1024m", "1536m", Map.of());
        }

        /** As {@link #forTests}, with the web UI on {@code restPort} (the demo's 8081). */
        public static Options demo(Path workDir, int restPort) {
            return new Options(workDir, restPort, 2, 2, "1024m", "1536m", Map.of());
        }

        /** These options with one more configuration entry. */
        public Options with(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(configuration);
            more.put(key, value);
            return new Options(
                    workDir,
                    restPort,
                    taskManagers,
                    slotsPerTaskManager,
                    jobManagerMemory,
                    taskManagerMemory,
                    more);
        }
    }

    private final Path workDir;
    private final Path confDir;
    private final int restPort;
    private final int slotsPerTaskManager;
    private final Map<String, String> configuration;
    private final String classpath;
    private final FlinkRestClient rest;
    private final CloseOnce closeOnce;
    private final Map<String, ChildProcess> taskManagers = new LinkedHashMap<>();
    private ChildProcess jobManager;
    private int nextTaskManager = 1;
    private Duration startupTime = Duration.ZERO;

    private FlinkStandaloneCluster(Options options, int restPort, Map<String, String> configuration)
            throws IOException {
        this.workDir = Files.createDirectories(options.workDir().toAbsolutePath());
        this.confDir = Files.createDirectories(workDir.resolve("conf"));
        this.restPort = restPort;
        this.slotsPerTaskManager = options.slotsPerTaskManager();
        this.configuration = configuration;
        this.classpath = FlinkDistClasspath.fromThisJvm(workDir.resolve("launcher"));
        this.rest = new FlinkRestClient(restUrl());
        this.closeOnce =
                new CloseOnce(ShutdownSequence.Stage.PIPELINES, "flink standalone cluster", this);
    }

    /**
     * Writes the configuration, starts the JobManager and the TaskManagers, and waits until all
     * TaskManagers have registered their slots. On failure whatever started is stopped again.
     *
     * @throws IOException if the REST port is taken, or a process exits or is not ready in time
     *     (the message carries the end of its log)
     */
    public static FlinkStandaloneCluster start(Options options) throws IOException {
        int restPort = Ports.resolve(options.restPort(), "Flink REST");
        Path dir = options.workDir().toAbsolutePath();
        FlinkStandaloneCluster cluster =
                new FlinkStandaloneCluster(
                        options, restPort, configuration(options, restPort, dir));
        Instant launched = Instant.now();
        try {
            cluster.writeConfiguration();
            cluster.startJobManager();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < options.taskManagers(); i++) {
                ids.add(cluster.launchTaskManager());
            }
            cluster.awaitTaskManagers(ids, TASKMANAGER_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.startupTime = Duration.between(launched, Instant.now());
        LOG.info(
                "Flink standalone cluster ready at {} with {} TaskManagers in {} ms",
                cluster.restUrl(),
                options.taskManagers(),
                cluster.startupTime.toMillis());
        return cluster;
    }

    /** The options of {@code config.yaml}, in the order written. Visible for tests. */
    static Map<String, String> configuration(Options o, int restPort, Path dir) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", "127.0.0.1");
        c.put("jobmanager.rpc.port", String.valueOf(Ports.free()));
        c.put("jobmanager.bind-host", "127.0.0.1");
        c.put("jobmanager.memory.process.size", o.jobManagerMemory());
        c.put("jobmanager.execution.failover-strategy", "region");
        c.put("taskmanager.host", "127.0.0.1");
        c.put("taskmanager.bind-host", "127.0.0.1");
        c.put("taskmanager.numberOfTaskSlots", String.valueOf(o.slotsPerTaskManager()));
        c.put("taskmanager.memory.process.size", o.taskManagerMemory());
        // Vigil's state lives on the heap (hashmap state backend); managed memory would serve
        // RocksDB and batch jobs only.
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("parallelism.default", "1");
        c.put("rest.address", "127.0.0.1");
        c.put("rest.bind-address", "127.0.0.1");
        c.put("rest.port", String.valueOf(restPort));
        c.put("blob.server.port", String.valueOf(Ports.free()));
        c.put("web.upload.dir", dir.resolve("uploads").toString());
        c.put("io.tmp.dirs", dir.resolve("tmp").toString());
        c.put("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
        c.put(
                "execution.checkpointing.savepoint-dir",
                dir.resolve("savepoints").toUri().toString());
        // A cancelled job's last checkpoint stays, so it can be started from it again.
        c.put(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "20");
        c.put("restart-strategy.fixed-delay.delay", "2 s");
        // A TaskManager that stops answering is declared lost after two failed heartbeat RPCs
        // (heartbeat.rpc-failure-threshold), so 2 s between heartbeats finds a killed one in a few
        // seconds; the 20 s timeout covers a TaskManager that hangs without refusing connections.
        c.put("heartbeat.interval", "2000");
        c.put("heartbeat.timeout", "20000");
        // A program's System.exit would run inside the JobManager (jar runs over REST): refuse it.
        c.put("cluster.intercept-user-system-exit", "THROW");
        c.putAll(o.configuration());
        return c;
    }

    /** The REST endpoint and web UI, {@code http://127.0.0.1:<port>}. */
    public String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    public int restPort() {
        return restPort;
    }

    /** A REST client of this cluster. */
    public FlinkRestClient rest() {
        return rest;
    }

    /** The conf directory ({@code config.yaml}), e.g. for {@code FLINK_CONF_DIR}. */
    public Path confDir() {
        return confDir;
    }

    /** Where every process writes its log. */
    public Path logDir() {
        return workDir;
    }

    /** {@code state.checkpoints.dir} as a path. */
    public Path checkpointsDir() {
        return workDir.resolve("checkpoints");
    }

    /** From launching the JobManager until every TaskManager had registered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The JobManager's process. */
    public ChildProcess jobManager() {
        return jobManager;
    }

    /** Ids ({@code taskmanager.resource-id}) of the TaskManagers started here and still alive. */
    public synchronized List<String> taskManagers() {
        return taskManagers.entrySet().stream()
                .filter(e -> e.getValue().isAlive())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The process of a TaskManager started here. */
    public synchronized ChildProcess taskManager(String id) {
        ChildProcess tm = taskManagers.get(id);
        if (tm == null) {
            throw new IllegalArgumentException(
                    "no TaskManager " + id + " was started here; known: " + taskManagers.keySet());
        }
        return tm;
    }

    /**
     * Kills a TaskManager with SIGKILL ({@code kill -9}), as when its machine dies: its tasks fail
     * and the JobManager restarts them from the last checkpoint once it has slots for them.
     */
    public void killTaskManager(String id) throws InterruptedException {
        taskManager(id).kill();
    }

    /**
     * Starts one more TaskManager (the next id, {@code tm-N}) and waits until it has registered
     * with the JobManager: what a supervisor does after a TaskManager died.
     *
     * @return its id
     */
    public String startTaskManager() throws IOException {
        String id = launchTaskManager();
        awaitTaskManagers(List.of(id), TASKMANAGER_TIMEOUT);
        return id;
    }

    /**
     * Waits until the JobManager lists these TaskManagers among its registered ones and has the
     * slots of every registered TaskManager; fails at once if one of them exits.
     */
    public void awaitTaskManagers(List<String> ids, Duration timeout) throws IOException {
        Set<String> expected = new LinkedHashSet<>(ids);
        jobManager.awaitReady(
                "TaskManagers " + expected + " registered at " + restUrl(),
                timeout,
                POLL_INTERVAL,
                () -> {
                    for (String id : expected) {
                        ChildProcess tm = taskManager(id);
                        if (!tm.isAlive()) {
                            throw new IOException(
                                    id
                                            + " exited with code "
                                            + tm.exitCode().orElse(-1)
                                            + "\n--- last lines of "
                                            + tm.logFile()
                                            + " ---\n"
                                            + tm.logTail());
                        }
                    }
                    if (!registeredTaskManagers().containsAll(expected)) {
                        return false;
                    }
                    // A TaskManager registers first and reports its slots a moment later.
                    FlinkRestClient.Overview overview = rest.overview();
                    return overview.slotsTotal() == overview.taskManagers() * slotsPerTaskManager;
                });
    }

    /** Ids of the TaskManagers the JobManager has registered now ({@code /taskmanagers}). */
    public Set<String> registeredTaskManagers() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        rest.get("/taskmanagers").path("taskmanagers").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    private void writeConfiguration() throws IOException {
        StringBuilder yaml =
                new StringBuilder(
                        "# Written by io.vigil.local.FlinkStandaloneCluster; rewritten at every"
                                + " start.\n");
        configuration.forEach(
                (k, v) -> yaml.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
        Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        Files.createDirectories(workDir.resolve("uploads"));
        Files.createDirectories(workDir.resolve("tmp"));
        Files.createDirectories(checkpointsDir());
        Files.createDirectories(workDir.resolve("savepoints"));
    }

    private Configuration flinkConfiguration() {
        return Configuration.fromMap(configuration);
    }

    private void startJobManager() throws IOException {
        JobManagerProcessSpec spec =
                JobManagerProcessUtils.processSpecFromConfigWithNewOptionToInterpretLegacyHeap(
                        flinkConfiguration(), JobManagerOptions.JVM_HEAP_MEMORY);
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(words(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
        jobManager =
                process(
                        "jobmanager",
                        StandaloneSessionClusterEntrypoint.class.getName(),
                        words(
                                JobManagerProcessUtils.generateJvmParametersStr(
                                        spec, flinkConfiguration())),
                        args);
        jobManager.awaitReady(
                "Flink JobManager REST at " + restUrl(),
                JOBMANAGER_TIMEOUT,
                POLL_INTERVAL,
                () -> Ports.accepts(restPort) && rest.overview() != null);
    }

    private synchronized String launchTaskManager() throws IOException {
        String id = "tm-" + nextTaskManager++;
        Configuration flink =
                TaskExecutorProcessUtils.getConfigurationMapLegacyTaskManagerHeapSizeToConfigOption(
                        flinkConfiguration(),
                        org.apache.flink.configuration.TaskManagerOptions.TOTAL_FLINK_MEMORY);
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flink);
        Path tmp = Files.createDirectories(workDir.resolve("tmp").resolve(id));
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
        args.addAll(List.of("-D", "taskmanager.resource-id=" + id));
        args.addAll(List.of("-D", "io.tmp.dirs=" + tmp));
        args.addAll(words(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
        ChildProcess tm =
                process(
                        id,
                        TaskManagerRunner.class.getName(),
                        words(ProcessMemoryUtils.generateJvmParametersStr(spec)),
                        args);
        taskManagers.put(id, tm);
        return id;
    }

    private ChildProcess process(
            String name, String mainClass, List<String> memoryFlags, List<String> args)
            throws IOException {
        LOG.info("Starting Flink {} with {}", name, memoryFlags);
        return ChildJvm.builder(name, mainClass)
                .classpath(classpath)
                .heapInJvmFlags()
                .jvmFlags(memoryFlags)
                .jvmFlags(ChildJvm.FLINK_JDK17_FLAGS)
                // the web UI shows each process's log from here
                .systemProperty("log.file", workDir.resolve(name + ".log").toString())
                .args(args)
                .workDir(workDir)
                .gracefulStopTimeout(Duration.ofSeconds(30))
                .start();
    }

    private static List<String> words(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    /**
     * Stops the TaskManagers, then the JobManager (each gracefully, as {@link ChildProcess#close()}
     * does); idempotent. Jobs still running are not cancelled first: they fail with their
     * TaskManagers and are gone with the JobManager (their last checkpoints stay on disk).
     */
    @Override
    public void close() {
        if (!closeOnce.first()) {
            return;
        }
        List<ChildProcess> tms;
        synchronized (this) {
            tms = new ArrayList<>(taskManagers.values());
        }
        for (ChildProcess tm : tms) {
            tm.close();
        }
        Optional.ofNullable(jobManager).ifPresent(ChildProcess::close);
    }

    /** Blocks until {@code id} no longer appears among the registered TaskManagers. */
    public void awaitTaskManagerGone(String id, Duration timeout) throws IOException {
        Readiness.await(
                "TaskManager " + id + " deregistered at " + restUrl(),
                timeout,
                POLL_INTERVAL,
                () -> !registeredTaskManagers().contains(id),
                () ->
                        jobManager.isAlive()
                                ? Optional.empty()
                                : Optional.of("the JobManager exited"));
    }
}
