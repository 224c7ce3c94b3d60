package io.vigil.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.model.Fields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes one incident dataset of a scenario, in the format of {@code
 * shared/contracts/incident-datasets/README.md}: {@code metrics.jsonl.gz}, {@code traces.jsonl.gz},
 * {@code logs.jsonl.gz} ({@link OtlpJsonFiles}; plain {@code .jsonl} on request), {@code
 * faults.jsonl} and {@code DATASET.md}.
 *
 * <p>The telemetry is the {@link TelemetryGenerator}'s, run as fast as it goes ({@link
 * TelemetryGenerator.Pacing#FAST}) with the scenario's faults as its incidents. Every file depends
 * only on the settings: the same scenario, seed, start, duration and rate give the same bytes.
 *
 * <pre>{@code
 * ScenarioDataset.Summary summary =
 *         ScenarioDataset.write(
 *                 ScenarioDataset.Settings.defaults(IncidentScenarios.named("cascade")),
 *                 Path.of("datasets/cascade"));
 * }</pre>
 */
public final class ScenarioDataset {

    /** Start of simulated time unless overridden: a Monday morning. */
    public static final Instant DEFAULT_START = Instant.parse("2025-03-03T08:00:00Z");

    /** Default seed. */
    public static final long DEFAULT_SEED = 42;

    /**
     * Default request rate, per second. Three requests a second (about 27 spans and 15 log records
     * a second) keep an hour of telemetry near 300 MB of JSON (under 20 MB gzipped) and still give
     * the latency percentiles of each minute some 180 samples.
     */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 3;

    /** Every file name a dataset may have; {@link #write} removes stale ones first. */
    static final List<String> FILES =
            List.of(
                    "metrics.jsonl",
                    "metrics.jsonl.gz",
                    "traces.jsonl",
                    "traces.jsonl.gz",
                    "logs.jsonl",
                    "logs.jsonl.gz",
                    "faults.jsonl",
                    "DATASET.md");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Longest wait for one run; an hour of telemetry takes well under a minute. */
    private static final Duration RUN_TIMEOUT = Duration.ofHours(2);

    private ScenarioDataset() {}

    /**
     * What to generate.
     *
     * @param duration simulated time; the scenario's timeline is scaled to it
     * @param gzip whether the telemetry files are {@code .jsonl.gz} (default) or {@code .jsonl}
     */
    public record Settings(
            IncidentScenario scenario,
            long seed,
            Instant start,
            Duration duration,
            double requestsPerSecond,
            boolean gzip) {
        public Settings {
            Fields.requireNonNull("scenario start duration", scenario, start, duration);
            if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.getNano() != 0) {
                throw new IllegalArgumentException(
                        "--duration must be whole seconds, at least 1 minute, was " + duration);
            }
            if (!(requestsPerSecond > 0
                    && requestsPerSecond <= TelemetryGenerator.Options.MAX_REQUESTS_PER_SECOND)) {
                throw new IllegalArgumentException(
                        "--rate must be in (0, "
                                + TelemetryGenerator.Options.MAX_REQUESTS_PER_SECOND
                                + "], was "
                                + requestsPerSecond);
            }
            if (start.getNano() % 1_000_000 != 0) {
                throw new IllegalArgumentException(
                        "--start must be whole milliseconds, was " + start);
            }
        }

