package io.vigil.bench.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The NAB scorer (NAB v1.1 semantics, as described in {@code shared/data/nab/SCORING.md}): per-row
 * sweep scores from the scaled sigmoid, the per-file score at a threshold, one corpus-wide
 * threshold per profile chosen by an incremental sweep, and the normalised NAB score.
 *
 * <p>The pieces, for a file of n rows:
 *
 * <ul>
 *   <li><b>Probation</b>: the first {@code min(floor(0.15 n), 750)} rows are never counted.
 *   <li><b>Sweep score</b> of row i (what a detection there would be worth): inside window [l, r]
 *       of width W, {@code A_TP σs(-(r-i+1)/W) / σs(-1)}, which is A_TP at the left edge and about
 *       0 at the right edge; outside every window, {@code -A_FP} before the first window ends, and
 *       {@code A_FP σs((i-r)/(W-1))} after a window [l, r] of width W, which falls from about 0
 *       just after the window to {@code -A_FP} three widths later.
 *   <li><b>File score</b> at θ (detection: not probationary and {@code anomaly score >= θ}): each
 *       window with a row after probation adds its best (earliest) detection, or {@code -A_FN}
 *       without one; every detected row outside windows adds its (negative) sweep score.
 *   <li><b>Threshold</b>: one θ per profile for the whole corpus, the candidate (1.1, then every
 *       distinct anomaly score) with the largest summed file score; on a tie the larger θ.
 *   <li><b>Normalisation</b>: {@code 100 (raw - null) / (perfect - null)} with {@code perfect =
 *       A_TP × windows} and {@code null = -A_FN × windows with a row after probation}.
 * </ul>
 *
 * <p>Floating-point steps follow NAB's arithmetic order, so per-file scores agree with NAB's own to
 * about 1e-12. Plain Java, no state beyond the corpus' window index: one instance may score many
 * detectors, from several threads.
 */
public final class NabScorer {

    /** The candidate threshold that detects nothing (anomaly scores are at most 1). */
    public static final double NOTHING_DETECTED = 1.1;

    /** The probationary fraction of each file. */
    public static final double PROBATION_FRACTION = 0.15;

    /** Probation is capped at {@code PROBATION_FRACTION × 5000 = 750} rows. */
    public static final int PROBATION_CAP_BASE = 5000;

    /** Positions further than this (in window widths) after a window cost the full A_FP. */
    private static final double SIGMOID_CUTOFF = 3.0;

    private final NabCorpus corpus;
    private final int[] probation;
    private final int[][] windowOfRow;
    private final int[] windowOffset;
    private final int totalWindows;

    /** A scorer for detector outputs on {@code corpus}. */
    public NabScorer(NabCorpus corpus) {
        this.corpus = corpus;
        List<NabFile> files = corpus.files();
        probation = new int[files.size()];
        windowOfRow = new int[files.size()][];
        windowOffset = new int[files.size()];
        int windows = 0;
        for (int f = 0; f < files.size(); f++) {
            NabFile file = files.get(f);
            probation[f] = probationLength(file.size());
            windowOfRow[f] = file.windowIndexByRow();
            windowOffset[f] = windows;
            windows += file.windows().size();
        }
        totalWindows = windows;
    }

    /** The corpus this scorer scores. */
    public NabCorpus corpus() {
        return corpus;
    }

    // ------------------------------------------------------------------ the pieces

    /**
     * NAB's scaled sigmoid, {@code 2 / (1 + e^{5x}) - 1}, and exactly -1 for {@code x > 3}. It is
     * +0.98661 at x = -1, 0 at x = 0 and -0.98661 at x = 1.
     */
    public static double scaledSigmoid(double x) {
        if (x > SIGMOID_CUTOFF) {
            return -1.0;
        }
        // 2·sigmoid(-5x) - 1, in NAB's order of operations.
        return 2.0 * (1.0 / (1.0 + Math.exp(5.0 * x))) - 1.0;
    }

    /**
     * The number of leading probationary rows of a file of {@code rows} rows: {@code min(floor(0.15
     * rows), 750)}, computed in double precision as NAB does (so e.g. 0.15 × 20 floors to 3).
     */
    public static int probationLength(int rows) {
        return (int)
                Math.min(
                        Math.floor(PROBATION_FRACTION * rows),
                        PROBATION_FRACTION * PROBATION_CAP_BASE);
    }

