package io.vigil.bench.loghub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupingScoreTest {

    private static GroupingScore ga(List<String> predicted, List<String> truth) {
        return GroupingScore.of(predicted, predicted, truth, truth);
    }

    @Test
    void identicalPartitionsScoreOneWhateverTheLabels() {
        GroupingScore s = ga(List.of("x", "x", "y", "z"), List.of("A", "A", "B", "C"));
        assertThat(s.ga()).isEqualTo(1.0);
        assertThat(s.predictedGroups()).isEqualTo(3);
        assertThat(s.truthGroups()).isEqualTo(3);
    }

    @Test
    void overSplittingAGroupMakesAllItsLinesWrong() {
        // Truth A has 3 lines, split into x (2) and y (1); B is right.
        GroupingScore s = ga(List.of("x", "x", "y", "z", "z"), List.of("A", "A", "A", "B", "B"));
        assertThat(s.ga()).isCloseTo(2.0 / 5, within(1e-12));
    }

    @Test
    void mergingTwoGroupsMakesAllLinesOfBothWrong() {
        // Truth A (2) and B (1) merged into x; C (2) right.
        GroupingScore s = ga(List.of("x", "x", "x", "y", "y"), List.of("A", "A", "B", "C", "C"));
        assertThat(s.ga()).isCloseTo(2.0 / 5, within(1e-12));
    }

    @Test
    void aGroupBothMergedAndSplitIsWrongEverywhere() {
        // A = {0,1,2}, B = {3}; predicted x = {0,1}, y = {2,3}: nothing exact.
        GroupingScore s = ga(List.of("x", "x", "y", "y"), List.of("A", "A", "A", "B"));
        assertThat(s.ga()).isZero();
    }

    @Test
    void parsingAccuracyComparesTemplateStringsExactly() {
        GroupingScore s =
                GroupingScore.of(
                        List.of("1", "1", "2"),
                        List.of("a <*>", "a <*>", "b <*> c"),
                        List.of("E1", "E1", "E2"),
                        List.of("a <*>", "a <*>", "b <*>  c"));
        assertThat(s.ga()).isEqualTo(1.0);
        assertThat(s.pa()).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void fgaCountsExactGroupsNotLines() {
        // Truth: A (4 lines), B, C, D (1 each). Predicted: A exact (x), B and C merged (y), D
        // split into nothing else (z exact). Exact groups: A, D → c = 2; 3 predicted, 4 truth.
        GroupingScore s =
                ga(
                        List.of("x", "x", "x", "x", "y", "y", "z"),
                        List.of("A", "A", "A", "A", "B", "C", "D"));
        assertThat(s.exactGroups()).isEqualTo(2);
        assertThat(s.ga()).isCloseTo(5.0 / 7, within(1e-12));
        double pga = 2.0 / 3;
        double rga = 2.0 / 4;
        assertThat(s.fga()).isCloseTo(2 * pga * rga / (pga + rga), within(1e-12));
    }

    @Test
    void fgaPunishesFragmentingRareGroupsMoreThanGa() {
        // One big group right, two rare groups each split in two: GA 0.8, FGA 2·1/(5+3) = 0.25.
        GroupingScore s =
                ga(
                        List.of("x", "x", "x", "x", "x", "x", "x", "x", "p", "q"),
                        List.of("A", "A", "A", "A", "A", "A", "A", "A", "B", "B"));
        assertThat(s.ga()).isCloseTo(0.8, within(1e-12));
        assertThat(s.fga())
                .isCloseTo(2.0 * (1.0 / 3) * (1.0 / 2) / (1.0 / 3 + 1.0 / 2), within(1e-12));
    }

    @Test
    void ftaNeedsTheRightTextAndOnlyOneTruthTemplate() {
        // Truth templates: "a <*>" (lines 0-2), "b <*>" (3), "c d" (4), "e <*>" (5).
        // Predicted: "a <*>" on 0-1 (correct), "a <*> x" on 2 (wrong text), "b <*>" on 3 and 4
        // (right text but also a line of "c d": wrong), "e <*>" on 5 (correct).
        GroupingScore s =
                GroupingScore.of(
                        List.of("1", "1", "2", "3", "3", "4"),
                        List.of("a <*>", "a <*>", "a <*> x", "b <*>", "b <*>", "e <*>"),
                        List.of("A", "A", "A", "B", "C", "E"),
                        List.of("a <*>", "a <*>", "a <*>", "b <*>", "c d", "e <*>"));
        assertThat(s.predictedTemplates()).isEqualTo(4);
        assertThat(s.truthTemplates()).isEqualTo(4);
        assertThat(s.correctTemplates()).isEqualTo(2);
        assertThat(s.fta()).isCloseTo(0.5, within(1e-12));
        assertThat(s.pa()).isCloseTo(4.0 / 6, within(1e-12));
    }

    @Test
    void ftaComparesTemplatesAsStringsSoEqualTextsFromTwoGroupsAreOne() {
        // Two predicted groups with the same correct text count as one correct template (FTA 1),
        // while GA and FGA see the over-split group.
        GroupingScore s =
                GroupingScore.of(
                        List.of("1", "2", "3"),
                        List.of("a <*>", "a <*>", "b"),
                        List.of("A", "A", "B"),
                        List.of("a <*>", "a <*>", "b"));
        assertThat(s.fta()).isEqualTo(1.0);
        assertThat(s.ga()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(s.fga()).isCloseTo(2.0 * 1 / (3 + 2), within(1e-12));
    }

    @Test
    void nothingCorrectScoresZeroNotNaN() {
        GroupingScore s =
                GroupingScore.of(
                        List.of("1", "1"), List.of("x", "x"), List.of("A", "B"), List.of("a", "b"));
        assertThat(s.ga()).isZero();
        assertThat(s.fga()).isZero();
        assertThat(s.fta()).isZero();
        assertThat(s.pa()).isZero();
    }
}
