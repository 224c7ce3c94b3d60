package io.vigil.bench.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.model.WireName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * One dataset in the format of {@code contracts/incident-datasets}: a folder with {@code
 * metrics.jsonl}, {@code traces.jsonl} and/or {@code logs.jsonl} (each possibly {@code .gz}) and,
 * optionally, the labelled faults in {@code faults.jsonl}.
 *
 * @param dir the folder
 * @param metrics, traces, logs the telemetry files present
 */
public record IncidentDataset(
        Path dir, Optional<Path> metrics, Optional<Path> traces, Optional<Path> logs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The three telemetry signals, as the contract names their files. */
    public enum Signal implements WireName {
        METRICS,
        TRACES,
        LOGS;

        /**
         * The file's base name, the {@link #wireName()}: {@code metrics} for {@code
         * metrics.jsonl[.gz]}.
         */
        public String file() {
            return wireName();
        }
    }

    /** The name runs are written under: the folder's name. */
    public String name() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }

    /** The telemetry file of a signal, if present. */
    public Optional<Path> file(Signal signal) {
        return switch (signal) {
            case METRICS -> metrics;
            case TRACES -> traces;
            case LOGS -> logs;
        };
    }

    /** The dataset in {@code dir}, if it holds at least one telemetry file. */
    public static Optional<IncidentDataset> at(Path dir) {
        Optional<Path> m = telemetry(dir, Signal.METRICS);
        Optional<Path> t = telemetry(dir, Signal.TRACES);
        Optional<Path> l = telemetry(dir, Signal.LOGS);
        if (m.isEmpty() && t.isEmpty() && l.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IncidentDataset(dir, m, t, l));
    }

    /**
     * {@code dir} itself when it is a dataset, else every folder below it that is one (sorted by
     * path; a dataset's own subfolders are not searched).
     *
     * @throws IllegalArgumentException naming {@code dir} when it holds no dataset
     */
    public static List<IncidentDataset> discover(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder");
        }
        List<IncidentDataset> found = new ArrayList<>();
        collect(dir, found, 0);
        if (found.isEmpty()) {
            throw new IllegalArgumentException(
                    dir
                            + ": no dataset here or in its subfolders (a dataset folder holds"
                            + " metrics.jsonl, traces.jsonl or logs.jsonl, each possibly .gz)");
        }
        return found;
    }

    private static void collect(Path dir, List<IncidentDataset> found, int depth)
            throws IOException {
        Optional<IncidentDataset> here = at(dir);
        if (here.isPresent()) {
            found.add(here.get());
            return;
        }
        if (depth >= 4) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(Files::isDirectory).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path child : children) {
            collect(child, found, depth + 1);
        }
    }

    private static Optional<Path> telemetry(Path dir, Signal signal) {
        for (String suffix : List.of(".jsonl", ".jsonl.gz")) {
            Path p = dir.resolve(signal.file() + suffix);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Opens a telemetry file as lines, gunzipping {@code .gz}. */
    public static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The labelled faults, empty when the dataset has none ({@code faults.jsonl} absent). */
    public List<Fault> faults() throws IOException {
        Path file = dir.resolve("faults.jsonl");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Fault> faults = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                faults.add(Fault.parse(line, file + ":" + (i + 1)));
            }
        }
        return faults;
    }

    /** Whether {@code faults.jsonl} is present (a quiet dataset has it, empty). */
    public boolean labelled() {
        return Files.isRegularFile(dir.resolve("faults.jsonl"));
    }

    /**
     * The first and last telemetry time, read as the contract's scorer reads it: every {@code
     * *UnixNano} value of each file's first and last line (a metric point's {@code
     * startTimeUnixNano} excepted), empty when no file has one.
     */
    public Optional<Instant[]> telemetrySpan() throws IOException {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Signal signal : Signal.values()) {
            Optional<Path> file = file(signal);
            if (file.isEmpty()) {
                continue;
            }
            String first = null;
            String last = null;
            try (BufferedReader r = open(file.get())) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        if (first == null) {
                            first = line;
                        }
                        last = line;
                    }
                }
            }
            for (String line : new String[] {first, last}) {
                if (line == null) {
                    continue;
                }
                long[] bounds = LineTimes.bounds(line);
                if (bounds[0] <= bounds[1]) {
                    lo = Math.min(lo, bounds[0]);
                    hi = Math.max(hi, bounds[1]);
                }
            }
        }
        if (lo > hi) {
            return Optional.empty();
        }
        return Optional.of(new Instant[] {nanos(lo), nanos(hi)});
    }

    private static Instant nanos(long n) {
        return Instant.ofEpochSecond(
                Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    /** A labelled fault of {@code faults.jsonl}. */
    public record Fault(String id, Instant start, Instant end, String service, String kind) {

        static Fault parse(String line, String where) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(where + ": not JSON: " + e.getMessage(), e);
            }
            String service = n.path("rootCause").path("service").asText("");
            if (!n.hasNonNull("start") || !n.hasNonNull("end") || service.isEmpty()) {
                throw new IllegalArgumentException(
                        where + ": a fault needs start, end and rootCause.service");
            }
            return new Fault(
                    n.path("id").asText(where),
                    Times.parse(n.get("start").asText(), where + " start"),
                    Times.parse(n.get("end").asText(), where + " end"),
                    service,
                    n.path("kind").asText(""));
        }
    }
}
