package io.vigil.udfs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static final Instant START = Instant.parse("2026-01-01T00:42:00Z");

    static AlertEvent firing() {
        TreeMap<String, String> labels =
                new TreeMap<>(
                        Map.of(
                                "alertname", "MetricAnomaly",
                                "severity", "warning",
                                "source", "anomaly",
                                "service", "checkout"));
        String fingerprint = AlertEvent.fingerprintOf(labels);
        return new AlertEvent(
                AlertEvent.idOf(fingerprint, START),
                fingerprint,
                labels,
                new TreeMap<>(Map.of("summary", "s", "description", "d")),
                AlertSource.ANOMALY,
                Severity.WARNING,
                AlertState.FIRING,
                START,
                null,
                START,
                new AlertEvent.Series(
                        "lat{service.name=\"checkout\"}",
                        "lat",
                        "ms",
                        new TreeMap<>(Map.of("service.name", "checkout"))),
                412.0,
                101.5,
                84.0,
                118.0,
                0.973,
                List.of("5b8efff798038103d269b633813fc60c"));
    }

    @Test
    void roundTripsFiringAndResolved() {
        AlertEvent fired = firing();
        assertThat(AlertJson.read(AlertJson.write(fired))).isEqualTo(fired);
        AlertEvent resolved =
                fired.resolve(
                        START.plusSeconds(300),
                        START.plusSeconds(600),
                        100,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0.1);
        AlertEvent back = AlertJson.read(AlertJson.write(resolved));
        assertThat(back.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(back.endsAt()).isEqualTo(START.plusSeconds(300));
        assertThat(back.expected()).isNaN();
        assertThat(back.id()).isEqualTo(fired.id());
    }

    @Test
    void theWireFormIsTheDocumentedOne() throws Exception {
        JsonNode json = new ObjectMapper().readTree(AlertJson.write(firing()));
        assertThat(json.get("schema").asInt()).isEqualTo(1);
        assertThat(json.get("source").asText()).isEqualTo("anomaly");
        assertThat(json.get("state").asText()).isEqualTo("firing");
        assertThat(json.get("startsAt").asText()).isEqualTo("2026-01-01T00:42:00Z");
        assertThat(json.has("endsAt")).as("no endsAt while firing").isFalse();
        assertThat(json.at("/labels/alertname").asText()).isEqualTo("MetricAnomaly");
        assertThat(json.at("/series/unit").asText()).isEqualTo("ms");
        assertThat(json.get("score").asDouble()).isEqualTo(0.973);
        assertThat(json.get("fingerprint").asText()).hasSize(22);
    }

    @Test
    void fingerprintsDependOnLabelsOnlyAndIdsOnTheStartToo() {
        AlertEvent a = firing();
        assertThat(AlertEvent.fingerprintOf(new TreeMap<>(a.labels()))).isEqualTo(a.fingerprint());
        TreeMap<String, String> other = new TreeMap<>(a.labels());
        other.put("service", "payment");
        assertThat(AlertEvent.fingerprintOf(other)).isNotEqualTo(a.fingerprint());
        assertThat(AlertEvent.idOf(a.fingerprint(), START.plusMillis(1))).isNotEqualTo(a.id());
    }

    @Test
    void badEventsNameTheField() {
        String good = new String(AlertJson.write(firing()), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> read(good.replace("\"source\":\"anomaly\"", "\"source\":\"x\"")))
                .hasMessageStartingWith("alert event is invalid: unknown alert source 'x'")
                .hasMessageContaining(
                        "expected one of anomaly, rule, slo_burn_rate, forecast, log_template,"
                                + " deploy");
        assertThatThrownBy(
                        () ->
                                read(
                                        good.replace(
                                                "\"startsAt\":\"2026-01-01T00:42:00Z\"",
                                                "\"startsAt\":\"yesterday\"")))
                .hasMessageStartingWith("alert event field 'startsAt' must be an ISO-8601");
        assertThatThrownBy(() -> read(good.replace("\"id\":", "\"xid\":")))
                .hasMessageStartingWith("alert event field 'id' must be a non-empty string");
        assertThatThrownBy(() -> read(good.replace("\"schema\":1", "\"schema\":2")))
                .hasMessageStartingWith("alert event schema 2 is not supported");
        assertThatThrownBy(() -> read("[1]")).hasMessage("alert event must be a JSON object");
        assertThatThrownBy(() -> read("{")).hasMessageStartingWith("alert event is not JSON");
        assertThatThrownBy(
                        () -> read(good.replace("\"state\":\"firing\"", "\"state\":\"resolved\"")))
                .hasMessageStartingWith("alert event is invalid: a resolved alert needs endsAt");
    }

    private static AlertEvent read(String json) {
        return AlertJson.read(json.getBytes(StandardCharsets.UTF_8));
    }
}
