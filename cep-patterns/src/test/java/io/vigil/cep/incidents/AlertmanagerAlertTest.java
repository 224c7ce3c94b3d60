package io.vigil.cep.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.testing.AlertFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The member alerts of an incident ({@code alertmanager.sendMembers}), on the plain correlator. */
class AlertmanagerAlertTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IncidentCorrelator correlator =
            new IncidentCorrelator(
                    new IncidentCorrelator.Settings(
                            java.time.Duration.ofMinutes(5),
                            java.time.Duration.ofMinutes(5),
                            java.time.Duration.ofMinutes(15),
                            1_000,
                            1),
                    new ServiceGraph(3_600_000));

    @Test
    void eachMemberIsOneAlertLabelledWithItsIncident() throws Exception {
        AlertEvent latency = alert("database", "db.client.operation.duration", 0);
        AlertEvent errors = alert("database", "db.client.errors", 20);
        correlator.onAlert(latency);
        Incident incident = correlator.onAlert(errors).get(0);

        List<AlertmanagerAlert> members = AlertmanagerAlert.members(incident);

        assertThat(members)
                .extracting(AlertmanagerAlert::member)
                .containsExactly(latency.fingerprint(), errors.fingerprint());
        assertThat(members)
                .allMatch(a -> a.incidentId().equals(incident.id()) && !a.resolved())
                .extracting(AlertmanagerAlert::key)
                .doesNotHaveDuplicates()
                .doesNotContain(AlertmanagerAlert.of(incident, links()).key());
        JsonNode first = JSON.readTree(members.get(0).json());
        assertThat(first.get("labels").toString())
                .isEqualTo(
                        "{\"alertname\":\"MetricAnomaly\",\"severity\":\"warning\","
                                + "\"service\":\"database\",\"incident_id\":\""
                                + incident.id()
                                + "\",\"vigil_fingerprint\":\""
                                + latency.fingerprint()
                                + "\"}");
        assertThat(first.at("/annotations/summary").asText())
                .isEqualTo("db.client.operation.duration of database is anomalous");
        assertThat(first.at("/annotations/description").asText())
                .isEqualTo(
                        "latency on database since 2026-01-01T10:00:00Z; one of 2 alerts of"
                                + " incident "
                                + incident.id()
                                + ", which points at database first");
        assertThat(first.at("/startsAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(first.has("endsAt")).as("firing: endsAt is set when sent").isFalse();
        assertThat(first.has("generatorURL")).isFalse();
        // same name, severity, service and incident: Alertmanager tells them apart by fingerprint
        JsonNode second = JSON.readTree(members.get(1).json());
        assertThat(second.at("/labels/alertname").asText()).isEqualTo("MetricAnomaly");
        assertThat(second.at("/labels/vigil_fingerprint").asText()).isEqualTo(errors.fingerprint());
    }

    @Test
    void aMemberResolvesWhenItEndsAndFiresWhenItFiresAgain() throws Exception {
        AlertEvent db = alert("database", "db.client.operation.duration", 0);
        correlator.onAlert(db);
        correlator.onAlert(alert("database", "db.client.errors", 20));

        Incident incident =
                correlator.onAlert(AlertFixtures.resolved(db, T0.plusSeconds(90))).get(0);
        AlertmanagerAlert ended = AlertmanagerAlert.members(incident).get(0);
        assertThat(ended.resolved()).isTrue();
        assertThat(JSON.readTree(ended.json()).at("/endsAt").asText())
                .isEqualTo("2026-01-01T10:01:30Z");
        assertThat(AlertmanagerAlert.members(incident).get(1).resolved())
                .as("the other member still fires")
                .isFalse();
        assertThat(AlertmanagerAlert.of(incident, links()).resolved()).isFalse();

        incident =
                correlator.onAlert(alert("database", "db.client.operation.duration", 120)).get(0);
        AlertmanagerAlert again = AlertmanagerAlert.members(incident).get(0);
        assertThat(again.resolved()).isFalse();
        assertThat(again.key()).isEqualTo(ended.key());
        assertThat(JSON.readTree(again.json()).has("endsAt")).isFalse();
    }

    @Test
    void aMergedIncidentsMembersResolveThereAndFireInTheIncidentTheyJoined() throws Exception {
        correlator.onAlert(alert("database", "db.client.operation.duration", 0));
        AlertEvent payment = alert("payment", "http.server.request.duration", 30);
        correlator.onAlert(payment);
        assertThat(correlator.open()).hasSize(2);

        List<Incident> changed =
                correlator.onEdge("payment", "database", T0.plusSeconds(40).toEpochMilli());

        Incident merged = changed.get(0);
        Incident into = changed.get(1);
        assertThat(merged.status()).isEqualTo(Incident.Status.RESOLVED);
        List<AlertmanagerAlert> gone = AlertmanagerAlert.members(merged);
        assertThat(gone).hasSize(1).allMatch(AlertmanagerAlert::resolved);
        JsonNode goneJson = JSON.readTree(gone.get(0).json());
        assertThat(goneJson.at("/labels/incident_id").asText()).isEqualTo(merged.id());
        assertThat(goneJson.at("/endsAt").asText())
                .as("ends when its incident merged away")
                .isEqualTo(Instant.ofEpochMilli(merged.resolvedAtMillis()).toString());

        List<String> firingIn = new ArrayList<>();
        for (AlertmanagerAlert a : AlertmanagerAlert.members(into)) {
            assertThat(a.resolved()).isFalse();
            firingIn.add(JSON.readTree(a.json()).at("/labels/incident_id").asText());
        }
        assertThat(firingIn).containsExactly(into.id(), into.id());
        assertThat(AlertmanagerAlert.members(into))
                .extracting(AlertmanagerAlert::member)
                .contains(payment.fingerprint());
    }

    @Test
    void everyMemberResolvesWithItsIncident() throws Exception {
        AlertEvent db = alert("database", "db.client.operation.duration", 0);
        AlertEvent pay = alert("payment", "http.server.request.duration", 30);
        ServiceGraph graph = correlator.graph();
        graph.addEdge("payment", "database", T0.toEpochMilli());
        correlator.onAlert(db);
        correlator.onAlert(pay);
        correlator.onAlert(AlertFixtures.resolved(db, T0.plusSeconds(60)));
        correlator.onAlert(AlertFixtures.resolved(pay, T0.plusSeconds(90)));

        List<Incident> resolved = correlator.advance(T0.plusSeconds(90 + 300).toEpochMilli());

        assertThat(resolved).hasSize(1);
        List<String> ends = new ArrayList<>();
        for (AlertmanagerAlert a : AlertmanagerAlert.members(resolved.get(0))) {
            assertThat(a.resolved()).isTrue();
            ends.add(JSON.readTree(a.json()).at("/endsAt").asText());
        }
        assertThat(ends).containsExactly("2026-01-01T10:01:00Z", "2026-01-01T10:01:30Z");
    }

    @Test
    void theLinksOpenTheIncidentsDashboardOnTheRootCauseAndTheServiceOverviewOnAMember()
            throws Exception {
        AlertEvent latency = alert("database", "db.client.operation.duration", 0);
        correlator.onAlert(latency);
        Incident incident = correlator.onAlert(alert("database", "db.client.errors", 20)).get(0);
        AlertmanagerAlert.Links links =
                new AlertmanagerAlert.Links("http://kibana:5601", "http://jaeger:16686");

        JsonNode open = JSON.readTree(AlertmanagerAlert.of(incident, links).json());
        // open: from 15 min before the trouble to now
        String expected =
                "http://kibana:5601/app/dashboards#/view/vigil-dashboard-incidents"
                        + "?_g=(time:(from:'2026-01-01T09:45:00Z',to:now))"
                        + "&_a=(query:(language:kuery,query:'service.name:%22database%22'))";
        assertThat(open.at("/annotations/kibana").asText()).isEqualTo(expected);
        assertThat(open.at("/generatorURL").asText()).isEqualTo(expected);

        JsonNode member = JSON.readTree(AlertmanagerAlert.members(incident, links).get(0).json());
        assertThat(member.at("/annotations/kibana").asText())
                .isEqualTo(
                        "http://kibana:5601/app/dashboards#/view/vigil-dashboard-service-overview"
                                + "?_g=(time:(from:'2026-01-01T09:45:00Z',to:now))"
                                + "&_a=(query:(language:kuery,query:'service.name:%22database%22'))");
        assertThat(member.has("generatorURL")).isFalse();

        correlator.onAlert(AlertFixtures.resolved(latency, T0.plusSeconds(60)));
        correlator.onAlert(
                AlertFixtures.resolved(
                        alert("database", "db.client.errors", 20), T0.plusSeconds(90)));
        Incident resolved = correlator.advance(T0.plusSeconds(90 + 300).toEpochMilli()).get(0);
        JsonNode done = JSON.readTree(AlertmanagerAlert.of(resolved, links).json());
        // resolved: up to 15 min after its end
        assertThat(done.at("/annotations/kibana").asText())
                .contains(
                        "_g=(time:(from:'2026-01-01T09:45:00Z',to:'"
                                + Instant.ofEpochMilli(resolved.resolvedAtMillis()).plusSeconds(900)
                                + "'))");
    }

    private static AlertmanagerAlert.Links links() {
        return AlertmanagerAlert.Links.NONE;
    }

    private static AlertEvent alert(String service, String metric, long second) {
        return AlertFixtures.anomaly(service, metric, T0.plusSeconds(second));
    }
}
