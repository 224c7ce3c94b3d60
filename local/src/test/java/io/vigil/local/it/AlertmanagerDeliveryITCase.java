package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.local.EmbeddedAlertmanager;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Assumptions;
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
        Optional<Path> binary = EmbeddedAlertmanager.findBinary();
        if (binary.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI must provide Alertmanager. " + EmbeddedAlertmanager.INSTALL_HINT);
            }
            Assumptions.abort(EmbeddedAlertmanager.INSTALL_HINT);
        }
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
        EmbeddedAlertmanager am = EmbeddedAlertmanager.start(binary.get(), 0, dir, config);
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
                it.produce(it.topic("topology"), 0, edges(t0));
                List<AlertEvent> cascade =
                        List.of(
                                alert("database", "db.client.operation.duration", t0, 0),
                                alert("payment", "http.server.request.duration", t0, 20),
                                alert("checkout", "http.server.request.duration", t0, 30),
                                alert("frontend", "http.server.request.duration", t0, 40));
                produce(it, cascade);

                JsonNode firing = awaitActive(am.url(), "database");
                String incident = firing.at("/labels/incident_id").asText();
                assertThat(incident).startsWith("inc-");
                assertThat(firing.at("/labels/alertname").asText()).isEqualTo("VigilIncident");
                assertThat(firing.at("/annotations/why").asText())
                        .startsWith("database: alerted first");
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> notifications(incident, "firing") == 1);

                List<AlertEvent> resolves = new ArrayList<>();
                for (AlertEvent a : cascade) {
                    Instant end = t0.plusSeconds(90);
                    resolves.add(a.resolve(end, end, 1, 1, 0, 2, 0));
                }
                produce(it, resolves);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> notifications(incident, "resolved") == 1);
                assertThat(active(am.url())).as("resolved alerts are not listed").isEmpty();

                // Alertmanager away for 60 s while a new incident opens
                am.close();
                Instant t1 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
                produce(it, List.of(alert("auth", "process.cpu.utilization", t1, 0)));
                Thread.sleep(60_000); // the outage itself: Alertmanager is down this long
                am = EmbeddedAlertmanager.start(binary.get(), port, dir, config);

                JsonNode auth = awaitActive(am.url(), "auth");
                String second = auth.at("/labels/incident_id").asText();
                assertThat(second).isNotEqualTo(incident);
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> notifications(second, "firing") >= 1);
                assertThat(notifications(second, "firing")).as("delivered once").isEqualTo(1);
            } finally {
                job.cancel().get();
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

    private static List<byte[]> edges(Instant at) {
        List<byte[]> edges = new ArrayList<>();
        for (String[] e :
                new String[][] {
                    {"frontend", "checkout"}, {"checkout", "payment"}, {"payment", "database"}
                }) {
            edges.add(
                    ("{\"@timestamp\":\""
                                    + at
                                    + "\",\"parent\":\""
                                    + e[0]
                                    + "\",\"child\":\""
                                    + e[1]
                                    + "\",\"calls\":10,\"errors\":0}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return edges;
    }

    private static void produce(JobsHarness it, List<AlertEvent> alerts) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        alerts.forEach(a -> messages.add(AlertJson.write(a)));
        it.produce(it.topic("alerts"), 0, messages);
    }

    private static AlertEvent alert(String service, String metric, Instant t0, long second) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", "MetricAnomaly");
        labels.put("severity", "warning");
        labels.put("source", "anomaly");
        labels.put("service", service);
        labels.put("metric", metric);
        return AlertEvent.firing(
                labels,
                new TreeMap<>(Map.of("summary", metric + " of " + service + " is anomalous")),
                AlertSource.ANOMALY,
                Severity.WARNING,
                t0.plusSeconds(second),
                null,
                2,
                1,
                0,
                1.5,
                0.9,
                List.of());
    }
}
