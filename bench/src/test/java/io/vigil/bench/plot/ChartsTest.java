package io.vigil.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Charts}: the data helpers behind every plot. */
class ChartsTest {

    @Test
    void reduceKeepsEveryBucketsExtremesInRowOrder() {
        Random random = new Random(7);
        int n = 100_000;
        long[] x = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 1000L;
            y[i] = random.nextGaussian();
        }
        y[12_345] = 50; // one spike must survive
        y[67_890] = -50;
        y[5] = Double.NaN; // skipped

        Charts.Points both = Charts.reduce(x, y, 0, n, 100, 0);
        Charts.Points upper = Charts.reduce(x, y, 0, n, 100, +1);
        Charts.Points lower = Charts.reduce(x, y, 0, n, 100, -1);

        assertThat(both.size()).isBetween(100, 200);
        assertThat(upper.size()).isEqualTo(100);
        assertThat(lower.size()).isEqualTo(100);
        assertThat(both.y()).contains(50.0, -50.0).doesNotContain(Double.NaN);
        assertThat(upper.y()).contains(50.0);
        assertThat(lower.y()).contains(-50.0);
        for (int k = 1; k < both.size(); k++) {
            assertThat(both.x()[k]).isGreaterThan(both.x()[k - 1]);
        }
        for (int k = 0; k < both.size(); k++) {
            assertThat(both.y()[k]).isEqualTo(y[(int) (both.x()[k] / 1000)]);
        }
        // Short enough: every finite row, unchanged.
        Charts.Points all = Charts.reduce(x, y, 0, 150, 100, 0);
        assertThat(all.size()).isEqualTo(149);
        assertThat(all.x()[0]).isZero();
    }

    @Test
    void theYRangeTakesInTheBandButNotFarBeyondTheValues() {
        // Values 0..10, band -1..12: all of it, plus 4 % padding.
        double[] inside = Charts.yRange(0, 10, -1, 12, 0.25);
        assertThat(inside[0]).isCloseTo(-1 - 0.52, within(1e-9));
        assertThat(inside[1]).isCloseTo(12 + 0.52, within(1e-9));
        // A band to -100..100 is cut at a quarter of the values' span beyond them.
        double[] cut = Charts.yRange(0, 10, -100, 100, 0.25);
        assertThat(cut[0]).isCloseTo(-2.5 - 0.6, within(1e-9));
        assertThat(cut[1]).isCloseTo(12.5 + 0.6, within(1e-9));
        // No band (infinite bounds): the values' own range.
        double[] none =
                Charts.yRange(0, 10, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.25);
        assertThat(none[0]).isCloseTo(-0.4, within(1e-9));
        assertThat(none[1]).isCloseTo(10.4, within(1e-9));
    }
}
