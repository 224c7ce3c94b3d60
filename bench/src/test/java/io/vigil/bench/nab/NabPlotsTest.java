package io.vigil.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.anomaly.Assessment;
import io.vigil.udfs.anomaly.Detector;
import io.vigil.udfs.anomaly.Detectors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NabPlots}: the data behind a plot, then the PNG. */
class NabPlotsTest {

    private static final long START = 1_420_070_400_000L; // 2015-01-01 00:00:00 UTC
    private static final long STEP = 5 * 60_000L;
    private static final int ROWS = 1200;
    private static final int BACKWARD_ROW = 500;

    /**
     * A seeded daily sine with noise, a spike at row 700 and a level shift at row 1000, each in a
     * window; row {@value #BACKWARD_ROW} steps back in time, as a few NAB rows do.
     */
    private static NabFile synthetic() {
        Random random = new Random(42);
        long[] millis = new long[ROWS];
        double[] values = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            millis[i] = START + i * STEP;
            values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian();
            if (i == 700) {
                values[i] += 40;
            }
            if (i >= 1000) {
                values[i] += 25;
            }
        }
        millis[BACKWARD_ROW] = millis[BACKWARD_ROW - 1] - STEP;
        return NabFile.of(
                "synthetic",
                "sine_spike_shift.csv",
                millis,
                values,
                List.of(new NabWindow(680, 720), new NabWindow(990, 1030)));
    }

    /** Scores given per row, a fixed band around 0; for checking detections exactly. */
    private static Detector scripted(Map<Integer, Double> scores) {
        return new Detector() {
            private int row;

            @Override
            public Assessment observe(long epochMillis, double value) {
                double score = scores.getOrDefault(row, 0.0);
                row++;
                return row <= 10
                        ? new Assessment(score, Double.NaN, Double.NaN, Double.NaN)
                        : new Assessment(score, 0.0, -1.0, 1.0);
            }

            @Override
            public byte[] snapshot() {
                return new byte[0];
            }
        };
    }

    // ------------------------------------------------------------------ data

    @Test
    void traceRunsTheDetectorAsNabRunDoes() {
        NabFile file = synthetic();

        NabPlots.Trace trace = NabPlots.trace(file, Detectors.createDefault());
        NabRun.FileRun run = NabRun.detect(file, Detectors.createDefault());

        assertThat(trace.scores()).containsExactly(run.scores());
        assertThat(trace.backwardRows()).isEqualTo(run.backwardRows()).isEqualTo(1);
        assertThat(trace.times()[BACKWARD_ROW]).isEqualTo(trace.times()[BACKWARD_ROW - 1]);
        for (int i = 1; i < ROWS; i++) {
            assertThat(trace.times()[i]).isGreaterThanOrEqualTo(trace.times()[i - 1]);
        }
        assertThat(trace.probation()).isEqualTo(NabScorer.probationLength(ROWS)).isEqualTo(180);
        // The band: NaN while learning, an interval once learned.
        assertThat(IntStream.range(0, ROWS).filter(i -> Double.isFinite(trace.upper()[i])))
                .isNotEmpty();
        for (int i = 0; i < ROWS; i++) {
            if (Double.isFinite(trace.lower()[i]) && Double.isFinite(trace.upper()[i])) {
                assertThat(trace.lower()[i]).isLessThanOrEqualTo(trace.upper()[i]);
            }
        }
    }

    @Test
    void detectionsAreTheRowsAtOrAboveTheThresholdSplitAsNabCountsThem() {
        NabFile file = synthetic();
        // Row 100 is probationary, 700 and 1005 are in windows, 850 and 1100 outside; 1100 is
        // exactly at the threshold (a detection), 900 just below it (not one).
        NabPlots.Trace trace =
                NabPlots.trace(
                        file,
                        scripted(
                                Map.of(
                                        100, 0.9, 700, 0.8, 850, 0.6, 900, 0.4999, 1005, 0.7, 1100,
                                        0.5)));

        NabPlots.Detections detections = NabPlots.detections(trace, 0.5);

        assertThat(detections.threshold()).isEqualTo(0.5);
        assertThat(detections.inProbation()).containsExactly(100);
        assertThat(detections.inWindows()).containsExactly(700, 1005);
        assertThat(detections.outsideWindows()).containsExactly(850, 1100);
        assertThat(detections.scored()).containsExactly(700, 850, 1005, 1100);
        assertThat(NabPlots.detections(trace, NabScorer.NOTHING_DETECTED).scored()).isEmpty();
    }

    @Test
    void detectionsAtTheScorersThresholdAreTheRowsItCounts() {
        NabFile file = synthetic();
        NabPlots.Trace trace = NabPlots.trace(file, Detectors.createDefault());
        NabScorer scorer = new NabScorer(NabCorpus.of(List.of(file)));
        double threshold =
                scorer.optimise(Map.of(file.key(), trace.scores()), NabProfile.STANDARD)
                        .threshold();

        NabPlots.Detections detections = NabPlots.detections(trace, threshold);

        int[] expected =
                IntStream.range(trace.probation(), ROWS)
                        .filter(i -> trace.scores()[i] >= threshold)
                        .toArray();
        assertThat(detections.scored()).containsExactly(expected);
        NabCounts counts =
                NabScorer.scoreFile(file, trace.scores(), NabProfile.STANDARD, threshold).counts();
        assertThat((long) detections.inWindows().length).isEqualTo(counts.tp());
        assertThat((long) detections.outsideWindows().length).isEqualTo(counts.fp());
        for (int row : detections.inWindows()) {
            assertThat(file.label(row)).isEqualTo(1);
        }
        for (int row : detections.outsideWindows()) {
            assertThat(file.label(row)).isZero();
        }
        assertThat(IntStream.of(detections.inProbation())).allMatch(row -> row < trace.probation());
    }

    @Test
    void representativeFilesComeFirstThenOnePerCategoryThenByKey() {
        NabCorpus corpus =
                NabCorpus.of(
                        List.of(
                                tiny("b", "z.csv"),
                                tiny("a", "y.csv"),
                                tiny("a", "x.csv"),
                                tiny("realKnownCause", "nyc_taxi.csv"),
                                tiny("realTweets", "Twitter_volume_AAPL.csv")));

        assertThat(keys(NabPlots.representative(corpus, 4)))
                .containsExactly(
                        "realKnownCause/nyc_taxi.csv",
                        "realTweets/Twitter_volume_AAPL.csv",
                        "a/x.csv",
                        "b/z.csv");
        assertThat(keys(NabPlots.representative(corpus, 10))).hasSize(5).endsWith("a/y.csv");
        assertThat(NabPlots.representative(corpus, 0)).isEmpty();
        assertThat(keys(NabPlots.files(corpus, List.of("b/z.csv", "a/x.csv"))))
                .containsExactly("b/z.csv", "a/x.csv");
        assertThatThrownBy(() -> NabPlots.files(corpus, List.of("a/x.csv", "c/nope.csv")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c/nope.csv");
        assertThat(NabPlots.pngName(corpus.file("realKnownCause/nyc_taxi.csv")))
                .isEqualTo("realKnownCause_nyc_taxi.png");
    }

    // ------------------------------------------------------------------ drawing

    @Test
    void rendersAPngOfTheExpectedSize(@TempDir Path dir) throws IOException {
        NabFile file = synthetic();
        NabPlots.Trace trace = NabPlots.trace(file, Detectors.createDefault());
        Path png = dir.resolve("plot.png");

        NabPlots.render(trace, NabPlots.detections(trace, 0.38), "standard", png);

        assertDecodes(png);
    }

    @Test
    void aLongDenseSeriesStaysSmall(@TempDir Path dir) throws IOException {
        Random random = new Random(3);
        int n = 22_000;
        long[] millis = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            millis[i] = START + i * STEP;
            values[i] = 100 * Math.sin(2 * Math.PI * i / 48.0) + 20 * random.nextGaussian();
        }
        NabFile file =
                NabFile.of(
                        "synthetic",
                        "dense.csv",
                        millis,
                        values,
                        List.of(new NabWindow(9000, 11000)));

        List<Path> written =
                NabPlots.write(List.of(file), Detectors::createDefault, 0.38, "standard", dir);

        assertThat(written).containsExactly(dir.resolve("synthetic_dense.png"));
        assertDecodes(written.get(0));
    }

    private static void assertDecodes(Path png) throws IOException {
        assertThat(png).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(NabPlots.WIDTH).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(NabPlots.HEIGHT).isEqualTo(500);
        assertThat(Files.size(png)).isLessThan(300_000L);
    }

    private static NabFile tiny(String category, String name) {
        long[] millis = new long[20];
        double[] values = new double[20];
        for (int i = 0; i < 20; i++) {
            millis[i] = START + i * STEP;
            values[i] = i;
        }
        return NabFile.of(category, name, millis, values, List.of());
    }

    private static List<String> keys(List<NabFile> files) {
        List<String> keys = new ArrayList<>();
        files.forEach(f -> keys.add(f.key()));
        return keys;
    }
}
