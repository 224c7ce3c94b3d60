package io.vigil.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vigil.udfs.anomaly.Assessment;
import io.vigil.udfs.anomaly.Detector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The two-fold split, the tuning on one half and the held-out scoring of the other. */
class NabFoldsTest {

    private static final long MINUTE = 60_000L;
    private static final int ROWS = 100;

    /** 100 rows of 1.0 a minute apart, with a window over rows 40..49 when {@code labelled}. */
    private static NabFile file(String category, String name, boolean labelled) {
        long[] millis = new long[ROWS];
        double[] values = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            millis[i] = 1_400_000_000_000L + i * MINUTE;
            values[i] = 1.0;
        }
        return NabFile.of(
                category,
                name,
                millis,
                values,
                labelled ? List.of(new NabWindow(40, 49)) : List.of());
    }

    private static List<String> keys(NabCorpus corpus) {
        return corpus.files().stream().map(NabFile::key).toList();
    }

    @Test
    void splitDealsFilesAlternatelyByCategoryAndKey() {
        NabCorpus corpus =
                NabCorpus.of(
                        List.of(
                                file("c2", "e.csv", true),
                                file("c1", "b.csv", true),
                                file("c1", "a.csv", true),
                                file("c3", "g.csv", true),
                                file("c1", "c.csv", true),
                                file("c2", "f.csv", true),
                                file("c3", "h.csv", true)));

        NabFolds.Split split = NabFolds.split(corpus);

        // c1: a→A, b→B, c→A; c2 continues the alternation: e→B, f→A; c3: g→B, h→A.
        assertThat(keys(split.a())).containsExactly("c1/a.csv", "c1/c.csv", "c2/f.csv", "c3/h.csv");
        assertThat(keys(split.b())).containsExactly("c1/b.csv", "c2/e.csv", "c3/g.csv");
        // The same corpus in another order splits the same way.
        List<NabFile> reversed = new ArrayList<>(corpus.files());
        Collections.reverse(reversed);
        NabFolds.Split again = NabFolds.split(NabCorpus.of(reversed));
        assertThat(keys(again.a())).isEqualTo(keys(split.a()));
    }

    @Test
    void splitNeedsTwoFiles() {
        NabCorpus one = NabCorpus.of(List.of(file("c", "a.csv", true)));
        assertThatThrownBy(() -> NabFolds.split(one)).hasMessageContaining("at least two files");
    }

    /** Files a, c go to half A and b, d to half B. */
    private static NabCorpus fourFiles() {
        return NabCorpus.of(
                List.of(
                        file("cat", "a.csv", true),
                        file("cat", "b.csv", true),
                        file("cat", "c.csv", true),
                        file("cat", "d.csv", true)));
    }

    /**
     * Candidate "sharp": on half A 0.9 at each window's first row; on half B 0.5 there and a 0.9
     * false positive at row 80. Candidate "silent": never fires.
     */
    private static Map<String, Map<String, double[]>> outputs() {
        double[] onA = new double[ROWS];
        onA[40] = 0.9;
        double[] onB = new double[ROWS];
        onB[40] = 0.5;
        onB[80] = 0.9;
        double[] zero = new double[ROWS];
        return Map.of(
                "silent",
                Map.of("cat/a.csv", zero, "cat/b.csv", zero, "cat/c.csv", zero, "cat/d.csv", zero),
                "sharp",
                Map.of("cat/a.csv", onA, "cat/b.csv", onB, "cat/c.csv", onA, "cat/d.csv", onB));
    }

    @Test
    void heldOutHalfIsScoredAtTheThresholdChosenOnTheTuningHalf() {
        NabCorpus corpus = fourFiles();
        NabFolds.Result r =
                NabFolds.evaluate(
                        corpus, List.of("silent", "sharp"), outputs(), NabProfile.STANDARD);

        NabFolds.Fold aToB = r.folds().get(0);
        assertThat(aToB.tunedOn()).isEqualTo("A");
        assertThat(aToB.chosen()).isEqualTo("sharp");
        // On A, θ = 0.9 catches both windows at their first row: perfect.
        assertThat(aToB.tuning().threshold()).isEqualTo(0.9);
        assertThat(aToB.tuning().score()).isCloseTo(100.0, within(1e-9));
        // On B at 0.9 only the false positives fire and both windows are missed: below the null
        // detector. At B's own θ (0.5) the windows are caught.
        assertThat(aToB.heldOutScore().threshold()).isEqualTo(0.9);
        assertThat(aToB.heldOutScore().score()).isLessThan(0.0);
        assertThat(aToB.heldOutOwnThreshold().threshold()).isEqualTo(0.5);
        assertThat(aToB.heldOutOwnThreshold().score()).isBetween(50.0, 99.0);
        NabScorer onB = new NabScorer(NabFolds.split(corpus).b());
        assertThat(aToB.heldOutScore().score())
                .isEqualTo(onB.scoreAt(outputs().get("sharp"), NabProfile.STANDARD, 0.9).score());

        NabFolds.Fold bToA = r.folds().get(1);
        assertThat(bToA.chosen()).isEqualTo("sharp");
        assertThat(bToA.tuning().threshold()).isEqualTo(0.5);
        assertThat(bToA.heldOutScore().score()).isCloseTo(100.0, within(1e-9));
        assertThat(r.heldOutMean())
                .isCloseTo((aToB.heldOutScore().score() + 100.0) / 2, within(1e-9));

        NabFolds.CandidateScore silent = r.candidates().get(0);
        assertThat(silent.name()).isEqualTo("silent");
        assertThat(silent.aOnB()).isZero();
        assertThat(silent.bOnA()).isZero();
        NabFolds.CandidateScore sharp = r.candidates().get(1);
        assertThat(sharp.aOnB()).isEqualTo(aToB.heldOutScore().score());
        assertThat(sharp.heldOutMean()).isEqualTo(r.heldOutMean());
    }

    @Test
    void onATieTheEarlierCandidateWins() {
        Map<String, double[]> same = outputs().get("sharp");
        NabFolds.Result r =
                NabFolds.evaluate(
                        fourFiles(),
                        List.of("first", "second"),
                        Map.of("first", same, "second", same),
                        NabProfile.STANDARD);
        assertThat(r.folds()).extracting(NabFolds.Fold::chosen).containsOnly("first");
    }

    /** Test-only detector: scores 1 for a value above 5, else 0. */
    static final class Spikes implements Detector {
        @Override
        public Assessment observe(long epochMillis, double value) {
            return new Assessment(value > 5 ? 1.0 : 0.0, 0, 0, 0);
        }

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }
    }

    @Test
    void runComputesEachCandidateOnceAndReusesKnownOutputs() throws Exception {
        NabCorpus corpus = fourFiles();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger notCreated = new AtomicInteger();
        Map<String, double[]> known = outputs().get("silent");
        Map<String, Map<String, double[]>> out =
                NabFolds.run(
                        corpus,
                        List.of(
                                new NabFolds.Candidate(
                                        "known",
                                        () -> {
                                            notCreated.incrementAndGet();
                                            return new Spikes();
                                        }),
                                new NabFolds.Candidate(
                                        "spikes",
                                        () -> {
                                            created.incrementAndGet();
                                            return new Spikes();
                                        })),
                        Map.of("known", known),
                        2);

        assertThat(out.keySet()).containsExactly("known", "spikes");
        assertThat(out.get("known")).isSameAs(known);
        assertThat(notCreated).hasValue(0);
        assertThat(created).hasValue(4);
        assertThat(out.get("spikes")).containsOnlyKeys(keys(corpus));
        for (NabFile file : corpus.files()) {
            assertThat(out.get("spikes").get(file.key()))
                    .containsExactly(NabRun.detect(file, new Spikes()).scores());
        }
    }

    @Test
    void tuningCandidatesStartWithTheDefaultAndHaveDistinctNames() {
        List<NabFolds.Candidate> candidates = NabFolds.tuningCandidates();
        assertThat(candidates.get(0).name()).isEqualTo(NabFolds.DEFAULT);
        assertThat(candidates).extracting(NabFolds.Candidate::name).doesNotHaveDuplicates();
        assertThat(candidates.size()).isGreaterThan(1);
    }
}
