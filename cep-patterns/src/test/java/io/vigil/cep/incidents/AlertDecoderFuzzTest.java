package io.vigil.cep.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.testing.AlertFixtures;
import io.vigil.udfs.testing.OtlpMutations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged and mistyped {@code vigil.alerts} messages (seeded): the decoder never throws, and every
 * message is either one alert or a dead letter with a reason that names the field. What it lets
 * through, however odd (times in the far future, an end before the start, NaN scores), the
 * correlator takes without throwing: one odd alert must not stop the incidents job.
 */
class AlertDecoderFuzzTest {

    private static final long SEED = 0x5EED1207L;
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final int MUTATIONS = 1_500;

    @Test
    void everyDamagedMessageIsOneAlertOrADeadLetterWithAReason() {
        Random random = new Random(SEED);
        List<byte[]> valid = validMessages();
        AlertDecoder decoder = new AlertDecoder();
        IncidentCorrelator correlator =
                new IncidentCorrelator(
                        IncidentCorrelator.Settings.DEFAULTS,
                        new ServiceGraph(Duration.ofHours(1).toMillis()));
        int accepted = 0;
        int rejected = 0;
        long now = T0.toEpochMilli();
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] original = valid.get(random.nextInt(valid.size()));
            byte[] input =
                    random.nextBoolean()
                            ? OtlpMutations.bytes(original, random)
                            : OtlpMutations.json(original, random);
            String shown = new String(input, StandardCharsets.UTF_8);
            DecodeResult<AlertEvent> result = decoder.decode(input);
            if (result.records().isEmpty()) {
                rejected++;
                assertThat(result.errors()).as("reason for %s", shown).hasSize(1);
                assertThat(result.errors().get(0))
                        .as("reason for %s", shown)
                        .isNotBlank()
                        .isNotEqualTo("null")
                        .startsWith("alert event");
            } else {
                accepted++;
                assertThat(result.records()).as(shown).hasSize(1);
                assertThat(result.errors()).as(shown).isEmpty();
                AlertEvent alert = result.records().get(0);
                // the correlator takes it, and event time moves on past it, without throwing
                correlator.onAlert(alert);
                now =
                        Math.max(
                                now,
                                Math.min(alert.observedAt().toEpochMilli(), Long.MAX_VALUE / 2));
                correlator.advance(now);
            }
        }
        // both outcomes are exercised: the mutations are neither all harmless nor all fatal
        assertThat(accepted).isGreaterThan(MUTATIONS / 20);
        assertThat(rejected).isGreaterThan(MUTATIONS / 2);
    }

    @Test
    void hostileWholeMessagesAreDeadLettersWithAReason() {
        AlertDecoder decoder = new AlertDecoder();
        List<byte[]> inputs = new ArrayList<>();
        for (String s :
                List.of(
                        "",
                        "null",
                        "[]",
                        "\"alert\"",
                        "42",
                        "{}",
                        "[".repeat(100_000),
                        "{\"schema\":1e999}",
                        "{\"schema\":\"1\"}",
                        "{\"schema\":99999999999999999999999}")) {
            inputs.add(s.getBytes(StandardCharsets.UTF_8));
        }
        inputs.add(null);
        for (byte[] input : inputs) {
            DecodeResult<AlertEvent> result = decoder.decode(input);
            String shown =
                    input == null ? "null payload" : new String(input, StandardCharsets.UTF_8);
            assertThat(result.records()).as(shown).isEmpty();
            assertThat(result.errors()).as(shown).hasSize(1);
            assertThat(result.errors().get(0)).as(shown).isNotBlank();
        }
    }

    @Test
    void timesBeyondWhatAnInstantHoldsAreNamed() {
        String valid =
                new String(
                        AlertJson.write(AlertFixtures.anomaly("checkout", "m", T0)),
                        StandardCharsets.UTF_8);
        for (String time :
                List.of(
                        "+1000000000-01-01T00:00:00Z",
                        "2263-01-01T00:00:00Z",
                        "1969-12-31T23:59:59Z",
                        "2026-13-01T00:00:00Z",
                        "tomorrow")) {
            String json = valid.replace(T0.toString(), time);
            DecodeResult<AlertEvent> result =
                    new AlertDecoder().decode(json.getBytes(StandardCharsets.UTF_8));
            assertThat(result.records()).as(time).isEmpty();
            assertThat(result.errors()).singleElement().asString().contains("startsAt", time);
        }
    }

    /** Alerts of every kind the jobs write: anomalies firing and resolved, templates, deploys. */
    private static List<byte[]> validMessages() {
        List<byte[]> out = new ArrayList<>();
        for (AlertEvent a : AlertFixtures.cascade(T0)) {
            out.add(AlertJson.write(a));
            out.add(AlertJson.write(AlertFixtures.resolved(a, T0.plusSeconds(600))));
        }
        out.add(AlertJson.write(AlertFixtures.newTemplate("checkout", "t-1", T0)));
        out.add(
                AlertJson.write(
                        io.vigil.udfs.deploys.Versions.deployed(
                                "checkout", "2.4.0", "2.5.0", "i-2", T0.toEpochMilli())));
        return out;
    }
}
