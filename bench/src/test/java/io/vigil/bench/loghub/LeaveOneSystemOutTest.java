package io.vigil.bench.loghub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.logs.MinerConfig;
import io.vigil.udfs.logs.MinerRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaveOneSystemOutTest {

    /** A score whose GA is {@code ga} and FTA {@code fta} (one line per group, made to measure). */
    private static GroupingScore score(double ga, double fta) {
        return new GroupingScore(ga, 0, ga, fta, 1, 1, 1, 1, 1, 1, 1);
    }

    private static final MinerConfig BASE = MinerConfig.DEFAULT;
    private static final MinerConfig NO_FIRST_WORD = BASE.with(MinerRule.FIRST_WORD, false);
    private static final MinerConfig NO_UNITS = BASE.with(MinerRule.UNITS, false);

    @Test
    void theHeldOutSystemNeverInfluencesItsOwnChoice() {
        // Three systems. Without FIRST_WORD, system 2 gains a lot and 0 and 1 lose a little:
        // the fold holding out 2 must keep the default; folds 0 and 1 see 2's gain and take it.
        LeaveOneSystemOut loso =
                new LeaveOneSystemOut(
                        BASE,
                        3,
                        (c, i) -> {
                            if (c.equals(NO_FIRST_WORD)) {
                                return score(i == 2 ? 1.0 : 0.89, 0);
                            }
                            return score(i == 2 ? 0.5 : 0.9, 0);
                        });
        List<LeaveOneSystemOut.Fold> folds = loso.run();
        assertThat(folds.get(2).chosen()).isEqualTo(BASE);
        assertThat(folds.get(2).score().ga()).isEqualTo(0.5);
        assertThat(folds.get(0).chosen()).isEqualTo(NO_FIRST_WORD);
        assertThat(folds.get(0).score().ga()).isEqualTo(0.89);
        assertThat(folds.get(0).trainGa()).isEqualTo((0.89 + 1.0) / 2);
        assertThat(folds.get(0).defaultTrainGa()).isEqualTo((0.9 + 0.5) / 2);
    }

    @Test
    void aTieKeepsTheDefaultUnlessFtaIsHigher() {
        LeaveOneSystemOut equal = new LeaveOneSystemOut(BASE, 2, (c, i) -> score(0.9, 0.5));
        assertThat(equal.fold(0).chosen()).isEqualTo(BASE);

        LeaveOneSystemOut betterText =
                new LeaveOneSystemOut(
                        BASE, 2, (c, i) -> score(0.9, c.equals(NO_UNITS) ? 0.6 : 0.5));
        assertThat(betterText.fold(0).chosen()).isEqualTo(NO_UNITS);
    }

    @Test
    void thresholdsAreChosenAfterTheRulesOnTheSameSystems() {
        MinerConfig min4 = NO_UNITS.withThresholds(0.5, 4, 10, 0.25);
        List<MinerConfig> seen = new ArrayList<>();
        LeaveOneSystemOut loso =
                new LeaveOneSystemOut(
                        BASE,
                        2,
                        (c, i) -> {
                            synchronized (seen) {
                                seen.add(c);
                            }
                            double ga = c.equals(min4) ? 0.95 : c.equals(NO_UNITS) ? 0.92 : 0.9;
                            return score(ga, 0);
                        });
        assertThat(loso.fold(1).chosen()).isEqualTo(min4);
        // Every configuration is scored once per system, however many folds read it.
        loso.fold(0);
        assertThat(seen).hasSize(2 * loso.evaluated());
    }

    @Test
    void describeNamesWhatDiffersFromTheDefault() {
        assertThat(LeaveOneSystemOut.describe(BASE, BASE)).isEqualTo("default");
        assertThat(LeaveOneSystemOut.describe(NO_FIRST_WORD.withThresholds(0.6, 4, 10, 0.25), BASE))
                .isEqualTo("-FIRST_WORD similarity=0.60 minDistinct=4");
    }
}
