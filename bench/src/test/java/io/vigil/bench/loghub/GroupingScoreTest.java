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
}
