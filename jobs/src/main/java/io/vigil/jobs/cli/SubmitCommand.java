package io.vigil.jobs.cli;

import io.vigil.jobs.JobName;
import io.vigil.jobs.VigilJobs;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.flink.FlinkRestClient;
import io.vigil.jobs.flink.FlinkRestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil submit --jobmanager URL [--config FILE] [job…]}: uploads the deployable jar to a
 * Flink cluster and runs each job as its own Flink job, over the JobManager's REST API, as
 * production runs them (each scales and restarts on its own); {@code all} runs every job as one
 * graph instead.
 *
 * <p>Idempotent: a job whose Flink name ({@code vigil [traces]}) is already on the cluster and not
 * ended (RUNNING, RESTARTING, CREATED, …) is not submitted again, so the command can be repeated.
 *
 * <p>The JobManager runs each job's {@code main} ({@link ClusterMain}, {@code run --config FILE
 * JOB}) and its TaskManagers run the tasks, so {@code FILE} is a path <em>on the cluster's
 * machines</em> (in an image: a path inside it), not necessarily on the machine that submits. When
 * the file is also readable here, it is checked before anything is uploaded.
 */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description =
                "Submit jobs to a Flink cluster over its REST API (each job its own Flink job;"
                        + " jobs already running are left alone).")
public final class SubmitCommand implements Callable<Integer> {

