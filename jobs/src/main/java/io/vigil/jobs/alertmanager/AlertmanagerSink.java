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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers incidents to Alertmanager ({@code POST /api/v2/alerts}, contract in {@code
 * ../shared/contracts/alertmanager}): each change of an incident, and every {@code resendInterval}
 * each incident still firing, with {@code endsAt} pushed to four resend intervals ahead, as
 * Prometheus does, so that Alertmanager keeps it active and lets it go by itself only if Vigil
 * stops; a resolved incident is posted with its {@code endsAt}.
 *
 * <p>Alertmanager knows an alert by its labels: when an incident's severity or first root cause
 * changes, the alert with the old labels is resolved at once, so on-call never sees two alerts for
 * one incident.
 *
 * <p>Asynchronous and bounded: one request at a time with every pending alert (the latest state of
 * each incident), at most {@code maxPending} incidents waiting (then {@code write} waits). When
 * Alertmanager is down or answers 5xx the batch is retried with exponential backoff up to {@code
 * maxBackoff}: a delay, not a loss. A checkpoint completes only once every alert written before it
 * was accepted, so a failure in between replays it. Counters: {@code alertmanagerPosted}, {@code
 * alertmanagerRetries}, {@code alertmanagerRejected} (400: an alert Alertmanager calls invalid,
 * logged with its answer and dropped — a bug, not an outage).
 */
public final class AlertmanagerSink implements Sink<AlertmanagerAlert> {
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
    public SinkWriter<AlertmanagerAlert> createWriter(WriterInitContext context) {
        return new Writer(
                context.getMailboxExecutor(),
                context.getProcessingTimeService(),
                context.metricGroup());
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
                context.metricGroup());
    }

    private final class Writer implements SinkWriter<AlertmanagerAlert> {
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

        /** The incidents firing now, re-sent every resend interval. */
        private final Map<String, AlertmanagerAlert> active = new LinkedHashMap<>();

        private boolean inFlight;
        private boolean retryScheduled;
        private long backoffMillis = 200;

        Writer(MailboxExecutor mailbox, ProcessingTimeService time, SinkWriterMetricGroup metrics) {
            this.mailbox = mailbox;
            this.time = time;
            this.posted = metrics.counter("alertmanagerPosted");
            this.retries = metrics.counter("alertmanagerRetries");
            this.rejected = metrics.counter("alertmanagerRejected");
            scheduleResend();
        }

        @Override
        public void write(AlertmanagerAlert alert, Context context) throws InterruptedException {
            AlertmanagerAlert previous = active.get(alert.incidentId());
            if (previous != null && !labels(previous).equals(labels(alert))) {
                // severity or first root cause changed: a new label set is a new alert to
                // Alertmanager, so the old one ends now instead of lingering until its endsAt
                AlertmanagerAlert ended = endedNow(previous);
                pending.put(labels(ended), ended);
            }
            pending.put(labels(alert), alert);
            if (alert.resolved()) {
                active.remove(alert.incidentId());
            } else {
                active.put(alert.incidentId(), alert);
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

        private void scheduleResend() {
            time.registerTimer(
                    time.getCurrentProcessingTime() + resendInterval.toMillis(),
                    t -> {
                        active.values().forEach(a -> pending.putIfAbsent(labels(a), a));
                        send();
                        scheduleResend();
                    });
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
                return new AlertmanagerAlert(alert.incidentId(), node.toString(), true);
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
