package io.vigil.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.local.Incident;
import io.vigil.local.IncidentKind;
import io.vigil.local.IncidentScript;
import io.vigil.local.ResourceExhaustion;
import io.vigil.local.TelemetryGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil demo}'s faults: the standard script's windows, the database's disk filling slowly
 * from 10 % into the span, and when that disk crosses 0.9 by the model.
 */
class DemoScriptTest {

    private static final Instant LIVE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofMinutes(120);

    @Test
    void everyWindowIsTheStandardScriptsAndOnlyTheDiskBuildsUpEarlier() {
        List<Incident> standard =
                IncidentScript.standard(LIVE, SPAN, DemoCommand.DEMO_ACTIVE_PERCENT);
        List<Incident> demo = DemoCommand.script(LIVE, SPAN);
        assertThat(demo).hasSameSizeAs(standard);
        for (int i = 0; i < demo.size(); i++) {
            Incident d = demo.get(i);
            Incident s = standard.get(i);
            if (d.kind() == IncidentKind.DISK_FILLING) {
                assertThat(d).isEqualTo(s.withOnset(d.onset()));
                assertThat(d.onset()).isEqualTo(Instant.parse("2025-01-01T00:12:00Z"));
            } else {
                assertThat(d).isEqualTo(s);
                assertThat(d.onset()).isEqualTo(d.start());
            }
        }
        IncidentScript.validate(demo, LIVE, SPAN);
    }

    @Test
    void theDemosDiskCrossesTheLimitLongAfterItStartsFillingAndBeforeWritesFail() {
        Incident disk = DemoCommand.script(LIVE, SPAN).get(3);
        assertThat(disk.start()).isEqualTo(Instant.parse("2025-01-01T01:23:16.800Z"));
        assertThat(disk.end()).isEqualTo(Instant.parse("2025-01-01T01:27:07.200Z"));
        ResourceExhaustion fill = ResourceExhaustion.of(disk).orElseThrow();
        assertThat(fill.metric()).isEqualTo("system.filesystem.utilization");
        // from the model: base 0.55, 0.985 at the end, along (build-up)^1.2 from the onset
        double share = Math.pow((0.9 - 0.55) / (0.985 - 0.55), 1 / 1.2);
        long fillMillis = Duration.between(disk.onset(), disk.end()).toMillis();
        Instant breach = fill.at(0.9);
        assertThat(breach)
                .isEqualTo(disk.onset().plusMillis((long) (share * fillMillis)))
                .isEqualTo(Instant.parse("2025-01-01T01:14:40.299Z"));
        Instant writesFail = disk.atProgress(TelemetryGenerator.DISK_WRITES_FAIL_FROM);
        assertThat(writesFail).isEqualTo(Instant.parse("2025-01-01T01:26:21.120Z"));
        // an hour of climb visible before the crossing, which comes before the writes fail
        assertThat(Duration.between(disk.onset(), breach)).isGreaterThan(Duration.ofMinutes(60));
        assertThat(breach).isBefore(writesFail);
    }
}