        /** The scenario's default duration, seed, start and rate, gzip on. */
        public static Settings defaults(IncidentScenario scenario) {
            return new Settings(
                    scenario,
                    DEFAULT_SEED,
                    DEFAULT_START,
                    scenario.defaultDuration(),
                    DEFAULT_REQUESTS_PER_SECOND,
                    true);
        }
    }

    /** One telemetry file written: its name, lines and items (spans, log records, points). */
    public record FileSummary(String name, long lines, long items, long bytes) {}

    /**
     * What was written.
     *
     * @param requests simulated requests
     * @param faults the faults as placed in this run (also in {@code faults.jsonl})
     * @param instances every service instance of the run
     */
    public record Summary(
            Path dir,
            long requests,
            List<FileSummary> files,
            List<IncidentScenario.Placed> faults,
            List<TelemetryGenerator.Instance> instances) {}

    /**
     * Generates the dataset into {@code dir} (created if needed; dataset files already there are
     * replaced, other files left alone).
     *
     * @throws IOException if a file cannot be written
     * @throws IllegalStateException if the generator fails
     */
    public static Summary write(Settings settings, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        for (String name : FILES) {
            Files.deleteIfExists(dir.resolve(name));
        }
        IncidentScenario scenario = settings.scenario();
        List<IncidentScenario.Placed> faults =
                scenario.place(settings.start(), settings.duration());
        long requests;
        List<TelemetryGenerator.Instance> instances;
        List<OtlpJsonFiles.Written> written;
        try (OtlpJsonFiles files = OtlpJsonFiles.create(dir, settings.gzip())) {
            TelemetryGenerator.Options options =
                    TelemetryGenerator.Options.builder()
                            .seed(settings.seed())
                            .start(settings.start())
                            .duration(settings.duration())
                            .requestsPerSecond(settings.requestsPerSecond())
                            .pacing(TelemetryGenerator.Pacing.FAST)
                            .incidents(scenario.incidents(settings.start(), settings.duration()))
                            .exporters(files)
                            .build();
            try (TelemetryGenerator generator = TelemetryGenerator.start(options)) {
                if (!generator.awaitCompletion(RUN_TIMEOUT)) {
                    throw new IllegalStateException(
                            "generating " + scenario.name() + " took longer than " + RUN_TIMEOUT);
                }
                requests = generator.requestsSimulated();
                instances = generator.instances();
                if (generator.itemsFailed() > 0) {
                    throw new IllegalStateException(
                            generator.itemsFailed() + " items could not be written");
                }
            }
            files.close();
            written = files.written();
        }
        List<FileSummary> summaries =
                written.stream()
                        .map(
                                w -> {
                                    try {
                                        return new FileSummary(
                                                w.file().getFileName().toString(),
                                                w.lines(),
                                                w.items(),
                                                Files.size(w.file()));
                                    } catch (IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                })
                        .toList();
        Summary summary = new Summary(dir, requests, summaries, faults, instances);
        Files.writeString(dir.resolve("faults.jsonl"), faultLines(summary), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("DATASET.md"),
                DatasetReadme.render(settings, summary),
                StandardCharsets.UTF_8);
        return summary;
    }

    /**
     * One JSON line per fault: {@code id}, {@code start}, {@code end}, {@code rootCause} ({@code
     * service}, {@code instance}: the {@code service.instance.id} running when the fault starts)
     * and {@code kind}, in this order; a fault that fills a resource ({@link #exhaustion}) also has
     * {@code exhaustion}: {@code metric}, {@code full} and {@code crossings}, a list of {@code
     * level} and {@code at} (0.8, 0.9, then full), e.g. {@code "exhaustion": {"metric":
     * "system.memory.utilization", "full": 1.0, "crossings": [{"level": 0.8, "at":
     * "2025-03-03T10:10:00Z"}, …]}}.
     */
    static String faultLines(Summary summary) {
        StringBuilder lines = new StringBuilder();
        for (IncidentScenario.Placed placed : summary.faults()) {
            Map<String, Object> rootCause = new LinkedHashMap<>();
            rootCause.put("service", placed.fault().service());
            rootCause.put("instance", instanceAt(summary, placed).instanceId());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", placed.id());
            line.put("start", placed.start().toString());
            line.put("end", placed.end().toString());
            line.put("rootCause", rootCause);
            line.put("kind", placed.fault().label());
            exhaustion(placed)
                    .ifPresent(
                            e -> {
                                List<Map<String, Object>> crossings = new ArrayList<>();
                                for (ResourceExhaustion.Crossing c : e.crossings()) {
                                    Map<String, Object> crossing = new LinkedHashMap<>();
                                    crossing.put("level", c.level());
                                    crossing.put("at", c.at().toString());
                                    crossings.add(crossing);
                                }
                                Map<String, Object> exhaustion = new LinkedHashMap<>();
                                exhaustion.put("metric", e.metric());
                                exhaustion.put("full", e.full());
                                exhaustion.put("crossings", crossings);
                                line.put("exhaustion", exhaustion);
                            });
            try {
                lines.append(JSON.writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot happen: strings and maps", e);
            }
        }
        return lines.toString();
    }

    /**
     * When a fault with one window that fills a resource ({@link ResourceExhaustion#of}) crosses
     * 0.8, 0.9 and full; empty for other faults.
     */
    static Optional<ResourceExhaustion> exhaustion(IncidentScenario.Placed placed) {
        return placed.incidents().size() == 1
                ? ResourceExhaustion.of(placed.incidents().get(0))
                : Optional.empty();
    }

    /** The instance of the fault's service running at its start (a deploy's new one). */
    static TelemetryGenerator.Instance instanceAt(Summary summary, IncidentScenario.Placed placed) {
        TelemetryGenerator.Instance found = null;
        for (TelemetryGenerator.Instance instance : summary.instances()) {
            if (instance.service().equals(placed.fault().service())
                    && !instance.since().isAfter(placed.start())) {
                found = instance;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no instance of " + placed.fault().service());
        }
        return found;
    }

    static String minutes(Duration d) {
        long seconds = d.toSeconds();
        if (seconds % 60 == 0) {
            return (seconds / 60) + " min";
        }
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }
}
