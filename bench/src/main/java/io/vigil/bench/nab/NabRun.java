package io.vigil.bench.nab;

import io.vigil.udfs.anomaly.Detector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Runs a detector over a NAB-layout corpus and scores it: every file is streamed, row by row in
 * file order, through a fresh {@link Detector} from the supplier (one instance per file, as NAB
 * runs its detectors), the scores are written in NAB's results layout ({@code
 * OUT/<detector>/<category>/<detector>_<name>.csv}), the scorer chooses each profile's threshold
 * over the whole corpus, and the report is written to {@code OUT/scores.json}.
 *
 * <p>Files run in parallel on {@code parallelism} threads; each file's scores depend only on that
 * file, so the outputs are the same for any parallelism.
 *
 * <p>The {@link Detector} contract wants non-decreasing timestamps, while a few NAB files step back
 * in time (NAB scores rows, not times). Such a row is passed to the detector at the latest earlier
 * time, so that every row still gets a score; the number of such rows is reported.
 */
public final class NabRun {

    /** The name Vigil's detector runs under in NAB's layout and reports. */
    public static final String VIGIL = "vigil";

    private static final Pattern DETECTOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*");

    private final NabCorpus corpus;
    private final String detectorName;
    private final Supplier<Detector> detectors;
    private final List<NabProfile> profiles;
    private final int parallelism;

    /**
     * @param corpus the labelled files
     * @param detectorName the name in file and directory names and in the report, e.g. {@code
     *     vigil}; letters, digits, '.' and '-'
     * @param detectors a new, untrained detector on each call
     * @param profiles the profiles to score under, e.g. {@link NabProfile#defaults()}
     * @param parallelism files detected at once, at least 1
     */
    public NabRun(
            NabCorpus corpus,
            String detectorName,
            Supplier<Detector> detectors,
            List<NabProfile> profiles,
            int parallelism) {
        this.corpus = Objects.requireNonNull(corpus, "corpus");
        if (detectorName == null || !DETECTOR_NAME.matcher(detectorName).matches()) {
            throw new IllegalArgumentException(
                    "detector name '"
                            + detectorName
                            + "' must be letters, digits, '.' and '-' (it names files)");
        }
        this.detectorName = detectorName;
        this.detectors = Objects.requireNonNull(detectors, "detectors");
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one profile is needed");
        }
        this.profiles = List.copyOf(profiles);
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /**
     * What a run produced.
     *
     * @param report the scores under each profile, thresholds chosen over the corpus
     * @param scores per file key, the detector's anomaly score per row
     * @param resultsDir {@code OUT}, holding {@code <detector>/…} and {@code scores.json}
     * @param backwardRows per file key with any, the number of rows whose timestamp was older than
     *     an earlier row's (passed to the detector at the latest earlier time)
     * @param detecting wall time spent running detectors and writing their outputs
     * @param scoring wall time spent scoring and writing {@code scores.json}
     */
    public record Result(
            NabReport report,
            Map<String, double[]> scores,
            Path resultsDir,
            Map<String, Integer> backwardRows,
            Duration detecting,
            Duration scoring) {

        /** {@code OUT/scores.json}. */
        public Path scoresJson() {
            return resultsDir.resolve("scores.json");
        }
    }

    /** Detects, writes {@code out/<detector>/…} and {@code out/scores.json}, and scores. */
    public Result run(Path out) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<NabFile> files = corpus.files();
        List<FileRun> runs = new ArrayList<>(files.size());
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.min(parallelism, files.size()),
                        task -> {
                            Thread thread =
                                    new Thread(
                                            task, "nab-detect-" + threadNumber.incrementAndGet());
                            thread.setDaemon(true);
                            return thread;
                        });
        try {
            List<Future<FileRun>> futures = new ArrayList<>(files.size());
            for (NabFile file : files) {
                futures.add(
                        pool.submit(
                                () -> {
                                    FileRun run = detect(file, detectors.get());
                                    NabResults.write(out, detectorName, file, run.scores());
                                    return run;
                                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    runs.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw rethrow(files.get(i), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long detected = System.nanoTime();

        Map<String, double[]> scores = new LinkedHashMap<>();
        Map<String, Integer> backward = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            scores.put(files.get(i).key(), runs.get(i).scores());
            if (runs.get(i).backwardRows() > 0) {
                backward.put(files.get(i).key(), runs.get(i).backwardRows());
            }
        }
        NabReport report = new NabScorer(corpus).score(detectorName, scores, profiles);
        report.writeJson(out.resolve("scores.json"));
        long scored = System.nanoTime();
        return new Result(
                report,
                scores,
                out,
                backward,
                Duration.ofNanos(detected - start),
                Duration.ofNanos(scored - detected));
    }

    /**
     * One file's anomaly scores from one detector.
     *
     * @param scores one score in [0, 1] per row
     * @param backwardRows rows whose timestamp was older than an earlier row's
     */
    public record FileRun(double[] scores, int backwardRows) {}

    /**
     * Streams {@code file}'s rows in order through {@code detector}. A row older than an earlier
     * row is observed at the latest earlier time (the contract's timestamps never decrease).
     */
    public static FileRun detect(NabFile file, Detector detector) {
        Objects.requireNonNull(detector, "the detector supplier returned null");
        long[] millis = file.epochMillis();
        double[] values = file.values();
        double[] scores = new double[file.size()];
        long time = Long.MIN_VALUE;
        int backward = 0;
        for (int i = 0; i < scores.length; i++) {
            if (millis[i] < time) {
                backward++;
            } else {
                time = millis[i];
            }
            scores[i] = detector.observe(time, values[i]).score();
        }
        return new FileRun(scores, backward);
    }

    private static RuntimeException rethrow(NabFile file, Throwable cause) throws IOException {
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof UncheckedIOException io) {
            throw io.getCause();
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("detector failed on " + file.key() + ": " + cause, cause);
    }
}
