package io.vigil.cep.incidents.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cep.incidents.AlertmanagerAlert;
import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.cep.incidents.TopologyEdge;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.testing.AlertFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The incidents operator in a harness: broadcast graph, alerts in event time, timers, state. */
class CorrelateIncidentsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCascadeOpensOneIncidentThatResolvesAndLeavesNoState() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument>
                harness = harness(false)) {
            List<AlertEvent> cascade = cascade(harness);
            Map<String, JsonNode> latest = latest(harness.extractOutputValues());
            assertThat(latest).hasSize(1);
            JsonNode incident = latest.values().iterator().next().at("/vigil/incident");
            assertThat(incident.at("/root_causes/0/service").asText()).isEqualTo("database");
            assertThat(incident.at("/status").asText()).isEqualTo("open");
            assertThat(incident.at("/path").toString())
                    .isEqualTo(
                            "[\"checkout -> payment\",\"frontend -> checkout\","
                                    + "\"payment -> database\"]");

            for (AlertEvent a : cascade) {
                resolve(harness, a, 120);
            }
            harness.processWatermark(T0.plusSeconds(120 + 290).toEpochMilli());
            assertThat(
                            latest(harness.extractOutputValues())
                                    .values()
                                    .iterator()
                                    .next()
                                    .at("/vigil/incident/status")
                                    .asText())
                    .isEqualTo("open");
            harness.processWatermark(T0.plusSeconds(120 + 300).toEpochMilli());

            JsonNode last = latest(harness.extractOutputValues()).values().iterator().next();
            assertThat(last.at("/vigil/incident/status").asText()).isEqualTo("resolved");
            assertThat(last.at("/vigil/incident/resolved_at").asText())
                    .isEqualTo("2026-01-01T10:02:00Z");
            assertThat(last.at("/vigil/incident/mttr_ms").asLong()).isEqualTo(120_000);

            List<AlertmanagerAlert> delivered = new ArrayList<>();
            harness.getSideOutput(CorrelateIncidents.ALERTMANAGER)
                    .forEach(r -> delivered.add(r.getValue()));
            assertThat(delivered)
                    .hasSize(outputs(harness))
                    .allMatch(a -> a.incidentId().equals(last.at("/vigil/incident/id").asText()))
                    .as("by default only the incident's own alert")
                    .allMatch(a -> a.member().isEmpty());
            JsonNode firing = JSON.readTree(delivered.get(0).json());
            assertThat(firing.at("/labels/alertname").asText()).isEqualTo("VigilIncident");
            assertThat(firing.at("/labels/service").asText()).isEqualTo("database");
            assertThat(firing.at("/labels/severity").asText()).isEqualTo("warning");
            assertThat(firing.has("endsAt")).as("firing: endsAt is set when sent").isFalse();
            AlertmanagerAlert resolvedAlert = delivered.get(delivered.size() - 1);
            assertThat(resolvedAlert.resolved()).isTrue();
            assertThat(JSON.readTree(resolvedAlert.json()).at("/endsAt").asText())
                    .isEqualTo("2026-01-01T10:02:00Z");
            assertThat(
                            ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>)
                                            ((org.apache.flink.streaming.api.operators
                                                                            .AbstractStreamOperator<
                                                                    ?>)
                                                            harness.getOperator())
                                                    .getKeyedStateBackend())
                                    .numKeyValueStateEntries())
                    .as("keyed state cleared")
                    .isZero();
        }
    }

    @Test
    void withMembersEachMemberAlertGoesBesideItsIncidentAndResolvesWithIt() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument>
                harness = harness(true)) {
            List<AlertEvent> cascade = cascade(harness);
            Map<String, AlertmanagerAlert> latest = latestAlerts(harness);
            String incident = latest.get(incidentKey(latest)).incidentId();
            assertThat(latest).hasSize(1 + cascade.size());
            for (AlertEvent a : cascade) {
                AlertmanagerAlert member = latest.get(incident + " " + a.fingerprint());
                assertThat(member.resolved()).isFalse();
                JsonNode labels = JSON.readTree(member.json()).get("labels");
                assertThat(labels.get("alertname").asText()).isEqualTo("MetricAnomaly");
                assertThat(labels.get("severity").asText()).isEqualTo("warning");
                assertThat(labels.get("service").asText()).isEqualTo(a.labels().get("service"));
                assertThat(labels.get("incident_id").asText()).isEqualTo(incident);
            }

            // the database's alert ends first: its member alert resolves, the incident fires on
            AlertEvent database = cascade.get(0);
            resolve(harness, database, 100);
            latest = latestAlerts(harness);
            assertThat(latest.get(incident + " " + database.fingerprint()).resolved()).isTrue();
            assertThat(latest.get(incident).resolved()).isFalse();
            assertThat(latest.values()).filteredOn(a -> !a.resolved()).hasSize(cascade.size());

            for (AlertEvent a : cascade.subList(1, cascade.size())) {
                resolve(harness, a, 120);
            }
            harness.processWatermark(T0.plusSeconds(120 + 300).toEpochMilli());
            assertThat(latestAlerts(harness).values())
                    .as("the incident and every member resolved")
                    .hasSize(1 + cascade.size())
                    .allMatch(AlertmanagerAlert::resolved);
        }
    }

    @Test
    void anEdgeAfterTheAlertsMergesTheirIncidents() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument>
                harness = harness(false)) {
            long t0 = T0.toEpochMilli();
            harness.processElement(alert("db", "db.query.duration", 0), t0);
            harness.processElement(alert("api", "http.server.request.duration", 10), t0 + 10_000);
            assertThat(latest(harness.extractOutputValues())).hasSize(2);

            harness.processBroadcastElement(new TopologyEdge("api", "db", t0), t0 + 20_000);

            Map<String, JsonNode> latest = latest(harness.extractOutputValues());
            assertThat(latest.values())
                    .extracting(d -> d.at("/vigil/incident/status").asText())
                    .containsExactlyInAnyOrder("open", "resolved");
            JsonNode open =
                    latest.values().stream()
                            .filter(d -> d.at("/vigil/incident/status").asText().equals("open"))
                            .findFirst()
                            .orElseThrow();
            assertThat(open.at("/vigil/incident/services").toString())
                    .isEqualTo("[\"api\",\"db\"]");
            assertThat(open.at("/vigil/incident/root_causes/0/service").asText()).isEqualTo("db");
        }
    }

    @Test
    void ticksStopAtTheEndOfTime() {
        // a marker emitted when a bounded input ended carries the final watermark: no tick after
        assertThat(CorrelateIncidents.nextTick(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(CorrelateIncidents.nextTick(Long.MAX_VALUE - 5)).isEqualTo(Long.MAX_VALUE);
        assertThat(CorrelateIncidents.nextTick(12_345)).isEqualTo(20_000);
    }

    @Test
    void edgesBeforeTheFirstAlertAreKept() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument>
                harness = harness(false)) {
            long t0 = T0.toEpochMilli();
            harness.processBroadcastElement(new TopologyEdge("api", "db", t0), t0);
            harness.processElement(alert("db", "db.query.duration", 0), t0);
            harness.processElement(alert("api", "http.server.request.duration", 10), t0 + 10_000);
            harness.processElement(alert("batch", "process.cpu.utilization", 12), t0 + 12_000);

            Map<String, JsonNode> latest = latest(harness.extractOutputValues());
            assertThat(latest).hasSize(2);
            assertThat(latest.values())
                    .extracting(d -> d.at("/vigil/incident/services").toString())
                    .containsExactlyInAnyOrder("[\"api\",\"db\"]", "[\"batch\"]");
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument>
            harness(boolean sendMembers) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new CorrelateIncidents(
                        new IncidentCorrelator.Settings(
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(15),
                                100,
                                1),
                        Duration.ofHours(1),
                        AlertmanagerAlert.Links.NONE,
                        "vigil",
                        sendMembers),
                CorrelateIncidents::key,
                Types.STRING,
                CorrelateIncidents.EDGES);
    }

    /**
     * Feeds the cascade's call graph, then the cascade's alerts in event time; returns the alerts.
     */
    private static List<AlertEvent> cascade(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h)
            throws Exception {
        // the graph never holds back event time: only the alerts' watermark counts
        h.processBroadcastWatermark(Long.MAX_VALUE);
        for (byte[] edge : AlertFixtures.cascadeEdges(T0)) {
            h.processBroadcastElement(TopologyEdge.read(edge).orElseThrow(), T0.toEpochMilli());
        }
        List<AlertEvent> cascade = AlertFixtures.cascade(T0);
        for (AlertEvent a : cascade) {
            h.processElement(a, a.observedAt().toEpochMilli());
        }
        return cascade;
    }

    /** Feeds the resolution of {@code alert}, {@code second}s after T0. */
    private static void resolve(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h,
            AlertEvent alert,
            long second)
            throws Exception {
        Instant at = T0.plusSeconds(second);
        h.processElement(AlertFixtures.resolved(alert, at), at.toEpochMilli());
    }

    /** The last Alertmanager alert of each {@link AlertmanagerAlert#key()}. */
    private static Map<String, AlertmanagerAlert> latestAlerts(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h) {
        Map<String, AlertmanagerAlert> latest = new LinkedHashMap<>();
        h.getSideOutput(CorrelateIncidents.ALERTMANAGER)
                .forEach(r -> latest.put(r.getValue().key(), r.getValue()));
        return latest;
    }

    /** The key of the one incident's own alert. */
    private static String incidentKey(Map<String, AlertmanagerAlert> latest) {
        return latest.values().stream()
                .filter(a -> a.member().isEmpty())
                .map(AlertmanagerAlert::key)
                .reduce(
                        (a, b) -> {
                            throw new AssertionError("more than one incident: " + a + ", " + b);
                        })
                .orElseThrow();
    }

    private static int outputs(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h) {
        return h.extractOutputValues().size();
    }

    /** The last document of each incident id, in order of first appearance. */
    private static Map<String, JsonNode> latest(List<EsDocument> docs) throws Exception {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (EsDocument d : new ArrayList<>(docs)) {
            latest.put(d.id(), JSON.readTree(d.json()));
        }
        return latest;
    }

    private static AlertEvent alert(String service, String metric, long second) {
        return AlertFixtures.anomaly(service, metric, T0.plusSeconds(second));
    }
}
