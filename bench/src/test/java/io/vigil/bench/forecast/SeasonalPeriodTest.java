package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.bench.forecast.SeasonalPeriod.Variant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The seasonal-period rule on synthetic series with a known answer. Seeded, deterministic. */
class SeasonalPeriodTest {
    private static final long SEED = 7;

    /** A daily sine at 5 minutes (288 steps), amplitude 10, plus a slope and N(0, 1) noise. */
    private static double[] daily(int length, double slope) {
        Random random = new Random(SEED);
        double[] y = new double[length];
        for (int i = 0; i < length; i++) {
            y[i] = 10 * Math.sin(2 * Math.PI * i / 288) + slope * i + random.nextGaussian();
        }
        return y;
    }

    @Test
    void findsTheDailyPeriodOfASeasonalSeries() {
        SeasonalPeriod.Detection d = SeasonalPeriod.detect(daily(2000, 0), 300, Variant.BOTH);
        assertThat(d.period()).isEqualTo(288);
        // The hourly candidate is persistent (r(12) high) but no peak: r(12) - r(6) < 0.1.
        SeasonalPeriod.Candidate hour = d.candidates().get(0);
        assertThat(hour.steps()).isEqualTo(12);
        assertThat(hour.valuesR()).isGreaterThan(0.3);
        assertThat(hour.passes()).isFalse();
        // The weekly one needs p >= 2 · 2016 rows.
        assertThat(d.candidates().get(2).fits()).isFalse();
    }

    @Test
    void aTrendDoesNotHideTheSeason() {
        assertThat(SeasonalPeriod.detect(daily(2000, 0.05), 300, Variant.BOTH).period())
                .isEqualTo(288);
    }

    @Test
    void noiseHasNoPeriod() {
        Random random = new Random(SEED);
        double[] y = new double[2000];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextGaussian();
        }
        for (Variant variant : Variant.values()) {
            assertThat(SeasonalPeriod.detect(y, 300, variant).period()).isZero();
        }
    }

    @Test
    void hourlyDataFindsTheDayInHours() {
        // 13 days: a week (168 steps) would need 14.
        double[] y = new double[24 * 13];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(2 * Math.PI * i / 24) + 0.1 * Math.sin(i * 1.7);
        }
        SeasonalPeriod.Detection d = SeasonalPeriod.detect(y, 3600, Variant.BOTH);
        assertThat(d.period()).isEqualTo(24);
        assertThat(d.candidates().get(0).fits()).as("1 h is 1 step, below 4").isFalse();
        assertThat(d.candidates().get(2).fits()).isFalse();
    }

    @Test
    void ranksSeeThroughAnOutlierThatHidesTheSeasonFromValues() {
        double[] y = daily(2000, 0);
        y[1000] = 1e6;
        assertThat(SeasonalPeriod.detect(y, 300, Variant.VALUES).period()).isZero();
        assertThat(SeasonalPeriod.detect(y, 300, Variant.RANKS).period()).isEqualTo(288);
        assertThat(SeasonalPeriod.detect(y, 300, Variant.BOTH).period()).isEqualTo(288);
    }

    @Test
    void tooShortAProbationFitsNoCandidate() {
        assertThat(SeasonalPeriod.detect(daily(500, 0), 300, Variant.BOTH).period()).isZero();
    }
}