    /** The config path the compose stack's image uses; see deploy/compose. */
    static final String DEFAULT_CONFIG = "/opt/vigil/vigil.yaml";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin JobManagerOption jobManager;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = DEFAULT_CONFIG,
            description =
                    "The Vigil configuration as the cluster's JVMs see it (a path on their"
                            + " machines or image; default ${DEFAULT-VALUE}). Checked here too when"
                            + " readable here.")
    String config;

    @Option(
            names = "--jar",
            paramLabel = "FILE",
            description =
                    "The deployable jar (default: the jar this command runs from, or"
                            + " jobs/target/vigil-jobs-*-all.jar of the checkout).")
    Path jar;

    @Option(
            names = {"-p", "--parallelism"},
            paramLabel = "N",
            description = "Parallelism of each job (default: the cluster's parallelism.default).")
    Integer parallelism;

    @Option(
            names = {"-s", "--from-savepoint"},
            paramLabel = "PATH",
            description =
                    "Start the job from this savepoint (or retained checkpoint); one job only.")
    String savepoint;

    @Option(
            names = "--allow-non-restored-state",
            description = "With --from-savepoint: skip state of operators that no longer exist.")
    boolean allowNonRestoredState;

    @Parameters(
            paramLabel = "JOB",
            description =
                    "metrics | logs | traces | incidents, each its own Flink job (default: all"
                            + " four); all = every job in one graph")
    List<String> jobs = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FlinkRestClient flink = jobManager.client();
        List<Set<JobName>> graphs = graphs(jobs);
        if (parallelism != null && parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be >= 1, was " + parallelism);
        }
        if (savepoint != null && graphs.size() != 1) {
            throw new IllegalArgumentException(
                    "--from-savepoint restores one job; name exactly one (or all), not "
                            + graphs.size());
        }
        String configPath = checkConfig(out);
        Path jarFile = jar != null ? jar : defaultJar();
        if (!Files.isRegularFile(jarFile)) {
            throw new IllegalArgumentException("--jar: no such file: " + jarFile);
        }

        try {
            FlinkRestClient.Overview overview = flink.overview();
            out.println(JobManagerOption.describe(flink, overview));
            if (overview.slotsTotal() == 0) {
                err.println(
                        "vigil submit: no TaskManager is registered yet; the jobs will wait for"
                                + " slots");
            }
            Map<String, FlinkRestClient.JobSummary> active = new LinkedHashMap<>();
            for (FlinkRestClient.JobSummary job : flink.jobs()) {
                if (job.active()) {
                    active.put(job.name(), job);
                }
            }
            List<Set<JobName>> toSubmit = new ArrayList<>();
            for (Set<JobName> graph : graphs) {
                String name = VigilJobs.jobName(graph);
                FlinkRestClient.JobSummary running = active.get(name);
                if (running != null) {
                    out.printf(
                            "%s is already on the cluster (%s, job %s); not submitted again%n",
                            name, running.state(), running.id());
                } else {
                    toSubmit.add(graph);
                }
            }
            if (toSubmit.isEmpty()) {
                return 0;
            }
            String jarId = flink.uploadJar(jarFile);
            out.printf("uploaded %s (%,d bytes) as %s%n", jarFile, Files.size(jarFile), jarId);
            int failed = 0;
            try {
                for (Set<JobName> graph : toSubmit) {
                    String name = VigilJobs.jobName(graph);
                    try {
                        String jobId =
                                flink.runJar(
                                        jarId,
                                        new FlinkRestClient.RunRequest(
                                                ClusterMain.class.getName(),
                                                programArgs(configPath, graph),
                                                parallelism,
                                                savepoint,
                                                allowNonRestoredState));
                        out.printf("submitted %s as job %s%n", name, jobId);
                    } catch (FlinkRestException e) {
                        failed++;
                        err.printf(
                                "vigil submit: %s was not submitted: %s%n", name, e.getMessage());
                    }
                }
            } finally {
                try {
                    flink.deleteJar(jarId);
                } catch (FlinkRestException e) {
                    err.println(
                            "vigil submit: could not remove the uploaded jar: " + e.getMessage());
                }
            }
            return failed == 0 ? 0 : 1;
        } catch (FlinkRestException e) {
            err.println("vigil submit: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The Flink jobs to submit: each named job alone, or every job in one graph for {@code all}.
     */
    static List<Set<JobName>> graphs(List<String> names) {
        if (names.stream().anyMatch(n -> n.trim().equalsIgnoreCase("all"))) {
            if (names.size() > 1) {
                throw new IllegalArgumentException(
                        "'all' runs every job in one graph; give it alone, or name the jobs");
            }
            return List.of(EnumSet.allOf(JobName.class));
        }
        List<Set<JobName>> graphs = new ArrayList<>();
        for (JobName job : JobName.parse(names)) {
            graphs.add(EnumSet.of(job));
        }
        return graphs;
    }

    /** {@code run --config FILE JOB}, the arguments {@link ClusterMain} gets. */
    static List<String> programArgs(String configPath, Set<JobName> graph) {
        String job =
                graph.equals(EnumSet.allOf(JobName.class)) ? "all" : graph.iterator().next().id();
        return List.of("run", "--config", configPath, job);
    }

    /**
     * The config path to pass: absolute; parsed here first when it is readable here, so a mistake
     * is reported before anything reaches the cluster.
     */
    private String checkConfig(PrintWriter out) {
        Path file = Path.of(config);
        if (Files.isReadable(file)) {
            VigilConfig.load(file);
            String absolute = file.toAbsolutePath().normalize().toString();
            out.println("configuration " + absolute + " is valid");
            return absolute;
        }
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException(
                    "--config: "
                            + config
                            + " is not readable here, and a relative path means nothing to the"
                            + " cluster: give the absolute path the JobManager and TaskManagers"
                            + " see");
        }
        out.println(
                "configuration "
                        + config
                        + " is not on this machine; the cluster reads it (not checked here)");
        return config;
    }

    /**
     * The jar this class was loaded from when it is the shaded one ({@code java -jar
     * vigil-jobs-…-all.jar submit …}), else {@code jobs/target/vigil-jobs-*-all.jar} under {@code
     * vigil.home} (set by {@code ./vigil}) or the working directory.
     */
    static Path defaultJar() throws IOException {
        try {
            Path self =
                    Path.of(
                            SubmitCommand.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            if (self.getFileName().toString().endsWith("-all.jar")) {
                return self;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no usable code source: look in the checkout
        }
        Path root = Path.of(System.getProperty("vigil.home", "."));
        Path target = root.resolve("jobs").resolve("target");
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                found =
                        files.filter(
                                        p ->
                                                p.getFileName()
                                                        .toString()
                                                        .matches("vigil-jobs-.*-all\\.jar"))
                                .findFirst();
            }
        }
        return found.orElseThrow(
                () ->
                        new IllegalArgumentException(
                                "no deployable jar in "
                                        + target.toAbsolutePath().normalize()
                                        + ": build it with ./mvnw -pl jobs -am package"
                                        + " -DskipTests, or pass --jar"));
    }
}
