package io.vigil.jobs.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.cep.incidents.AlertmanagerAlert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers incidents to Alertmanager ({@code POST /api/v2/alerts}, contract in {@code
 * ../shared/contracts/alertmanager}): each change of an incident, and every {@code resendInterval}
 * each incident still firing, with {@code endsAt} pushed to four resend intervals ahead, as
 * Prometheus does, so that Alertmanager keeps it active and lets it go by itself only if Vigil
 * stops; a resolved incident is posted with its {@code endsAt}. Member alerts ({@code
 * alertmanager.sendMembers}) are delivered the same way, each by its own {@link
 * AlertmanagerAlert#key()}.
 *
 * <p>Alertmanager knows an alert by its labels: when an incident's severity or first root cause
 * changes, the alert with the old labels is resolved at once, so on-call never sees two alerts for
 * one incident.
 *
 * <p>State: the firing alerts (the ones re-sent) are the writer's state in checkpoints ({@link
 * AlertmanagerSinkStateSerializer}). A writer restored from a checkpoint posts them at once, then
 * every resend interval as before: after a restart Alertmanager keeps the open incidents instead of
 * letting them expire while nothing about them changes. Resolved alerts leave the state. The job
 * runs this sink with parallelism 1: every alert of the one correlation comes from one subtask, and
 * restored state split over several writers would keep re-sending alerts whose resolution another
 * writer received.
 *
 * <p>Asynchronous and bounded: one request at a time with every pending alert (the latest state of
 * each alert), at most {@code maxPending} alerts waiting (then {@code write} waits). When
 * Alertmanager is down or answers 5xx the batch is retried with exponential backoff up to {@code
 * maxBackoff}: a delay, not a loss. A checkpoint completes only once every alert written before it
 * was accepted, so a failure in between replays it. Counters: {@code alertmanagerPosted}, {@code
 * alertmanagerRetries}, {@code alertmanagerRejected} (400: an alert Alertmanager calls invalid,
 * logged with its answer and dropped — a bug, not an outage).
 */
