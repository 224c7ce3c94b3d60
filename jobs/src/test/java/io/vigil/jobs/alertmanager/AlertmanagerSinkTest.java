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
        OperatorSubtaskState checkpoint;
        try (OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>> writer =
                harness()) {
            writer.open();
            writer.processElement(alert("inc-a", false), 0);
            writer.processElement(alert("inc-b", false), 0);
            writer.processElement(alert("inc-c", false), 0);
            writer.processElement(alert("inc-c", true), 0);
            writer.prepareSnapshotPreBarrier(1); // flush: waits until Alertmanager took them all
            checkpoint = writer.snapshot(1, 1);
        }
        assertThat(incidents(drain())).containsExactlyInAnyOrder("inc-a", "inc-b", "inc-c");

        try (OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>>
                restored = harness()) {
            restored.initializeState(checkpoint);
            restored.open();

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
            try (OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>>
                    again = harness()) {
                again.initializeState(next);
                again.open();
                JsonNode repost = posts.poll(30, TimeUnit.SECONDS);
                assertThat(repost).as("posted again after a second restore").isNotNull();
                assertThat(incidents(List.of(repost))).containsExactly("inc-a", "inc-b");
            }
        }
    }

    @Test
    void resolvedAlertsLeaveTheState() throws Exception {
        OperatorSubtaskState checkpoint;
        try (OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>> writer =
                harness()) {
            writer.open();
            writer.processElement(alert("inc-a", false), 0);
            writer.processElement(alert("inc-a", true), 0);
            writer.prepareSnapshotPreBarrier(1);
            checkpoint = writer.snapshot(1, 1);
        }
        drain();

        try (OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>>
                restored = harness()) {
            restored.initializeState(checkpoint);
            restored.open();
            // a new alert is the first post: nothing restored went ahead of it
            restored.processElement(alert("inc-d", false), 0);
            restored.prepareSnapshotPreBarrier(2);
            assertThat(incidents(drain())).containsExactly("inc-d");
        }
    }

    @Test
    void memberAlertsAreTheirOwnAlertsBesideTheIncidents() throws Exception {
        OperatorSubtaskState checkpoint;
        try (OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>> writer =
                harness()) {
            writer.open();
            writer.processElement(alert("inc-a", false), 0);
            writer.processElement(member("inc-a", "fp-1", false), 0);
            writer.processElement(member("inc-a", "fp-2", false), 0);
            writer.processElement(member("inc-a", "fp-2", true), 0);
            writer.prepareSnapshotPreBarrier(1);
            checkpoint = writer.snapshot(1, 1);
        }
        drain();

        try (OneInputStreamOperatorTestHarness<AlertmanagerAlert, CommittableMessage<Void>>
                restored = harness()) {
            restored.initializeState(checkpoint);
            restored.open();
            JsonNode post = posts.poll(30, TimeUnit.SECONDS);
            assertThat(post).as("restored alerts posted").isNotNull();
            List<String> members = new ArrayList<>();
            post.forEach(a -> members.add(a.at("/labels/vigil_fingerprint").asText("")));
            assertThat(members).containsExactly("", "fp-1");
        }
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
        String json =
                "{\"labels\":{\"alertname\":\"VigilIncident\",\"severity\":\"warning\","
                        + "\"service\":\"database\",\"incident_id\":\""
                        + incident
                        + "\"},\"annotations\":{\"summary\":\"Incident on database\"},"
                        + "\"startsAt\":\"2026-01-01T10:00:00Z\""
                        + (resolved ? ",\"endsAt\":\"2026-01-01T10:05:00Z\"" : "")
                        + "}";
        return new AlertmanagerAlert(incident, "", json, resolved);
    }

    /** A member's alert as {@code AlertmanagerAlert.members} writes it. */
    private static AlertmanagerAlert member(String incident, String fingerprint, boolean resolved) {
        String json =
                "{\"labels\":{\"alertname\":\"MetricAnomaly\",\"severity\":\"warning\","
                        + "\"service\":\"database\",\"incident_id\":\""
                        + incident
                        + "\",\"vigil_fingerprint\":\""
                        + fingerprint
                        + "\"},\"annotations\":{\"summary\":\"slow\"},"
                        + "\"startsAt\":\"2026-01-01T10:00:00Z\""
                        + (resolved ? ",\"endsAt\":\"2026-01-01T10:05:00Z\"" : "")
                        + "}";
        return new AlertmanagerAlert(incident, fingerprint, json, resolved);
    }
}
