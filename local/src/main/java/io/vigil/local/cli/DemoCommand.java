package io.vigil.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.JobName;
import io.vigil.jobs.VigilJobs;
import io.vigil.jobs.cli.CapacityReportCommand;
import io.vigil.jobs.cli.VigilCli;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import io.vigil.jobs.flink.FlinkRestClient;
import io.vigil.local.EmbeddedAlertmanager;
import io.vigil.local.FlinkStandaloneCluster;
import io.vigil.local.Incident;
import io.vigil.local.IncidentKind;
import io.vigil.local.IncidentMatcher;
import io.vigil.local.IncidentScoring;
import io.vigil.local.IncidentScript;
import io.vigil.local.LocalStack;
import io.vigil.local.ResourceExhaustion;
import io.vigil.local.ShutdownSequence;
import io.vigil.local.TelemetryGenerator;
import io.vigil.local.WebhookReceiver;
import io.vigil.udfs.forecast.ForecastText;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil demo}: the embedded real stack (Kafka, Elasticsearch, Alertmanager when installed,
 * the OTLP/HTTP receiver), the telemetry generator with its scripted incidents, and every job on a
 * Flink MiniCluster with its web UI, or with {@code --cluster} on a multi-process standalone
 * cluster ({@link FlinkStandaloneCluster}) to which {@code vigil submit} sends each job. Prints
 * progress while it runs and, at the end, what to look at. Starts from empty data each time ({@code
 * --work-dir} is wiped).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run Vigil end to end on an embedded stack with generated telemetry.")
public final class DemoCommand implements Callable<Integer> {
    /** Index families shown in the progress line, by the label printed. */
    private static final Map<String, String> FAMILIES = new LinkedHashMap<>();

    static {
        FAMILIES.put("spans", "spans");
        FAMILIES.put("logs", "logs");
        FAMILIES.put("metrics", "metric-points");
    }

    @Option(
            names = "--minutes",
            defaultValue = "5",
            description =
                    "How long the live run takes, in minutes of wall time (default"
                            + " ${DEFAULT-VALUE}).")
    double minutes;

    @Option(
            names = "--span",
            defaultValue = "120",
            description =
                    "Minutes of simulated time the five scripted faults play out over (default"
                            + " ${DEFAULT-VALUE}). The live run shows them in --minutes, span/minutes"
                            + " times as fast as wall time, so the faults lie as far apart as real"
                            + " ones: each one's incident opens, and resolves, on its own with the"
                            + " production settings. A span no longer than --minutes runs at wall"
                            + " time.")
    double spanMinutes;

    @Option(
            names = "--rate",
            defaultValue = "5",
            description = "Simulated user requests per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--history",
            defaultValue = "60",
            description =
                    "Minutes of quiet history generated as fast as possible before the live run,"
                            + " so the anomaly detectors know normal behaviour when the scripted"
                            + " incidents start (default ${DEFAULT-VALUE}; 0: none).")
    double historyMinutes;

    @Option(names = "--seed", defaultValue = "42", description = "Generator seed.")
    long seed;

    @Option(
            names = "--work-dir",
            defaultValue = ".vigil/demo",
            description = "Data and logs of the embedded parts (wiped at start).")
    Path workDir;

    @Option(
            names = "--rules",
            description =
                    "Prometheus rule file for the metrics job (default: deploy/rules/shop.yml of"
                            + " the checkout, when there).")
    Path rules;

    @Option(
            names = "--slo",
            description =
                    "SLO file for the metrics job (default: deploy/slo/shop.yml of the checkout,"
                            + " when there).")
    Path slo;

    @Option(names = "--kafka-port", defaultValue = "9092")
    int kafkaPort;

    @Option(names = "--elasticsearch-port", defaultValue = "9200")
    int elasticsearchPort;

    @Option(names = "--alertmanager-port", defaultValue = "9093")
    int alertmanagerPort;

    @Option(names = "--otlp-port", defaultValue = "4318")
    int otlpPort;

    @Option(names = "--flink-ui-port", defaultValue = "8081")
    int flinkUiPort;

    @Option(
            names = "--cluster",
            description =
                    "Run the jobs on a multi-process Flink standalone cluster (a JobManager and two"
                            + " TaskManagers, each its own JVM, web UI on --flink-ui-port),"
                            + " submitted as the deployable jar with vigil submit, each its own"
                            + " Flink job; default: one MiniCluster in this JVM.")
    boolean cluster;

    @Option(
            names = "--keep-running",
            description = "Keep everything up after the generator ends, until Ctrl-C.")
    boolean keepRunning;

    /**
     * Share of its slot each scripted fault is active, percent: with the default span a fault lasts
     * about four minutes and the next starts some fifteen minutes after it ends, longer than an
     * anomaly alert (5 min) and then its incident (5 min more) take to resolve.
     */
    static final long DEMO_ACTIVE_PERCENT = 20;

    /**
     * When the database's disk starts filling, percent of the live span from its start: a slow fill
     * the forecaster can see coming, while the fault proper (payment's writes failing in the last
     * 20 % of the scripted window) stays where the standard script puts it. With the default span
     * the disk fills from minute 12 to the fault's end at 87.1 ({@link ResourceExhaustion}: 0.9 at
     * 74.7); writes fail from 86.4.
     *
     * <p>The database's alerts must not start within {@code incidents.window} (5 min) of an
     * incident of payment, which calls it, or they join it: the first fault (payment, incident from
     * minute 25.8) and the third (payment, from 64.2). The onset's short anomaly alert comes about
     * a minute after the onset; the predictive alert, replayed offline through the forecaster, at
     * minute 36 to 37 (a demo run: a few minutes earlier or later, as the fast history's lost
     * points move the forecaster's first refit); FilesystemAlmostFull at 0.9 for a minute, at 76.
     * An earlier onset brings the predictive alert into the first fault's incident, a later one its
     * anomaly alert.
     */
    static final long DEMO_DISK_ONSET_PERCENT = 10;

    /**
     * The demo's faults: the {@link IncidentScript#standard standard} five with each fault active
     * {@value #DEMO_ACTIVE_PERCENT} % of its slot, the disk filling from {@value
     * #DEMO_DISK_ONSET_PERCENT} % into the span ({@link Incident#onset}); every window as the
     * script puts it.
     */
    public static List<Incident> script(Instant liveStart, Duration span) {
        Instant onset = liveStart.plusMillis(span.toMillis() * DEMO_DISK_ONSET_PERCENT / 100);
        return IncidentScript.standard(liveStart, span, DEMO_ACTIVE_PERCENT).stream()
                .map(
                        i ->
                                i.kind() == IncidentKind.DISK_FILLING && onset.isBefore(i.start())
                                        ? i.withOnset(onset)
                                        : i)
                .toList();
    }

