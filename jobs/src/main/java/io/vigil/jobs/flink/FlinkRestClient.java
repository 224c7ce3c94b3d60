package io.vigil.jobs.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The few calls of Flink's REST API (the JobManager's {@code rest.port}, 8081 by default) that
 * {@code vigil submit} and {@code vigil status} make, over the JDK's HTTP client.
 *
 * <p>Shapes as Flink 1.20 answers them: {@code /overview} ({@code taskmanagers}, {@code
 * slots-total}, {@code slots-available}), {@code /jobs/overview} ({@code jobs[]} with {@code jid},
 * {@code name}, {@code state}, {@code start-time}, {@code duration} in ms), {@code POST
 * /jars/upload} (multipart part {@code jarfile}; answers {@code filename}, whose last path element
 * is the jar id), {@code POST /jars/{id}/run} ({@code entryClass}, {@code programArgsList}, {@code
 * parallelism}, {@code savepointPath}, {@code allowNonRestoredState}; answers {@code jobid}),
 * {@code /jobs/{id}/checkpoints} ({@code latest.completed}, {@code latest.restored}), {@code
 * /jobs/{id}/metrics?get=numRestarts}. Errors come back as {@code {"errors": [...]}}; {@link
 * FlinkRestException} carries them.
 */
public final class FlinkRestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** A jar run can take long: the JobManager runs the program's main, which applies templates. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    /** Lines of a Flink error text kept in a message: the first ones and every "Caused by". */
    private static final int ERROR_HEAD_LINES = 2;

    private final URI base;
    private final HttpClient http;

    /**
     * @param url the JobManager's REST address, e.g. {@code http://flink-jobmanager:8081}
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public FlinkRestClient(String url) {
        Objects.requireNonNull(url, "url");
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--jobmanager: '" + url + "' is not a URL", e);
        }
        if (uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "--jobmanager: '"
                            + url
                            + "' is not an http(s) URL of the JobManager's REST endpoint, e.g."
                            + " http://localhost:8081");
        }
        this.base = uri;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The REST address this client talks to. */
    public String url() {
        return base.toString();
    }

    /** What {@code /overview} says about the cluster. */
    public record Overview(
            int taskManagers,
            int slotsTotal,
            int slotsAvailable,
            int jobsRunning,
            String version) {}

    public Overview overview() throws IOException {
        JsonNode o = get("/overview");
        return new Overview(
                o.path("taskmanagers").asInt(),
                o.path("slots-total").asInt(),
                o.path("slots-available").asInt(),
                o.path("jobs-running").asInt(),
                o.path("flink-version").asText(""));
    }

    /** One job of {@code /jobs/overview}. */
    public record JobSummary(
            String id, String name, String state, Instant startTime, Duration duration) {

        /**
         * Whether the job is on the cluster in a state that keeps it there: anything but FINISHED,
         * CANCELED and FAILED (a CANCELLING job still holds its slots and consumer group).
         */
        public boolean active() {
            return !(state.equals("FINISHED")
                    || state.equals("CANCELED")
                    || state.equals("FAILED"));
        }
    }

    /** Every job the JobManager knows (running and recently ended), as it lists them. */
    public List<JobSummary> jobs() throws IOException {
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            jobs.add(
                    new JobSummary(
                            j.path("jid").asText(),
                            j.path("name").asText(),
                            j.path("state").asText(),
                            Instant.ofEpochMilli(j.path("start-time").asLong()),
                            Duration.ofMillis(Math.max(0, j.path("duration").asLong()))));
        }
        return jobs;
    }

    /** {@code /jobs/{id}}: state, vertices (with their ids and names) and status counts. */
    public JsonNode job(String jobId) throws IOException {
        return get("/jobs/" + jobId);
    }

    /**
     * The ids of the TaskManagers the job's subtasks run on now (from each vertex's subtask
     * details, {@code taskmanager-id}).
     */
    public Set<String> taskManagersOf(String jobId) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode vertex : job(jobId).path("vertices")) {
            JsonNode details = get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText());
            for (JsonNode subtask : details.path("subtasks")) {
                String tm = subtask.path("taskmanager-id").asText("");
                if (!tm.isEmpty() && !tm.equals("(unassigned)")) {
                    ids.add(tm);
                }
            }
        }
        return ids;
    }

    /** A completed checkpoint: id, when it completed, its size in bytes, where it lives. */
    public record Checkpoint(long id, Instant completed, long sizeBytes, String externalPath) {}

    /** Checkpoint statistics of a job: the latest completed and the one restored last, if any. */
    public record Checkpoints(
            Optional<Checkpoint> latestCompleted,
            OptionalLong restoredId,
            long completedCount,
            long failedCount) {}

    public Checkpoints checkpoints(String jobId) throws IOException {
        JsonNode c = get("/jobs/" + jobId + "/checkpoints");
        JsonNode completed = c.path("latest").path("completed");
        Optional<Checkpoint> latest =
                completed.isObject()
                        ? Optional.of(
                                new Checkpoint(
                                        completed.path("id").asLong(),
                                        Instant.ofEpochMilli(
                                                completed.path("latest_ack_timestamp").asLong()),
                                        completed.has("checkpointed_size")
                                                ? completed.path("checkpointed_size").asLong()
                                                : completed.path("state_size").asLong(),
                                        completed.path("external_path").asText("")))
                        : Optional.empty();
        JsonNode restored = c.path("latest").path("restored");
        return new Checkpoints(
                latest,
                restored.isObject()
                        ? OptionalLong.of(restored.path("id").asLong())
                        : OptionalLong.empty(),
                c.path("counts").path("completed").asLong(),
                c.path("counts").path("failed").asLong());
    }

    /**
     * How often the job restarted since it was submitted (the JobManager's job metric {@code
     * numRestarts}); empty if the JobManager does not report it.
     */
    public OptionalLong restarts(String jobId) throws IOException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            if (m.path("id").asText().equals("numRestarts") && m.hasNonNull("value")) {
                try {
                    return OptionalLong.of(Long.parseLong(m.path("value").asText()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Records the job's sources have not read yet, summed over every source subtask: the standard
     * source metric {@code pendingRecords}, which the Kafka source reports as the consumer lag of
     * its partitions. Empty when no source exposes it (not every source does, and the Kafka source
     * registers it only after its first fetch): the lag is then unknown, not zero.
     */
    public OptionalLong pendingRecords(String jobId) throws IOException {
        long sum = 0;
        boolean found = false;
        for (JsonNode vertex : job(jobId).path("vertices")) {
            if (!vertex.path("name").asText().startsWith("Source")) {
                continue;
            }
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
            List<String> ids = new ArrayList<>();
            for (JsonNode m : get(path + "/subtasks/metrics")) {
                String id = m.path("id").asText();
                if (id.equals("pendingRecords") || id.endsWith(".pendingRecords")) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (JsonNode m :
                    get(path + "/subtasks/metrics?agg=sum&get=" + encode(String.join(",", ids)))) {
                if (m.has("sum")) {
                    sum += Math.round(m.path("sum").asDouble());
                    found = true;
                }
            }
        }
        return found ? OptionalLong.of(sum) : OptionalLong.empty();
    }

    /**
     * Uploads a jar ({@code POST /jars/upload}) and returns its id on the cluster.
     *
     * @throws FlinkRestException if the JobManager refuses it (not a jar, larger than {@code
     *     rest.server.max-content-length}, web submission disabled)
     */
    public String uploadJar(Path jar) throws IOException {
        String boundary = "vigil-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String fileName = jar.getFileName().toString().replace("\"", "");
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\""
                                + fileName
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request =
                HttpRequest.newBuilder(uri("/jars/upload"))
                        .timeout(RUN_TIMEOUT)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build();
        JsonNode answer = send(request, "POST /jars/upload (" + fileName + ")");
        String stored = answer.path("filename").asText("");
        if (stored.isEmpty()) {
            throw new FlinkRestException(
                    "POST /jars/upload: the JobManager's answer names no file: " + answer, 200);
        }
        return Path.of(stored).getFileName().toString();
    }

    /** What {@code POST /jars/{id}/run} runs. */
    public record RunRequest(
            String entryClass,
            List<String> programArgs,
            Integer parallelism,
            String savepointPath,
            boolean allowNonRestoredState) {
        public RunRequest {
            Objects.requireNonNull(entryClass, "entryClass");
            programArgs = List.copyOf(programArgs);
        }
    }

    /**
     * Runs the jar's entry class on the JobManager ({@code POST /jars/{id}/run}) and returns the id
     * of the job it submitted.
     *
     * @throws FlinkRestException with the program's own error when its main failed
     */
    public String runJar(String jarId, RunRequest run) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", run.entryClass());
        ArrayNode args = body.putArray("programArgsList");
        run.programArgs().forEach(args::add);
        if (run.parallelism() != null) {
            body.put("parallelism", run.parallelism());
        }
        if (run.savepointPath() != null) {
            body.put("savepointPath", run.savepointPath());
            body.put("allowNonRestoredState", run.allowNonRestoredState());
        }
        String path = "/jars/" + encode(jarId) + "/run";
        HttpRequest request =
                HttpRequest.newBuilder(uri(path))
                        .timeout(RUN_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build();
        JsonNode answer = send(request, "POST " + path);
        String jobId = answer.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new FlinkRestException(
                    "POST " + path + ": the JobManager's answer names no job: " + answer, 200);
        }
        return jobId;
    }

    /** Removes an uploaded jar from the JobManager ({@code DELETE /jars/{id}}). */
    public void deleteJar(String jarId) throws IOException {
        String path = "/jars/" + encode(jarId);
        send(
                HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).DELETE().build(),
                "DELETE " + path);
    }

    /** Cancels a job ({@code PATCH /jobs/{id}?mode=cancel}); returns once the request is taken. */
    public void cancel(String jobId) throws IOException {
        String path = "/jobs/" + jobId + "?mode=cancel";
        send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(REQUEST_TIMEOUT)
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                "PATCH " + path);
    }

    /**
     * Stops a job with a savepoint ({@code POST /jobs/{id}/stop}, without draining: event-time
     * timers are not fired, so windows and open traces stay in the savepoint) and waits until the
     * savepoint is written ({@code GET /jobs/{id}/savepoints/{request id}}).
     *
     * @param targetDirectory where the savepoint goes; null for the cluster's {@code
     *     execution.checkpointing.savepoint-dir}
     * @return the savepoint's location, for {@code --from-savepoint}
     * @throws FlinkRestException if the savepoint failed (with Flink's reason) or took longer than
     *     {@code timeout}
     */
    public String stopWithSavepoint(String jobId, String targetDirectory, Duration timeout)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        if (targetDirectory != null) {
            body.put("targetDirectory", targetDirectory);
        }
        body.put("drain", false);
        String path = "/jobs/" + jobId + "/stop";
        String requestId =
                send(
                                HttpRequest.newBuilder(uri(path))
                                        .timeout(REQUEST_TIMEOUT)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                        .build(),
                                "POST " + path)
                        .path("request-id")
                        .asText();
        String poll = "/jobs/" + jobId + "/savepoints/" + requestId;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode answer = get(poll);
            if (answer.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = answer.path("operation");
                if (operation.hasNonNull("location")) {
                    return operation.path("location").asText();
                }
                throw new FlinkRestException(
                        "stop with savepoint of job "
                                + jobId
                                + " failed: "
                                + condense(
                                        operation
                                                .path("failure-cause")
                                                .path("stack-trace")
                                                .asText(operation.toString())),
                        200);
            }
            if (System.nanoTime() > deadline) {
                throw new FlinkRestException(
                        "stop with savepoint of job "
                                + jobId
                                + ": no savepoint after "
                                + timeout.toSeconds()
                                + " s",
                        0);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("waiting for the savepoint of job " + jobId);
            }
        }
    }

    /** {@code GET path}, answered with JSON. */
    public JsonNode get(String path) throws IOException {
        return send(
                HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build(),
                "GET " + path);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private JsonNode send(HttpRequest request, String what) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new FlinkRestException(
                    what + ": cannot reach the JobManager at " + base + " (connection refused)", e);
        } catch (HttpTimeoutException e) {
            throw new FlinkRestException(
                    what + ": the JobManager at " + base + " did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + ": interrupted");
        } catch (IOException e) {
            throw new FlinkRestException(what + ": " + base + ": " + e, e);
        }
        String text = response.body() == null ? "" : response.body();
        if (response.statusCode() >= 300) {
            throw new FlinkRestException(
                    what + " -> HTTP " + response.statusCode() + ": " + errors(text),
                    response.statusCode());
        }
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new FlinkRestException(
                    what + ": the answer is not JSON: " + shorten(text, 300),
                    response.statusCode());
        }
    }

    /**
     * What a Flink error body says, readable: each entry of {@code errors}, reduced to its first
     * lines and its "Caused by" lines (the JobManager sends whole stack traces).
     */
    static String errors(String body) {
        List<String> messages = new ArrayList<>();
        try {
            JsonNode errors = JSON.readTree(body).path("errors");
            for (JsonNode e : errors) {
                messages.add(condense(e.asText()));
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: quote it as it is
        }
        return messages.isEmpty() ? shorten(body, 500) : String.join("; ", messages);
    }

    private static String condense(String error) {
        String[] lines = error.split("\\R");
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("at ") || line.startsWith("...")) {
                continue;
            }
            if (i < ERROR_HEAD_LINES || line.startsWith("Caused by:")) {
                kept.add(line);
            }
        }
        return String.join(" | ", kept);
    }

    private static String shorten(String text, int max) {
        String t = text.strip();
        return t.length() <= max ? t : t.substring(0, max) + "…";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code 1h 02m}, {@code 3m 07s}, {@code 12s}: a duration for people. */
    public static String humanDuration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 86_400) {
            return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, (s % 86_400) / 3600);
        }
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
