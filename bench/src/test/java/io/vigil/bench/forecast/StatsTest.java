package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Agreement with NumPy / SciPy on values worked out with them. */
class StatsTest {

    @Test
    void percentileInterpolatesLinearlyAsNumpy() {
        double[] values = {3, 1, 4, 1, 5, 9, 2, 6};
        // sorted 1 1 2 3 4 5 6 9; position 7 · 0.99 = 6.93 -> 6 + 0.93 · (9 - 6) = 8.79
        assertThat(Stats.percentile(values, 99)).isCloseTo(8.79, within(1e-12));
        assertThat(Stats.percentile(values, 50)).isEqualTo(3.5);
        assertThat(Stats.percentile(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 99))
                .isCloseTo(9.91, within(1e-12));
        assertThat(Stats.percentile(new double[] {7}, 99)).isEqualTo(7);
        assertThat(Stats.percentile(values, 100)).isEqualTo(9);
        assertThat(Stats.percentile(values, 0)).isEqualTo(1);
    }

    @Test
    void olsLineOnTheIndex() {
        Stats.Line line = Stats.ols(new double[] {9, 1, 3, 5}, 1, 3);
        assertThat(line.intercept()).isCloseTo(1, within(1e-12));
        assertThat(line.slope()).isCloseTo(2, within(1e-12));
        assertThat(Stats.ols(new double[] {4}, 0, 1)).isEqualTo(new Stats.Line(4, 0));
    }

    @Test
    void medianAveragesTheMiddlePair() {
        assertThat(Stats.median(new double[] {60, 45, 40, 60})).isEqualTo(52.5);
        assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Stats.median(new double[0])).isNaN();
    }
}
