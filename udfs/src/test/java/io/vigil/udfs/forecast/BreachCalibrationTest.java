package io.vigil.udfs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BreachCalibrationTest {

    private static Forecast flat(int steps, double mean, double sigma) {
        double[] m = new double[steps];
        double[] s = new double[steps];
        Arrays.fill(m, mean);
        Arrays.fill(s, sigma);
        return new Forecast(m, s);
    }

    @Test
    void withNoRecordTheNormalModelsOddsDecide() {
        BreachCalibration odds = new BreachCalibration(0.9, 4);
        // The forecast reaches the threshold: the band below 0 starts at 1 − Φ(−0.5).
        assertThat(odds.observe(0.8, flat(4, 0.95, 0.05)))
                .isCloseTo(1 - Normal.cdf(-0.5), within(1e-9));
        // Far below: the last band, 1 − Φ(5).
        assertThat(new BreachCalibration(0.9, 4).observe(0.1, flat(4, 0.1, 0.01))).isLessThan(1e-5);
    }

    @Test
    void aValueAtTheThresholdIsTheReactiveAlertsJob() {
        BreachCalibration odds = new BreachCalibration(0.9, 4);
        assertThat(odds.observe(0.95, flat(4, 0.95, 0.05))).isZero();
    }

    @Test
    void aSeriesThatComesCloseWithoutCrossingEarnsCaution() {
        BreachCalibration odds = new BreachCalibration(100, 3);
        // Forecast 0.25 σ below the threshold (band [0, 0.5)), never crossed: each outcome, due
        // three steps later, is a miss.
        Forecast close = flat(3, 99, 4);
        double first = odds.observe(90, close);
        double later = first;
        for (int i = 0; i < 40; i++) {
            later = odds.observe(90, close);
        }
        assertThat(first).isCloseTo(1 - Normal.cdf(0.25), within(1e-9));
        // 38 misses against a prior worth 5: (5 × 0.40) / (38 + 5).
        assertThat(later).isCloseTo(5 * (1 - Normal.cdf(0.25)) / (38 + 5), within(1e-9));
    }

    @Test
    void aSeriesThatCrossesFromThereEarnsConfidence() {
        BreachCalibration odds = new BreachCalibration(100, 2);
        Forecast close = flat(2, 99, 4);
        double c = 0;
        for (int i = 0; i <= 60; i++) {
            // Every third value crosses, so every distance recorded below it is followed by a hit
            // (the last step, 60, is below).
            c = odds.observe(i % 3 == 2 ? 101 : 90, close);
        }
        assertThat(c).isGreaterThan(0.9);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> new BreachCalibration(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizon");
        assertThatThrownBy(() -> new BreachCalibration(Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
    }
}
