package io.vigil.cep.incidents.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cep.incidents.Incident;
import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.cep.incidents.ServiceGraph;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.testing.AlertFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The correlator's checkpointed form holds everything it remembers between alerts: open incidents,
 * the graph, and the information alerts kept as evidence for trouble still to come.
 */
class CorrelatorSerializerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aCorrelatorRememberingInformationSurvivesACheckpoint() {
        ServiceGraph graph = new ServiceGraph(Duration.ofHours(1).toMillis());
        graph.addEdge("payment", "database", T0.toEpochMilli());
        IncidentCorrelator correlator =
                new IncidentCorrelator(
                        new IncidentCorrelator.Settings(
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(2),
                                Duration.ofMinutes(15),
                                100,
                                1),
                        graph);
        // an information alert is remembered, not yet part of any incident
        assertThat(correlator.onAlert(AlertFixtures.newTemplate("database", "t1", T0))).isEmpty();

        IncidentCorrelator restored =
                CorrelatorSerializer.INSTANCE.copy(correlator); // encode, then decode

        AlertEvent trouble =
                AlertFixtures.anomaly("database", "db.query.duration", T0.plusSeconds(30));
        List<Incident> original = correlator.onAlert(trouble);
        List<Incident> afterRestore = restored.onAlert(trouble);
        assertThat(afterRestore).hasSize(1);
        assertThat(afterRestore.get(0).members())
                .as("the remembered information joins the incident after a restore too")
                .hasSameSizeAs(original.get(0).members())
                .hasSize(2);
    }
}
