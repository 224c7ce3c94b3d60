package io.vigil.udfs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {

    private static final long MINUTE = 60_000L;

    /** A disk filling 0.0001 per minute from 0.5 (0.9 in 4000 min after start), noise σ 0.001. */
    private static Forecaster filling(int minutes) {
        Forecaster f = new Forecaster(MINUTE);
        Random random = new Random(21);
        for (int i = 0; i < minutes; i++) {
            f.observe(0.5 + 0.0001 * i + 0.001 * random.nextGaussian());
        }
        return f;
    }

    @Test
    void aFillingDiskGetsItsTimeToBreachAndAPlan() {
        int minutes = 1000;
        Forecaster f = filling(minutes);
        double current = 0.5 + 0.0001 * (minutes - 1);
        CapacityOutlook outlook = CapacityPlanner.assess(f, current, 0.9, 7 * 24 * 60);
        double trueMinutes = (0.9 - current) / 0.0001;
        assertThat(outlook.breachExpected()).isTrue();
        assertThat(outlook.timeToBreachMillis() / (double) MINUTE)
                .isCloseTo(trueMinutes, within(0.2 * trueMinutes));
        assertThat(outlook.confidence()).isGreaterThanOrEqualTo(0.5);
        assertThat(outlook.trend()).isEqualTo(Trend.INCREASING);
        // About 50 hours away: beyond a day, within the week.
        assertThat(outlook.action()).isEqualTo(RecommendedAction.PLAN_SCALE_UP);
    }

    @Test
    void aBreachWithinADayIsUrgent() {
        Forecaster f = filling(3000);
        CapacityOutlook outlook = CapacityPlanner.assess(f, 0.5 + 0.0001 * 2999, 0.9, 7 * 24 * 60);
        assertThat(outlook.action()).isEqualTo(RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED);
    }

    @Test
    void atTheLimitIsUrgentWhateverTheForecast() {
        Forecaster f = flat(0.95, 500);
        CapacityOutlook outlook = CapacityPlanner.assess(f, 0.95, 0.9, 60);
        assertThat(outlook.timeToBreachMillis()).isZero();
        assertThat(outlook.action()).isEqualTo(RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED);
    }

    @Test
    void aQuietLowSeriesHasCapacityToSpare() {
        CapacityOutlook low = CapacityPlanner.assess(flat(0.2, 500), 0.2, 0.9, 24 * 60);
        assertThat(low.breachExpected()).isFalse();
        assertThat(low.trend()).isEqualTo(Trend.STABLE);
        assertThat(low.action()).isEqualTo(RecommendedAction.CONSIDER_SCALE_DOWN);
        CapacityOutlook middle = CapacityPlanner.assess(flat(0.6, 500), 0.6, 0.9, 24 * 60);
        assertThat(middle.action()).isEqualTo(RecommendedAction.MAINTAIN_CURRENT_CAPACITY);
    }

    private static Forecaster flat(double level, int minutes) {
        Forecaster f = new Forecaster(MINUTE);
        Random random = new Random(4);
        for (int i = 0; i < minutes; i++) {
            f.observe(level + 0.002 * random.nextGaussian());
        }
        return f;
    }
}