    /**
     * Per row, what a detection there is worth under {@code profile} (the sweep score), for every
     * row including probationary ones (which are never counted). A window of width 1 has no decay
     * after it: every later row outside windows costs the full {@code -A_FP}.
     */
    public static double[] sweepScores(NabFile file, NabProfile profile) {
        int n = file.size();
        double[] scores = new double[n];
        double maxTp = scaledSigmoid(-1.0);
        List<NabWindow> windows = file.windows();
        int next = 0;
        NabWindow previous = null;
        for (int i = 0; i < n; i++) {
            NabWindow current = next < windows.size() ? windows.get(next) : null;
            if (current != null && current.contains(i)) {
                double position = -(current.last() - i + 1) / (double) current.width();
                scores[i] = scaledSigmoid(position) * profile.tpWeight() / maxTp;
                if (i == current.last()) {
                    previous = current;
                    next++;
                }
            } else if (previous == null) {
                scores[i] = -1.0 * profile.fpWeight();
            } else {
                // (i - r) / (W - 1); W = 1 gives +infinity, i.e. the full cost.
                double position = Math.abs(previous.last() - i) / (double) (previous.width() - 1);
                scores[i] = scaledSigmoid(position) * profile.fpWeight();
            }
        }
        return scores;
    }

    /**
     * Scores one file's anomaly scores at threshold θ.
     *
     * @param anomalyScores one score in [0, 1] per row of {@code file}
     * @param threshold θ; rows after probation with {@code anomaly score >= θ} are detections
     */
    public static NabFileScore scoreFile(
            NabFile file, double[] anomalyScores, NabProfile profile, double threshold) {
        checkScores(file, anomalyScores);
        return scoreFile(
                file,
                anomalyScores,
                sweepScores(file, profile),
                file.windowIndexByRow(),
                probationLength(file.size()),
                profile,
                threshold);
    }

    private static NabFileScore scoreFile(
            NabFile file,
            double[] anomalyScores,
            double[] sweep,
            int[] windowOfRow,
            int probation,
            NabProfile profile,
            double threshold) {
        int windows = file.windows().size();
        double[] best = new double[windows];
        boolean[] detected = new boolean[windows];
        double falsePositives = 0.0;
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        for (int i = probation; i < file.size(); i++) {
            boolean detection = anomalyScores[i] >= threshold;
            int w = windowOfRow[i];
            if (w >= 0) {
                if (detection) {
                    tp++;
                    if (!detected[w] || sweep[i] > best[w]) {
                        best[w] = sweep[i];
                        detected[w] = true;
                    }
                } else {
                    fn++;
                }
            } else if (detection) {
                fp++;
                falsePositives += sweep[i];
            } else {
                tn++;
            }
        }
        double raw = falsePositives;
        int scorable = 0;
        for (int w = 0; w < windows; w++) {
            if (file.windows().get(w).last() >= probation) {
                scorable++;
                raw += detected[w] ? best[w] : -profile.fnWeight();
            }
        }
        return new NabFileScore(
                file.key(),
                file.category(),
                file.size(),
                probation,
                windows,
                scorable,
                raw,
                new NabCounts(tp, fp, fn, tn));
    }

    /**
     * The NAB score: {@code 100 (raw - nullRaw) / (perfect - nullRaw)}, or {@code NaN} when {@code
     * perfect == nullRaw} (no windows at all).
     */
    public static double normalise(double raw, double perfect, double nullRaw) {
        double span = perfect - nullRaw;
        return span == 0.0 ? Double.NaN : 100.0 * (raw - nullRaw) / span;
    }

    // ------------------------------------------------------------------ the corpus

    /**
     * Scores every file of the corpus at a fixed threshold (for example NAB's published one), with
     * per-category and per-file breakdowns.
     *
     * @param anomalyScores per file key, one score in [0, 1] per row
     * @throws IllegalArgumentException if a file's scores are missing, of the wrong length or out
     *     of [0, 1]
     */
    public NabProfileScore scoreAt(
            Map<String, double[]> anomalyScores, NabProfile profile, double threshold) {
        checkAll(anomalyScores);
        return scoreAt(anomalyScores, profile, threshold, false);
    }

    /** Chooses the corpus-wide threshold for {@code profile}, then scores at it. */
    public NabProfileScore scoreOptimised(Map<String, double[]> anomalyScores, NabProfile profile) {
        checkAll(anomalyScores);
        Optimum optimum = optimise(rank(anomalyScores), profile);
        return scoreAt(anomalyScores, profile, optimum.threshold(), true);
    }

