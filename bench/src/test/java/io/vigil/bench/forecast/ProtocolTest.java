package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The protocol's formulas on small, hand-checked inputs. */
class ProtocolTest {

    @Test
    void originsOfAShortSeriesAreAtLeastTwentyAndStepByTheStride() {
        // n = 100: p = 15, K_s = min(257, max(1, floor((100 - 15 - 12) / 19))) = 3,
        // o = 14, 17, …, while o + 12 <= 99, so the last is 86.
        assertThat(Protocol.probation(100)).isEqualTo(15);
        assertThat(Protocol.originStride(100, 15)).isEqualTo(3);
        int[] origins = Protocol.origins(100, 15);
        assertThat(origins).hasSize(25).startsWith(14, 17, 20).endsWith(83, 86);
    }

    @Test
    void originsOfANabSizedSeries() {
        // 4,032 rows at 5 min: p = 604, K_s = floor(3416 / 19) = 179, 20 origins 603..4004.
        assertThat(Protocol.probation(4032)).isEqualTo(604);
        int[] origins = Protocol.origins(4032, 604);
        assertThat(origins).hasSize(20);
        assertThat(origins[0]).isEqualTo(603);
        assertThat(origins[19]).isEqualTo(603 + 19 * 179);
    }

    @Test
    void strideIsCappedAtK() {
        int p = Protocol.probation(22695);
        assertThat(p).isEqualTo(3404);
        assertThat(Protocol.originStride(22695, p)).isEqualTo(Protocol.MAX_STRIDE);
        assertThat(Protocol.origins(22695, p)).hasSize(76);
    }

    @Test
    void tooShortForAnyOriginGivesNone() {
        // n = 12, p = 1: the first origin 0 has no y[12].
        assertThat(Protocol.origins(12, Protocol.probation(12))).isEmpty();
        // n = 13 fits origin 0 (which has no MASE scale: SeriesPlan wants 14 rows).
        assertThat(Protocol.origins(13, Protocol.probation(13))).containsExactly(0);
        assertThat(Protocol.origins(14, Protocol.probation(14))).containsExactly(1);
    }

    @Test
    void stepIsTheMostCommonDifferenceTheSmallestOnTies() {
        long m = 60_000;
        assertThat(Protocol.stepSeconds(new long[] {0, 5 * m, 10 * m, 20 * m, 25 * m}))
                .isEqualTo(300);
        // 10 min twice, 5 min twice: the smaller wins, as numpy.unique + argmax.
        assertThat(Protocol.stepSeconds(new long[] {0, 10 * m, 20 * m, 25 * m, 30 * m}))
                .isEqualTo(300);
        // A repeated timestamp (difference 0) does not change the step.
        assertThat(Protocol.stepSeconds(new long[] {0, 5 * m, 5 * m, 10 * m, 15 * m}))
                .isEqualTo(300);
    }

    @Test
    void crossingHorizonInSteps() {
        assertThat(Protocol.crossingSteps(300)).isEqualTo(12);
        assertThat(Protocol.crossingSteps(600)).isEqualTo(6);
        assertThat(Protocol.crossingSteps(1800)).isEqualTo(2);
        assertThat(Protocol.crossingSteps(3600)).isEqualTo(1);
        assertThat(Protocol.crossingSteps(86400)).isEqualTo(1);
    }

    @Test
    void thresholdIsTheLinearPercentileAfterProbation() {
        double[] y = {100, 100, 3, 1, 4, 1, 5, 9, 2, 6};
        // y[2:] = 3 1 4 1 5 9 2 6; numpy.percentile(., 99) = 8.79.
        assertThat(Protocol.threshold(y, 2))
                .isCloseTo(8.79, org.assertj.core.data.Offset.offset(1e-12));
    }
}
