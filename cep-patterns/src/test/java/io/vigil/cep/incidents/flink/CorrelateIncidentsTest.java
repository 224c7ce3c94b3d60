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
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
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

    @Test
    void theGraphInputIsIdleForGoodAndKeepsItsRecordsTimes() throws Exception {
        try (OneInputStreamOperatorTestHarness<TopologyEdge, TopologyEdge> graph =
                new OneInputStreamOperatorTestHarness<>(
                        OutsideEventTime.operator((TopologyEdge e, long ts) -> e.seenAtMillis()))) {
            graph.open();
            graph.setProcessingTime(1);
            long t0 = T0.toEpochMilli();
            graph.processElement(new TopologyEdge("api", "db", t0), 5);
            graph.processWatermarkStatus(WatermarkStatus.ACTIVE);
            graph.processWatermark(t0);
            graph.processWatermark(Long.MAX_VALUE); // the end of its input
            assertThat(new ArrayList<>(graph.getOutput()))
                    .as("idle at once, the edge at its own time, no watermark, never active")
                    .containsExactly(
                            WatermarkStatus.IDLE,
                            new StreamRecord<>(new TopologyEdge("api", "db", t0), t0));
        }
    }

    /**
     * The alerts input of a live system is idle most of the time (no alert for {@code
     * eventTime.idleness}). The correlator's clock must then stand still, neither jump to the end
     * of time (which resolved incidents at once when it happened after their alerts, and left every
     * later one open for good when it happened before: 7 of 8 incidents in KibanaPanelsITCase) nor
     * move without the alerts.
     */
    @Test
    void incidentsResolveInEventTimeWhileTheAlertsGoQuietBetweenEvents() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument>
                harness = harness(false)) {
            graphInput(harness, AlertFixtures.cascadeEdges(T0));
            alertsIdle(harness, true); // quiet before the first alert
            alertsIdle(harness, false);
            List<AlertEvent> cascade = AlertFixtures.cascade(T0);
            for (AlertEvent a : cascade) {
                harness.processElement(a, a.observedAt().toEpochMilli());
            }
            harness.processWatermark(T0.plusSeconds(55).toEpochMilli());
            alertsIdle(harness, true); // quiet while they fire
            alertsIdle(harness, false);
            for (AlertEvent a : cascade) {
                resolve(harness, a, 120);
            }
            harness.processWatermark(T0.plusSeconds(115).toEpochMilli());
            alertsIdle(harness, true); // quiet after the resolutions
            assertThat(status(harness))
                    .as("4 min 55 s of event time too early: the clock stands still while quiet")
                    .isEqualTo("open");

            alertsIdle(harness, false);
            harness.processWatermark(T0.plusSeconds(415).toEpochMilli());
            assertThat(status(harness)).isEqualTo("open");
            harness.processWatermark(T0.plusSeconds(425).toEpochMilli());
            JsonNode last = latest(harness.extractOutputValues()).values().iterator().next();
            assertThat(last.at("/vigil/incident/status").asText()).isEqualTo("resolved");
            assertThat(last.at("/vigil/incident/resolved_at").asText())
                    .isEqualTo("2026-01-01T10:02:00Z");
            assertThat(keyedStateEntries(harness)).as("keyed state cleared").isZero();
        }
    }

    /**
     * After the last events (the resolutions) nothing more comes: wall-clock ticks move the clock
     * on from the standing watermark by the wall time passed, never more, so the incident resolves
     * no earlier in event time than its members' end plus {@code resolveAfter} (a replay, whose
     * event time runs faster than wall time, only resolves later than it could).
     */
    @Test
    void aQuietLiveStreamResolvesByWallTimeNeverAheadOfEventTime() throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument>
                harness = harness(false)) {
            long wall0 = 1_800_000_000_000L;
            harness.setProcessingTime(wall0);
            graphInput(harness, AlertFixtures.cascadeEdges(T0));
            List<AlertEvent> cascade = AlertFixtures.cascade(T0);
            for (AlertEvent a : cascade) {
                harness.processElement(a, a.observedAt().toEpochMilli());
            }
            for (AlertEvent a : cascade) {
                resolve(harness, a, 120);
            }
            // the watermark after the last event: its time less the out-of-orderness bound
            harness.processWatermark(T0.plusSeconds(115).toEpochMilli());
            alertsIdle(harness, true);

            long resolvedAfterWall = -1;
            for (long s = 10; s <= 600 && resolvedAfterWall < 0; s += 10) {
                harness.setProcessingTime(wall0 + s * 1_000);
                if (status(harness).equals("resolved")) {
                    resolvedAfterWall = s;
                }
            }
            // due at 10:07:00 in event time, 305 s after the standing watermark; the quiet is
            // measured from the first wall-clock tick that sees the watermark standing
            assertThat(resolvedAfterWall).isBetween(305L, 330L);
            JsonNode last = latest(harness.extractOutputValues()).values().iterator().next();
            assertThat(last.at("/vigil/incident/resolved_at").asText())
                    .isEqualTo("2026-01-01T10:02:00Z");
            assertThat(keyedStateEntries(harness)).isZero();
        }
    }

    /**
     * Feeds the correlator's graph input what the job's graph input sends it ({@link
     * OutsideEventTime}): the edges, an idle status, and nothing of their watermarks.
     */
    private static void graphInput(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h,
            List<byte[]> edges)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<TopologyEdge, TopologyEdge> graph =
                new OneInputStreamOperatorTestHarness<>(
                        OutsideEventTime.operator((TopologyEdge e, long ts) -> e.seenAtMillis()))) {
            graph.open();
            graph.setProcessingTime(1);
            for (byte[] edge : edges) {
                graph.processElement(TopologyEdge.read(edge).orElseThrow(), T0.toEpochMilli());
            }
            graph.processWatermark(Long.MAX_VALUE); // its input ended
            for (Object o : new ArrayList<>(graph.getOutput())) {
                if (o instanceof StreamRecord<?> r) {
                    h.processBroadcastElement((TopologyEdge) r.getValue(), r.getTimestamp());
                } else if (o instanceof Watermark w) {
                    h.processBroadcastWatermark(w);
                } else if (o instanceof WatermarkStatus s) {
                    twoInputs(h).processWatermarkStatus2(s);
                }
            }
        }
    }

    /** The alerts input going idle (no alert for {@code eventTime.idleness}) or active again. */
    private static void alertsIdle(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h,
            boolean idle)
            throws Exception {
        twoInputs(h).processWatermarkStatus1(idle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
    }

    private static TwoInputStreamOperator<?, ?, ?> twoInputs(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h) {
        return (TwoInputStreamOperator<?, ?, ?>) h.getOperator();
    }

    /** The status of the one incident's latest document. */
    private static String status(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h)
            throws Exception {
        Map<String, JsonNode> latest = latest(h.extractOutputValues());
        assertThat(latest).hasSize(1);
        return latest.values().iterator().next().at("/vigil/incident/status").asText();
    }

    private static int keyedStateEntries(
            KeyedBroadcastOperatorTestHarness<String, AlertEvent, TopologyEdge, EsDocument> h) {
        return ((HeapKeyedStateBackend<?>)
                        ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend())
                .numKeyValueStateEntries();
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
