package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.local.IncidentScoring.Fault;
import io.vigil.local.IncidentScoring.Opened;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentScoringTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void theEarliestIncidentInTheWindowIsTheFaultsAndRanksCount() {
        List<Fault> faults =
                List.of(
                        new Fault("payment", T, T.plusSeconds(120)),
                        new Fault("database", T.plusSeconds(3600), T.plusSeconds(3700)),
                        new Fault("cache", T.plusSeconds(7200), T.plusSeconds(7260)));
        List<Opened> incidents =
                List.of(
                        new Opened("b", T.plusSeconds(40), List.of("payment"), ""),
                        new Opened("a", T.minusSeconds(59), List.of("checkout", "payment"), ""),
                        new Opened("c", T.plusSeconds(3700 + 300), List.of("db2", "database"), ""),
                        new Opened("d", T.plusSeconds(5000), List.of("x"), ""),
                        new Opened("e", T.minusSeconds(61), List.of("y"), ""));

        IncidentScoring.Report report = IncidentScoring.score(faults, incidents);

        assertThat(report.outcomes().get(0).incident().orElseThrow().id())
                .as("59 s before the start is inside, and earlier than b")
                .isEqualTo("a");
        assertThat(report.outcomes().get(0).rank()).isEqualTo(2);
        assertThat(report.outcomes().get(0).timeToDetect()).contains(Duration.ofSeconds(-59));
        assertThat(report.outcomes().get(1).incident().orElseThrow().id())
                .as("end + 5 min exactly is inside")
                .isEqualTo("c");
        assertThat(report.outcomes().get(1).rank()).isEqualTo(2);
        assertThat(report.outcomes().get(2).incident()).isEmpty();
        assertThat(report.outcomes().get(2).rank()).isZero();
        assertThat(report.detected()).isEqualTo(2);
        assertThat(report.within(1)).isZero();
        assertThat(report.within(3)).isEqualTo(2);
        assertThat(report.falseIncidents()).extracting(Opened::id).containsExactly("e", "d");
    }
}
