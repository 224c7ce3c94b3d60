package io.vigil.udfs.alerts;

import static io.vigil.udfs.alerts.AlertLifecycle.Phase.FIRING;
import static io.vigil.udfs.alerts.AlertLifecycle.Phase.INACTIVE;
import static io.vigil.udfs.alerts.AlertLifecycle.Phase.PENDING;
import static io.vigil.udfs.alerts.AlertLifecycle.Phase.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pending, {@code for} and resolve-after, with event times in seconds after {@link #T0}. */
class AlertLifecycleTest {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final AlertLifecycle.Rule FOR_1M_RESOLVE_2M =
            new AlertLifecycle.Rule(Duration.ofMinutes(1), Duration.ofMinutes(2));

    private static long at(long seconds) {
        return T0 + seconds * 1000;
    }

    @Test
    void pendingUntilTheConditionHeldForTheForDurationThenFiring() {
        AlertLifecycle l = new AlertLifecycle();
        assertThat(l.phase()).isEqualTo(INACTIVE);
        assertThat(l.observe(at(0), false, FOR_1M_RESOLVE_2M)).isEqualTo(INACTIVE);
        assertThat(l.observe(at(30), true, FOR_1M_RESOLVE_2M)).isEqualTo(PENDING);
        assertThat(l.activeSinceMillis()).isEqualTo(at(30));
        assertThat(l.observe(at(60), true, FOR_1M_RESOLVE_2M)).isEqualTo(PENDING);
        assertThat(l.observe(at(89), true, FOR_1M_RESOLVE_2M)).isEqualTo(PENDING);
        assertThat(l.observe(at(90), true, FOR_1M_RESOLVE_2M))
                .as("held for exactly 60 s")
                .isEqualTo(FIRING);
        assertThat(l.activeSinceMillis()).isEqualTo(at(30));
        assertThat(l.quietSinceMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aPendingAlertThatClearsIsInactiveAndStartsOver() {
        AlertLifecycle l = new AlertLifecycle();
        assertThat(l.observe(at(0), true, FOR_1M_RESOLVE_2M)).isEqualTo(PENDING);
        assertThat(l.observe(at(50), false, FOR_1M_RESOLVE_2M)).isEqualTo(INACTIVE);
        assertThat(l.activeSinceMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(l.observe(at(70), true, FOR_1M_RESOLVE_2M)).isEqualTo(PENDING);
        assertThat(l.observe(at(120), true, FOR_1M_RESOLVE_2M))
                .as("only 50 s since it became pending again")
                .isEqualTo(PENDING);
        assertThat(l.observe(at(130), true, FOR_1M_RESOLVE_2M)).isEqualTo(FIRING);
    }

    @Test
    void firingKeepsFiringUntilQuietForResolveAfterThenResolvedOnce() {
        AlertLifecycle l = new AlertLifecycle();
        l.observe(at(0), true, FOR_1M_RESOLVE_2M);
        assertThat(l.observe(at(60), true, FOR_1M_RESOLVE_2M)).isEqualTo(FIRING);
        assertThat(l.observe(at(90), false, FOR_1M_RESOLVE_2M)).isEqualTo(FIRING);
        assertThat(l.quietSinceMillis()).isEqualTo(at(90));
        assertThat(l.observe(at(120), true, FOR_1M_RESOLVE_2M))
                .as("the condition again: the wait starts over")
                .isEqualTo(FIRING);
        assertThat(l.quietSinceMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(l.observe(at(150), false, FOR_1M_RESOLVE_2M)).isEqualTo(FIRING);
        assertThat(l.observe(at(269), false, FOR_1M_RESOLVE_2M)).isEqualTo(FIRING);
        assertThat(l.observe(at(270), false, FOR_1M_RESOLVE_2M)).isEqualTo(RESOLVED);
        assertThat(l.quietSinceMillis()).as("the alert's end").isEqualTo(at(150));
        assertThat(l.observe(at(300), false, FOR_1M_RESOLVE_2M)).isEqualTo(INACTIVE);
        assertThat(l.quietSinceMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aResolvedAlertCanStartANewEpisode() {
        AlertLifecycle l = new AlertLifecycle();
        AlertLifecycle.Rule rule = new AlertLifecycle.Rule(Duration.ofSeconds(30), Duration.ZERO);
        assertThat(l.observe(at(0), true, rule)).isEqualTo(PENDING);
        assertThat(l.observe(at(30), true, rule)).isEqualTo(FIRING);
        assertThat(l.observe(at(40), false, rule))
                .as("resolveAfter zero: resolved at the first quiet observation")
                .isEqualTo(RESOLVED);
        assertThat(l.observe(at(50), true, rule)).isEqualTo(PENDING);
        assertThat(l.activeSinceMillis()).isEqualTo(at(50));
    }

    @Test
    void forZeroFiresAtTheFirstObservationWithoutPending() {
        AlertLifecycle l = new AlertLifecycle();
        AlertLifecycle.Rule rule = new AlertLifecycle.Rule(Duration.ZERO, Duration.ofMinutes(2));
        assertThat(l.observe(at(0), false, rule)).isEqualTo(INACTIVE);
        assertThat(l.observe(at(10), true, rule)).isEqualTo(FIRING);
        assertThat(l.activeSinceMillis()).isEqualTo(at(10));
    }

    @Test
    void aRestoredFiringLifecycleContinuesItsQuietWait() {
        AlertLifecycle l = AlertLifecycle.firing(at(0), at(60));
        assertThat(l.phase()).isEqualTo(FIRING);
        assertThat(l.observe(at(179), false, FOR_1M_RESOLVE_2M)).isEqualTo(FIRING);
        assertThat(l.observe(at(180), false, FOR_1M_RESOLVE_2M)).isEqualTo(RESOLVED);
        assertThat(l.quietSinceMillis()).isEqualTo(at(60));
    }

    @Test
    void resetForgetsAFiringAlert() {
        AlertLifecycle l = AlertLifecycle.firing(at(0), Long.MIN_VALUE);
        l.reset();
        assertThat(l.phase()).isEqualTo(INACTIVE);
        assertThat(l.activeSinceMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(l.quietSinceMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void negativeDurationsAreRefused() {
        assertThatThrownBy(() -> new AlertLifecycle.Rule(Duration.ofSeconds(-1), Duration.ZERO))
                .hasMessage("forDuration must not be negative, was PT-1S");
        assertThatThrownBy(() -> new AlertLifecycle.Rule(Duration.ZERO, Duration.ofSeconds(-1)))
                .hasMessage("resolveAfter must not be negative, was PT-1S");
    }
}
