package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentScriptTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(longs = {20, 60, 300, 900, 7200})
    void standardScriptFitsTheRunWithoutOverlaps(long seconds) {
        Duration duration = Duration.ofSeconds(seconds);
        List<Incident> script = IncidentScript.standard(START, duration);

        assertThat(script)
                .extracting(Incident::kind)
                .containsExactly(
                        IncidentKind.LATENCY_REGRESSION,
                        IncidentKind.ERROR_BURST,
                        IncidentKind.CPU_SATURATION,
                        IncidentKind.DISK_FILLING,
                        IncidentKind.DEPLOY_ERRORS);
        assertThat(script)
                .extracting(Incident::service)
                .containsExactly("payment", "checkout", "payment", "database", "checkout");
        Instant quietUntil = START.plus(duration.multipliedBy(15).dividedBy(100));
        Instant end = START.plus(duration);
        for (int i = 0; i < script.size(); i++) {
            Incident incident = script.get(i);
            assertThat(incident.start()).isAfterOrEqualTo(quietUntil);
            assertThat(incident.end()).isBefore(end);
            assertThat(Duration.between(incident.start(), incident.end()))
                    .isGreaterThanOrEqualTo(
                            Duration.ofMillis((long) (duration.toMillis() * 0.8 / 5 * 0.6) - 1));
            if (i > 0) {
                Incident previous = script.get(i - 1);
                assertThat(previous.overlaps(incident)).isFalse();
                // Quiet gap between incidents: 40 % of a slot.
                assertThat(Duration.between(previous.end(), incident.start()))
                        .isGreaterThanOrEqualTo(
                                Duration.ofMillis(
                                        (long) (duration.toMillis() * 0.8 / 5 * 0.4) - 1));
            }
        }
        IncidentScript.validate(script, START, duration);
    }

    @Test
    void fifteenMinuteDemoScript() {
        List<Incident> script = IncidentScript.standard(START, Duration.ofMinutes(15));
        assertThat(script.get(0).start()).isEqualTo(Instant.parse("2025-01-01T00:02:43.800Z"));
        assertThat(script.get(0).end()).isEqualTo(Instant.parse("2025-01-01T00:04:10.200Z"));
        assertThat(script.get(4).end()).isEqualTo(Instant.parse("2025-01-01T00:13:46.200Z"));
    }

    @Test
    void theDemosScriptLeavesEachFaultTimeToResolveBeforeTheNext() {
        // two simulated hours, each fault active for a fifth of its slot: the quiet between two
        // faults (15.4 min) is longer than an anomaly alert and then its incident take to resolve
        List<Incident> script = IncidentScript.standard(START, Duration.ofHours(2), 20);
        assertThat(script.get(0).start()).isEqualTo(Instant.parse("2025-01-01T00:25:40.800Z"));
        assertThat(script.get(0).end()).isEqualTo(Instant.parse("2025-01-01T00:29:31.200Z"));
        for (int i = 1; i < script.size(); i++) {
            assertThat(Duration.between(script.get(i - 1).end(), script.get(i).start()))
                    .isEqualTo(Duration.ofMillis(921_600));
        }
        IncidentScript.validate(script, START, Duration.ofHours(2));
    }

    @Test
    void anActiveShareOutsideTenToAHundredPercentIsRejected() {
        assertThatThrownBy(() -> IncidentScript.standard(START, Duration.ofHours(2), 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activePercent must be in [10, 100], was 5");
    }

    @Test
    void tooShortRunsAreRejected() {
        assertThatThrownBy(() -> IncidentScript.standard(START, Duration.ofSeconds(19)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 20 s");
    }

    @Test
    void validateRejectsIncidentsOutsideTheRun() {
        Incident late =
                new Incident(
                        "payment",
                        IncidentKind.ERROR_BURST,
                        START.plusSeconds(50),
                        START.plusSeconds(70),
                        "late");
        assertThatThrownBy(
                        () -> IncidentScript.validate(List.of(late), START, Duration.ofMinutes(1)))
                .hasMessageContaining("outside the run");
    }

    @Test
    void incidentsNeedAnEndAfterTheStart() {
        assertThatThrownBy(
                        () ->
                                new Incident(
                                        "payment", IncidentKind.ERROR_BURST, START, START, "empty"))
                .hasMessageContaining("must be after start");
    }

    @Test
    void groundTruthRecordHasTheAgreedFieldsInOrder() {
        Incident incident =
                new Incident(
                        "checkout",
                        IncidentKind.DEPLOY_ERRORS,
                        START,
                        START.plusSeconds(90),
                        "bad deploy");
        assertThat(GroundTruth.json(incident))
                .isEqualTo(
                        "{\"service\":\"checkout\",\"kind\":\"deploy_errors\","
                                + "\"start\":\"2025-01-01T00:00:00Z\",\"end\":\"2025-01-01T00:01:30Z\","
                                + "\"description\":\"bad deploy\"}");
        assertThat(incident.progressAt(START.plusSeconds(45))).isEqualTo(0.5);
        assertThat(IncidentKind.fromWireName("deploy_errors"))
                .isEqualTo(IncidentKind.DEPLOY_ERRORS);
    }
}
