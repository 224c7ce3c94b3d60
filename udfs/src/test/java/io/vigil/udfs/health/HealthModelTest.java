package io.vigil.udfs.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.health.HealthEvent.Kind;
import io.vigil.udfs.health.HealthScore.Factor;
import org.junit.jupiter.api.Test;

class HealthModelTest {
    private static final long MINUTE = 60_000L;

    private static HealthModel learned() {
        HealthModel m = new HealthModel("checkout");
        for (int i = 0; i < 20; i++) {
            m.accept(HealthEvent.measure("checkout", Kind.ERROR_RATE, i * MINUTE, 0.01));
            m.accept(HealthEvent.measure("checkout", Kind.LATENCY_P95, i * MINUTE, 100));
            assertThat(m.score(i * MINUTE).score()).isEqualTo(100);
        }
        return m;
    }

    @Test
    void aQuietServiceIsHealthyAndLearnsItsNormal() {
        HealthScore h = learned().score(20 * MINUTE);
        assertThat(h.score()).isEqualTo(100);
        assertThat(h.status()).isEqualTo("healthy");
        assertThat(h.factors()).isEmpty();
        assertThat(h.errorRateNormal()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(h.latencyNormalMs()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theWorstFactorIsTheScoreAndEveryFactorSaysWhy() {
        HealthModel m = learned();
        // errors 21 % against a normal of 1 %: allowed 2·1 % + 1 % = 3 %, 18 points over → 100 − 36
        m.accept(HealthEvent.measure("checkout", Kind.ERROR_RATE, 20 * MINUTE, 0.21));
        // p95 400 ms against 100: 4× → 100 − 70·2.5/3.5 = 50
        m.accept(HealthEvent.measure("checkout", Kind.LATENCY_P95, 20 * MINUTE, 400));
        m.accept(HealthEvent.alert("checkout", "fp1", 20 * MINUTE, true, "warning", "HighLatency"));
        m.accept(
                HealthEvent.slo(
                        "checkout", "checkout-availability", 20 * MINUTE, 0.25, 20, "critical"));
        m.accept(HealthEvent.incident("checkout", "inc-1", 20 * MINUTE, true, "warning"));
        HealthScore h = m.score(21 * MINUTE);
        assertThat(h.factors())
                .extracting(Factor::name, Factor::score)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("slo", 20),
                        org.assertj.core.groups.Tuple.tuple("incident", 40),
                        org.assertj.core.groups.Tuple.tuple("latency", 50),
                        org.assertj.core.groups.Tuple.tuple("errors", 64),
                        org.assertj.core.groups.Tuple.tuple("alerts", 65));
        assertThat(h.score()).isEqualTo(20);
        assertThat(h.status()).isEqualTo("critical");
        assertThat(h.factors().get(0).reason())
                .isEqualTo(
                        "SLO checkout-availability burns its error budget fast (page), 20.0× over 1h");
        assertThat(h.factors().get(3).reason())
                .isEqualTo("error ratio 21.0% against a normal of 1.0%");
        assertThat(h.openAlerts()).isEqualTo(1);
        assertThat(h.openIncidents()).isEqualTo(1);
    }

    @Test
    void resolvedThingsAndOldMeasurementsStopCounting() {
        HealthModel m = learned();
        m.accept(HealthEvent.alert("checkout", "fp1", 20 * MINUTE, true, "critical", "Down"));
        m.accept(HealthEvent.incident("checkout", "inc-1", 20 * MINUTE, true, "critical"));
        m.accept(HealthEvent.measure("checkout", Kind.ERROR_RATE, 20 * MINUTE, 0.5));
        assertThat(m.score(21 * MINUTE).score()).isEqualTo(15);
        m.accept(HealthEvent.alert("checkout", "fp1", 22 * MINUTE, false, "critical", "Down"));
        m.accept(HealthEvent.incident("checkout", "inc-1", 22 * MINUTE, false, "critical"));
        // the 50 % error ratio was measured at 20 min: more than 10 minutes later it is stale
        HealthScore h = m.score(31 * MINUTE);
        assertThat(h.score()).isEqualTo(100);
        assertThat(h.errorRate()).isNaN();
        assertThat(m.isQuiet()).isTrue();
    }

    @Test
    void anSloScoresByItsBudgetWhenNotBurning() {
        HealthModel m = new HealthModel("api");
        m.accept(HealthEvent.slo("api", "a", 0, 0.8, 0.2, ""));
        assertThat(m.score(MINUTE).score()).isEqualTo(100);
        m.accept(HealthEvent.slo("api", "a", MINUTE, 0.1, 0.2, ""));
        HealthScore h = m.score(2 * MINUTE);
        assertThat(h.score()).isEqualTo(68);
        assertThat(h.factors().get(0).reason()).isEqualTo("SLO a has 10% of its error budget left");
        m.accept(HealthEvent.slo("api", "a", 2 * MINUTE, -3, 0.2, ""));
        assertThat(m.score(3 * MINUTE).score()).isEqualTo(40);
    }

    /**
     * Taken in event time, an incident's resolution can come before an opening published earlier
     * (its opened_at moved back when it absorbed an older incident): it stays resolved.
     */
    @Test
    void aResolvedIncidentStaysResolved() {
        HealthModel m = learned();
        m.accept(HealthEvent.incident("checkout", "inc-1", 21 * MINUTE, false, "warning"));
        m.accept(HealthEvent.incident("checkout", "inc-1", 25 * MINUTE, true, "warning"));
        HealthScore h = m.score(26 * MINUTE);
        assertThat(h.score()).isEqualTo(100);
        assertThat(h.openIncidents()).isZero();
        assertThat(m.isQuiet()).isTrue();
        // another incident opens as before
        m.accept(HealthEvent.incident("checkout", "inc-2", 27 * MINUTE, true, "warning"));
        assertThat(m.score(28 * MINUTE).score()).isEqualTo(40);
    }
}
