package io.vigil.bench.cli;

import io.vigil.bench.nab.NabCategoryScore;
import io.vigil.bench.nab.NabCorpus;
import io.vigil.bench.nab.NabFile;
import io.vigil.bench.nab.NabFolds;
import io.vigil.bench.nab.NabPlots;
import io.vigil.bench.nab.NabProfile;
import io.vigil.bench.nab.NabProfileScore;
import io.vigil.bench.nab.NabReport;
import io.vigil.bench.nab.NabRun;
import io.vigil.bench.nab.NabScoreboard;
import io.vigil.udfs.anomaly.Detectors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench nab}: runs Vigil's default detector ({@code Detectors.createDefault()}, one
 * instance per file) over a corpus in NAB layout, writes NAB's results layout and {@code
 * scores.json} under {@code --out}, and prints the three NAB scores, a per-category table, NAB's
 * published scoreboard with Vigil's row in place, and the two-fold held-out scores ({@link
 * NabFolds}: tune on half the files, score the other half, both ways).
 */
@Command(
        name = "nab",
        mixinStandardHelpOptions = true,
        description = {
            "Score Vigil's default anomaly detector on the Numenta Anomaly Benchmark (or any"
                    + " labelled corpus in its layout).",
            "Example: vigil bench nab --data ../shared/data/nab/data"
                    + " --windows ../shared/data/nab/labels/combined_windows.json --out nab-out"
        })
