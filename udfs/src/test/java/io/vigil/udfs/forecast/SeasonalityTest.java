package io.vigil.udfs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalityTest {

    @Test
    void tiesGetTheirAverageRank() {
        // scipy.stats.rankdata([10, 20, 20, 5, 20]) = [2, 4, 4, 1, 4]
        assertThat(Seasonality.ranks(new double[] {10, 20, 20, 5, 20}))
                .containsExactly(2, 4, 4, 1, 4);
        assertThat(Seasonality.ranks(new double[] {3, 3})).containsExactly(1.5, 1.5);
    }

    @Test
    void detrendingRemovesTheLine() {
        assertThat(Seasonality.detrended(new double[] {1, 3, 5, 7, 100}, 4))
                .containsExactly(0, 0, 0, 0);
    }

    @Test
    void lagCorrelation() {
        double[] alternating = {1, -1, 1, -1, 1, -1, 1, -1};
        assertThat(Seasonality.correlation(alternating, 2)).isCloseTo(1, within(1e-12));
        assertThat(Seasonality.correlation(alternating, 1)).isCloseTo(-1, within(1e-12));
        assertThat(Seasonality.correlation(new double[] {2, 2, 2, 2}, 1)).isZero();
    }

    @Test
    void aRepeatingShapePassesAtItsLagAndNotAtOthers() {
        Random random = new Random(2);
        double[] x = new double[240];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(2 * Math.PI * i / 24) + 0.2 * random.nextGaussian() + 0.01 * i;
        }
        assertThat(Seasonality.score(x, x.length, 24)).isGreaterThan(0.8);
        // Half the lag is anti-correlated; a lag of 30 is no peak.
        assertThat(Seasonality.score(x, x.length, 12)).isNegative();
        assertThat(Seasonality.score(x, x.length, 30)).isNegative();
        // Fewer than two lags of history: no verdict.
        assertThat(Seasonality.score(x, 40, 24)).isNegative();
    }

    @Test
    void noiseHasNoSeason() {
        Random random = new Random(3);
        double[] x = new double[600];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        assertThat(Seasonality.score(x, x.length, 24)).isNegative();
        assertThat(Seasonality.score(x, x.length, 288 / 2)).isNegative();
    }
}
