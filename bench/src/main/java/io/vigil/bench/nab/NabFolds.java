package io.vigil.bench.nab;

import io.vigil.udfs.anomaly.Detector;
import io.vigil.udfs.anomaly.DetectorConfig;
import io.vigil.udfs.anomaly.Detectors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A guard against fitting NAB: two-fold cross-validation over the files of a corpus.
 *
 * <p><b>Split</b> ({@link #split}): files in category order, and within a category in key order,
 * are dealt alternately to half A and half B, the alternation running on across categories (so a
 * category with an odd number of files gives its extra file to the half that got fewer of the
 * previous ones). Every category is split as evenly as possible, the halves differ by at most one
 * file, and neighbouring files of a family (the ec2 CPU files, the Twitter volumes) land in
 * different halves. The rule uses nothing but the file keys: no labels, no scores, no randomness.
 *
 * <p><b>Tuning</b> on a half: every candidate configuration (a small, fixed list; the shipped
 * default first) is scored on that half alone, with the half's own NAB normalisation and a
 * threshold optimised over the half; the candidate with the best score wins (on a tie, the earlier
 * one). <b>Held out</b>: the winner's outputs on the other half are scored at the threshold chosen
 * on the tuning half — the honest estimate, since neither the configuration nor θ saw the half. The
 * other half scored at its own optimal θ is reported beside it for reference only.
 *
 * <p>Each file's outputs depend only on that file (one fresh detector per file), so every candidate
 * runs over the corpus once and the folds only re-score.
 */
public final class NabFolds {

    /** The name of the shipped default among the candidates. */
    public static final String DEFAULT = "default";

    /**
     * The settings the tuning may move, one at a time from {@link DetectorConfig#DEFAULT}: the
     * weekly profile off, and the settings the score is most sensitive to (docs/benchmarks.md,
     * "Sensitivity") one value either side. Fixed in code, so the candidate list cannot be fitted
     * to a half.
     */
    static final String[][] TUNED_SETTINGS = {
        {"weeklyProfile", "false"},
        {"rangeTolerance", "0.0025", "0.01"},
        {"suppressionDecay", "0.97", "0.997"},
        {"tailFraction", "0.02", "0.1"},
        {"tailHalfLife", "1000", "10000"},
    };

    private NabFolds() {}

    /**
     * The candidates the two folds choose among: the shipped default ({@link
     * Detectors#createDefault()}) first, then each of {@link #TUNED_SETTINGS} moved.
     */
    public static List<Candidate> tuningCandidates() {
        List<Candidate> candidates = new ArrayList<>();
        candidates.add(new Candidate(DEFAULT, Detectors::createDefault));
        for (String[] setting : TUNED_SETTINGS) {
            for (int i = 1; i < setting.length; i++) {
                DetectorConfig config =
                        NabTune.with(DetectorConfig.DEFAULT, setting[0], setting[i]);
                candidates.add(
                        new Candidate(
                                setting[0] + "=" + setting[i], () -> Detectors.create(config)));
            }
        }
        return List.copyOf(candidates);
    }

    /**
     * A configuration the tuning may choose.
     *
     * @param name how it appears in reports, e.g. {@code default} or {@code rangeTolerance=0.02}
     * @param detectors a fresh, untrained detector on each call
     */
    public record Candidate(String name, Supplier<Detector> detectors) {
        public Candidate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detectors, "detectors");
        }
    }

    /**
     * The corpus split in two.
     *
     * @param a half A: the 1st, 3rd, 5th, … file in category-then-key order
     * @param b half B: the 2nd, 4th, … file
     */
    public record Split(NabCorpus a, NabCorpus b) {}

    /**
     * Deals the files alternately to two halves, in category order and key order within each
     * category, the alternation running on across categories (see the class comment).
     *
     * @throws IllegalArgumentException if the corpus has fewer than two files
     */
    public static Split split(NabCorpus corpus) {
        if (corpus.size() < 2) {
            throw new IllegalArgumentException(
                    "a two-fold split needs at least two files, the corpus has " + corpus.size());
        }
        List<NabFile> a = new ArrayList<>();
        List<NabFile> b = new ArrayList<>();
        int i = 0;
        for (List<NabFile> category : corpus.byCategory().values()) {
            // byCategory keeps the corpus' key order within a category.
            for (NabFile file : category) {
                (i++ % 2 == 0 ? a : b).add(file);
            }
        }
        return new Split(NabCorpus.of(a), NabCorpus.of(b));
    }

    /**
     * One direction of the two folds under one profile.
     *
     * @param tunedOn {@code A} or {@code B}
     * @param heldOut the other half's name
     * @param chosen the candidate that scored best on the tuning half
     * @param tuning the chosen candidate on the tuning half, at the θ optimised there
     * @param heldOutScore the chosen candidate on the held-out half at the tuning half's θ: the
     *     held-out score
     * @param heldOutOwnThreshold the chosen candidate on the held-out half at that half's own
     *     optimal θ (reference only: θ saw the half)
     */
    public record Fold(
            String tunedOn,
            String heldOut,
            String chosen,
            NabProfileScore tuning,
            NabProfileScore heldOutScore,
            NabProfileScore heldOutOwnThreshold) {}

    /**
     * One candidate's scores on each half, for the table of how each candidate generalises.
     *
     * @param name the candidate
     * @param full its score over the whole corpus, θ optimised over the whole corpus
     * @param a its score on half A at A's own optimal θ
     * @param b its score on half B at B's own optimal θ
     * @param aOnB its score on B at the θ optimised on A (held out)
     * @param bOnA its score on A at the θ optimised on B (held out)
     */
    public record CandidateScore(
            String name, double full, double a, double b, double aOnB, double bOnA) {
        /** The mean of the two held-out scores. */
        public double heldOutMean() {
            return (aOnB + bOnA) / 2;
        }
    }

    /**
     * The two folds under one profile.
     *
     * @param profile the cost profile
     * @param folds tuned on A and scored on B, then the reverse
     * @param candidates every candidate's scores on the halves, in candidate order
     */
    public record Result(NabProfile profile, List<Fold> folds, List<CandidateScore> candidates) {
        public Result {
            folds = List.copyOf(folds);
            candidates = List.copyOf(candidates);
        }

        /** The mean of the two held-out scores (each at the θ from the other half). */
        public double heldOutMean() {
            return (folds.get(0).heldOutScore().score() + folds.get(1).heldOutScore().score()) / 2;
        }
    }

    /**
     * Runs the two folds under {@code profile}.
     *
     * @param corpus the whole corpus; split with {@link #split}
     * @param candidates names in order (the default first: it wins ties)
     * @param outputs per candidate name, its anomaly scores per file key over the whole corpus
     */
    public static Result evaluate(
            NabCorpus corpus,
            List<String> candidates,
            Map<String, Map<String, double[]>> outputs,
            NabProfile profile) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate is needed");
        }
        Split split = split(corpus);
        NabScorer whole = new NabScorer(corpus);
        NabScorer onA = new NabScorer(split.a());
        NabScorer onB = new NabScorer(split.b());
        List<CandidateScore> table = new ArrayList<>();
        // A half without windows scores NaN for every candidate: then the default (first) stays.
        String bestOnA = candidates.get(0);
        String bestOnB = candidates.get(0);
        double bestA = Double.NEGATIVE_INFINITY;
        double bestB = Double.NEGATIVE_INFINITY;
        for (String name : candidates) {
            Map<String, double[]> scores = outputs.get(name);
            if (scores == null) {
                throw new IllegalArgumentException("no outputs for candidate " + name);
            }
            NabProfileScore a = onA.scoreOptimised(scores, profile);
            NabProfileScore b = onB.scoreOptimised(scores, profile);
            table.add(
                    new CandidateScore(
                            name,
                            whole.scoreOptimised(scores, profile).score(),
                            a.score(),
                            b.score(),
                            onB.scoreAt(scores, profile, a.threshold()).score(),
                            onA.scoreAt(scores, profile, b.threshold()).score()));
            if (a.score() > bestA) {
                bestA = a.score();
                bestOnA = name;
            }
            if (b.score() > bestB) {
                bestB = b.score();
                bestOnB = name;
            }
        }
        return new Result(
                profile,
                List.of(
                        fold("A", "B", bestOnA, outputs.get(bestOnA), onA, onB, profile),
                        fold("B", "A", bestOnB, outputs.get(bestOnB), onB, onA, profile)),
                table);
    }

    private static Fold fold(
            String tunedOn,
            String heldOut,
            String chosen,
            Map<String, double[]> scores,
            NabScorer tuning,
            NabScorer held,
            NabProfile profile) {
        NabProfileScore tuned = tuning.scoreOptimised(scores, profile);
        return new Fold(
                tunedOn,
                heldOut,
                chosen,
                tuned,
                held.scoreAt(scores, profile, tuned.threshold()),
                held.scoreOptimised(scores, profile));
    }

    /**
     * Runs every candidate over every file of {@code corpus} (a fresh detector per file, rows in
     * order, as {@link NabRun#detect} streams them), files in parallel on {@code parallelism}
     * threads. Outputs are the same for any parallelism.
     *
     * @param known outputs already computed, by candidate name (e.g. the default's from {@link
     *     NabRun}); those candidates are not run again
     * @return per candidate name, in candidate order, its scores per file key
     */
    public static Map<String, Map<String, double[]>> run(
            NabCorpus corpus,
            List<Candidate> candidates,
            Map<String, Map<String, double[]>> known,
            int parallelism)
            throws InterruptedException {
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, was " + parallelism);
        }
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            for (Candidate candidate : candidates) {
                if (out.containsKey(candidate.name())) {
                    throw new IllegalArgumentException("two candidates named " + candidate.name());
                }
                Map<String, double[]> given = known.get(candidate.name());
                if (given != null) {
                    out.put(candidate.name(), given);
                    continue;
                }
                List<Future<double[]>> futures = new ArrayList<>();
                for (NabFile file : corpus.files()) {
                    futures.add(
                            pool.submit(
                                    () ->
                                            NabRun.detect(file, candidate.detectors().get())
                                                    .scores()));
                }
                Map<String, double[]> scores = new LinkedHashMap<>();
                for (int i = 0; i < futures.size(); i++) {
                    try {
                        scores.put(corpus.files().get(i).key(), futures.get(i).get());
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(
                                "candidate "
                                        + candidate.name()
                                        + " failed on "
                                        + corpus.files().get(i).key(),
                                e.getCause());
                    }
                }
                out.put(candidate.name(), scores);
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /**
     * The folds as a text table: per profile the two folds (chosen candidate, tuning score and θ,
     * held-out score, held-out at its own θ for reference) and the mean held-out score; then, for
     * the first result's profile, every candidate's scores on the halves.
     */
    public static String format(NabCorpus corpus, List<Result> results) {
        Split split = split(corpus);
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "two-fold held-out: halves dealt alternately by category and file key (A:"
                                + " %d files, %d windows; B: %d files, %d windows); tune = choose"
                                + " among %d candidates and θ on one half, score the other half at"
                                + " that θ%n",
                        split.a().size(),
                        split.a().windowCount(),
                        split.b().size(),
                        split.b().windowCount(),
                        results.get(0).candidates().size()));
        String format = "%-20s %-6s %-26s %17s %10s %19s%n";
        sb.append(
                String.format(
                        Locale.ROOT,
                        format,
                        "profile",
                        "fold",
                        "chosen on tuning half",
                        "tuning (θ)",
                        "HELD-OUT",
                        "held-out at own θ*"));
        for (Result r : results) {
            for (Fold f : r.folds()) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                format,
                                r.profile().name(),
                                f.tunedOn() + "→" + f.heldOut(),
                                f.chosen(),
                                String.format(
                                        Locale.ROOT,
                                        "%.2f (%.4f)",
                                        f.tuning().score(),
                                        f.tuning().threshold()),
                                String.format(Locale.ROOT, "%.2f", f.heldOutScore().score()),
                                String.format(
                                        Locale.ROOT, "%.2f", f.heldOutOwnThreshold().score())));
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            format,
                            r.profile().name(),
                            "mean",
                            "",
                            "",
                            String.format(Locale.ROOT, "%.2f", r.heldOutMean()),
                            ""));
            // The first candidate (the shipped default) without tuning: only θ comes from the
            // other half.
            CandidateScore fixed = r.candidates().get(0);
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-20s %-6s %-26s %17s %10s%n",
                            r.profile().name(),
                            "fixed",
                            fixed.name() + " (not tuned)",
                            "A→B " + f2(fixed.aOnB()) + ", B→A " + f2(fixed.bOnA()),
                            f2(fixed.heldOutMean())));
        }
        sb.append("* reference only: θ optimised on the held-out half itself\n");
        Result first = results.get(0);
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%ncandidates (%s): full corpus, each half at its own θ, each half at the"
                                + " other half's θ%n",
                        first.profile().name()));
        String row = "%-26s %8s %8s %8s %8s %8s %10s%n";
        sb.append(
                String.format(
                        Locale.ROOT, row, "candidate", "full", "A", "B", "A→B", "B→A", "mean A↔B"));
        for (CandidateScore c : first.candidates()) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            row,
                            c.name(),
                            f2(c.full()),
                            f2(c.a()),
                            f2(c.b()),
                            f2(c.aOnB()),
                            f2(c.bOnA()),
                            f2(c.heldOutMean())));
        }
        sb.append(String.format(Locale.ROOT, "%ncandidates, held-out mean A↔B by profile%n"));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-26s", "candidate"));
        for (Result r : results) {
            header.append(String.format(Locale.ROOT, " %19s", r.profile().name()));
        }
        sb.append(header).append(System.lineSeparator());
        for (int i = 0; i < first.candidates().size(); i++) {
            StringBuilder line =
                    new StringBuilder(
                            String.format(Locale.ROOT, "%-26s", first.candidates().get(i).name()));
            for (Result r : results) {
                line.append(
                        String.format(
                                Locale.ROOT, " %19s", f2(r.candidates().get(i).heldOutMean())));
            }
            sb.append(line).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
