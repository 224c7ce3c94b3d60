package io.vigil.udfs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.testing.AlertFixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertEventTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void withAnnotationAddsOneAnnotationAndTheObservationTimeAndKeepsTheRest() {
        AlertEvent resolved =
                AlertFixtures.resolved(
                        AlertFixtures.anomaly("checkout", "latency", T0), T0.plusSeconds(30));
        Instant later = T0.plusSeconds(90);

        AlertEvent marked = resolved.withAnnotation("vigil.note", "hello", later);

        assertThat(marked.annotations())
                .containsAllEntriesOf(resolved.annotations())
                .containsEntry("vigil.note", "hello")
                .hasSize(resolved.annotations().size() + 1);
        assertThat(marked.observedAt()).isEqualTo(later);
        assertThat(marked)
                .usingRecursiveComparison()
                .ignoringFields("annotations", "observedAt")
                .isEqualTo(resolved);
        assertThat(resolved.annotations()).doesNotContainKey("vigil.note");
    }

    @Test
    void withAnnotationReplacesAnAnnotationOfTheSameKey() {
        AlertEvent firing = AlertFixtures.anomaly("checkout", "latency", T0);

        AlertEvent marked = firing.withAnnotation("summary", "replaced", firing.observedAt());

        assertThat(marked.annotations()).containsEntry("summary", "replaced");
        assertThat(marked.annotations()).hasSameSizeAs(firing.annotations());
        assertThat(marked.state()).isEqualTo(AlertState.FIRING);
        assertThat(marked.endsAt()).isNull();
    }
}