    /**
     * Scores one detector's outputs under each profile at that profile's optimised threshold.
     *
     * @param detector the detector's name, as it appears in reports
     */
    public NabReport score(
            String detector, Map<String, double[]> anomalyScores, List<NabProfile> profiles) {
        checkAll(anomalyScores);
        Ranking ranking = rank(anomalyScores);
        List<NabProfileScore> results = new ArrayList<>();
        for (NabProfile profile : profiles) {
            Optimum optimum = optimise(ranking, profile);
            results.add(scoreAt(anomalyScores, profile, optimum.threshold(), true));
        }
        return new NabReport(
                detector, corpus.size(), corpus.rowCount(), corpus.windowCount(), results);
    }

    /**
     * The optimiser's choice for one profile.
     *
     * @param threshold the chosen θ (1.1 when detecting nothing is best)
     * @param raw the corpus raw score at θ as the sweep summed it (equal, up to rounding, to the
     *     sum of the file scores at θ)
     * @param candidates how many thresholds were tried (1.1 and each distinct score)
     */
    public record Optimum(double threshold, double raw, int candidates) {}

    /**
     * The corpus-wide threshold that maximises the summed raw score under {@code profile}. All
     * non-probationary rows are sorted once by anomaly score, highest first, and the score is
     * updated row by row as θ sweeps down: O(N log N) for N rows. A tie keeps the larger θ.
     */
    public Optimum optimise(Map<String, double[]> anomalyScores, NabProfile profile) {
        checkAll(anomalyScores);
        return optimise(rank(anomalyScores), profile);
    }

    private NabProfileScore scoreAt(
            Map<String, double[]> anomalyScores,
            NabProfile profile,
            double threshold,
            boolean optimised) {
        List<NabFile> files = corpus.files();
        List<NabFileScore> fileScores = new ArrayList<>(files.size());
        for (int f = 0; f < files.size(); f++) {
            NabFile file = files.get(f);
            fileScores.add(
                    scoreFile(
                            file,
                            anomalyScores.get(file.key()),
                            sweepScores(file, profile),
                            windowOfRow[f],
                            probation[f],
                            profile,
                            threshold));
        }
        List<NabCategoryScore> categories = new ArrayList<>();
        for (Map.Entry<String, List<NabFile>> category : corpus.byCategory().entrySet()) {
            List<NabFileScore> members =
                    fileScores.stream()
                            .filter(s -> s.category().equals(category.getKey()))
                            .toList();
            Totals totals = Totals.of(members, profile);
            categories.add(
                    new NabCategoryScore(
                            category.getKey(),
                            members.size(),
                            totals.windows,
                            totals.scorable,
                            totals.raw,
                            totals.perfect,
                            totals.nullRaw,
                            normalise(totals.raw, totals.perfect, totals.nullRaw),
                            totals.counts));
        }
        Totals totals = Totals.of(fileScores, profile);
        return new NabProfileScore(
                profile,
                threshold,
                optimised,
                totals.raw,
                totals.perfect,
                totals.nullRaw,
                normalise(totals.raw, totals.perfect, totals.nullRaw),
                totals.counts,
                totals.windows,
                totals.scorable,
                categories,
                fileScores);
    }

    /** Sums of file scores; the raw total is added in file order, as NAB's totals row is. */
    private static final class Totals {
        double raw;
        double perfect;
        double nullRaw;
        int windows;
        int scorable;
        NabCounts counts = NabCounts.ZERO;

        static Totals of(List<NabFileScore> files, NabProfile profile) {
            Totals totals = new Totals();
            for (NabFileScore file : files) {
                totals.raw += file.raw();
                totals.windows += file.windows();
                totals.scorable += file.scorableWindows();
                totals.counts = totals.counts.plus(file.counts());
            }
            totals.perfect = profile.tpWeight() * totals.windows;
            totals.nullRaw = -profile.fnWeight() * totals.scorable;
            return totals;
        }
    }

    /** The non-probationary rows of all files, sorted by anomaly score, highest first. */
    private record Ranking(
            double[] anomaly, int[] file, int[] row, int[] window, boolean[] scorable) {}

