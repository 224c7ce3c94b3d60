package io.vigil.udfs.forecast;

import static io.vigil.udfs.forecast.ForecastFixtures.DISK;
import static io.vigil.udfs.forecast.ForecastFixtures.REQUESTS;
import static io.vigil.udfs.forecast.ForecastFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.ecs.EsDocument;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR = 3_600_000L;
    private static final long WEEK = 7 * 24 * HOUR;

    private final ForecastDocuments documents = new ForecastDocuments("vigil");

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aForecastDocumentIsTimedAtItsTargetWithTheSeriesIdentity() throws Exception {
        ForecastPoint p =
                new ForecastPoint(
                        DISK, T0, 6 * HOUR, 0.71, 0.66, 0.76, Trend.INCREASING, 24 * HOUR);

        EsDocument doc = documents.forecast(p);

        assertThat(doc.index()).isEqualTo("vigil-forecasts-2026.01.01");
        assertThat(doc.id()).hasSize(22);
        JsonNode d = JSON.readTree(doc.json());
        assertThat(fieldNames(d))
                .containsExactly("@timestamp", "ecs", "event", "host", "labels", "vigil");
        assertThat(d.get("@timestamp").asText()).isEqualTo("2026-01-01T06:00:00.000Z");
        assertThat(d.at("/ecs/version").asText()).isNotEmpty();
        assertThat(d.at("/event/kind").asText()).isEqualTo("metric");
        assertThat(d.at("/event/module").asText()).isEqualTo("vigil");
        assertThat(d.at("/event/dataset").asText()).isEqualTo("vigil.forecast");
        assertThat(d.at("/host/name").asText()).isEqualTo("db");
        assertThat(d.at("/labels/host_name").asText()).isEqualTo("db");
        assertThat(d.at("/labels/system_filesystem_mountpoint").asText()).isEqualTo("/data");
        assertThat(d.at("/vigil/series/key").asText()).isEqualTo(DISK.key());
        assertThat(d.at("/vigil/series/metric").asText())
                .isEqualTo("system.filesystem.utilization");
        assertThat(d.at("/vigil/series/unit").asText()).isEqualTo("1");
        JsonNode f = d.at("/vigil/forecast");
        assertThat(fieldNames(f))
                .containsExactly(
                        "type",
                        "origin",
                        "horizon_ms",
                        "season_ms",
                        "value",
                        "lower",
                        "upper",
                        "trend");
        assertThat(f.get("type").asText()).isEqualTo("forecast");
        assertThat(f.get("origin").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(f.get("horizon_ms").asLong()).isEqualTo(6 * HOUR);
        assertThat(f.get("season_ms").asLong()).isEqualTo(24 * HOUR);
        assertThat(f.get("value").asDouble()).isEqualTo(0.71);
        assertThat(f.get("lower").asDouble()).isEqualTo(0.66);
        assertThat(f.get("upper").asDouble()).isEqualTo(0.76);
        assertThat(f.get("trend").asText()).isEqualTo("increasing");
    }

    @Test
    void aServiceSeriesWritesItsServiceAndATargetOnAnotherDayGoesToThatDaysIndex()
            throws Exception {
        ForecastPoint p =
                new ForecastPoint(REQUESTS, T0 + 20 * HOUR, 24 * HOUR, 12, 8, 16, Trend.STABLE, 0);

        EsDocument doc = documents.forecast(p);

        assertThat(doc.index()).isEqualTo("vigil-forecasts-2026.01.02");
        JsonNode d = JSON.readTree(doc.json());
        assertThat(d.at("/service/name").asText()).isEqualTo("checkout");
        assertThat(d.at("/labels/service_name").asText()).isEqualTo("checkout");
        assertThat(d.at("/vigil/forecast/trend").asText()).isEqualTo("stable");
        assertThat(d.at("/vigil/forecast/season_ms").asLong()).isZero();
    }

    @Test
    void idsDifferByOriginHorizonKindAndSeriesAndRepeatForTheSameForecast() {
        ForecastPoint p = new ForecastPoint(DISK, T0, HOUR, 0.7, 0.6, 0.8, Trend.STABLE, 0);
        String id = documents.forecast(p).id();
        assertThat(documents.forecast(p).id()).as("a replay overwrites").isEqualTo(id);
        assertThat(
                        List.of(
                                documents
                                        .forecast(
                                                new ForecastPoint(
                                                        DISK,
                                                        T0 + 300_000,
                                                        HOUR,
                                                        0.7,
                                                        0.6,
                                                        0.8,
                                                        Trend.STABLE,
                                                        0))
                                        .id(),
                                documents
                                        .forecast(
                                                new ForecastPoint(
                                                        DISK,
                                                        T0,
                                                        6 * HOUR,
                                                        0.7,
                                                        0.6,
                                                        0.8,
                                                        Trend.STABLE,
                                                        0))
                                        .id(),
                                documents
                                        .forecast(
                                                new ForecastPoint(
                                                        REQUESTS,
                                                        T0,
                                                        HOUR,
                                                        0.7,
                                                        0.6,
                                                        0.8,
                                                        Trend.STABLE,
                                                        0))
                                        .id(),
                                documents.capacity(capacity(breachIn(HOUR, HOUR))).id()))
                .doesNotContain(id)
                .doesNotHaveDuplicates();
    }

    /** An outlook over {@code horizon} whose forecast reaches 0.9 after {@code toBreach}. */
    private static CapacityOutlook breachIn(long toBreach, long horizon) {
        return new CapacityOutlook(
                0.8,
                0.9,
                horizon,
                toBreach,
                0.95,
                0.92,
                0.98,
                0.84,
                Trend.INCREASING,
                RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED);
    }

    private static CapacityPoint capacity(CapacityOutlook o) {
        return new CapacityPoint(DISK, T0, 0, o, CapacityLimits.Basis.UTILIZATION);
    }

    @Test
    void aCapacityDocumentIsTimedAtItsOriginWithTheOutlookAndWhenTheBreachIsDue() throws Exception {
        EsDocument doc = documents.capacity(capacity(breachIn(2 * HOUR + 300_000, WEEK)));

        assertThat(doc.index()).isEqualTo("vigil-forecasts-2026.01.01");
        JsonNode d = JSON.readTree(doc.json());
        assertThat(fieldNames(d))
                .containsExactly(
                        "@timestamp", "ecs", "message", "event", "host", "labels", "vigil");
        assertThat(d.get("@timestamp").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(d.get("message").asText())
                .isEqualTo(
                        "system.filesystem.utilization on host db: immediate_scale_up_required,"
                                + " reaches 0.9 in 2h5m (now 0.8)");
        assertThat(d.at("/event/dataset").asText()).isEqualTo("vigil.capacity");
        assertThat(d.at("/vigil/series/key").asText()).isEqualTo(DISK.key());
        JsonNode f = d.at("/vigil/forecast");
        assertThat(fieldNames(f)).containsExactly("type", "origin", "horizon_ms", "season_ms");
        assertThat(f.get("type").asText()).isEqualTo("capacity");
        assertThat(f.get("origin").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(f.get("horizon_ms").asLong()).isEqualTo(WEEK);
        JsonNode c = d.at("/vigil/capacity");
        assertThat(fieldNames(c))
                .containsExactly(
                        "threshold",
                        "current",
                        "horizon_ms",
                        "time_to_breach_ms",
                        "breach_at",
                        "predicted",
                        "lower",
                        "upper",
                        "confidence",
                        "trend",
                        "recommended_action",
                        "basis");
        assertThat(c.get("threshold").asDouble()).isEqualTo(0.9);
        assertThat(c.get("current").asDouble()).isEqualTo(0.8);
        assertThat(c.get("horizon_ms").asLong()).isEqualTo(WEEK);
        assertThat(c.get("time_to_breach_ms").asLong()).isEqualTo(2 * HOUR + 300_000);
        assertThat(c.get("breach_at").asText()).isEqualTo("2026-01-01T02:05:00.000Z");
        assertThat(c.get("predicted").asDouble()).isEqualTo(0.95);
        assertThat(c.get("lower").asDouble()).isEqualTo(0.92);
        assertThat(c.get("upper").asDouble()).isEqualTo(0.98);
        assertThat(c.get("confidence").asDouble()).isEqualTo(0.84);
        assertThat(c.get("trend").asText()).isEqualTo("increasing");
        assertThat(c.get("recommended_action").asText()).isEqualTo("immediate_scale_up_required");
        assertThat(c.get("basis").asText()).isEqualTo("utilization");
    }

    @Test
    void withoutABreachTheTimeToBreachIsLeftOutAndTheMessageSaysSo() throws Exception {
        CapacityOutlook calm =
                new CapacityOutlook(
                        0.3,
                        0.9,
                        WEEK,
                        -1,
                        0.31,
                        0.25,
                        0.37,
                        0.001,
                        Trend.STABLE,
                        RecommendedAction.CONSIDER_SCALE_DOWN);
        JsonNode d =
                JSON.readTree(
                        documents
                                .capacity(
                                        new CapacityPoint(
                                                DISK, T0, 0, calm, CapacityLimits.Basis.CONFIGURED))
                                .json());

        assertThat(d.at("/vigil/capacity").has("time_to_breach_ms")).isFalse();
        assertThat(d.at("/vigil/capacity").has("breach_at")).isFalse();
        assertThat(d.at("/vigil/capacity/recommended_action").asText())
                .isEqualTo("consider_scale_down");
        assertThat(d.at("/vigil/capacity/basis").asText()).isEqualTo("configured");
        assertThat(d.get("message").asText())
                .isEqualTo(
                        "system.filesystem.utilization on host db: consider_scale_down, not"
                                + " expected to reach 0.9 within 7d (now 0.3, confidence 0%)");
    }

    @Test
    void atTheLimitAlreadyTheBreachIsNow() throws Exception {
        JsonNode d = JSON.readTree(documents.capacity(capacity(breachIn(0, WEEK))).json());
        assertThat(d.at("/vigil/capacity/time_to_breach_ms").asLong()).isZero();
        assertThat(d.at("/vigil/capacity/breach_at").asText())
                .isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(d.get("message").asText()).endsWith("reaches 0.9 now (now 0.8)");
    }

    @Test
    void durationsAndNumbersForPeople() {
        assertThat(ForecastText.duration(0)).isEqualTo("0m");
        assertThat(ForecastText.duration(42 * 60_000L)).isEqualTo("42m");
        assertThat(ForecastText.duration(HOUR + 5 * 60_000L)).isEqualTo("1h5m");
        assertThat(ForecastText.duration(2 * 24 * HOUR + 3 * HOUR + 7 * 60_000L)).isEqualTo("2d3h");
        assertThat(ForecastText.duration(WEEK)).isEqualTo("7d");
        assertThat(ForecastText.number(0.9)).isEqualTo("0.9");
        assertThat(ForecastText.number(0.81234)).isEqualTo("0.8123");
        assertThat(ForecastText.number(412)).isEqualTo("412");
        assertThat(ForecastText.percent(0.6915)).isEqualTo("69%");
    }
}
