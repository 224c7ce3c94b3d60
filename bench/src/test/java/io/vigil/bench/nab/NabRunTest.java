package io.vigil.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.anomaly.Assessment;
import io.vigil.udfs.anomaly.Detector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming a corpus through detectors, the results layout and scores.json. */
class NabRunTest {

    private static final long MINUTE = 60_000L;

    /**
     * Test-only detector: scores 1 for a value above 5, else 0, and checks the contract's
     * non-decreasing timestamps.
     */
    static final class ThresholdDetector implements Detector {
        final List<Long> seen = new ArrayList<>();

        @Override
        public Assessment observe(long epochMillis, double value) {
            if (!seen.isEmpty() && epochMillis < seen.get(seen.size() - 1)) {
                throw new AssertionError("time went backwards: " + epochMillis);
            }
            seen.add(epochMillis);
            return new Assessment(value > 5 ? 1.0 : 0.0, 0, 0, 0);
        }

        @Override
        public byte[] snapshot() {
            return new byte[0];
        }
    }

    /** 100 rows of 1.0 with spikes of 9.0 at {@code spikes}. */
    private static NabFile file(
            String category, String name, List<NabWindow> windows, int... spikes) {
        long[] millis = new long[100];
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            millis[i] = 1_400_000_000_000L + i * MINUTE;
            values[i] = 1.0;
        }
        for (int spike : spikes) {
            values[spike] = 9.0;
        }
        return NabFile.of(category, name, millis, values, windows);
    }

    private static NabCorpus corpus() {
        return NabCorpus.of(
                List.of(
                        file("cat1", "a.csv", List.of(new NabWindow(40, 49)), 40),
                        file("cat1", "b.csv", List.of(new NabWindow(60, 69)), 65, 90),
                        file("cat2", "c.csv", List.of(), 30)));
    }

    @Test
    void writesNabLayoutAndScoresWithOneDetectorPerFile(@TempDir Path out) throws Exception {
        AtomicInteger created = new AtomicInteger();
        Supplier<Detector> detectors =
                () -> {
                    created.incrementAndGet();
                    return new ThresholdDetector();
                };
        NabRun.Result result =
                new NabRun(corpus(), "vigil", detectors, NabProfile.defaults(), 2).run(out);

        assertThat(created).hasValue(3);
        Path a = out.resolve("vigil/cat1/vigil_a.csv");
        List<String> lines = Files.readAllLines(a);
        assertThat(lines).hasSize(101);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
        assertThat(lines.get(1)).isEqualTo("2014-05-13 16:53:20,1.0,0.0,0");
        assertThat(lines.get(41)).isEqualTo("2014-05-13 17:33:20,9.0,1.0,1"); // row 40
        assertThat(lines.get(50)).endsWith(",1"); // row 49, last of the window
        assertThat(lines.get(51)).endsWith(",0");
        assertThat(out.resolve("vigil/cat2/vigil_c.csv")).exists();

        // The written files read back as the scores that were scored.
        Map<String, double[]> reread = NabResults.readScores(out, "vigil", corpus());
        assertThat(reread.get("cat1/b.csv")).containsExactly(result.scores().get("cat1/b.csv"));

        // Threshold 1.0 detects every spike: a at its window's start (+1), b at row 65 of window
        // [60, 69] and an FP at row 90 (21 rows = 7/3 widths after it), c one FP before any window.
        NabProfileScore standard = result.report().profile("standard");
        assertThat(standard.threshold()).isEqualTo(1.0);
        double[] sweepB = NabScorer.sweepScores(corpus().file("cat1/b.csv"), NabProfile.STANDARD);
        assertThat(standard.raw())
                .isCloseTo(
                        1.0 + sweepB[65] + sweepB[90] - 0.11,
                        org.assertj.core.api.Assertions.within(1e-12));
        assertThat(standard.counts()).isEqualTo(new NabCounts(2, 2, 18, 3 * 85 - 22));

        JsonNode json = new ObjectMapper().readTree(result.scoresJson().toFile());
        assertThat(json.path("detector").asText()).isEqualTo("vigil");
        assertThat(json.path("profiles").fieldNames())
                .toIterable()
                .containsExactly("standard", "reward_low_FP_rate", "reward_low_FN_rate");
        JsonNode std = json.path("profiles").path("standard");
        assertThat(std.path("threshold").asDouble()).isEqualTo(1.0);
        assertThat(std.path("score").asDouble()).isEqualTo(standard.score());
        assertThat(std.path("categories").path("cat2").path("score").isNull()).isTrue();
        assertThat(std.path("categories").path("cat2").path("raw").asDouble()).isEqualTo(-0.11);
        assertThat(std.path("files").path("cat1/a.csv").path("counts").path("tp").asInt())
                .isEqualTo(1);
    }

    @Test
    void outputsDoNotDependOnParallelism(@TempDir Path dir) throws Exception {
        NabRun.Result one =
                new NabRun(corpus(), "vigil", ThresholdDetector::new, NabProfile.defaults(), 1)
                        .run(dir.resolve("one"));
        NabRun.Result two =
                new NabRun(corpus(), "vigil", ThresholdDetector::new, NabProfile.defaults(), 2)
                        .run(dir.resolve("two"));
        assertThat(Files.readString(two.scoresJson()))
                .isEqualTo(Files.readString(one.scoresJson()));
        for (NabFile file : corpus().files()) {
            assertThat(Files.readString(NabResults.path(dir.resolve("two"), "vigil", file)))
                    .isEqualTo(
                            Files.readString(NabResults.path(dir.resolve("one"), "vigil", file)));
        }
    }

    @Test
    void rowsOlderThanTheRowBeforeAreObservedAtThePreviousTime() {
        long[] millis = {0, 60_000, 120_000, 60_000, 90_000, 180_000};
        NabFile file = NabFile.of("c", "back.csv", millis, new double[6], List.of());
        ThresholdDetector detector = new ThresholdDetector();
        NabRun.FileRun run = NabRun.detect(file, detector);
        assertThat(run.backwardRows()).isEqualTo(2);
        assertThat(run.scores()).hasSize(6);
        assertThat(detector.seen)
                .containsExactly(0L, 60_000L, 120_000L, 120_000L, 120_000L, 180_000L);
    }

    @Test
    void detectorNameMustBeUsableInFileNames() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                new NabRun(
                                        corpus(),
                                        "../x",
                                        ThresholdDetector::new,
                                        NabProfile.defaults(),
                                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detector name");
    }
}
