package io.vigil.udfs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SurpriseDetectorTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long STEP = 300_000L; // 5-minute points
    private static final double THRESHOLD = Detectors.DEFAULT_THRESHOLD;

    /** Gaussian noise around {@code mean}, seeded. */
    private static double[] noise(int n, double mean, double sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * gaussian(r);
        }
        return v;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static List<Assessment> run(Detector d, double[] values, int from) {
        List<Assessment> out = new ArrayList<>();
        for (int i = from; i < values.length; i++) {
            out.add(d.observe(T0 + i * STEP, values[i]));
        }
        return out;
    }

    /** The default configuration with the weekly profile off (the format-2 state). */
    private static DetectorConfig withoutWeeklyProfile() {
        DetectorConfig d = DetectorConfig.DEFAULT;
        return new DetectorConfig(
                d.fastAlpha(),
                d.slowAlpha(),
                d.scaleAlpha(),
                d.sustainedAlpha(),
                d.tailHalfLife(),
                d.tailFraction(),
                d.rangeTolerance(),
                d.rangeScore(),
                d.rangeSlope(),
                d.surpriseDecades(),
                d.suppressionDecay(),
                d.warmup(),
                d.tailWarmup(),
                d.seasonalSlots(),
                d.seasonalAlpha(),
                d.seasonalOffsetAlpha(),
                d.seasonalWarmupDays(),
                false);
    }

    private static double[] scores(List<Assessment> as) {
        return as.stream().mapToDouble(Assessment::score).toArray();
    }

    @Test
    void sameInputGivesSameOutput() {
        double[] v = noise(3000, 50, 5, 1);
        v[2000] = 120;
        assertThat(run(Detectors.createDefault(), v, 0))
                .containsExactlyElementsOf(run(Detectors.createDefault(), v, 0));
    }

    @Test
    void restoredDetectorContinuesExactly() {
        double[] v = noise(4000, 50, 5, 2);
        for (int i = 2500; i < 4000; i++) {
            v[i] += 30; // a level shift after the snapshot
        }
        for (int cut : new int[] {0, 1, 10, 60, 1500}) {
            Detector original = Detectors.createDefault();
            run(original, java.util.Arrays.copyOf(v, cut), 0);
            byte[] state = original.snapshot();
            Detector restored = Detectors.restore(state);
            assertThat(restored.snapshot()).isEqualTo(state);
            assertThat(run(restored, v, cut)).containsExactlyElementsOf(run(original, v, cut));
            assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        }
    }

    @Test
    void customConfigSurvivesTheRoundTrip() {
        for (boolean weekly : new boolean[] {false, true}) {
            DetectorConfig custom =
                    new DetectorConfig(
                            0.4, 0.03, 0.02, 0.2, 1000, 0.1, 0.02, 0.5, 1, 6, 0.99, 30, 10, 48, 0.2,
                            0.5, 1, weekly);
            Detector d = Detectors.create(custom);
            double[] v = noise(500, 0, 1, 3);
            run(d, v, 0);
            Detector restored = Detectors.restore(d.snapshot());
            assertThat(((SurpriseDetector) restored).config()).isEqualTo(custom);
            double[] more = noise(300, 0, 1, 4);
            assertThat(run(restored, more, 0)).containsExactlyElementsOf(run(d, more, 0));
        }
    }

    @Test
    void restoredDetectorContinuesExactlyAcrossWeeks() {
        // Hourly points over five weeks with a weekly pattern: the weekly profile is scored from
        // week three on, so the cut at week four restores a profile that is in use.
        SplittableRandom r = new SplittableRandom(12);
        long hour = 3_600_000L;
        int n = 5 * 168;
        Detector original = Detectors.createDefault();
        Detector restored = null;
        for (int i = 0; i < n; i++) {
            if (i == 4 * 168) {
                restored = Detectors.restore(original.snapshot());
            }
            double v =
                    (i % 168 < 120 ? 100 : 40) + 5 * Math.sin(2 * Math.PI * i / 24) + gaussian(r);
            Assessment a = original.observe(T0 + i * hour, v);
            if (restored != null) {
                assertThat(restored.observe(T0 + i * hour, v)).isEqualTo(a);
            }
        }
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    }

    /**
     * Hourly points, weekdays busy during working hours, weekends quiet; in week six a Wednesday is
     * as quiet as a Sunday (a holiday). Only the weekly profile finds that day unusual: the levels
     * and the daily profile have seen the same drop every Saturday.
     */
    @Test
    void aWeekdayThatLooksLikeASundayIsSurprisingOnlyWithTheWeeklyProfile() {
        long monday = 1_699_833_600_000L; // 2023-11-13T00:00Z
        long hour = 3_600_000L;
        int holiday = 5 * 168 + 2 * 24;
        DetectorConfig withoutWeekly = withoutWeeklyProfile();
        double[] maxOnHoliday = new double[2];
        double[] maxElsewhere = new double[2];
        int k = 0;
        for (Detector d : List.of(Detectors.createDefault(), Detectors.create(withoutWeekly))) {
            SplittableRandom r = new SplittableRandom(21);
            for (int i = 0; i < 6 * 168; i++) {
                int day = (i / 24) % 7;
                int h = i % 24;
                boolean quiet = day >= 5 || (i >= holiday && i < holiday + 24);
                double v =
                        (quiet ? 40 : 100 + (h >= 8 && h < 18 ? 50 : 0))
                                + 3 * (r.nextDouble() - 0.5);
                double score = d.observe(monday + i * hour, v).score();
                if (i >= holiday && i < holiday + 24) {
                    maxOnHoliday[k] = Math.max(maxOnHoliday[k], score);
                } else if (i >= 3 * 168) {
                    maxElsewhere[k] = Math.max(maxElsewhere[k], score);
                }
            }
            k++;
        }
        assertThat(maxOnHoliday[0])
                .isGreaterThanOrEqualTo(Detectors.NAB_THRESHOLD)
                .isGreaterThan(maxElsewhere[0]);
        assertThat(maxOnHoliday[1]).isLessThan(Detectors.NAB_THRESHOLD);
    }

    /**
     * A version-2 snapshot (before the weekly profile): the default config flag, then the state
     * without the weekly part. It restores into the default detector with an empty weekly profile.
     */
    @Test
    void readsVersionTwoSnapshots() {
        DetectorConfig v1 = withoutWeeklyProfile();
        Detector withoutWeekly = Detectors.create(v1);
        double[] v = noise(2000, 50, 5, 13);
        run(withoutWeekly, v, 0);
        byte[] custom = withoutWeekly.snapshot();
        int configBytes = 13 * Double.BYTES + 4 * Integer.BYTES + 1;
        assertThat(custom.length).isEqualTo(959 + configBytes);
        // Version 2 wrote the same state after the header, without the first point's time: the
        // default flag, no weekly part.
        byte[] version3 = new byte[959];
        version3[0] = 'S';
        version3[2] = 0;
        System.arraycopy(custom, 3 + configBytes, version3, 3, 959 - 3);
        byte[] version2 = cut(version3, AFTER_DAYS + 24, 8);
        version2[1] = 2;

        Detector restored = Detectors.restore(version2);

        assertThat(((SurpriseDetector) restored).config()).isEqualTo(DetectorConfig.DEFAULT);
        // Until a week has passed the weekly profile is not scored: the same outputs.
        double[] more = noise(300, 50, 5, 14);
        List<Assessment> expected = new ArrayList<>();
        for (int i = 0; i < more.length; i++) {
            expected.add(withoutWeekly.observe(T0 + (2000 + i) * STEP, more[i]));
        }
        List<Assessment> actual = new ArrayList<>();
        for (int i = 0; i < more.length; i++) {
            actual.add(restored.observe(T0 + (2000 + i) * STEP, more[i]));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void stateSizeIsAsDocumented() {
        Detector d = Detectors.createDefault();
        run(d, noise(10_000, 100, 10, 5), 0);
        // docs/benchmarks.md and the SurpriseDetector Javadoc quote these sizes.
        assertThat(d.snapshot().length).isEqualTo(1887);
        assertThat(1887 - 959).isEqualTo(WEEKLY_BYTES);
        DetectorConfig withoutWeekly = withoutWeeklyProfile();
        assertThat(Detectors.create(withoutWeekly).snapshot().length)
                .isEqualTo(959 + 13 * Double.BYTES + 4 * Integer.BYTES + 1);
    }

    @Test
    void restoreRejectsForeignBytes() {
        assertThatThrownBy(() -> Detectors.restore(new byte[] {'X', 1, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a detector snapshot");
        assertThatThrownBy(() -> Detectors.restore(new byte[] {'S', 99, 0}))
                .hasMessageContaining("version 99");
        byte[] good = Detectors.createDefault().snapshot();
        assertThatThrownBy(() -> Detectors.restore(java.util.Arrays.copyOf(good, 40)))
                .hasMessageContaining("truncated");
    }

    @Test
    void levelShiftFiresWithinAFewPointsThenQuiets() {
        double[] v = noise(3000, 100, 2, 6);
        int shift = 2000;
        for (int i = shift; i < v.length; i++) {
            v[i] += 25;
        }
        double[] s = scores(run(Detectors.createDefault(), v, 0));
        int first = firstAtOrAbove(s, THRESHOLD, 1000);
        assertThat(first).isBetween(shift, shift + 3);
        // After the onset the new level becomes normal: nothing more from 20 points on.
        assertThat(firstAtOrAbove(s, THRESHOLD, shift + 20)).isEqualTo(-1);
    }

    /**
     * Young series of plain noise and of mean-reverting random walks (memory, queue depths) keep
     * setting new extremes while their range is learnt; none of that is an anomaly. 40 series of
     * two hours at 10-second steps, seeded.
     */
    @Test
    void youngSeriesSettingNewExtremesDoNotAlert() {
        int alerting = 0;
        for (int k = 0; k < 40; k++) {
            SplittableRandom r = new SplittableRandom(100 + k);
            double[] v = new double[720];
            double walk = 0;
            for (int i = 0; i < v.length; i++) {
                walk += -0.01 * walk + gaussian(r);
                v[i] = k % 2 == 0 ? 0.55 + 0.0005 * gaussian(r) : 4e9 + 2e6 * walk;
            }
            if (firstAtOrAbove(scores(run(Detectors.createDefault(), v, 0)), THRESHOLD, 0) >= 0) {
                alerting++;
            }
        }
        assertThat(alerting).isZero();
    }

    /**
     * A leak on a random walk (memory): after two hours of wandering, the value leaves everything
     * seen by a third of the range per point. It alerts within two points, on the walk as on noise.
     */
    @Test
    void aLevelLeavingEverythingSeenAlerts() {
        SplittableRandom r = new SplittableRandom(11);
        double[] v = new double[800];
        double walk = 0;
        int start = 720;
        for (int i = 0; i < start; i++) {
            walk += -0.01 * walk + gaussian(r);
            v[i] = 4e9 + 2e6 * walk;
        }
        double lo = java.util.Arrays.stream(v, 0, start).min().orElseThrow();
        double hi = java.util.Arrays.stream(v, 0, start).max().orElseThrow();
        for (int i = start; i < v.length; i++) {
            v[i] = hi + (hi - lo) * (i - start + 1) / 3.0;
        }
        double[] s = scores(run(Detectors.createDefault(), v, 0));
        assertThat(firstAtOrAbove(s, THRESHOLD, 0)).isBetween(start, start + 2);
    }

    /**
     * At ten-second points the series is learnt for 15 minutes (90 points), not 50 points: a spike
     * at minute 10 is not scored, the same spike at minute 20 is.
     */
    @Test
    void aSeriesIsLearntForFifteenMinutesOfEventTime() {
        long tenSeconds = 10_000L;
        for (int spikeAt : new int[] {60, 120}) {
            double[] v = noise(200, 100, 2, 14);
            v[spikeAt] = 160;
            Detector d = Detectors.createDefault();
            List<Assessment> out = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                out.add(d.observe(T0 + i * tenSeconds, v[i]));
            }
            double score = out.get(spikeAt).score();
            if (spikeAt * tenSeconds < SurpriseDetector.MIN_LEARNING.toMillis()) {
                assertThat(out.get(spikeAt)).isEqualTo(Assessment.learning());
            } else {
                assertThat(score).isGreaterThanOrEqualTo(THRESHOLD);
            }
        }
    }

    /**
     * An error count that is usually 0 or 0.1 per second bursts to 0.9, 0.4, 1.0, 0.7, …: the burst
     * wavers below its first point, yet it is a level held far past everything seen, and alerts by
     * its second point.
     */
    @Test
    void aWaveringBurstPastTheRangeAlerts() {
        SplittableRandom r = new SplittableRandom(15);
        double[] v = new double[600];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() < 0.05 ? 0.1 : 0;
        }
        double[] burst = {0.9, 0.4, 1.0, 0.7, 1.0, 0.6, 0.6};
        int start = 500;
        System.arraycopy(burst, 0, v, start, burst.length);
        long tenSeconds = 10_000L;
        Detector d = Detectors.createDefault();
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = d.observe(T0 + i * tenSeconds, v[i]).score();
        }
        assertThat(firstAtOrAbove(s, THRESHOLD, 0)).isBetween(start, start + 1);
    }

    /**
     * The serialized weekly profile: offset, scale, start, the seen bits, 168 floats, a histogram.
     */
    private static final int WEEKLY_BYTES = 8 + 8 + 8 + 3 * 8 + 168 * 4 + (48 * 4 + 16);

    /** Where format 3 added the first point's time, and format 2 the three doubles before it. */
    private static final int AFTER_DAYS =
            3
                    + Long.BYTES
                    + 8 * Double.BYTES
                    + Long.BYTES
                    + 2 * Double.BYTES
                    + Long.BYTES
                    + Integer.BYTES;

    /**
     * Version-1 and version-2 snapshots (before the previous point, the first point's time and the
     * weekly profile were kept) restore and go on as the detector they came from; their weekly
     * profile starts empty and is not scored in the 300 points after (a week has not passed).
     */
    @Test
    void restoresTheEarlierSnapshotVersions() {
        Detector d = Detectors.createDefault();
        double[] all = noise(2300, 100, 10, 12);
        run(d, java.util.Arrays.copyOf(all, 2000), 0);
        byte[] v3 = d.snapshot();
        // Version 2: version 3 without the weekly profile at the end and the first point's time.
        byte[] v2 = cut(java.util.Arrays.copyOf(v3, v3.length - WEEKLY_BYTES), AFTER_DAYS + 24, 8);
        v2[1] = 2;
        // Version 1: version 2 without the three doubles after the day count.
        byte[] v1 = cut(v2, AFTER_DAYS, 24);
        v1[1] = 1;
        List<Assessment> expected = run(d, all, 2000);
        assertThat(run(Detectors.restore(v2), all, 2000)).containsExactlyElementsOf(expected);
        assertThat(run(Detectors.restore(v1), all, 2000)).containsExactlyElementsOf(expected);
    }

    private static byte[] cut(byte[] bytes, int at, int length) {
        byte[] out = new byte[bytes.length - length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + length, out, at, bytes.length - at - length);
        return out;
    }

    @Test
    void spikeFires() {
        double[] v = noise(2500, 100, 2, 7);
        v[2000] = 130;
        double[] s = scores(run(Detectors.createDefault(), v, 0));
        assertThat(s[2000]).isGreaterThanOrEqualTo(THRESHOLD);
        assertThat(firstAtOrAbove(s, THRESHOLD, 1000)).isEqualTo(2000);
    }

    @Test
    void noisySineWaveDoesNotFire() {
        SplittableRandom r = new SplittableRandom(8);
        double[] v = new double[8000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 288) + 2 * gaussian(r);
        }
        double[] s = scores(run(Detectors.createDefault(), v, 0));
        // After a learning period of two cycles, nothing reaches the threshold.
        assertThat(firstAtOrAbove(s, THRESHOLD, 600)).isEqualTo(-1);
    }

    @Test
    void scoresStayInUnitIntervalOnHostileInput() {
        SplittableRandom r = new SplittableRandom(9);
        double[] v = new double[5000];
        double x = 0;
        for (int i = 0; i < v.length; i++) {
            x += gaussian(r);
            v[i] = i % 997 == 0 ? 1e300 * (r.nextBoolean() ? 1 : -1) : i < 300 ? 7 : x * 1e-200;
        }
        for (Assessment a : run(Detectors.createDefault(), v, 0)) {
            assertThat(a.score()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void nonFiniteValuesAreIgnored() {
        Detector d = Detectors.createDefault();
        run(d, noise(500, 10, 1, 10), 0);
        byte[] before = d.snapshot();
        for (double bad :
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Assessment a = d.observe(T0, bad);
            assertThat(a.score()).isZero();
            assertThat(a.expected()).isBetween(a.lower(), a.upper());
        }
        assertThat(d.snapshot()).isEqualTo(before);
        assertThat(Detectors.createDefault().observe(T0, Double.NaN))
                .isEqualTo(Assessment.learning());
    }

    @Test
    void bandContainsExpectedOnceLearned() {
        double[] v = noise(3000, 20, 3, 11);
        v[1500] = 90;
        List<Assessment> as = run(Detectors.createDefault(), v, 0);
        for (int i = 0; i < as.size(); i++) {
            Assessment a = as.get(i);
            if (i < DetectorConfig.WARMUP - 1) {
                assertThat(a).isEqualTo(Assessment.learning());
            } else {
                assertThat(a.lower()).isLessThanOrEqualTo(a.expected());
                assertThat(a.upper()).isGreaterThanOrEqualTo(a.expected());
                assertThat(a.upper()).isGreaterThan(a.lower());
            }
        }
        // The band describes normal values: most points fall inside it.
        long inside = 0;
        for (int i = 100; i < as.size(); i++) {
            if (v[i] >= as.get(i).lower() && v[i] <= as.get(i).upper()) {
                inside++;
            }
        }
        assertThat(inside).isGreaterThan((long) (0.95 * (as.size() - 100)));
    }

    @Test
    void aSeriesThatWasNeverNegativeGetsNoNegativeBand() {
        // Bursty counts near zero: a symmetric band would reach far below zero after bursts.
        double[] v = noise(3000, 2, 1, 17);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]) + (i % 400 == 399 ? 300 : 0);
        }
        List<Assessment> as = run(Detectors.createDefault(), v, 0);
        assertThat(as.stream().filter(a -> !Double.isNaN(a.lower())))
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.lower()).isGreaterThanOrEqualTo(0.0));

        double[] negative = noise(3000, 2, 5, 17);
        List<Assessment> signed = run(Detectors.createDefault(), negative, 0);
        assertThat(signed.stream().filter(a -> a.lower() < 0))
                .as("a series with negative values keeps its band")
                .isNotEmpty();
    }

    @Test
    void flatLineIsQuiet() {
        double[] v = new double[3000];
        java.util.Arrays.fill(v, 42);
        assertThat(firstAtOrAbove(scores(run(Detectors.createDefault(), v, 0)), 1e-9, 0))
                .isEqualTo(-1);
    }

    @Test
    void configRejectsNonsenseWithTheKeyName() {
        assertThatThrownBy(
                        () ->
                                new DetectorConfig(
                                        0, 0.02, 0.01, 0.1, 3000, 0.05, 0.01, 0.6, 2, 8, 0.997, 50,
                                        20, 24, 0.1, 0.3, 2, true))
                .hasMessageContaining("fastAlpha");
    }

    private static int firstAtOrAbove(double[] s, double threshold, int from) {
        for (int i = from; i < s.length; i++) {
            if (s[i] >= threshold) {
                return i;
            }
        }
        return -1;
    }
}