    private Ranking rank(Map<String, double[]> anomalyScores) {
        List<NabFile> files = corpus.files();
        int total = 0;
        for (int f = 0; f < files.size(); f++) {
            total += Math.max(0, files.get(f).size() - probation[f]);
        }
        double[] anomaly = new double[total];
        int[] fileOf = new int[total];
        int[] rowOf = new int[total];
        int k = 0;
        for (int f = 0; f < files.size(); f++) {
            double[] scores = anomalyScores.get(files.get(f).key());
            for (int i = probation[f]; i < scores.length; i++) {
                anomaly[k] = scores[i] + 0.0; // -0.0 becomes 0.0: one candidate, not two
                fileOf[k] = f;
                rowOf[k] = i;
                k++;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(anomaly[b], anomaly[a]));
        double[] sortedAnomaly = new double[total];
        int[] sortedFile = new int[total];
        int[] sortedRow = new int[total];
        int[] sortedWindow = new int[total];
        for (int i = 0; i < total; i++) {
            int j = order[i];
            sortedAnomaly[i] = anomaly[j];
            sortedFile[i] = fileOf[j];
            sortedRow[i] = rowOf[j];
            int w = windowOfRow[fileOf[j]][rowOf[j]];
            sortedWindow[i] = w < 0 ? -1 : windowOffset[fileOf[j]] + w;
        }
        boolean[] scorable = new boolean[totalWindows];
        for (int f = 0; f < files.size(); f++) {
            List<NabWindow> windows = files.get(f).windows();
            for (int w = 0; w < windows.size(); w++) {
                scorable[windowOffset[f] + w] = windows.get(w).last() >= probation[f];
            }
        }
        return new Ranking(sortedAnomaly, sortedFile, sortedRow, sortedWindow, scorable);
    }

    private Optimum optimise(Ranking ranking, NabProfile profile) {
        List<NabFile> files = corpus.files();
        double[][] sweep = new double[files.size()][];
        for (int f = 0; f < files.size(); f++) {
            sweep[f] = sweepScores(files.get(f), profile);
        }
        // At θ = 1.1 nothing is detected: every scorable window costs A_FN.
        double[] windowScore = new double[totalWindows];
        boolean[] detected = new boolean[totalWindows];
        CompensatedSum total = new CompensatedSum();
        for (int w = 0; w < totalWindows; w++) {
            if (ranking.scorable()[w]) {
                windowScore[w] = -profile.fnWeight();
                total.add(-profile.fnWeight());
            }
        }
        double bestThreshold = NOTHING_DETECTED;
        double bestRaw = total.value();
        int candidates = 1;
        double[] anomaly = ranking.anomaly();
        int n = anomaly.length;
        int k = 0;
        while (k < n) {
            double threshold = anomaly[k];
            // Every row with this anomaly score becomes a detection at once.
            do {
                double s = sweep[ranking.file()[k]][ranking.row()[k]];
                int w = ranking.window()[k];
                if (w < 0) {
                    total.add(s);
                } else if (!detected[w] || s > windowScore[w]) {
                    total.add(s - windowScore[w]);
                    windowScore[w] = s;
                    detected[w] = true;
                }
                k++;
            } while (k < n && anomaly[k] == threshold);
            candidates++;
            double raw = total.value();
            if (raw > bestRaw) {
                bestRaw = raw;
                bestThreshold = threshold;
            }
        }
        return new Optimum(bestThreshold, bestRaw, candidates);
    }

    /** Neumaier's compensated sum: the sweep adds hundreds of thousands of small terms. */
    private static final class CompensatedSum {
        private double sum;
        private double compensation;

        void add(double x) {
            double t = sum + x;
            if (Math.abs(sum) >= Math.abs(x)) {
                compensation += (sum - t) + x;
            } else {
                compensation += (x - t) + sum;
            }
            sum = t;
        }

        double value() {
            return sum + compensation;
        }
    }

    // ------------------------------------------------------------------ validation

    private void checkAll(Map<String, double[]> anomalyScores) {
        for (NabFile file : corpus.files()) {
            double[] scores = anomalyScores.get(file.key());
            if (scores == null) {
                throw new IllegalArgumentException("no anomaly scores for " + file.key());
            }
            checkScores(file, scores);
        }
    }

    private static void checkScores(NabFile file, double[] scores) {
        if (scores.length != file.size()) {
            throw new IllegalArgumentException(
                    file.key()
                            + ": "
                            + scores.length
                            + " anomaly scores for "
                            + file.size()
                            + " rows");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0.0 && scores[i] <= 1.0)) {
                throw new IllegalArgumentException(
                        file.key()
                                + ": anomaly score of row "
                                + i
                                + " is "
                                + scores[i]
                                + ", not in [0, 1]");
            }
        }
    }
}
