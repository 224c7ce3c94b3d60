package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager. Where the binary is missing the test is skipped with the install hint,
 * except on CI ({@code CI=true}), which installs it, so a missing binary there is a failure.
 */
class EmbeddedAlertmanagerITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path binary;

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path dir;

    @BeforeAll
    static void findBinary() {
        binary =
                RequiredBinary.require(
                        EmbeddedAlertmanager.findBinary(),
                        "Alertmanager",
                        EmbeddedAlertmanager.INSTALL_HINT);
    }

    @Test
    void acceptsAndListsAnAlertThenStopsWithItsWatchdog() throws Exception {
        ProcessHandle wrapper;
        List<ProcessHandle> family;
        try (EmbeddedAlertmanager am = EmbeddedAlertmanager.start(binary, 0, dir)) {
            wrapper = am.process();
            family = wrapper.descendants().toList();
            assertThat(family)
                    .anySatisfy(
                            p ->
                                    assertThat(p.info().command().orElse(""))
                                            .endsWith("alertmanager"));

            String alert =
                    "[{\"labels\":{\"alertname\":\"LatencyAnomaly\",\"service\":\"checkout\","
                            + "\"severity\":\"warning\",\"incident_id\":\"inc-1\"},"
                            + "\"annotations\":{\"summary\":\"p99 latency up\"},"
                            + "\"startsAt\":\""
                            + Instant.now().minusSeconds(60)
                            + "\"}]";
            HttpResponse<String> posted =
                    http.send(
                            HttpRequest.newBuilder(URI.create(am.url() + "/api/v2/alerts"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(alert))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

            HttpResponse<String> listed =
                    http.send(
                            HttpRequest.newBuilder(URI.create(am.url() + "/api/v2/alerts"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode alerts = JSON.readTree(listed.body());
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).path("labels").path("service").asText()).isEqualTo("checkout");
            assertThat(alerts.get(0).path("receivers").get(0).path("name").asText())
                    .isEqualTo("vigil-default");
        }
        assertThat(wrapper.isAlive()).isFalse();
        assertThat(family).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void onCallConfigDeliversEachSeverityToItsReceiver() throws Exception {
        try (WebhookReceiver webhook = WebhookReceiver.start(0);
                EmbeddedAlertmanager am =
                        EmbeddedAlertmanager.start(
                                binary, 0, dir, EmbeddedAlertmanager.onCallConfig(webhook.url()))) {
            StringBuilder alerts = new StringBuilder("[");
            for (String severity : List.of("critical", "warning", "info")) {
                alerts.append(alerts.length() > 1 ? "," : "")
                        .append("{\"labels\":{\"alertname\":\"VigilIncident\",")
                        .append("\"severity\":\"" + severity + "\",")
                        .append("\"incident_id\":\"inc-" + severity + "\"},")
                        .append("\"startsAt\":\"" + Instant.now().minusSeconds(60) + "\"}");
            }
            HttpResponse<String> posted =
                    http.send(
                            HttpRequest.newBuilder(URI.create(am.url() + "/api/v2/alerts"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(alerts + "]"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

            // one group per incident_id, sent at once: the alerts started more than group_wait ago
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> webhook.deliveries().size() >= 3);
            assertThat(webhook.deliveries())
                    .extracting(
                            d ->
                                    d.alert().at("/labels/severity").asText()
                                            + " → "
                                            + d.receiver()
                                            + " "
                                            + d.status())
                    .containsExactlyInAnyOrder(
                            "critical → page firing",
                            "warning → ticket firing",
                            "info → on-call firing");
        }
    }
}
