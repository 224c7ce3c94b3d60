package io.vigil.jobs.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.cep.incidents.AlertmanagerAlert;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink's writer in Flink's operator harness (the real writer-state path: snapshot, restore),
 * posting to a small HTTP server that stands in for Alertmanager's {@code POST /api/v2/alerts} and
 * records every request body.
 */
class AlertmanagerSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Longer than the test: only the restore may post the restored alerts. */
    private static final Duration RESEND = Duration.ofHours(1);

    private final BlockingQueue<JsonNode> posts = new LinkedBlockingQueue<>();
    private HttpServer alertmanager;
    private String url;

    @BeforeEach
    void startAlertmanager() throws IOException {
        alertmanager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alertmanager.createContext(
                "/api/v2/alerts",
                exchange -> {
                    try (exchange) {
                        posts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                        exchange.sendResponseHeaders(200, -1);
                    }
                });
        alertmanager.start();
        url = "http://127.0.0.1:" + alertmanager.getAddress().getPort();
    }

    @AfterEach
    void stopAlertmanager() {
        alertmanager.stop(0);
    }

    @Test
    void aRestoredWriterPostsTheFiringAlertsOfItsCheckpointAtOnce() throws Exception {
        OperatorSubtaskState checkpoint =
                checkpoint(
                        alert("inc-a", false),
                        alert("inc-b", false),
                        alert("inc-c", false),
                        alert("inc-c", true));
        assertThat(incidents(drain())).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-c");

        try (var restored = restore(checkpoint)) {
            JsonNode post = posts.poll(30, TimeUnit.SECONDS);
            assertThat(post).as("restored alerts posted without waiting to resend").isNotNull();
            assertThat(incidents(List.of(post))).containsExactly("inc-a", "inc-b");
            for (JsonNode a : post) {
                assertThat(Instant.parse(a.path("endsAt").asText()))
                        .as("firing: endsAt pushed four resend intervals ahead")
                        .isAfter(Instant.now().plus(RESEND.multipliedBy(3)));
            }

            // still the writer's state at the next checkpoint, until they resolve
            restored.prepareSnapshotPreBarrier(2);
            OperatorSubtaskState next = restored.snapshot(2, 2);
            try (var again = restore(next)) {
                JsonNode repost = posts.poll(30, TimeUnit.SECONDS);
                assertThat(repost).as("posted again after a second restore").isNotNull();
                assertThat(incidents(List.of(repost))).containsExactly("inc-a", "inc-b");
            }
        }
    }

    @Test
    void resolvedAlertsLeaveTheState() throws Exception {
        OperatorSubtaskState checkpoint = checkpoint(alert("inc-a", false), alert("inc-a", true));
        drain();

        try (var restored = restore(checkpoint)) {
            // a new alert is the first post: nothing restored went ahead of it
            restored.processElement(alert("inc-d", false), 0);
            restored.prepareSnapshotPreBarrier(2);
            assertThat(incidents(drain())).containsExactly("inc-d");
        }
    }

    @Test
    void memberAlertsAreTheirOwnAlertsBesideTheIncidents() throws Exception {
        OperatorSubtaskState checkpoint =
                checkpoint(
                        alert("inc-a", false),
                        member("inc-a", "fp-1", false),
                        member("inc-a", "fp-2", false),
                        member("inc-a", "fp-2", true));
        drain();

        try (var restored = restore(checkpoint)) {
            JsonNode post = posts.poll(30, TimeUnit.SECONDS);
            assertThat(post).as("restored alerts posted").isNotNull();
            List<String> members = new ArrayList<>();
            post.forEach(a -> members.add(a.at("/labels/vigil_fingerprint").asText("")));
            assertThat(members).containsExactly("", "fp-1");
        }
    }

    /**
     * A new writer takes {@code alerts}, flushes (waits until Alertmanager took them all) and is
     * checkpointed (checkpoint 1), then closed; returns its state.
     */
    private OperatorSubtaskState checkpoint(AlertmanagerAlert... alerts) throws Exception {
        try (var writer = harness()) {
            writer.open();
            for (AlertmanagerAlert alert : alerts) {
                writer.processElement(alert, 0);
            }
            writer.prepareSnapshotPreBarrier(1);
            return writer.snapshot(1, 1);
        }
    }

    /** A new writer restored from {@code checkpoint} and opened; the caller closes it. */
    private OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>> restore(
            OperatorSubtaskState checkpoint) throws Exception {
        var restored = harness();
        restored.initializeState(checkpoint);
        restored.open();
        return restored;
    }

    private OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>> harness()
            throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new SinkWriterOperatorFactory<AlertmanagerAlert, Void>(
                        new AlertmanagerSink(url, RESEND, Duration.ofSeconds(1), 100)));
    }

    /** Every request body received so far. */
    private List<JsonNode> drain() {
        List<JsonNode> all = new ArrayList<>();
        posts.drainTo(all);
        return all;
    }

    /** The incident ids of the alerts in the posts, in order. */
    private static List<String> incidents(List<JsonNode> bodies) {
        List<String> ids = new ArrayList<>();
        for (JsonNode body : bodies) {
            body.forEach(a -> ids.add(a.at("/labels/incident_id").asText()));
        }
        return ids;
    }

    /** An incident's alert as {@code AlertmanagerAlert.of} writes it. */
    private static AlertmanagerAlert alert(String incident, boolean resolved) {
        return alert("VigilIncident", incident, "", "Incident on database", resolved);
    }

    /** A member's alert as {@code AlertmanagerAlert.members} writes it. */
    private static AlertmanagerAlert member(String incident, String fingerprint, boolean resolved) {
        return alert("MetricAnomaly", incident, fingerprint, "slow", resolved);
    }

    /**
     * An alert of the database service in {@code incident}; a member's alert (non-empty {@code
     * fingerprint}) carries its fingerprint as the label {@code vigil_fingerprint}.
     */
    private static AlertmanagerAlert alert(
            String alertname,
            String incident,
            String fingerprint,
            String summary,
            boolean resolved) {
        String json =
                "{\"labels\":{\"alertname\":\""
                        + alertname
                        + "\",\"severity\":\"warning\","
                        + "\"service\":\"database\",\"incident_id\":\""
                        + incident
                        + (fingerprint.isEmpty() ? "" : "\",\"vigil_fingerprint\":\"" + fingerprint)
                        + "\"},\"annotations\":{\"summary\":\""
                        + summary
                        + "\"},"
                        + "\"startsAt\":\"2026-01-01T10:00:00Z\""
                        + (resolved ? ",\"endsAt\":\"2026-01-01T10:05:00Z\"" : "")
                        + "}";
        return new AlertmanagerAlert(incident, fingerprint, json, resolved);
    }
}