public final class NabCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Data files as DIR/<category>/<name>.csv with columns timestamp,value.")
    Path data;

    @Option(
            names = "--windows",
            required = true,
            paramLabel = "FILE",
            description = "Anomaly windows JSON (NAB's labels/combined_windows.json format).")
    Path windows;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description =
                    "Where to write <detector>/<category>/<detector>_<name>.csv and scores.json.")
    Path outDir;

    @Option(
            names = "--profiles",
            paramLabel = "FILE",
            description =
                    "Cost profiles JSON (NAB's config/profiles.json format); default NAB's"
                            + " standard, reward_low_FP_rate and reward_low_FN_rate.")
    Path profiles;

    @Option(
            names = "--threads",
            defaultValue = "2",
            description = "Files detected in parallel (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--plots",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "After scoring, plot N representative files (well-known NAB files first,"
                            + " then one per category, then by key) into OUT/plots/: value,"
                            + " the detector's expected value and band, NAB's windows and"
                            + " probation, and the rows at or above the standard profile's"
                            + " threshold (default ${DEFAULT-VALUE}).")
    int plots;

    @Option(
            names = "--plot-files",
            split = ",",
            paramLabel = "KEY",
            description =
                    "Plot exactly these files (<category>/<name>.csv, comma-separated) into"
                            + " OUT/plots/ instead of --plots' choice.")
    List<String> plotFiles;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        NabCorpus corpus = NabCorpus.load(data, windows);
        List<NabProfile> costProfiles =
                profiles == null ? NabProfile.defaults() : NabProfile.load(profiles);
        if (plots < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--plots must be 0 or more, was " + plots);
        }
        List<NabFile> toPlot;
        try {
            toPlot =
                    plotFiles != null && !plotFiles.isEmpty()
                            ? NabPlots.files(corpus, plotFiles)
                            : NabPlots.representative(corpus, plots);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--plot-files: " + e.getMessage());
        }
        double loadSeconds = seconds(start);
        out.printf(
                Locale.ROOT,
                "NAB: %d files, %d rows, %d windows, %d categories from %s (loaded in %.1f s)%n",
                corpus.size(),
                corpus.rowCount(),
                corpus.windowCount(),
                corpus.byCategory().size(),
                data,
                loadSeconds);
        out.printf(
                Locale.ROOT,
                "detector %s: Detectors.createDefault(), one instance per file, %d thread%s%n",
                NabRun.VIGIL,
                threads,
                threads == 1 ? "" : "s");
        out.flush();

        NabRun.Result result =
                new NabRun(corpus, NabRun.VIGIL, Detectors::createDefault, costProfiles, threads)
                        .run(outDir);
        NabReport report = result.report();
        for (Map.Entry<String, Integer> backward : result.backwardRows().entrySet()) {
            out.printf(
                    Locale.ROOT,
                    "note: %s has %d row%s older than an earlier row; passed to the detector at"
                            + " the latest earlier time (the Detector contract wants time never to"
                            + " go back)%n",
                    backward.getKey(),
                    backward.getValue(),
                    backward.getValue() == 1 ? "" : "s");
        }

        out.println();
        out.printf(Locale.ROOT, "%-20s %-20s %12s %8s%n", "profile", "threshold", "raw", "score");
        for (NabProfileScore p : report.profiles()) {
            out.printf(
                    Locale.ROOT,
                    "%-20s %-20s %12.4f %8s%n",
                    p.profile().name(),
                    Double.toString(p.threshold()),
                    p.raw(),
                    score(p.score(), 2));
        }

        printCategories(out, report);
        if (isNabProfiles(costProfiles)) {
            printScoreboard(out, report);
        }
        if (corpus.size() >= 2) {
            printFolds(out, corpus, result.scores(), costProfiles);
        }

        if (!toPlot.isEmpty()) {
            writePlots(out, report, toPlot);
        }

        out.println();
        out.printf(
                Locale.ROOT,
                "wrote %s/<category>/%s_<name>.csv and %s%n",
                result.resultsDir().resolve(NabRun.VIGIL),
                NabRun.VIGIL,
                result.scoresJson());
        out.printf(
                Locale.ROOT,
                "took %.1f s (load %.1f s, detect and write %.1f s, score %.1f s)%n",
                seconds(start),
                loadSeconds,
                result.detecting().toNanos() / 1e9,
                result.scoring().toNanos() / 1e9);
        return 0;
    }

    /**
     * Plots at the standard profile's threshold (the first profile's when a custom profiles file
     * has no {@code standard}).
     */
    private void writePlots(PrintWriter out, NabReport report, List<NabFile> files)
            throws IOException {
        NabProfileScore profile =
                report.profiles().stream()
                        .filter(p -> p.profile().name().equals(NabProfile.STANDARD.name()))
                        .findFirst()
                        .orElse(report.profiles().get(0));
        Path dir = outDir.resolve("plots");
        long start = System.nanoTime();
        List<Path> written =
                NabPlots.write(
                        files,
                        Detectors::createDefault,
                        profile.threshold(),
                        profile.profile().name(),
                        dir);
        out.println();
        out.printf(
                Locale.ROOT,
                "plots at the %s threshold %s (%.1f s):%n",
                profile.profile().name(),
                Double.toString(profile.threshold()),
                seconds(start));
        for (int i = 0; i < written.size(); i++) {
            out.printf(Locale.ROOT, "  %-60s %s%n", files.get(i).key(), written.get(i));
        }
    }

    /**
     * The two-fold held-out scores ({@link NabFolds}): the default's outputs come from the run
     * above, the other candidates run here.
     */
    private void printFolds(
            PrintWriter out,
            NabCorpus corpus,
            Map<String, double[]> defaultScores,
            List<NabProfile> costProfiles)
            throws InterruptedException {
        long start = System.nanoTime();
        List<NabFolds.Candidate> candidates = NabFolds.tuningCandidates();
        Map<String, Map<String, double[]>> outputs =
                NabFolds.run(corpus, candidates, Map.of(NabFolds.DEFAULT, defaultScores), threads);
        List<String> names = candidates.stream().map(NabFolds.Candidate::name).toList();
        List<NabFolds.Result> results = new ArrayList<>();
        for (NabProfile profile : costProfiles) {
            results.add(NabFolds.evaluate(corpus, names, outputs, profile));
        }
        out.println();
        out.print(NabFolds.format(corpus, results));
        out.printf(Locale.ROOT, "(two folds took %.1f s)%n", seconds(start));
    }

    private static void printCategories(PrintWriter out, NabReport report) {
        out.println();
        out.println(
                "per category (normalised over the category's own windows; where it has none,"
                        + " the raw false-positive cost in brackets):");
        StringBuilder header =
                new StringBuilder(
                        String.format(
                                Locale.ROOT, "%-24s %5s %7s", "category", "files", "windows"));
        for (NabProfileScore p : report.profiles()) {
            header.append(String.format(Locale.ROOT, " %19s", p.profile().name()));
        }
        out.println(header);
        for (NabCategoryScore first : report.profiles().get(0).categories()) {
            StringBuilder line =
                    new StringBuilder(
                            String.format(
                                    Locale.ROOT,
                                    "%-24s %5d %7d",
                                    first.category(),
                                    first.files(),
                                    first.windows()));
            for (NabProfileScore p : report.profiles()) {
                NabCategoryScore c = p.category(first.category());
                String cell =
                        Double.isNaN(c.score())
                                ? String.format(Locale.ROOT, "(%.2f)", c.raw())
                                : score(c.score(), 2);
                line.append(String.format(Locale.ROOT, " %19s", cell));
            }
            out.println(line);
        }
    }

    private static void printScoreboard(PrintWriter out, NabReport report) {
        out.println();
        out.println(
                "NAB scoreboard (NAB README, \"as of NAB v1.0\") with this run in place; the"
                        + " published rows are NAB's numbers, not re-run here:");
        String format = "%-2s%-44s %10s %14s %14s%n";
        out.printf(Locale.ROOT, format, "", "detector", "standard", "low FP rate", "low FN rate");
        double standard = report.profile(NabProfile.STANDARD.name()).score();
        int vigilAt = NabScoreboard.insertionIndex(standard);
        for (int i = 0; i <= NabScoreboard.ROWS.size(); i++) {
            if (i == vigilAt) {
                out.printf(
                        Locale.ROOT,
                        format,
                        ">",
                        "Vigil (this run, Detectors.createDefault)",
                        score(standard, 1),
                        score(report.profile(NabProfile.REWARD_LOW_FP_RATE.name()).score(), 1),
                        score(report.profile(NabProfile.REWARD_LOW_FN_RATE.name()).score(), 1));
            }
            if (i < NabScoreboard.ROWS.size()) {
                NabScoreboard.Row row = NabScoreboard.ROWS.get(i);
                out.printf(
                        Locale.ROOT,
                        format,
                        "",
                        row.detector(),
                        row.standard(),
                        row.rewardLowFp(),
                        row.rewardLowFn());
            }
        }
    }

    /** The published scoreboard only makes sense beside NAB's own three profiles. */
    private static boolean isNabProfiles(List<NabProfile> profiles) {
        return profiles.containsAll(NabProfile.defaults());
    }

    private static String score(double value, int decimals) {
        return Double.isNaN(value)
                ? "n/a"
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
