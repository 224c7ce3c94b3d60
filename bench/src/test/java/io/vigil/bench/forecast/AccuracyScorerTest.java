package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** MASE and sMAPE on cases small enough to compute by hand. */
class AccuracyScorerTest {

    @Test
    void maseAndSmapeOfOneOrigin() {
        double[] y = {1, 3, 2, 4, 6};
        // origin 2: q = (|3 - 1| + |2 - 3|) / 2 = 1.5; forecast 2, 2 for 4, 6: e = 2, 4.
        SeriesAccuracy a =
                AccuracyScorer.score(y, new int[] {2}, new double[][] {{2, 2}}, 0, 1_000_000, -1);
        assertThat(a.origins()).isEqualTo(1);
        assertThat(a.mase()).isCloseTo(3 / 1.5, within(1e-12));
        assertThat(a.maseH1()).isCloseTo(2 / 1.5, within(1e-12));
        assertThat(a.maseH12()).isCloseTo(4 / 1.5, within(1e-12));
        // sMAPE = mean(200 · 2 / 6, 200 · 4 / 8) = mean(66.67, 100)
        assertThat(a.smape()).isCloseTo((400.0 / 6 + 100) / 2, within(1e-9));
        // A method that fits per forecast: one fit per origin.
        assertThat(a.cpuMsPerRefit()).isEqualTo(1.0);
        assertThat(a.cpuMsPerOrigin()).isEqualTo(1.0);
    }

    @Test
    void anOnlineMethodIsChargedPerFitAndPerOrigin() {
        double[] y = {1, 3, 2, 4, 6};
        SeriesAccuracy a =
                AccuracyScorer.score(y, new int[] {2}, new double[][] {{2, 2}}, 0, 1_000_000, 4);
        assertThat(a.cpuMsPerRefit()).isEqualTo(0.25);
        assertThat(a.cpuMsPerOrigin()).isEqualTo(1.0);
    }

    @Test
    void meansOverOriginsAndDropsZeroScale() {
        double[] y = {5, 5, 5, 0, 0, 2};
        // origin 1: q = 0, dropped. origin 3: q = 5 / 3; forecast 0, 0 for 0, 2: e = 0, 2;
        // sMAPE terms: 0 (both zero) and 200 · 2 / 2 = 200.
        SeriesAccuracy a =
                AccuracyScorer.score(
                        y, new int[] {1, 3}, new double[][] {{5, 5}, {0, 0}}, 0, 4_000_000, -1);
        assertThat(a.origins()).isEqualTo(1);
        assertThat(a.droppedOrigins()).isEqualTo(1);
        assertThat(a.mase()).isCloseTo(1 / (5.0 / 3), within(1e-12));
        assertThat(a.smape()).isCloseTo(100, within(1e-12));
        assertThat(a.cpuMsPerRefit()).isEqualTo(2.0);
    }
}
