package io.vigil.bench.nab;

import io.vigil.udfs.anomaly.Detector;
import io.vigil.udfs.anomaly.DetectorConfig;
import io.vigil.udfs.anomaly.Detectors;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Scores detectors over a NAB-layout corpus and shows how sensitive the score is to each setting:
 * the default configuration first, then one setting at a time moved away from its default (the
 * others stay at their defaults). This is for judging robustness, not for picking per-corpus
 * values.
 *
 * <p>Run: {@code java -cp "bench/target/vigil-bench-*.jar:$(cat bench/target/classpath.txt)"
 * io.vigil.bench.nab.NabTune [NAB_DIR] [name=v1,v2,... ...]}; {@code NAB_DIR} defaults to {@code
 * ../shared/data/nab} (with {@code data/} and {@code labels/combined_windows.json} in it). Without
 * {@code name=...} arguments only the default is scored, with a per-category and per-file table.
 */
public final class NabTune {

    private final NabCorpus corpus;
    private final NabScorer scorer;

    NabTune(NabCorpus corpus) {
        this.corpus = corpus;
        this.scorer = new NabScorer(corpus);
    }

    public static void main(String[] args) throws IOException {
        Path dir =
                Path.of(args.length > 0 && !args[0].contains("=") ? args[0] : "../shared/data/nab");
        NabTune tune =
                new NabTune(
                        NabCorpus.load(
                                dir.resolve("data"), dir.resolve("labels/combined_windows.json")));
        NabReport report = tune.report("default", Detectors::createDefault);
        System.out.println(summary("default", report));
        boolean sweeps = false;
        for (String arg : args) {
            if (!arg.contains("=")) {
                continue;
            }
            sweeps = true;
            String name = arg.substring(0, arg.indexOf('='));
            for (String v : arg.substring(arg.indexOf('=') + 1).split(",")) {
                DetectorConfig c = with(DetectorConfig.DEFAULT, name, v);
                String label = name + "=" + v;
                System.out.println(summary(label, tune.report(label, () -> Detectors.create(c))));
            }
        }
        if (!sweeps) {
            System.out.println(details(report.profile("standard")));
            System.out.println(folds(tune.corpus, 1));
        }
    }

    /** The two folds over {@link NabFolds#tuningCandidates()}, every profile, as text. */
    static String folds(NabCorpus corpus, int parallelism) {
        List<NabFolds.Candidate> candidates = NabFolds.tuningCandidates();
        Map<String, Map<String, double[]>> outputs;
        try {
            outputs = NabFolds.run(corpus, candidates, Map.of(), parallelism);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> names = candidates.stream().map(NabFolds.Candidate::name).toList();
        List<NabFolds.Result> results = new ArrayList<>();
        for (NabProfile profile : NabProfile.defaults()) {
            results.add(NabFolds.evaluate(corpus, names, outputs, profile));
        }
        return NabFolds.format(corpus, results);
    }

    /** Runs fresh detectors from {@code detectors} over every file and scores the outputs. */
    public NabReport report(String name, Supplier<Detector> detectors) {
        return scorer.score(name, run(corpus, detectors), NabProfile.defaults());
    }

    /** One detector per file, every row in order; the scores keyed by file. */
    public static Map<String, double[]> run(NabCorpus corpus, Supplier<Detector> detectors) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (NabFile file : corpus.files()) {
            Detector d = detectors.get();
            long[] t = file.epochMillis();
            double[] v = file.values();
            double[] s = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                s[i] = d.observe(t[i], v[i]).score();
            }
            out.put(file.key(), s);
        }
        return out;
    }

    /** A copy of {@code config} with the record component {@code name} set to {@code value}. */
    static DetectorConfig with(DetectorConfig config, String name, String value) {
        RecordComponent[] parts = DetectorConfig.class.getRecordComponents();
        Object[] values = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        boolean found = false;
        try {
            for (int i = 0; i < parts.length; i++) {
                types[i] = parts[i].getType();
                if (parts[i].getName().equals(name)) {
                    if (types[i] == int.class) {
                        values[i] = Integer.parseInt(value);
                    } else if (types[i] == boolean.class) {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new IllegalArgumentException(
                                    name + " is true or false, was '" + value + "'");
                        }
                        values[i] = Boolean.parseBoolean(value);
                    } else {
                        values[i] = Double.parseDouble(value);
                    }
                    found = true;
                } else {
                    values[i] = parts[i].getAccessor().invoke(config);
                }
            }
            if (!found) {
                List<String> names = new ArrayList<>();
                for (RecordComponent p : parts) {
                    names.add(p.getName());
                }
                throw new IllegalArgumentException(
                        "no DetectorConfig setting '" + name + "'; settings: " + names);
            }
            return DetectorConfig.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String summary(String label, NabReport report) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-32s", label));
        for (NabProfileScore p : report.profiles()) {
            sb.append(String.format(Locale.ROOT, " %s=%.2f", p.profile().name(), p.score()));
        }
        NabProfileScore std = report.profile("standard");
        sb.append(
                String.format(
                        Locale.ROOT,
                        " θ=%.4f tp=%d fp=%d |",
                        std.threshold(),
                        std.counts().tp(),
                        std.counts().fp()));
        for (NabCategoryScore c : std.categories()) {
            sb.append(
                    Double.isNaN(c.score())
                            ? String.format(
                                    Locale.ROOT,
                                    " %s (no windows, raw %.2f)",
                                    c.category(),
                                    c.raw())
                            : String.format(Locale.ROOT, " %s %.1f", c.category(), c.score()));
        }
        return sb.toString();
    }

    static String details(NabProfileScore std) {
        StringBuilder sb = new StringBuilder("\nstandard profile by category (NAB-normalised):\n");
        for (NabCategoryScore c : std.categories()) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "  %-24s files=%2d windows=%3d raw=%8.3f score=%6.2f%n",
                            c.category(),
                            c.files(),
                            c.windows(),
                            c.raw(),
                            c.score()));
        }
        sb.append("by file (raw):\n");
        for (NabFileScore f : std.files()) {
            sb.append(String.format(Locale.ROOT, "  %-62s %8.3f%n", f.key(), f.raw()));
        }
        return sb.toString();
    }
}
