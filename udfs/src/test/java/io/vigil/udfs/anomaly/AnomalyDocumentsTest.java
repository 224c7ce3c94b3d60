package io.vigil.udfs.anomaly;

import static io.vigil.udfs.testing.MetricFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.testing.MetricFixtures;
import io.vigil.udfs.testing.MetricFixtures.PreviousValueDetectors;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SeriesMonitor.Settings SETTINGS =
            new SeriesMonitor.Settings(0.5, Duration.ofMinutes(2), Duration.ofMinutes(1));
    private final AnomalyDocuments documents = new AnomalyDocuments("vigil");

    /** A checkout cpu monitor (previous-value detector, width 10) that has seen 10 at T0. */
    private static SeriesMonitor checkoutCpuSeenAtT0() {
        SeriesMonitor m =
                SeriesMonitor.of(
                        MetricFixtures.gauge("cpu", "checkout", 0, 0),
                        PreviousValueDetectors.WIDTH_10.create());
        m.observe(T0, 10, List.of(), SETTINGS);
        return m;
    }

    @Test
    void aRollupDocumentCarriesTheStatisticsAndTheBand() throws Exception {
        SeriesMonitor m = checkoutCpuSeenAtT0();
        m.observe(T0 + 30_000, 14, List.of(), SETTINGS);
        EsDocument doc = documents.rollup(m.closeRollup(T0 + 60_000, SETTINGS));

        assertThat(doc.index()).isEqualTo("vigil-metrics-2026.01.01");
        assertThat(doc.id()).hasSize(22);
        JsonNode d = JSON.readTree(doc.json());
        assertThat(d.get("@timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(d.at("/event/kind").asText()).isEqualTo("metric");
        assertThat(d.at("/event/end").asText()).isEqualTo("2026-01-01T00:01:00Z");
        assertThat(d.at("/service/name").asText()).isEqualTo("checkout");
        assertThat(d.at("/labels/service_name").asText()).isEqualTo("checkout");
        assertThat(d.at("/labels/host").asText()).isEqualTo("h1");
        assertThat(d.at("/vigil/series/key").asText())
                .isEqualTo("cpu{host=\"h1\",service.name=\"checkout\"}");
        assertThat(d.at("/vigil/rollup/count").asLong()).isEqualTo(2);
        assertThat(d.at("/vigil/rollup/avg").asDouble()).isEqualTo(12.0);
        assertThat(d.at("/vigil/rollup/min").asDouble()).isEqualTo(10.0);
        assertThat(d.at("/vigil/rollup/max").asDouble()).isEqualTo(14.0);
        // Only the second point had a band (the first was learning): expected 10 ± 10.
        assertThat(d.at("/vigil/anomaly/expected").asDouble()).isEqualTo(10.0);
        assertThat(d.at("/vigil/anomaly/lower").asDouble()).isEqualTo(0.0);
        assertThat(d.at("/vigil/anomaly/upper").asDouble()).isEqualTo(20.0);
        assertThat(d.at("/vigil/anomaly/alerting").asBoolean()).isFalse();
    }

    @Test
    void aRollupWithoutBandLeavesTheBandOut() throws Exception {
        SeriesMonitor m = checkoutCpuSeenAtT0();
        JsonNode d = JSON.readTree(documents.rollup(m.closeRollup(T0 + 60_000, SETTINGS)).json());
        assertThat(d.at("/vigil/anomaly").has("expected")).isFalse();
        assertThat(d.at("/vigil/anomaly/score").asDouble()).isZero();
    }

    @Test
    void anAlertIsAnEcsAlertWhoseResolutionOverwritesIt() throws Exception {
        SeriesMonitor m = checkoutCpuSeenAtT0();
        AlertEvent fired =
                m.observe(T0 + 30_000, 90, List.of("5b8efff798038103d269b633813fc60c"), SETTINGS)
                        .alert();
        AlertEvent resolved = m.expire(T0 + 600_000);

        EsDocument firing = documents.alert(fired);
        EsDocument done = documents.alert(resolved);
        assertThat(firing.index()).isEqualTo("vigil-anomalies-2026.01.01");
        assertThat(done.index()).isEqualTo(firing.index());
        assertThat(done.id()).isEqualTo(firing.id()).isEqualTo(fired.id());

        JsonNode d = JSON.readTree(firing.json());
        assertThat(d.get("@timestamp").asText()).isEqualTo("2026-01-01T00:00:30Z");
        assertThat(d.get("message").asText()).isEqualTo("cpu of checkout is anomalous: 90.00 ms");
        assertThat(d.at("/event/kind").asText()).isEqualTo("alert");
        assertThat(d.at("/event/severity").asInt()).isEqualTo(2);
        assertThat(d.at("/event/risk_score").asDouble()).isEqualTo(100.0);
        assertThat(d.at("/event/dataset").asText()).isEqualTo("vigil.anomaly");
        assertThat(d.at("/event").has("end")).isFalse();
        assertThat(d.at("/rule/name").asText()).isEqualTo("MetricAnomaly");
        assertThat(d.at("/service/name").asText()).isEqualTo("checkout");
        assertThat(d.at("/trace/id").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(d.at("/vigil/alert/state").asText()).isEqualTo("firing");
        assertThat(d.at("/vigil/alert/value").asDouble()).isEqualTo(90.0);
        assertThat(d.at("/vigil/alert/expected").asDouble()).isEqualTo(10.0);
        assertThat(d.at("/vigil/series/metric").asText()).isEqualTo("cpu");

        JsonNode r = JSON.readTree(done.json());
        assertThat(r.at("/vigil/alert/state").asText()).isEqualTo("resolved");
        assertThat(r.at("/event/end").asText()).isEqualTo("2026-01-01T00:00:30Z");
        assertThat(r.at("/event/duration").asLong()).isZero();
    }

    @Test
    void theIndexPrefixIsChecked() {
        assertThatThrownBy(() -> new AnomalyDocuments("Vigil"))
                .hasMessageStartingWith(
                        "index prefix 'Vigil' cannot start an Elasticsearch index name");
    }
}
