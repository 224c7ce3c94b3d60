package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.local.EmbeddedAlertmanager;
import io.vigil.local.RequiredBinary;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.testing.AlertFixtures;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incidents reach on-call through a real Alertmanager (the Debian binary) and its webhook receiver:
 * a cascade's incident is one Alertmanager alert with its {@code incident_id} and the database as
 * {@code service}, read back from {@code /api/v2/alerts} and from the webhook; it resolves there
 * when its alerts resolve; and with Alertmanager stopped for 60 s a new incident is delivered
 * afterwards, once.
 */
@ExtendWith(RealStack.class)
class AlertmanagerDeliveryITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<JsonNode> webhook = new CopyOnWriteArrayList<>();

    @Test
    void incidentsReachAlertmanagerResolveThereAndSurviveAnOutage() throws Exception {
        Path binary =
                RequiredBinary.require(
                        EmbeddedAlertmanager.findBinary(),
                        "Alertmanager",
                        EmbeddedAlertmanager.INSTALL_HINT);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext(
                "/hook",
                exchange -> {
                    webhook.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        receiver.start();
        String config = config(receiver.getAddress().getPort());
        Path dir = Files.createTempDirectory(RealStack.parts().workDir(), "alertmanager-");
        EmbeddedAlertmanager am = EmbeddedAlertmanager.start(binary, 0, dir, config);
        int port = URI.create(am.url()).getPort();
        try (JobsHarness it =
                JobsHarness.withConfig(
                        "amdelivery",
                        "alertmanager: {url: '"
                                + am.url()
                                + "', resendInterval: 2s, maxBackoff: 2s}\n"
                                + "incidents: {resolveAfter: 1s}")) {
            JobClient job = it.startUnbounded();
            try {
                Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
                it.produce(it.topic("topology"), 0, AlertFixtures.cascadeEdges(t0));
                List<AlertEvent> cascade = AlertFixtures.cascade(t0);
                produce(it, cascade);

                // the incident's alert first shows the database alone, then the whole cascade
                String url = am.url();
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () ->
                                        active(url).stream()
                                                .anyMatch(
                                                        a ->
                                                                a.at("/annotations/why")
                                                                        .asText()
                                                                        .startsWith(
                                                                                "database: alerted"
                                                                                        + " first;"
                                                                                        + " called by")));
                JsonNode firing = awaitActive(am.url(), "database");
                String incident = firing.at("/labels/incident_id").asText();
                assertThat(incident).startsWith("inc-");
                assertThat(firing.at("/labels/alertname").asText()).isEqualTo("VigilIncident");
                assertThat(firing.at("/annotations/summary").asText())
                        .isEqualTo(
                                "Incident on checkout, database, frontend, payment: look at"
                                        + " database first");
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> notifications(incident, "firing") == 1);

                List<AlertEvent> resolves = new ArrayList<>();
                for (AlertEvent a : cascade) {
                    Instant end = t0.plusSeconds(90);
                    resolves.add(AlertFixtures.resolved(a, end));
                }
                produce(it, resolves);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> notifications(incident, "resolved") == 1);
                assertThat(active(am.url())).as("resolved alerts are not listed").isEmpty();

                // Alertmanager away for 60 s while a new incident opens
                am.close();
                Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
                produce(
                        it,
                        List.of(
                                AlertFixtures.anomaly("auth", "process.cpu.utilization", t1),
                                AlertFixtures.anomaly("auth", "http.server.request.duration", t1)));
                Thread.sleep(60_000); // the outage itself: Alertmanager is down this long
                am = EmbeddedAlertmanager.start(binary, port, dir, config);

                JsonNode auth = awaitActive(am.url(), "auth");
                String second = auth.at("/labels/incident_id").asText();
                assertThat(second).isNotEqualTo(incident);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> notifications(second, "firing") >= 1);
                assertThat(notifications(second, "firing")).as("delivered once").isEqualTo(1);
            } finally {
                JobsHarness.stop(job);
            }
        } finally {
            am.close();
            receiver.stop(0);
        }
    }

    /** Webhook messages of one status that carry the incident. */
    private long notifications(String incident, String status) {
        return webhook.stream()
                .filter(m -> m.path("status").asText().equals(status))
                .filter(
                        m -> {
                            for (JsonNode a : m.path("alerts")) {
                                if (a.at("/labels/incident_id").asText().equals(incident)) {
                                    return true;
                                }
                            }
                            return false;
                        })
                .count();
    }

    private JsonNode awaitActive(String url, String service) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            found.clear();
                            for (JsonNode a : active(url)) {
                                if (a.at("/labels/service").asText().equals(service)) {
                                    found.add(a);
                                }
                            }
                            return found.size() == 1;
                        });
        return found.get(0);
    }

    private List<JsonNode> active(String url) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(response.body()).forEach(alerts::add);
        return alerts;
    }

    private static String config(int webhookPort) {
        return """
                global:
                  resolve_timeout: 5m
                route:
                  receiver: on-call
                  group_by: ['incident_id']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: on-call
                    webhook_configs:
                      - url: 'http://127.0.0.1:%d/hook'
                        send_resolved: true
                """
                .formatted(webhookPort);
    }

    private static void produce(JobsHarness it, List<AlertEvent> alerts) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        alerts.forEach(a -> messages.add(AlertJson.write(a)));
        it.produce(it.topic("alerts"), 0, messages);
    }
}
