package io.vigil.local;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the telemetry of a small shop — services {@code frontend}, {@code checkout}, {@code
 * payment}, {@code shipping} (consuming the {@code orders} queue), {@code database} (PostgreSQL)
 * and {@code cache} (Redis) — through the OpenTelemetry SDK and its OTLP/HTTP exporters, with
 * scripted incidents whose ground truth is published alongside.
 *
 * <p><b>What is emitted.</b> Per request (Poisson arrivals at {@link Options#requestsPerSecond()}),
 * the trace described in {@link CheckoutFlow}: 9 spans on success, with one log record per service
 * involved; errors carry status ERROR, an {@code exception} event and an error log with {@code
 * exception.*} attributes, all in the span's context. Per service, at every {@link
 * Options#metricInterval()} of simulated time: {@code system.cpu.utilization}, {@code
 * system.memory.usage}, {@code system.memory.limit}, {@code system.memory.utilization}, {@code
 * system.filesystem.utilization}, for HTTP services {@code http.server.request.duration}
 * (histogram, seconds) and {@code http.server.requests}, for {@code shipping} {@code
 * messaging.queue.depth}. Each service has its own SDK providers and {@code Resource} ({@code
 * service.name}, {@code service.version}, {@code service.instance.id}, {@code host.name}, {@code
 * deployment.environment=demo}).
 *
 * <p><b>Time.</b> All timestamps come from a simulated clock the generator moves. {@link
 * Pacing#PACED} keeps simulated time equal to wall time (the demo); {@link Pacing#FAST} runs from
 * {@link Options#start()} as fast as the receiver takes the data (tests: five simulated minutes
 * take seconds), flushing at every metric boundary, which also bounds the SDK queues.
 *
 * <p><b>Repeatable.</b> One seed drives arrivals, latencies, failures, host models, instance ids
 * and trace/span ids (these also depend on the start): the same {@link Options} with a fixed {@code
 * start} give the same telemetry, item for item.
 *
 * <p><b>Ground truth.</b> At start, one JSON record per incident ({@link Incident#toRecord()}) is
 * written to {@link Options#groundTruthFile()} (JSON lines) and to the Kafka topic {@link
 * Options#groundTruthTopic()} (key = service), if configured.
 *
 * <pre>{@code
 * try (TelemetryGenerator generator = TelemetryGenerator.start(
 *         TelemetryGenerator.Options.builder()
 *                 .otlpEndpoint(receiver.url())
 *                 .pacing(TelemetryGenerator.Pacing.FAST)
 *                 .start(Instant.parse("2025-01-01T00:00:00Z"))
 *                 .duration(Duration.ofMinutes(5))
 *                 .kafkaBootstrap(kafka.bootstrapServers())
 *                 .build())) {
 *     generator.awaitCompletion(Duration.ofMinutes(1));
 * }
 * }</pre>
 */
public final class TelemetryGenerator implements AutoCloseable {

    /** The simulated services, in the order their providers are created. */
    public static final List<String> SERVICES =
            List.of("frontend", "checkout", "payment", "shipping", "database", "cache");

    /**
     * How far into [start, end] of {@link IncidentKind#DISK_FILLING} ({@link Incident#progressAt})
     * 30 % of payment's writes start failing: the last 20 % of the fault, whatever its {@link
     * Incident#onset onset}. {@link Incident#atProgress} gives the instant.
     */
    public static final double DISK_WRITES_FAIL_FROM = 0.8;

    /**
     * One instance of a service the run created: the initial ones at its start, and one per deploy
     * or rollback.
     *
     * @param since simulated instant the instance took over
     */
    public record Instance(
            String service, String version, String instanceId, String hostName, Instant since) {}

    /** How simulated time relates to wall time. */
    public enum Pacing {
        /** Simulated time is wall time: events wait for their instant. For the demo. */
        PACED,
        /** Simulated time runs as fast as the exporters go, from {@link Options#start()}. */
        FAST
    }

    /**
     * Settings of a run; {@link #builder()} gives the defaults.
     *
     * @param seed seeds every random choice (default 42)
     * @param start first instant of simulated time; null means now (truncated to milliseconds) when
     *     the generator starts, so give one for repeatable runs
     * @param duration simulated time to generate (default 15 minutes)
     * @param requestsPerSecond mean request rate, Poisson arrivals (default 5)
     * @param pacing {@link Pacing#PACED} (default) or {@link Pacing#FAST}
     * @param speed in {@link Pacing#PACED} mode, how many times faster than wall time simulated
     *     time runs (default 1). At 1 simulated time is wall time; above 1 it runs {@code speed}
     *     times as fast from the moment the run starts, so a start that far in the past keeps every
     *     event at or before wall time
     * @param incidents the incidents to inject; null means {@link IncidentScript#standard} for this
     *     start and duration, empty means none
     * @param groundTruthFile JSON-lines file for the ground truth, or null for none
     * @param kafkaBootstrap Kafka for the ground truth topic, or null for none
     * @param groundTruthTopic topic of the ground truth (default {@code vigil.groundtruth})
     * @param otlpEndpoint OTLP/HTTP base URL (default {@code http://127.0.0.1:4318}); used when
     *     {@code exporters} is null
     * @param exporters where to send instead of OTLP/HTTP (tests), or null
     * @param metricInterval simulated time between metric collections (default 10 s)
     * @param gzip whether the OTLP exporters compress (default true)
     */
    public record Options(
            long seed,
            Instant start,
            Duration duration,
            double requestsPerSecond,
            Pacing pacing,
            double speed,
            List<Incident> incidents,
            Path groundTruthFile,
            String kafkaBootstrap,
            String groundTruthTopic,
            String otlpEndpoint,
            TelemetryExporters exporters,
            Duration metricInterval,
            boolean gzip) {

        /** Highest accepted request rate; the demo uses a few per second. */
        public static final double MAX_REQUESTS_PER_SECOND = 10_000;

        /** Highest accepted {@link #speed}; faster runs use {@link Pacing#FAST}. */
        public static final double MAX_SPEED = 1_000;

        public Options {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(pacing, "pacing");
            Objects.requireNonNull(groundTruthTopic, "groundTruthTopic");
            Objects.requireNonNull(metricInterval, "metricInterval");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("duration must be positive, was " + duration);
            }
            if (!(requestsPerSecond > 0 && requestsPerSecond <= MAX_REQUESTS_PER_SECOND)) {
                throw new IllegalArgumentException(
                        "requestsPerSecond must be in (0, "
                                + MAX_REQUESTS_PER_SECOND
                                + "], was "
                                + requestsPerSecond);
            }
            if (!(speed >= 1 && speed <= MAX_SPEED)) {
                throw new IllegalArgumentException(
                        "speed must be in [1, " + MAX_SPEED + "], was " + speed);
            }
            if (metricInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(
                        "metricInterval must be at least 1 s, was " + metricInterval);
            }
            if (otlpEndpoint == null && exporters == null) {
                throw new IllegalArgumentException("set otlpEndpoint or exporters");
            }
            incidents = incidents == null ? null : List.copyOf(incidents);
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builder with the defaults documented on {@link Options}. */
        public static final class Builder {
            private long seed = 42;
            private Instant start;
            private Duration duration = Duration.ofMinutes(15);
            private double requestsPerSecond = 5;
            private Pacing pacing = Pacing.PACED;
            private double speed = 1;
            private List<Incident> incidents;
            private Path groundTruthFile;
            private String kafkaBootstrap;
            private String groundTruthTopic = GroundTruth.DEFAULT_TOPIC;
            private String otlpEndpoint = "http://127.0.0.1:4318";
            private TelemetryExporters exporters;
            private Duration metricInterval = Duration.ofSeconds(10);
            private boolean gzip = true;

            private Builder() {}

            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            public Builder start(Instant start) {
                this.start = start;
                return this;
            }

            public Builder duration(Duration duration) {
                this.duration = duration;
                return this;
            }

            public Builder requestsPerSecond(double requestsPerSecond) {
                this.requestsPerSecond = requestsPerSecond;
                return this;
            }

            public Builder pacing(Pacing pacing) {
                this.pacing = pacing;
                return this;
            }

            public Builder speed(double speed) {
                this.speed = speed;
                return this;
            }

            public Builder incidents(List<Incident> incidents) {
                this.incidents = incidents;
                return this;
            }

            public Builder groundTruthFile(Path groundTruthFile) {
                this.groundTruthFile = groundTruthFile;
                return this;
            }

            public Builder kafkaBootstrap(String kafkaBootstrap) {
                this.kafkaBootstrap = kafkaBootstrap;
                return this;
            }

            public Builder groundTruthTopic(String groundTruthTopic) {
                this.groundTruthTopic = groundTruthTopic;
                return this;
            }

            public Builder otlpEndpoint(String otlpEndpoint) {
                this.otlpEndpoint = otlpEndpoint;
                return this;
            }

            public Builder exporters(TelemetryExporters exporters) {
                this.exporters = exporters;
                return this;
            }

            public Builder metricInterval(Duration metricInterval) {
                this.metricInterval = metricInterval;
                return this;
            }

            public Builder gzip(boolean gzip) {
                this.gzip = gzip;
                return this;
            }

            public Options build() {
                return new Options(
                        seed,
                        start,
                        duration,
                        requestsPerSecond,
                        pacing,
                        speed,
                        incidents,
                        groundTruthFile,
                        kafkaBootstrap,
                        groundTruthTopic,
                        otlpEndpoint,
                        exporters,
                        metricInterval,
                        gzip);
            }
        }
    }

    /**
     * Host of each service: CPU base and cost per request/s, memory base and limit, filesystem
     * base, data device and mount point, consumed topic. Sized like small cloud instances, memory
     * about half used (utilization 0.42–0.50); the database has its data on its own volume, the one
     * that fills up in {@link IncidentKind#DISK_FILLING}.
     */
    static final List<HostState.Profile> PROFILES =
            List.of(
                    new HostState.Profile(
                            "frontend",
                            0.12,
                            0.020,
                            512L << 20,
                            1024L << 20,
                            0.31,
                            "nvme0n1p1",
                            "/",
                            null),
                    new HostState.Profile(
                            "checkout",
                            0.18,
                            0.030,
                            768L << 20,
                            1536L << 20,
                            0.36,
                            "nvme0n1p1",
                            "/",
                            null),
                    new HostState.Profile(
                            "payment",
                            0.15,
                            0.025,
                            640L << 20,
                            1536L << 20,
                            0.42,
                            "nvme0n1p1",
                            "/",
                            null),
                    new HostState.Profile(
                            "shipping",
                            0.08,
                            0.010,
                            384L << 20,
                            768L << 20,
                            0.28,
                            "nvme0n1p1",
                            "/",
                            "orders"),
                    new HostState.Profile(
                            "database",
                            0.22,
                            0.030,
                            4096L << 20,
                            8192L << 20,
                            0.55,
                            "nvme1n1",
                            "/var/lib/postgresql",
                            null),
                    new HostState.Profile(
                            "cache",
                            0.05,
                            0.005,
                            1024L << 20,
                            2048L << 20,
                            0.22,
                            "nvme0n1p1",
                            "/",
                            null));

    /** The host profile of {@code service}. */
    static HostState.Profile profile(String service) {
        for (HostState.Profile profile : PROFILES) {
            if (profile.service().equals(service)) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown service '" + service + "'");
    }

    /** Version of each service at the start of a run. */
    static final Map<String, String> INITIAL_VERSIONS =
            Map.of(
                    "frontend", "3.12.1",
                    "checkout", "2.4.0",
                    "payment", "1.9.3",
                    "shipping", "1.3.0",
                    "database", "15.6",
                    "cache", "7.2.4");

    /** Filesystem utilization above which the database warns at each metric boundary. */
    static final double DISK_WARNING_LEVEL = 0.9;

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryGenerator.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);
    private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

    private final Options options;
    private final Instant start;
    private final Instant end;
    private final List<Incident> incidents;
    private final SimulatedClock clock;
    private final SeededIdGenerator ids;
    private final TelemetryExporters exporters;
    private final CountingExporters counting = new CountingExporters();
    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    private final Map<String, ServiceSdk> services = new ConcurrentHashMap<>();
    private final Map<String, long[]> requestCounts = new LinkedHashMap<>();
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    private final SplittableRandom trafficRandom;
    private final SplittableRandom hostRandom;
    private final SplittableRandom instanceRandom;
    private final CheckoutFlow flow;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong metricBoundaries = new AtomicLong();
    private final CloseOnce closeOnce;
    private final Thread thread;

    /** Wall time at which the run began, epoch nanoseconds: where a sped-up clock starts. */
    private long pacedFromWallNanos;

    private volatile Throwable failure;
    private volatile boolean stopRequested;

    /** Set by the generator thread once the last boundary of the run was exported. */
    private volatile boolean completed;

    private int deployments;

    private TelemetryGenerator(Options options, Instant start, List<Incident> incidents) {
        this.options = options;
        this.start = start;
        this.end = start.plus(options.duration());
        this.incidents = incidents;
        this.clock = new SimulatedClock(start);
        SplittableRandom master = new SplittableRandom(options.seed());
        this.trafficRandom = master.split();
        this.hostRandom = master.split();
        this.instanceRandom = master.split();
        // Ids also depend on the start: two runs of one seed at different times (the demo's
        // history and its live part) share hosts and instances but never a trace or span id.
        this.ids =
                new SeededIdGenerator(
                        master.nextLong() ^ start.toEpochMilli() * 0x9E3779B97F4A7C15L);
        this.exporters =
                options.exporters() != null
                        ? options.exporters()
                        : TelemetryExporters.otlpHttp(options.otlpEndpoint(), options.gzip());
        for (HostState.Profile profile : PROFILES) {
            String hostName =
                    profile.service()
                            + "-"
                            + String.format(Locale.ROOT, "%05x", instanceRandom.nextInt(1 << 20));
            hosts.put(profile.service(), new HostState(profile, hostName));
            requestCounts.put(profile.service(), new long[1]);
        }
        for (String service : SERVICES) {
            services.put(service, newInstance(service, INITIAL_VERSIONS.get(service), start));
        }
        this.flow =
                new CheckoutFlow(
                        services::get,
                        new ActiveIncidents(incidents),
                        trafficRandom,
                        requestCounts);
        this.thread = new Thread(this::run, "vigil-telemetry-generator");
        this.closeOnce =
                new CloseOnce(ShutdownSequence.Stage.GENERATORS, "telemetry generator", this);
    }

    /**
     * Publishes the ground truth, creates the services' SDKs and starts generating on a background
     * thread.
     *
     * @throws IOException if the ground-truth file cannot be written
     * @throws IllegalArgumentException if an incident lies outside the run or names an unknown
     *     service
     */
    public static TelemetryGenerator start(Options options) throws IOException {
        Instant start =
                options.start() != null
                        ? options.start()
                        : Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Incident> incidents =
                options.incidents() != null
                        ? options.incidents()
                        : IncidentScript.standard(start, options.duration());
        IncidentScript.validate(incidents, start, options.duration());
        if (options.groundTruthFile() != null) {
            GroundTruth.writeFile(options.groundTruthFile(), incidents);
        }
        if (options.kafkaBootstrap() != null) {
            GroundTruth.publish(options.kafkaBootstrap(), options.groundTruthTopic(), incidents);
        }
        TelemetryGenerator generator = new TelemetryGenerator(options, start, incidents);
        generator.thread.start();
        LOG.info(
                "Generating {} of telemetry ({}, {} requests/s, seed {}) from {} with {} incidents",
                options.duration(),
                options.pacing().name().toLowerCase(Locale.ROOT),
                options.requestsPerSecond(),
                options.seed(),
                start,
                incidents.size());
        return generator;
    }

    public Options options() {
        return options;
    }

    /** The injected incidents (also the published ground truth), in script order. */
    public List<Incident> incidents() {
        return incidents;
    }

    /** Every service instance created so far, in creation order (the initial six first). */
    public List<Instance> instances() {
        return List.copyOf(instances);
    }

    /** First instant of simulated time. */
    public Instant simulatedStart() {
        return start;
    }

    /** Last instant of simulated time ({@code start + duration}). */
    public Instant simulatedEnd() {
        return end;
    }

    /** The simulated clock's current reading. */
    public Instant simulatedNow() {
        return clock.instant();
    }

    /** Requests simulated so far. */
    public long requestsSimulated() {
        return requests.get();
    }

    /** Spans the exporters delivered (acknowledged by the receiver). */
    public long spansEmitted() {
        return counting.spans.sum();
    }

    /** Log records the exporters delivered. */
    public long logsEmitted() {
        return counting.logs.sum();
    }

    /** Metric data points the exporters delivered. */
    public long metricPointsEmitted() {
        return counting.metricPoints.sum();
    }

    /** Items (spans, log records, data points) in exports that failed after retries. */
    public long itemsFailed() {
        return counting.failed.sum();
    }

    /** Metric boundaries passed (each one collected and exported every service's metrics). */
    public long metricBoundaries() {
        return metricBoundaries.get();
    }

    /** Whether the run is over (completed, stopped or failed). */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /**
     * Waits until the whole duration is generated and delivered.
     *
     * @return false if {@code timeout} passed first
     * @throws IllegalStateException if generating failed (the cause attached)
     */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        boolean finished = done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("telemetry generation failed", f);
        }
        return finished;
    }

    /**
     * Stops generating (if still running), flushes every service's telemetry and shuts the SDKs
     * down. Idempotent.
     */
    @Override
    public void close() {
        if (!closeOnce.first()) {
            return;
        }
        stopRequested = true;
        stop.countDown();
        boolean interrupted = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (!completed) {
            // Stopped early: export what was measured since the last boundary.
            List<CompletableResultCode> flushes = new ArrayList<>();
            for (ServiceSdk sdk : services.values()) {
                flushes.add(sdk.flush());
            }
            CompletableResultCode.ofAll(flushes)
                    .join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (ServiceSdk sdk : services.values()) {
            sdk.close();
        }
        LOG.info(
                "Telemetry generator stopped: {} requests, {} spans, {} logs, {} metric points"
                        + " delivered, {} items failed",
                requestsSimulated(),
                spansEmitted(),
                logsEmitted(),
                metricPointsEmitted(),
                itemsFailed());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ----------------------------------------------------------------------------------------

    private record Transition(long at, String service, String version, boolean rollback) {}

    private void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            LOG.error("Telemetry generation failed", t);
        } finally {
            done.countDown();
        }
    }

    private void loop() throws InterruptedException {
        long startNanos = SimulatedClock.toNanos(start);
        long endNanos = SimulatedClock.toNanos(end);
        pacedFromWallNanos = SimulatedClock.toNanos(Instant.now());
        long interval = options.metricInterval().toNanos();
        List<Transition> transitions = deployTransitions();
        int nextTransitionIndex = 0;
        long nextTick = startNanos + interval;
        long lastTick = startNanos;
        long nextArrival = startNanos + gap();
        while (!stopRequested) {
            long nextTransition =
                    nextTransitionIndex < transitions.size()
                            ? transitions.get(nextTransitionIndex).at()
                            : Long.MAX_VALUE;
            long next = Math.min(nextTransition, Math.min(nextTick, nextArrival));
            if (next > endNanos) {
                break;
            }
            if (!waitUntil(next)) {
                return;
            }
            clock.advanceTo(next);
            if (next == nextTransition) {
                deploy(transitions.get(nextTransitionIndex++));
            } else if (next == nextTick) {
                boundary(next, lastTick);
                lastTick = next;
                nextTick += interval;
            } else {
                flow.simulate(next);
                requests.incrementAndGet();
                nextArrival += gap();
            }
        }
        if (stopRequested) {
            return;
        }
        if (lastTick < endNanos) {
            if (!waitUntil(endNanos)) {
                return;
            }
            clock.advanceTo(endNanos);
            boundary(endNanos, lastTick);
        }
        completed = true;
    }

    /** Inter-arrival time of the Poisson process, nanoseconds (at least 1). */
    private long gap() {
        double seconds = -Math.log(1.0 - trafficRandom.nextDouble()) / options.requestsPerSecond();
        return Math.max(1, (long) (seconds * 1e9));
    }

    /**
     * In paced mode, waits until wall time reaches the simulated instant {@code epochNanos} (at
     * speed 1), or its place on a clock {@code speed} times as fast started with the run; false
     * when stopped.
     */
    private boolean waitUntil(long epochNanos) throws InterruptedException {
        if (options.pacing() == Pacing.FAST) {
            return !stopRequested;
        }
        long wallTarget =
                options.speed() == 1
                        ? epochNanos
                        : pacedFromWallNanos
                                + (long)
                                        ((epochNanos - SimulatedClock.toNanos(start))
                                                / options.speed());
        while (true) {
            long remaining = wallTarget - SimulatedClock.toNanos(Instant.now());
            if (remaining <= 0) {
                return !stopRequested;
            }
            if (stop.await(remaining, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
    }

    /** A metric boundary: update the host models, collect and export everything. */
    private void boundary(long now, long previous) {
        Instant t = SimulatedClock.toInstant(now);
        ActiveIncidents active = new ActiveIncidents(incidents);
        double seconds = Math.max(1e-9, (now - previous) / 1e9);
        for (HostState host : hosts.values()) {
            long[] count = requestCounts.get(host.hostService);
            host.update(t, count[0] / seconds, active, hostRandom);
            count[0] = 0;
        }
        HostState database = hosts.get("database");
        if (database.filesystemUtilization >= DISK_WARNING_LEVEL) {
            services.get("database")
                    .logger
                    .logRecordBuilder()
                    .setTimestamp(now, TimeUnit.NANOSECONDS)
                    .setObservedTimestamp(now, TimeUnit.NANOSECONDS)
                    .setContext(Context.root())
                    .setSeverity(Severity.WARN)
                    .setSeverityText("WARN")
                    .setBody(
                            String.format(
                                    Locale.ROOT,
                                    "disk usage of %s at %.0f%%",
                                    database.mountpoint,
                                    database.filesystemUtilization * 100))
                    .setAllAttributes(
                            Attributes.of(
                                    AttributeKey.stringKey("system.filesystem.mountpoint"),
                                    database.mountpoint))
                    .emit();
        }
        List<CompletableResultCode> flushes = new ArrayList<>();
        for (String service : SERVICES) {
            flushes.add(services.get(service).flush());
        }
        CompletableResultCode.ofAll(flushes).join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        exporters.exportedUpTo(t);
        metricBoundaries.incrementAndGet();
    }

    private List<Transition> deployTransitions() {
        List<Transition> transitions = new ArrayList<>();
        for (Incident incident : incidents) {
            if (incident.kind() == IncidentKind.DEPLOY_ERRORS) {
                String stable = INITIAL_VERSIONS.get(incident.service());
                transitions.add(
                        new Transition(
                                SimulatedClock.toNanos(incident.start()),
                                incident.service(),
                                nextMinor(stable),
                                false));
                transitions.add(
                        new Transition(
                                SimulatedClock.toNanos(incident.end()),
                                incident.service(),
                                stable,
                                true));
            }
        }
        transitions.sort(Comparator.comparingLong(Transition::at));
        return transitions;
    }

    /** Replaces a service instance by one of another version, as a rolling deploy would. */
    private void deploy(Transition transition) {
        ServiceSdk previous = services.get(transition.service());
        ServiceSdk next =
                newInstance(
                        transition.service(),
                        transition.version(),
                        SimulatedClock.toInstant(transition.at()));
        services.put(transition.service(), next);
        deployments++;
        String what = transition.rollback() ? "Rollback" : "Deployment";
        next.logger
                .logRecordBuilder()
                .setTimestamp(transition.at(), TimeUnit.NANOSECONDS)
                .setObservedTimestamp(transition.at(), TimeUnit.NANOSECONDS)
                .setContext(Context.root())
                .setSeverity(Severity.INFO)
                .setSeverityText("INFO")
                .setBody(
                        what
                                + " finished: "
                                + transition.service()
                                + " "
                                + transition.version()
                                + " replaces "
                                + previous.version)
                .setAllAttributes(
                        Attributes.builder()
                                .put(EVENT_NAME, transition.rollback() ? "rollback" : "deployment")
                                .put("deployment.id", "deploy-" + deployments)
                                .put("vcs.previous_version", previous.version)
                                .build())
                .emit();
        // A stopping instance exports what it measured since the last boundary, then exits.
        previous.flush().join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        previous.close();
    }

    private ServiceSdk newInstance(String service, String version, Instant since) {
        long msb = (instanceRandom.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (instanceRandom.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        String instanceId = new UUID(msb, lsb).toString();
        HostState host = hosts.get(service);
        instances.add(new Instance(service, version, instanceId, host.hostName, since));
        return new ServiceSdk(service, version, instanceId, host, clock, ids, exporters, counting);
    }

    /** {@code 2.4.0} → {@code 2.5.0}; versions without a minor part get {@code .1} appended. */
    static String nextMinor(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2) {
            return version + ".1";
        }
        parts[1] = String.valueOf(Integer.parseInt(parts[1]) + 1);
        for (int i = 2; i < parts.length; i++) {
            parts[i] = "0";
        }
        return String.join(".", parts);
    }
}
