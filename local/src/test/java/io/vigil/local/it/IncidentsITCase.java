package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.testing.AlertFixtures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The incidents job on the real stack (Kafka, Elasticsearch, Flink MiniCluster): alert events on
 * {@code vigil.alerts} and the call graph on {@code vigil.topology} in, incidents out in {@code
 * <prefix>-incidents} and on {@code vigil.incidents}. (Alertmanager delivery is the next part of
 * the incidents work.)
 */
@ExtendWith(RealStack.class)
class IncidentsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aCascadeIsOneIncidentWithTheDatabaseFirstAndAnUnrelatedFaultIsAnother() throws Exception {
        try (JobsHarness it = new JobsHarness("incidents")) {
            it.produce(it.topic("topology"), 0, AlertFixtures.cascadeEdges(T0));

            List<AlertEvent> firing = new ArrayList<>(AlertFixtures.cascade(T0));
            // the unrelated fault shows on two series, enough to confirm an incident
            firing.add(
                    AlertFixtures.anomaly("auth", "process.cpu.utilization", T0.plusSeconds(40)));
            firing.add(
                    AlertFixtures.anomaly(
                            "auth", "http.server.request.duration", T0.plusSeconds(45)));
            List<byte[]> messages = new ArrayList<>();
            firing.forEach(a -> messages.add(AlertJson.write(a)));
            for (AlertEvent a : firing) {
                messages.add(AlertJson.write(AlertFixtures.resolved(a, T0.plusSeconds(300))));
            }
            messages.add("{not an alert".getBytes(StandardCharsets.UTF_8));
            // one partition: the alerts in the order written
            it.produce(it.topic("alerts"), 0, messages);

            it.runBounded();

            List<JsonNode> incidents =
                    it.es.search("it-incidents-incidents", "{\"match_all\":{}}", 10);
            // alerts read before the edges that connect them open incidents of their own, which
            // the edges then merge (resolved, "merged into"): count the incidents that remain
            incidents.removeIf(
                    h ->
                            h.at("/_source/vigil/incident/timeline")
                                    .toString()
                                    .contains("merged into"));
            assertThat(incidents).hasSize(2);
            JsonNode cascade =
                    incidents.stream()
                            .map(h -> h.path("_source").path("vigil").path("incident"))
                            .filter(i -> i.path("services").size() == 4)
                            .findFirst()
                            .orElseThrow();
            assertThat(cascade.path("root_causes").get(0).path("service").asText())
                    .isEqualTo("database");
            assertThat(cascade.path("root_causes").get(0).path("why").asText())
                    .startsWith("database: alerted first; called by checkout, frontend, payment");
            assertThat(cascade.path("status").asText()).isEqualTo("resolved");
            assertThat(cascade.path("alert_events").asInt()).isEqualTo(8);
            assertThat(cascade.path("mttr_ms").asLong()).isEqualTo(300_000);
            JsonNode other =
                    incidents.stream()
                            .map(h -> h.path("_source").path("vigil").path("incident"))
                            .filter(i -> i.path("services").size() == 1)
                            .findFirst()
                            .orElseThrow();
            assertThat(other.path("services").get(0).asText()).isEqualTo("auth");

            List<ConsumerRecord<byte[], byte[]>> published =
                    it.consumeUntil(
                            it.topic("incidents"),
                            records ->
                                    records.stream()
                                                    .map(
                                                            r ->
                                                                    new String(
                                                                            r.value(),
                                                                            StandardCharsets.UTF_8))
                                                    .filter(
                                                            v ->
                                                                    v.contains(
                                                                                    "\"status\":\"resolved\"")
                                                                            && !v.contains(
                                                                                    "\"merged_into\""))
                                                    .count()
                                            >= 2);
            // as in Elasticsearch: an incident merged into another (alerts read before the edge
            // that connects them) is no incident of its own; its last message says so
            java.util.Map<String, String> lastByKey = new java.util.LinkedHashMap<>();
            published.forEach(
                    r ->
                            lastByKey.put(
                                    new String(r.key(), StandardCharsets.UTF_8),
                                    new String(r.value(), StandardCharsets.UTF_8)));
            lastByKey.values().removeIf(v -> v.contains("\"merged_into\""));
            assertThat(lastByKey).hasSize(2);
            assertThat(it.es.count(it.indices("dlq")))
                    .as("the unreadable alert message is a dead letter")
                    .isEqualTo(1);

            // vigil incidents / vigil incidents show, reading the same Elasticsearch
            java.nio.file.Path config =
                    java.nio.file.Files.writeString(
                            java.nio.file.Files.createTempFile(
                                    RealStack.parts().workDir(), "incidents", ".yaml"),
                            "kafka: {bootstrapServers: '"
                                    + RealStack.parts().kafka().bootstrapServers()
                                    + "'}\nelasticsearch: {hosts: ['"
                                    + RealStack.parts().elasticsearch().httpUrl()
                                    + "'], indexPrefix: 'it-incidents'}\n");
            String list = vigil("incidents", "--config", config.toString(), "--since", "3650d");
            assertThat(list.lines().filter(l -> l.startsWith("inc-")))
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(list).contains("    look at database: alerted first");
            String id = cascade.path("id").asText();
            String show = vigil("incidents", "--config", config.toString(), "show", id);
            assertThat(show)
                    .startsWith(id + "  resolved  warning")
                    .contains("  1. database ")
                    .contains(
                            "call path: checkout -> payment, frontend -> checkout, payment -> database");
            assertThat(vigil("incidents", "--config", config.toString(), "--open"))
                    .isEqualTo("no incidents open\n");
        }
    }

    /** Runs the vigil command and returns what it printed. */
    private static String vigil(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = io.vigil.jobs.cli.VigilCli.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isZero();
        return out.toString();
    }
}