    private final PrintStream out = System.out;
    private double stackSeconds;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (!(minutes > 0)) {
            throw new IllegalArgumentException("--minutes must be positive, was " + minutes);
        }
        if (!(spanMinutes > 0)) {
            throw new IllegalArgumentException("--span must be positive, was " + spanMinutes);
        }
        wipe(workDir);
        out.printf("vigil demo: starting the embedded stack in %s …%n", workDir);
        long t0 = System.nanoTime();
        LocalStack stack =
                LocalStack.start(
                        new LocalStack.Options(
                                kafkaPort,
                                elasticsearchPort,
                                alertmanagerPort,
                                otlpPort,
                                workDir,
                                2,
                                true));
        // Ctrl-C stops everything in order; a normal end closes each part and deregisters it.
        ShutdownSequence.Registration stackOnExit =
                ShutdownSequence.register(
                        ShutdownSequence.Stage.INFRASTRUCTURE, "local stack", stack);
        stackSeconds = seconds(t0);
        out.printf("stack ready in %.1f s:%s%n", stackSeconds, stack.describe());
        if (stack.alertmanagerUrl().isEmpty()) {
            out.println("  (" + EmbeddedAlertmanager.INSTALL_HINT + ")");
        }

        try (stackOnExit;
                stack) {
            return run(stack);
        }
    }

    /** Templates, jobs, generator and progress on a running stack; stops what it started. */
    private int run(LocalStack stack) throws Exception {
        // Incidents go to the stack's Alertmanager, with links to Kibana and Jaeger on their
        // usual local ports.
        // Written to the work directory, so the CLI reads the demo's stack with it:
        // vigil capacity-report / slo status / incidents --config .vigil/demo/vigil.yaml
        Files.writeString(
                configFile(),
                VigilConfig.localYaml(
                        stack.kafkaBootstrap(),
                        stack.elasticsearchUrl(),
                        stack.alertmanagerUrl()
                                        .map(
                                                url ->
                                                        "alertmanager: {url: '"
                                                                + url
                                                                + "', kibanaUrl:"
                                                                + " 'http://localhost:5601',"
                                                                + " jaegerUrl:"
                                                                + " 'http://localhost:16686'}\n")
                                        .orElse("")
                                + rulesYaml()));
        VigilConfig config = VigilConfig.load(configFile());
        out.println("configuration " + configFile() + " (for the CLI's --config)");
        out.printf(
                "rules %d in %d groups, SLOs %s%n",
                config.rules().groups().stream().mapToInt(g -> g.rules().size()).sum(),
                config.rules().groups().size(),
                config.slos().slos().stream().map(s -> s.name()).toList());
        for (IndexTemplates.Result result : IndexTemplates.apply(config)) {
            out.println("index template " + result);
        }
        DemoJobs job = cluster ? startOnCluster() : startJobs(config);
        ShutdownSequence.Registration jobOnExit =
                ShutdownSequence.register(
                        ShutdownSequence.Stage.PIPELINES, "flink jobs", job::cancel);
        if (!cluster) {
            out.printf(
                    "jobs %s running on a Flink MiniCluster, web UI http://localhost:%d%n",
                    EnumSet.allOf(JobName.class), flinkUiPort);
        }
        try {
            // The live run continues where the history ends, with no pause, so no false level
            // change in the request counts at its start. It plays `span` of simulated time in
            // `minutes` of wall time, starting so far in the past that no event is ever later
            // than wall time; at speed 1 it catches up the seconds the history took, then keeps
            // to wall time.
            Duration wall = Duration.ofMillis(Math.round(minutes * 60_000));
            Duration span = Duration.ofMillis(Math.round(Math.max(spanMinutes, minutes) * 60_000));
            double speed = (double) span.toMillis() / wall.toMillis();
            Instant liveStart = Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(wall).minus(span);
            if (historyMinutes > 0) {
                history(stack, job, liveStart);
            }
            Path groundTruth = workDir.resolve("ground-truth.jsonl");
            try (TelemetryGenerator generator =
                    TelemetryGenerator.start(
                            TelemetryGenerator.Options.builder()
                                    .seed(seed)
                                    .start(liveStart)
                                    .duration(span)
                                    .speed(speed)
                                    .incidents(script(liveStart, span))
                                    .requestsPerSecond(rate)
                                    .pacing(TelemetryGenerator.Pacing.PACED)
                                    .groundTruthFile(groundTruth)
                                    .kafkaBootstrap(stack.kafkaBootstrap())
                                    .otlpEndpoint(stack.otlpEndpoint())
                                    .build())) {
                ShutdownSequence.Registration generatorOnExit =
                        ShutdownSequence.register(
                                ShutdownSequence.Stage.GENERATORS, "generator", generator);
                out.printf(
                        "generator: %.0f requests/s for %.0f simulated min (%s → %s) in %.1f min,"
                                + " %.0fx wall time, seed %d, %d scripted incidents%n",
                        rate,
                        span.toSeconds() / 60.0,
                        liveStart,
                        liveStart.plus(span),
                        minutes,
                        speed,
                        seed,
                        generator.incidents().size());

                long runStart = System.nanoTime();
                Progress last = progress(stack, job);
                StallWatch stalls = new StallWatch(TimeUnit.SECONDS.toNanos(STALL_SECONDS));
                while (!generator.awaitCompletion(Duration.ofSeconds(5))) {
                    Progress now = progress(stack, job);
                    printProgress(last, now, seconds(runStart));
                    for (StallWatch.Stall stall :
                            stalls.observe(now.nanos(), now.received(), now.indexed())) {
                        reportStall(stall, seconds(runStart));
                    }
                    last = now;
                }
                // The generator is done; wait until what it sent is indexed (or stops moving).
                Progress caughtUp = catchUp(stack, job, last, runStart);
                summary(
                        stack,
                        config,
                        generator,
                        caughtUp,
                        stackSeconds,
                        seconds(runStart),
                        groundTruth);
                if (keepRunning) {
                    out.println("\nstill running; Ctrl-C stops everything.");
                    new CountDownLatch(1).await();
                }
                generatorOnExit.close();
            }
        } finally {
            jobOnExit.close();
            job.cancel();
        }
        return 0;
    }

    /**
     * The {@code --history} minutes before {@code end}, without incidents, at the live rate and as
     * fast as the pipeline takes it: what the detectors learn normal behaviour from.
     */
    private void history(LocalStack stack, DemoJobs job, Instant end) throws Exception {
        Duration length = Duration.ofMillis(Math.round(historyMinutes * 60_000));
        out.printf(
                "history: %.0f min of normal traffic (%s → %s), generated fast, no incidents%n",
                historyMinutes, end.minus(length), end);
        long start = System.nanoTime();
        try (TelemetryGenerator history =
                TelemetryGenerator.start(
                        TelemetryGenerator.Options.builder()
                                // The live run's seed: the same hosts and service instances, so
                                // their series have a history; other trace ids (see the generator).
                                .seed(seed)
                                .start(end.minus(length))
                                .duration(length)
                                .requestsPerSecond(rate)
                                .pacing(TelemetryGenerator.Pacing.FAST)
                                .incidents(List.of())
                                .otlpEndpoint(stack.otlpEndpoint())
                                .build())) {
            Progress last = progress(stack, job);
            while (!history.awaitCompletion(Duration.ofSeconds(5))) {
                Progress now = progress(stack, job);
                printProgress(last, now, seconds(start));
                last = now;
            }
            out.printf(
                    "history: %,d requests → %,d spans, %,d logs, %,d metric points in %.0f s%n",
                    history.requestsSimulated(),
                    history.spansEmitted(),
                    history.logsEmitted(),
                    history.metricPointsEmitted(),
                    seconds(start));
        }
    }

    /** The demo's jobs wherever they run: their state for the progress line, and a way to stop. */
    private interface DemoJobs {
        /** {@code RUNNING} when every job runs, else each job's state. */
        String status() throws Exception;

        /** Stops the jobs (and what was started to run them); idempotent. */
        void cancel() throws Exception;
    }

    /** Every job in one graph on a MiniCluster in this JVM, with the web UI. */
    private DemoJobs startJobs(VigilConfig config) throws Exception {
        JobClient client = startMiniCluster(config);
        return new DemoJobs() {
            @Override
            public String status() throws Exception {
                return client.getJobStatus().get(5, TimeUnit.SECONDS).name();
            }

            @Override
            public void cancel() throws Exception {
                if (!client.getJobStatus().get(5, TimeUnit.SECONDS).isGloballyTerminalState()) {
                    client.cancel().get(30, TimeUnit.SECONDS);
                }
            }
        };
    }

    /**
     * A standalone cluster of three JVMs (JobManager, two TaskManagers of two slots), and the four
     * jobs submitted to it as production submits them: {@code vigil submit} of the deployable jar,
     * each job its own Flink job at parallelism 1.
     */
    private DemoJobs startOnCluster() throws Exception {
        Path flinkDir = workDir.resolve("flink");
        out.printf(
                "starting a Flink standalone cluster (JobManager + 2 TaskManagers) in %s …%n",
                flinkDir);
        FlinkStandaloneCluster flink =
                FlinkStandaloneCluster.start(
                        FlinkStandaloneCluster.Options.demo(flinkDir, flinkUiPort));
        out.printf(
                "Flink cluster ready in %.1f s, web UI http://localhost:%d (logs: %s)%n",
                flink.startupTime().toMillis() / 1000.0, flinkUiPort, flink.logDir());
        List<String> jobs = new ArrayList<>();
        try {
            StringWriter submitted = new StringWriter();
            CommandLine submit = VigilCli.commandLine();
            submit.setOut(new PrintWriter(submitted, true));
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "submit",
                                    "--jobmanager",
                                    flink.restUrl(),
                                    "--config",
                                    configFile().toAbsolutePath().toString(),
                                    "--parallelism",
                                    "1"));
            EnumSet.allOf(JobName.class).forEach(j -> args.add(j.id()));
            int code = submit.execute(args.toArray(String[]::new));
            submitted.toString().lines().forEach(l -> out.println("  " + l));
            if (code != 0) {
                throw new IllegalStateException(
                        "vigil submit failed (exit code " + code + "); see above");
            }
            for (FlinkRestClient.JobSummary job : flink.rest().jobs()) {
                if (job.active()) {
                    jobs.add(job.id());
                }
            }
        } catch (Exception e) {
            flink.close();
            throw e;
        }
        out.printf(
                "jobs %s running on the standalone cluster, each its own Flink job;"
                        + " ./vigil status --jobmanager http://localhost:%d%n",
                EnumSet.allOf(JobName.class), flinkUiPort);
        return new DemoJobs() {
            @Override
            public String status() throws Exception {
                Map<String, String> states = new TreeMap<>();
                for (FlinkRestClient.JobSummary job : flink.rest().jobs()) {
                    if (jobs.contains(job.id())) {
                        states.put(job.name().replace("vigil ", ""), job.state());
                    }
                }
                return states.values().stream().allMatch("RUNNING"::equals)
                                && states.size() == jobs.size()
                        ? "RUNNING"
                        : states.toString();
            }

            @Override
            public void cancel() {
                try {
                    for (String id : jobs) {
                        flink.rest().cancel(id);
                    }
                } catch (IOException e) {
                    out.println("cancelling the jobs failed: " + e.getMessage());
                } finally {
                    flink.close();
                }
            }
        };
    }

    private JobClient startMiniCluster(VigilConfig config) throws Exception {
        Configuration flink = VigilJobs.flinkConfiguration(config);
        flink.set(RestOptions.PORT, flinkUiPort);
        // Checkpoints on disk: the JobManager's memory storage caps state at 5 MB, which a burst
        // of open traces (the fast history) can exceed.
        flink.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                workDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        VigilJobs.configure(env, config);
        env.setParallelism(2);
        VigilJobs.build(env, config, EnumSet.allOf(JobName.class));
        return env.executeAsync("vigil demo");
    }

    /** How long a signal may index nothing while its input arrives before it counts as stuck. */
    private static final int STALL_SECONDS = 60;

    /**
     * Says that a signal's documents stopped while its input kept arriving, with the stacks of
     * every thread of this JVM (where the MiniCluster's tasks run) in the work directory: a stuck
     * job is diagnosed from where its task threads wait, and the moment passes.
     */
    private void reportStall(StallWatch.Stall stall, double elapsed) {
        String where;
        if (cluster) {
            where =
                    "the jobs run in the cluster's JVMs: Flink web UI → Task Managers → Thread Dump,"
                            + " or jstack";
        } else {
            Path dump =
                    workDir.resolve(
                            String.format(
                                    Locale.ROOT, "stall-%s-%.0fs.txt", stall.signal(), elapsed));
            StringBuilder text = new StringBuilder();
            Thread.getAllStackTraces()
                    .forEach(
                            (thread, frames) -> {
                                text.append('"')
                                        .append(thread.getName())
                                        .append("\" ")
                                        .append(thread.getState())
                                        .append(System.lineSeparator());
                                for (StackTraceElement frame : frames) {
                                    text.append("    at ")
                                            .append(frame)
                                            .append(System.lineSeparator());
                                }
                                text.append(System.lineSeparator());
                            });
            try {
                Files.writeString(dump, text);
                where = "thread dump in " + dump;
            } catch (IOException e) {
                where = "thread dump not written (" + e.getMessage() + ")";
            }
        }
        out.printf(
                Locale.ROOT,
                "[%4.0fs] STALL: no %s indexed for %.0f s while %,d arrived (still %,d in"
                        + " Elasticsearch); %s%n",
                elapsed,
                stall.signal(),
                stall.quietNanos() / 1e9,
                stall.receivedMeanwhile(),
                stall.indexed(),
                where);
    }

    /** What arrived at the receiver and what is in Elasticsearch, at one instant. */
    private record Progress(
            long nanos,
            Map<String, Long> received,
            Map<String, Long> indexed,
            long deadLetters,
            String status) {
        long indexedTotal() {
            return indexed.values().stream().mapToLong(Long::longValue).sum();
        }

        long receivedTotal() {
            return received.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private Progress progress(LocalStack stack, DemoJobs job) {
        Map<String, Long> received = new LinkedHashMap<>();
        Map<String, Long> indexed = new LinkedHashMap<>();
        for (Map.Entry<String, String> family : FAMILIES.entrySet()) {
            received.put(family.getKey(), stack.receiver().items(family.getKey()));
            indexed.put(family.getKey(), count(stack, "vigil-" + family.getValue() + "-*"));
        }
        String status;
        try {
            status = job.status();
        } catch (Exception e) {
            status = "UNKNOWN";
        }
        return new Progress(
                System.nanoTime(), received, indexed, count(stack, "vigil-dlq-*"), status);
    }

    private void printProgress(Progress before, Progress now, double elapsed) {
        double dt = (now.nanos() - before.nanos()) / 1e9;
        StringBuilder line =
                new StringBuilder(String.format(Locale.ROOT, "[%4.0fs] in/s", elapsed));
        now.received()
                .forEach(
                        (signal, n) ->
                                line.append(
                                        String.format(
                                                Locale.ROOT,
                                                " %s %.0f",
                                                signal,
                                                (n - before.received().get(signal)) / dt)));
        line.append(" | in Elasticsearch");
        now.indexed()
                .forEach(
                        (signal, n) ->
                                line.append(String.format(Locale.ROOT, " %s %,d", signal, n)));
        line.append(
                String.format(
                        Locale.ROOT,
                        " | %,d docs/s | dead letters %d | job %s",
                        Math.round((now.indexedTotal() - before.indexedTotal()) / dt),
                        now.deadLetters(),
                        now.status()));
        out.println(line);
    }

    private Progress catchUp(LocalStack stack, DemoJobs job, Progress last, long runStart)
            throws InterruptedException {
        out.println("generator finished; waiting for the jobs to index what is left …");
        // As long as documents keep coming (a loaded machine, a cluster's slower start), up to
        // CATCH_UP_MAX; a pipeline that stopped moving for 10 s is done or stuck either way.
        long deadline = System.nanoTime() + CATCH_UP_MAX.toNanos();
        int unchanged = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            Progress now = progress(stack, job);
            printProgress(last, now, seconds(runStart));
            boolean allIn = now.indexedTotal() >= now.receivedTotal();
            unchanged = now.indexedTotal() == last.indexedTotal() ? unchanged + 1 : 0;
            last = now;
            // Records are indexed once each; the deterministic ids of identical log lines can
            // make fewer documents than records, so "stopped moving" also counts as done.
            if (allIn || unchanged >= 5) {
                break;
            }
        }
        if (last.indexedTotal() < last.receivedTotal()) {
            out.printf(
                    Locale.ROOT,
                    "catch-up ended with %,d documents indexed for %,d records received (%s)%n",
                    last.indexedTotal(),
                    last.receivedTotal(),
                    unchanged >= 5
                            ? "indexing stopped moving; identical log lines share one document"
                            : "still indexing after " + CATCH_UP_MAX.toMinutes() + " min");
        }
        return last;
    }

    /** The longest the demo waits for the jobs to index what is left once the generator ends. */
    static final java.time.Duration CATCH_UP_MAX = java.time.Duration.ofMinutes(10);

    private void summary(
            LocalStack stack,
            VigilConfig config,
            TelemetryGenerator generator,
            Progress end,
            double stackSeconds,
            double runSeconds,
            Path groundTruth) {
        String es = stack.elasticsearchUrl();
        out.println();
        out.println("== vigil demo: summary ==");
        out.printf("embedded stack start-up      %.1f s%n", stackSeconds);
        out.printf(
                "generated                    %,d requests → %,d spans, %,d logs, %,d metric points%n",
                generator.requestsSimulated(),
                generator.spansEmitted(),
                generator.logsEmitted(),
                generator.metricPointsEmitted());
        out.printf(
                "documents in Elasticsearch   %,d  %s  (%.0f docs/s over %.0f s)%n",
                end.indexedTotal(), end.indexed(), end.indexedTotal() / runSeconds, runSeconds);
        out.printf(
                "Jaeger storage               %,d spans in jaeger-span-*, %,d service/operation"
                        + " pairs in jaeger-service-*%n",
                count(stack, "jaeger-span-*"), count(stack, "jaeger-service-*"));
        out.printf(
                "service graph                %s  (jaeger-dependencies-*, calls)%n",
                dependencies(stack));
        out.printf(
                "RED and slow requests        %,d documents in vigil-red-*, %,d in"
                        + " vigil-slow-requests-*%n",
                count(stack, "vigil-red-*"), count(stack, "vigil-slow-requests-*"));
        out.printf("dead letters                 %d%n", end.deadLetters());
        IncidentMatcher.Report report =
                IncidentMatcher.match(
                        generator.incidents(), anomalies(stack), generator.simulatedStart());
        out.println("scripted incidents (ground truth in " + groundTruth + ") and the anomaly");
        out.println(
                "alerts that match them (same service, starting from 30 s before to 60 s after):");
        for (IncidentMatcher.IncidentReport incident : report.incidents()) {
            Incident scripted = incident.incident();
            out.printf(
                    "  %-12s %-22s %s → %s  %s%n",
                    scripted.service(),
                    scripted.kind().wireName(),
                    scripted.start(),
                    scripted.end(),
                    scripted.description());
            for (IncidentMatcher.Hit hit : incident.matched()) {
                out.printf(
                        "      ✔ %+5.0f s  %s  %s%n",
                        hit.offset().toMillis() / 1000.0,
                        hit.alert().seriesKey(),
                        hit.alert().message());
            }
            for (IncidentMatcher.Alert alert : incident.alreadyFiring()) {
                out.printf(
                        "      ~ already firing since %s  %s%n",
                        alert.startsAt(), alert.seriesKey());
            }
            if (!incident.alerted()) {
                out.println("      ✘ no anomaly alert");
            }
        }
        out.printf(
                "anomaly alerts               %d in vigil-anomalies-* (%d during the live run, %d"
                        + " of them match an incident, %d do not)%n",
                report.alerts(),
                report.liveAlerts(),
                report.matchedAlerts(),
                report.liveAlerts() - report.matchedAlerts());
        for (IncidentMatcher.Alert alert : report.unmatchedLive()) {
            out.printf(
                    "      ? %s  %s  %s%s%n",
                    alert.startsAt(),
                    alert.seriesKey(),
                    alert.message(),
                    building(
                            generator,
                            alert.service(),
                            alert.seriesKey().replaceFirst("\\{.*", ""),
                            alert.startsAt()));
        }
        List<JsonNode> alerts = ruleAlerts(stack);
        rulesAndSlos(stack, generator, alerts);
        forecasts(stack, config, generator, alerts);
        incidents(stack, generator);
        out.println();
        out.println("What to look at (while the demo runs; add --keep-running to keep it up):");
        out.println("  curl '" + es + "/_cat/indices/vigil-*?v'");
        out.println(
                "  curl '" + es + "/vigil-spans-*/_search?q=service.name:checkout&size=1&pretty'");
        out.println("  curl '" + es + "/vigil-logs-*/_search?q=log.level:error&size=1&pretty'");
        out.println(
                "  curl '"
                        + es
                        + "/vigil-metric-points-*/_search?q=metric.name:system.cpu.utilization&size=1&pretty'");
        out.println(
                "  curl '"
                        + es
                        + "/vigil-dlq-*/_search?pretty'          # dead letters, with the reason");
        out.println(
                "  Kibana OSS 7.10.2:  bin/kibana --elasticsearch.hosts="
                        + es
                        + ", then ./vigil setup --kibana http://localhost:5601  → dashboards Service"
                        + " overview, Anomalies, Incidents, SLOs, Logs and templates, Capacity");
        out.println(
                "  curl '"
                        + es
                        + "/jaeger-span-*/_search?q=process.serviceName:checkout&size=1&pretty'");
        out.println("  curl '" + es + "/jaeger-dependencies-*/_search?pretty'   # the live graph");
        out.println(
                "  curl '"
                        + es
                        + "/vigil-red-*/_search?q=vigil.red.scope:service%20AND%20service.name:checkout&size=1&pretty'");
        out.println(
                "  curl '"
                        + es
                        + "/vigil-slow-requests-*/_search?q=service.name:checkout&size=1&pretty'");
        out.println(
                "  Jaeger 1.57: SPAN_STORAGE_TYPE=elasticsearch ES_SERVER_URLS="
                        + es
                        + " ES_CREATE_INDEX_TEMPLATES=false jaeger-query  → http://localhost:16686"
                        + " (see jaeger/README.md)");
        out.println(
                "  ./vigil capacity-report --config "
                        + configFile()
                        + " [--at INSTANT]   # latest capacity outlook per series, worst first");
        out.println(
                "  curl '"
                        + es
                        + "/vigil-forecasts-*/_search?q=vigil.forecast.type:capacity%20AND%20service.name:database&size=1&sort=@timestamp:desc&pretty'");
        out.println("  Flink web UI:       http://localhost:" + flinkUiPort);
        if (cluster) {
            out.println(
                    "  Flink jobs:         ./vigil status --jobmanager http://localhost:"
                            + flinkUiPort
                            + "   # state, restarts, last checkpoint, Kafka lag");
        }
        stack.alertmanagerUrl()
                .ifPresent(
                        url ->
                                out.println(
                                        "  Alertmanager:       "
                                                + url
                                                + " (severity critical → page, warning → ticket,"
                                                + " the rest → on-call)"));
        out.println(
                "  Send your own:      OTEL_EXPORTER_OTLP_ENDPOINT="
                        + stack.otlpEndpoint()
                        + " OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, or OTLP to Kafka "
                        + stack.kafkaBootstrap());
        out.println("  Logs of every part: " + workDir);
    }

    /**
     * The edges in Jaeger's dependency documents with their call counts summed as jaeger-query sums
     * them, e.g. {@code checkout→payment 812, …}; "unavailable" if Elasticsearch does not answer.
     */
    private String dependencies(LocalStack stack) {
        try {
            String base = stack.elasticsearchUrl() + "/jaeger-dependencies-*";
            send("POST", base + "/_refresh?allow_no_indices=true");
            JsonNode body = send("GET", base + "/_search?size=10000&allow_no_indices=true");
            Map<String, Long> edges = new TreeMap<>();
            body.at("/hits/hits")
                    .forEach(
                            hit ->
                                    hit.at("/_source/dependencies")
                                            .forEach(
                                                    l ->
                                                            edges.merge(
                                                                    l.path("parent").asText()
                                                                            + "→"
                                                                            + l.path("child")
                                                                                    .asText(),
                                                                    l.path("callCount").asLong(),
                                                                    Long::sum)));
            if (edges.isEmpty()) {
                return "no edges yet";
            }
            StringBuilder text = new StringBuilder();
            edges.forEach(
                    (edge, calls) ->
                            text.append(text.length() == 0 ? "" : ", ")
                                    .append(edge)
                                    .append(' ')
                                    .append(String.format(Locale.ROOT, "%,d", calls)));
            return text.toString();
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }

    /**
     * Up to 1,000 documents of an index pattern after a refresh, ascending by {@code sortField}.
     */
    private JsonNode hits(LocalStack stack, String pattern, String sortField)
            throws IOException, InterruptedException {
        String base = stack.elasticsearchUrl() + "/" + pattern;
        send("POST", base + "/_refresh?allow_no_indices=true");
        return send(
                        "GET",
                        base
                                + "/_search?size=1000&allow_no_indices=true&sort="
                                + sortField
                                + ":asc")
                .at("/hits/hits");
    }

    /**
     * The {@code rules:} and {@code slo:} sections: the files given, or the shop's in the
     * checkout's {@code deploy/} (found through {@code vigil.home}, which the launcher sets).
     */
    private String rulesYaml() {
        Path home = Path.of(System.getProperty("vigil.home", "."));
        Path ruleFile = rules != null ? rules : home.resolve("deploy/rules/shop.yml");
        Path sloFile = slo != null ? slo : home.resolve("deploy/slo/shop.yml");
        StringBuilder yaml = new StringBuilder();
        if (Files.isRegularFile(ruleFile)) {
            yaml.append("rules: {files: ['").append(ruleFile.toAbsolutePath()).append("']}\n");
        }
        if (Files.isRegularFile(sloFile)) {
            yaml.append("slo: {files: ['").append(sloFile.toAbsolutePath()).append("']}\n");
        }
        // The demo plays simulated time 24× as fast as the wall clock on a small machine: the
        // traces job's RED lags the raw metrics by tens of simulated minutes. Rules, SLOs and
        // health wait for it that long.
        yaml.append("eventTime: {lagTolerance: 2h}\n");
        return yaml.toString();
    }

    /**
     * Rule, SLO and forecast alerts ({@code vigil-alerts-*}), oldest first; empty if ES does not
     * answer.
     */
    private List<JsonNode> ruleAlerts(LocalStack stack) {
        try {
            List<JsonNode> found = new ArrayList<>();
            hits(stack, "vigil-alerts-*", "vigil.alert.starts_at")
                    .forEach(h -> found.add(h.get("_source")));
            return found;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * Which rule and SLO alerts fired for which scripted fault (same service, from 30 s before its
     * start, or its onset when the condition builds up before, to the fault's end plus 5 minutes:
     * rules wait for their {@code for}, and burn-rate windows trail the errors), the latest status
     * of each SLO, and each service's latest health score. Forecast alerts are {@link #forecasts}'.
     */
    private void rulesAndSlos(LocalStack stack, TelemetryGenerator generator, List<JsonNode> all) {
        List<JsonNode> alerts = all.stream().filter(a -> !isForecast(a)).toList();
        out.printf("rule and SLO alerts          %d in vigil-alerts-*%n", alerts.size());
        java.util.Set<JsonNode> matched = new java.util.HashSet<>();
        for (Incident scripted : generator.incidents()) {
            out.printf("  %-12s %-22s%n", scripted.service(), scripted.kind().wireName());
            boolean any = false;
            for (JsonNode a : alerts) {
                Instant start = Instant.parse(a.at("/vigil/alert/starts_at").asText());
                boolean sameService = a.at("/service/name").asText().equals(scripted.service());
                if (sameService
                        && !start.isBefore(scripted.onset().minusSeconds(30))
                        && !start.isAfter(scripted.end().plus(Duration.ofMinutes(5)))) {
                    any = true;
                    matched.add(a);
                    out.printf(
                            "      ✔ %+5.0f s  %-24s %-13s %-8s %s%n",
                            Duration.between(scripted.start(), start).toMillis() / 1000.0,
                            a.at("/rule/name").asText(),
                            a.at("/vigil/alert/source").asText(),
                            a.at("/vigil/alert/severity").asText(),
                            a.path("message").asText());
                }
            }
            if (!any) {
                out.println("      ✘ no rule or SLO alert");
            }
        }
        for (JsonNode a : alerts) {
            if (!matched.contains(a)) {
                out.printf(
                        "      ? %s  %s  %s  %s%n",
                        a.at("/vigil/alert/starts_at").asText(),
                        a.at("/rule/name").asText(),
                        a.at("/service/name").asText(),
                        a.path("message").asText());
            }
        }
        try {
            Map<String, JsonNode> latest = latest(stack, "vigil-slo-*", "/vigil/slo/name");
            out.println("SLOs (latest status; `vigil slo status` reads the same)");
            for (JsonNode d : latest.values()) {
                JsonNode slo = d.at("/vigil/slo");
                out.printf(
                        "  %-24s %-10s objective %s%%  budget left %s  burn 1h %s  alerting %s%n",
                        slo.path("name").asText(),
                        d.at("/service/name").asText(),
                        String.format(
                                java.util.Locale.ROOT,
                                "%.1f",
                                100 * slo.path("objective").asDouble()),
                        slo.has("budget_remaining")
                                ? String.format(
                                        java.util.Locale.ROOT,
                                        "%.0f%%",
                                        100 * slo.path("budget_remaining").asDouble())
                                : "-",
                        slo.at("/burn_rate/1h").isNumber()
                                ? String.format(
                                        java.util.Locale.ROOT,
                                        "%.1f×",
                                        slo.at("/burn_rate/1h").asDouble())
                                : "-",
                        slo.path("alerting").asText());
            }
            Map<String, JsonNode> health = latest(stack, "vigil-health-*", "/service/name");
            out.println("health (latest score per service, vigil-health-*)");
            for (JsonNode d : health.values()) {
                out.printf(
                        "  %-12s %3d %-10s %s%n",
                        d.at("/service/name").asText(),
                        d.at("/vigil/health/score").asInt(),
                        d.at("/vigil/health/status").asText(),
                        d.at("/vigil/health/factors/0/reason").asText(""));
            }
        } catch (IOException | RuntimeException e) {
            out.println("SLOs and health              (not readable: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configuration the demo runs with, written to {@code --work-dir}. */
    private Path configFile() {
        return workDir.resolve("vigil.yaml");
    }

    private static boolean isForecast(JsonNode alert) {
        return "forecast".equals(alert.at("/vigil/alert/source").asText());
    }

    /**
     * A note for something on {@code service} at {@code t} (on {@code metric}, unless null) that no
     * fault's window holds but that came while a scripted fault on it was building up (after its
     * {@link Incident#onset}, before its start; on the metric that fills up), e.g. {@code "
     * (database's disk_filling building since 10:07:12Z, before its fault window)"}; else empty.
     */
    private static String building(
            TelemetryGenerator generator, String service, String metric, Instant t) {
        for (Incident i : generator.incidents()) {
            if (i.service().equals(service)
                    && i.onset().isBefore(i.start())
                    && (metric == null
                            || ResourceExhaustion.of(i)
                                    .map(fill -> fill.metric().equals(metric))
                                    .orElse(false))
                    && !t.isBefore(i.onset())
                    && t.isBefore(i.start())) {
                return "  ("
                        + service
                        + "'s "
                        + i.kind().wireName()
                        + " building since "
                        + i.onset()
                        + ", before its fault window)";
            }
        }
        return "";
    }

    /** How many rows of {@code vigil capacity-report} the summary shows. */
    private static final int REPORT_ROWS = 4;

    /**
     * Forecasts and capacity: for each scripted fault that fills a resource ({@link
     * ResourceExhaustion}), when the model crosses the limit and when the predictive alert ({@code
     * source: forecast}, {@code CapacityBreachPredicted}, on the fault's service and that metric)
     * fired, with the lead; the other predictive alerts; and the top of {@code vigil
     * capacity-report} (its own code) as it stood when the prediction fired and at the end of the
     * run.
     */
    private void forecasts(
            LocalStack stack,
            VigilConfig config,
            TelemetryGenerator generator,
            List<JsonNode> alerts) {
        List<JsonNode> predictive = alerts.stream().filter(DemoCommand::isForecast).toList();
        out.printf(
                "forecasts and capacity       %,d forecasts and %,d capacity outlooks in"
                        + " vigil-forecasts-*, %d predictive alerts (source forecast) in"
                        + " vigil-alerts-*%n",
                count(stack, "vigil-forecasts-*", "vigil.forecast.type:forecast"),
                count(stack, "vigil-forecasts-*", "vigil.forecast.type:capacity"),
                predictive.size());
        double limit = config.forecast().utilization();
        java.util.Set<JsonNode> matched = new java.util.HashSet<>();
        Instant predictedAt = null;
        for (Incident scripted : generator.incidents()) {
            ResourceExhaustion fill = ResourceExhaustion.of(scripted).orElse(null);
            if (fill == null || !ResourceExhaustion.LEVELS.contains(limit)) {
                continue;
            }
            Instant breach = fill.at(limit);
            Instant writesFail =
                    scripted.kind() == IncidentKind.DISK_FILLING
                            ? scripted.atProgress(TelemetryGenerator.DISK_WRITES_FAIL_FROM)
                            : null;
            out.printf(
                    "  %-12s %-22s %s from %s, crosses %s at %s (model)%s%n",
                    scripted.service(),
                    scripted.kind().wireName(),
                    fill.metric(),
                    scripted.onset(),
                    ForecastText.number(limit),
                    breach,
                    writesFail == null ? "" : ", writes fail from " + writesFail);
            JsonNode first = null;
            for (JsonNode a : predictive) {
                Instant start = Instant.parse(a.at("/vigil/alert/starts_at").asText());
                if (a.at("/service/name").asText().equals(scripted.service())
                        && a.at("/vigil/series/metric").asText().equals(fill.metric())
                        && !start.isBefore(scripted.onset().minusSeconds(30))
                        && !start.isAfter(scripted.end().plus(Duration.ofMinutes(5)))) {
                    matched.add(a);
                    if (first == null) {
                        first = a;
                    }
                }
            }
            if (first == null) {
                out.printf(
                        "      ✘ not predicted: no CapacityBreachPredicted on %s's %s%n",
                        scripted.service(), fill.metric());
                continue;
            }
            Instant fired = Instant.parse(first.at("/vigil/alert/starts_at").asText());
            if (fired.isAfter(breach)) {
                out.printf(
                        "      ✘ not predicted: the first CapacityBreachPredicted came %.1f min"
                                + " after it crossed %s (%s)%n",
                        minutes(breach, fired), ForecastText.number(limit), fired);
                continue;
            }
            predictedAt = predictedAt == null ? fired : predictedAt;
            out.printf(
                    "      ✔ %s  predicted %.1f min before it crossed %s%s  %s %s%n",
                    fired,
                    minutes(fired, breach),
                    ForecastText.number(limit),
                    writesFail == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    ", %.1f min before writes failed",
                                    minutes(fired, writesFail)),
                    first.at("/rule/name").asText(),
                    first.at("/vigil/alert/severity").asText());
            out.printf(
                    "        %s%n",
                    first.at("/event/reason").asText(first.path("message").asText()));
        }
        for (JsonNode a : predictive) {
            if (!matched.contains(a)) {
                out.printf(
                        "      ? %s  %s  %s%n",
                        a.at("/vigil/alert/starts_at").asText(),
                        a.at("/vigil/series/key").asText(),
                        a.path("message").asText());
            }
        }
        try {
            if (predictedAt != null) {
                // Outlooks are written every forecast.every; the first after the prediction.
                Instant at = predictedAt.plus(config.forecast().every());
                out.printf(
                        "capacity report %s after the prediction (./vigil capacity-report --config"
                                + " %s --at %s), worst first:%n",
                        ForecastText.duration(config.forecast().every().toMillis()),
                        configFile(),
                        at);
                printReport(CapacityReportCommand.report(config, at));
            }
            out.printf(
                    "capacity report at the end of the run (./vigil capacity-report --config %s),"
                            + " worst first:%n",
                    configFile());
            printReport(CapacityReportCommand.report(config, null));
        } catch (IOException | RuntimeException e) {
            out.println("  (capacity report not readable: " + e.getMessage() + ")");
        }
    }

    /** The header and the first {@link #REPORT_ROWS} rows of a capacity report, indented. */
    private void printReport(String report) {
        List<String> lines = report.lines().toList();
        lines.stream().limit(REPORT_ROWS + 1L).forEach(line -> out.println("  " + line));
        if (lines.size() > REPORT_ROWS + 1) {
            out.printf("  … %d more series%n", lines.size() - REPORT_ROWS - 1);
        }
    }

    private static double minutes(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 60_000.0;
    }

    /** The newest document per value of {@code key} (a JSON pointer into the source). */
    private Map<String, JsonNode> latest(LocalStack stack, String pattern, String key)
            throws IOException, InterruptedException {
        String base = stack.elasticsearchUrl() + "/" + pattern;
        send("POST", base + "/_refresh?allow_no_indices=true");
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode h :
                send("GET", base + "/_search?size=1000&allow_no_indices=true&sort=@timestamp:desc")
                        .at("/hits/hits")) {
            out.putIfAbsent(h.at("/_source" + key).asText(), h.get("_source"));
        }
        return out;
    }

    /** The anomaly alerts, oldest first; empty if Elasticsearch does not answer. */
    private List<IncidentMatcher.Alert> anomalies(LocalStack stack) {
        try {
            List<IncidentMatcher.Alert> found = new ArrayList<>();
            hits(stack, "vigil-anomalies-*", "vigil.alert.starts_at")
                    .forEach(h -> found.add(IncidentMatcher.Alert.fromDocument(h.get("_source"))));
            return found;
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * The incidents the incidents job opened, scored against the scripted faults by the incident
     * datasets' rules ({@link IncidentScoring}), and what Alertmanager delivered to on-call, each
     * with its receiver ({@code page}, {@code ticket} or {@code on-call}, by severity).
     */
    private void incidents(LocalStack stack, TelemetryGenerator generator) {
        List<IncidentScoring.Opened> opened = new ArrayList<>();
        try {
            for (JsonNode hit : hits(stack, "vigil-incidents", "@timestamp")) {
                JsonNode incident = hit.at("/_source/vigil/incident");
                List<String> causes = new ArrayList<>();
                incident.path("root_causes").forEach(r -> causes.add(r.path("service").asText()));
                opened.add(
                        new IncidentScoring.Opened(
                                incident.path("id").asText(),
                                Instant.parse(incident.path("opened_at").asText()),
                                causes,
                                incident.at("/root_causes/0/why").asText()));
            }
        } catch (IOException | RuntimeException e) {
            out.println("incidents                    (not readable: " + e.getMessage() + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<IncidentScoring.Fault> faults = new ArrayList<>();
        generator
                .incidents()
                .forEach(
                        i ->
                                faults.add(
                                        new IncidentScoring.Fault(
                                                i.service(), i.start(), i.end())));
        IncidentScoring.Report report = IncidentScoring.score(faults, opened);
        out.printf(
                "incidents                    %d in vigil-incidents: %d of %d scripted faults"
                        + " detected, root cause first for %d, in the first three for %d; %d"
                        + " opened outside any fault%n",
                opened.size(),
                report.detected(),
                faults.size(),
                report.within(1),
                report.within(3),
                report.falseIncidents().size());
        for (IncidentScoring.Outcome o : report.outcomes()) {
            out.printf(
                    "  %-12s %s → %s%n", o.fault().service(), o.fault().start(), o.fault().end());
            if (o.incident().isEmpty()) {
                out.println("      ✘ no incident");
                continue;
            }
            IncidentScoring.Opened i = o.incident().get();
            out.printf(
                    "      %s %s opened %+.0f s, root causes %s%n        %s%n",
                    o.rank() == 1 ? "✔" : "~",
                    i.id(),
                    o.timeToDetect().orElseThrow().toMillis() / 1000.0,
                    i.rootCauses(),
                    i.why());
        }
        for (IncidentScoring.Opened i : report.falseIncidents()) {
            String why = "";
            for (String service : i.rootCauses()) {
                why = building(generator, service, null, i.openedAt());
                if (!why.isEmpty()) {
                    break;
                }
            }
            out.printf(
                    "      ? %s opened %s, root causes %s%s%n",
                    i.id(), i.openedAt(), i.rootCauses(), why);
        }
        stack.webhook()
                .ifPresent(
                        webhook -> {
                            List<WebhookReceiver.Delivery> deliveries = webhook.deliveries();
                            Map<String, Long> byReceiver =
                                    deliveries.stream()
                                            .collect(
                                                    Collectors.groupingBy(
                                                            WebhookReceiver.Delivery::receiver,
                                                            Collectors.counting()));
                            out.printf(
                                    "Alertmanager → on-call       %d notifications: %d to page"
                                            + " (critical), %d to ticket (warning), %d to on-call"
                                            + " (the rest)%n",
                                    deliveries.size(),
                                    byReceiver.getOrDefault("page", 0L),
                                    byReceiver.getOrDefault("ticket", 0L),
                                    byReceiver.getOrDefault("on-call", 0L));
                            for (WebhookReceiver.Delivery d : deliveries) {
                                JsonNode labels = d.alert().path("labels");
                                out.printf(
                                        "  %s %-8s %-8s %s severity=%s service=%s %s%n",
                                        d.receivedAt().truncatedTo(ChronoUnit.SECONDS),
                                        d.receiver(),
                                        d.status(),
                                        labels.path("alertname").asText(),
                                        labels.path("severity").asText(),
                                        labels.path("service").asText(),
                                        labels.path("incident_id").asText());
                                out.printf(
                                        "      %s%n",
                                        d.alert().at("/annotations/summary").asText());
                            }
                        });
    }

    /**
     * {@code _count} of an index pattern after a refresh; -1 when Elasticsearch does not answer.
     */
    private long count(LocalStack stack, String pattern) {
        return count(stack, pattern, null);
    }

    /**
     * {@code _count} of the documents of an index pattern matching a query-string query (null: all)
     * after a refresh; -1 when Elasticsearch does not answer.
     */
    private long count(LocalStack stack, String pattern, String query) {
        try {
            String base = stack.elasticsearchUrl() + "/" + pattern;
            send("POST", base + "/_refresh?allow_no_indices=true");
            JsonNode body =
                    send(
                            "GET",
                            base
                                    + "/_count?allow_no_indices=true"
                                    + (query == null
                                            ? ""
                                            : "&q="
                                                    + java.net.URLEncoder.encode(
                                                            query,
                                                            java.nio.charset.StandardCharsets
                                                                    .UTF_8)));
            return body.path("count").asLong(0);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode send(String method, String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