public final class AlertmanagerSink
        implements Sink<AlertmanagerAlert>,
                SupportsWriterState<AlertmanagerAlert, AlertmanagerAlert> {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final Duration resendInterval;
    private final Duration maxBackoff;
    private final int maxPending;

    /**
     * @param url Alertmanager's base URL, e.g. {@code http://alertmanager:9093}
     */
    public AlertmanagerSink(
            String url, Duration resendInterval, Duration maxBackoff, int maxPending) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.resendInterval = resendInterval;
        this.maxBackoff = maxBackoff;
        this.maxPending = maxPending;
    }

    @Override
    public StatefulSinkWriter<AlertmanagerAlert, AlertmanagerAlert> createWriter(
            WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    /**
     * Flink 1.20 still declares this one abstract; see {@link #createWriter(WriterInitContext)}.
     */
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<AlertmanagerAlert> createWriter(Sink.InitContext context) {
        return new Writer(
                context.getMailboxExecutor(),
                context.getProcessingTimeService(),
                context.metricGroup(),
                List.of());
    }

    /**
     * A writer that starts with the firing alerts of a checkpoint, and posts them at once. Flink
     * calls this also when the checkpoint holds no state for the sink (a job that ran an earlier,
     * stateless version of it): then {@code restored} is empty.
     */
    @Override
    public StatefulSinkWriter<AlertmanagerAlert, AlertmanagerAlert> restoreWriter(
            WriterInitContext context, Collection<AlertmanagerAlert> restored) {
        return new Writer(
                context.getMailboxExecutor(),
                context.getProcessingTimeService(),
                context.metricGroup(),
                restored);
    }

    @Override
    public SimpleVersionedSerializer<AlertmanagerAlert> getWriterStateSerializer() {
        return new AlertmanagerSinkStateSerializer();
    }

    private final class Writer implements StatefulSinkWriter<AlertmanagerAlert, AlertmanagerAlert> {
        private final Logger log = LoggerFactory.getLogger(AlertmanagerSink.class);
        private final ObjectMapper json = new ObjectMapper();
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final MailboxExecutor mailbox;
        private final ProcessingTimeService time;
        private final Counter posted;
        private final Counter retries;
        private final Counter rejected;

        /**
         * What Alertmanager has not accepted yet: the latest alert per label set (Alertmanager's
         * identity of an alert), oldest first.
         */
        private final Map<String, AlertmanagerAlert> pending = new LinkedHashMap<>();

        /**
         * The alerts firing now by {@link AlertmanagerAlert#key()}, re-sent every resend interval;
         * the writer's state.
         */
        private final Map<String, AlertmanagerAlert> active = new LinkedHashMap<>();

        private boolean inFlight;
        private boolean retryScheduled;
        private long backoffMillis = 200;

        Writer(
                MailboxExecutor mailbox,
                ProcessingTimeService time,
                SinkWriterMetricGroup metrics,
                Collection<AlertmanagerAlert> restored) {
            this.mailbox = mailbox;
            this.time = time;
            this.posted = metrics.counter("alertmanagerPosted");
            this.retries = metrics.counter("alertmanagerRetries");
            this.rejected = metrics.counter("alertmanagerRejected");
            for (AlertmanagerAlert a : restored) {
                if (!a.resolved()) {
                    active.put(a.key(), a);
                }
            }
            if (!active.isEmpty()) {
                // Alertmanager may have let them expire while the job was down: post them now
                log.info("Re-posting {} firing alert(s) restored from a checkpoint", active.size());
                resend();
            }
            scheduleResend();
        }

        @Override
        public void write(AlertmanagerAlert alert, Context context) throws InterruptedException {
            AlertmanagerAlert previous = active.get(alert.key());
            if (previous != null && !labels(previous).equals(labels(alert))) {
                // severity or first root cause changed: a new label set is a new alert to
                // Alertmanager, so the old one ends now instead of lingering until its endsAt
                AlertmanagerAlert ended = endedNow(previous);
                pending.put(labels(ended), ended);
            }
            pending.put(labels(alert), alert);
            if (alert.resolved()) {
                active.remove(alert.key());
            } else {
                active.put(alert.key(), alert);
            }
            send();
            while (pending.size() > maxPending) {
                mailbox.yield(); // bounded: wait for Alertmanager to take some
            }
        }

        @Override
        public void flush(boolean endOfInput) throws InterruptedException {
            send();
            while (!pending.isEmpty() || inFlight) {
                mailbox.yield();
            }
        }

        private void send() {
            if (inFlight || retryScheduled || pending.isEmpty()) {
                return;
            }
            List<AlertmanagerAlert> batch = new ArrayList<>(pending.values());
            String body = body(batch);
            inFlight = true;
            http.sendAsync(
                            HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .whenComplete(
                            (response, failure) ->
                                    mailbox.execute(
                                            () -> answered(batch, response, failure),
                                            "Alertmanager answer"));
        }

        /** Runs in the task thread. */
        private void answered(
                List<AlertmanagerAlert> batch, HttpResponse<String> response, Throwable failure) {
            inFlight = false;
            int status = response == null ? -1 : response.statusCode();
            if (status >= 200 && status < 300) {
                posted.inc(batch.size());
                backoffMillis = 200;
                accepted(batch);
                send();
            } else if (status == 400) {
                rejected.inc(batch.size());
                log.error("Alertmanager refused {} alert(s): {}", batch.size(), response.body());
                accepted(batch);
                send();
            } else {
                retries.inc();
                log.warn(
                        "Alertmanager at {} not reachable ({}); retrying in {} ms",
                        url,
                        failure != null ? failure.toString() : "HTTP " + status,
                        backoffMillis);
                retryScheduled = true;
                time.registerTimer(
                        time.getCurrentProcessingTime() + backoffMillis,
                        t -> {
                            retryScheduled = false;
                            send();
                        });
                backoffMillis = Math.min(backoffMillis * 2, maxBackoff.toMillis());
            }
        }

        /** Forgets what Alertmanager took, unless a newer state of the incident came meanwhile. */
        private void accepted(List<AlertmanagerAlert> batch) {
            for (AlertmanagerAlert a : batch) {
                pending.remove(labels(a), a);
            }
        }

        /**
         * Called before each checkpoint, after {@link #flush}: nothing is pending then, so the
         * firing alerts are all the state there is.
         */
        @Override
        public List<AlertmanagerAlert> snapshotState(long checkpointId) {
            return new ArrayList<>(active.values());
        }

        private void scheduleResend() {
            time.registerTimer(
                    time.getCurrentProcessingTime() + resendInterval.toMillis(),
                    t -> {
                        resend();
                        scheduleResend();
                    });
        }

        /** Posts every firing alert again (unless a newer state of it is pending anyway). */
        private void resend() {
            active.values().forEach(a -> pending.putIfAbsent(labels(a), a));
            send();
        }

        /** The alert's labels as JSON: its identity in Alertmanager. */
        private String labels(AlertmanagerAlert alert) {
            try {
                return json.readTree(alert.json()).path("labels").toString();
            } catch (IOException e) {
                throw new UncheckedIOException("alerts are written by Vigil as JSON", e);
            }
        }

        /** The alert, resolved now. */
        private AlertmanagerAlert endedNow(AlertmanagerAlert alert) {
            try {
                ObjectNode node = (ObjectNode) json.readTree(alert.json());
                node.put("endsAt", Instant.now().toString());
                return new AlertmanagerAlert(
                        alert.incidentId(), alert.member(), node.toString(), true);
            } catch (IOException e) {
                throw new UncheckedIOException("alerts are written by Vigil as JSON", e);
            }
        }

        /** The alerts as Alertmanager's array; firing ones end four resend intervals from now. */
        private String body(List<AlertmanagerAlert> batch) {
            String endsAt = Instant.now().plus(resendInterval.multipliedBy(4)).toString();
            ArrayNode array = json.createArrayNode();
            try {
                for (AlertmanagerAlert a : batch) {
                    ObjectNode alert = (ObjectNode) json.readTree(a.json());
                    if (!a.resolved()) {
                        alert.put("endsAt", endsAt);
                    }
                    array.add(alert);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("alerts are written by Vigil as JSON", e);
            }
            return array.toString();
        }

        @Override
        public void close() {}
    }
}
