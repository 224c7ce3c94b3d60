package io.vigil.bench.cli;

import io.vigil.bench.forecast.ForecastBench;
import io.vigil.bench.forecast.ForecastFiles;
import io.vigil.bench.forecast.ForecastMethod;
import io.vigil.bench.forecast.ForecastMethods;
import io.vigil.bench.forecast.ForecastPlots;
import io.vigil.bench.forecast.ForecastReport;
import io.vigil.bench.forecast.MethodSummary;
import io.vigil.bench.forecast.ReferenceFigures;
import io.vigil.bench.forecast.SeasonalPeriod;
import io.vigil.bench.nab.NabCorpus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench forecast}: the forecast protocol ({@code shared/data/forecast/PROTOCOL.md})
 * over a folder in NAB layout: forecast accuracy (MASE, sMAPE, CPU per origin) of the baselines and
 * of any method added to {@link ForecastMethods}, and predictive "crosses T within 60 min" alerts
 * (precision, recall, lead), printed beside the protocol's reference rows and written to {@code
 * --out}/summary.json and series.csv.
 */
@Command(
        name = "forecast",
        mixinStandardHelpOptions = true,
        description = {
            "Score forecasts and predictive threshold-crossing alerts with the forecast protocol"
                    + " (shared/data/forecast/PROTOCOL.md) on series in NAB layout.",
            "Example: vigil bench forecast --data ../shared/data/nab/data --out runs/forecast"
        })
public final class ForecastBenchCommand implements Callable<Integer> {
    /** Categories of NAB's real-world series; when present, only they are used. */
    static final String REAL_PREFIX = "real";

    /** The number of series the protocol's reference rows were measured on. */
    static final int REFERENCE_SERIES = 47;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description =
                    "Series as DIR/<category>/<name>.csv with columns timestamp,value. When some"
                            + " categories start with 'real' (NAB), only those are used.")
    Path data;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Write DIR/summary.json and DIR/series.csv.")
    Path out;

    @Option(
            names = "--threads",
            defaultValue = "2",
            paramLabel = "N",
            description = "Series run in parallel (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--methods",
            split = ",",
            paramLabel = "NAME",
            description =
                    "Run only these methods and predictors (comma-separated names; default all:"
                            + " naive, snaive, linear_1h, linear_1d, always, naive_z1, naive_z2,"
                            + " naive_z3).")
    List<String> methods;

    @Option(
            names = "--season",
            defaultValue = "both",
            paramLabel = "VARIANT",
            description =
                    "Seasonal-period rule: both (values or ranks, as PROTOCOL.md writes it),"
                            + " values or ranks (default ${DEFAULT-VALUE}).")
    String season;

    @Option(
            names = "--all-categories",
            description = "Use every category, also NAB's artificial* ones.")
    boolean allCategories;

    @Option(
            names = "--plots",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "After the run, draw into OUT/plots/ N forecast plots of vigil (well-known"
                            + " series first: nyc_taxi, ec2_cpu_utilization_825cc2,"
                            + " Twitter_volume_AAPL, speed_7578, exchange-2_cpc_results; then the"
                            + " others in order): the last rows with 12-step forecasts and their 95"
                            + " % interval; and one crossing plot of the series where vigil catches"
                            + " the most events: T, vigil's alerts, events caught and missed."
                            + " Needs --out (default ${DEFAULT-VALUE}).")
    int plots;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        long start = System.nanoTime();
        if (threads < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--threads must be 1 or more, was " + threads);
        }
        if (plots < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--plots must be 0 or more, was " + plots);
        }
        if (plots > 0 && out == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--plots writes into OUT/plots/: give --out DIR too");
        }
        SeasonalPeriod.Variant variant = variant();
        List<ForecastMethod> forecasters = select(ForecastMethods.forecasting());
        List<ForecastMethod> predictors = select(ForecastMethods.crossing());
        checkMethods(forecasters, predictors);

        List<String> categories = NabCorpus.categories(data);
        boolean realOnly =
                !allCategories && categories.stream().anyMatch(c -> c.startsWith(REAL_PREFIX));
        List<String> used =
                realOnly
                        ? categories.stream().filter(c -> c.startsWith(REAL_PREFIX)).toList()
                        : categories;
        NabCorpus corpus = NabCorpus.loadData(data, used::contains);
        w.printf(
                Locale.ROOT,
                "Forecast protocol (shared/data/forecast/PROTOCOL.md): %d series, %,d rows from"
                        + " %s (%s%s), loaded in %.1f s%n",
                corpus.size(),
                corpus.rowCount(),
                data,
                String.join(", ", used),
                realOnly && used.size() < categories.size() ? "; other categories left out" : "",
                seconds(start));
        w.printf(
                Locale.ROOT,
                "season rule: %s; %d thread%s%n",
                variant.label(),
                threads,
                threads == 1 ? "" : "s");
        w.flush();

        ForecastReport report =
                new ForecastBench(forecasters, predictors, variant, threads).run(corpus.files());
        if (report.series().isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no series in " + data + " can be scored: " + report.skipped());
        }
        report.skipped().forEach((key, why) -> w.printf(Locale.ROOT, "skipped %s: %s%n", key, why));
        boolean comparable = report.series().size() == REFERENCE_SERIES;
        printForecast(w, report, comparable);
        printCrossing(w, report, comparable);

        if (out != null) {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("data", data.toString());
            config.put("categories", used);
            config.put("threads", threads);
            config.put("java", Runtime.version().toString());
            config.put(
                    "cpu_ms_per_refit",
                    "thread CPU time of the session over the forecast pass (open, every observe"
                            + " up to the last origin, every forecast call) / the model fits it"
                            + " made (the origins for a method that fits per forecast)");
            config.put(
                    "cpu_ms_per_origin",
                    "the same CPU time / origins (PROTOCOL.md's CPU per origin)");
            ForecastFiles.write(report, config, out);
            w.printf(
                    Locale.ROOT,
                    "%nwrote %s and %s%n",
                    out.resolve("summary.json"),
                    out.resolve("series.csv"));
            if (plots > 0) {
                long plotStart = System.nanoTime();
                List<Path> written = ForecastPlots.write(report, plots, out.resolve("plots"));
                w.printf(Locale.ROOT, "plots (%.1f s):%n", seconds(plotStart));
                for (Path png : written) {
                    w.printf(Locale.ROOT, "  %s%n", png);
                }
            }
        }
        w.printf(Locale.ROOT, "took %.1f s%n", seconds(start));
        w.flush();
        return 0;
    }

    private void printForecast(PrintWriter w, ForecastReport report, boolean comparable) {
        if (report.forecasters().isEmpty()) {
            return;
        }
        w.println();
        w.printf(
                Locale.ROOT,
                "Forecast accuracy, h = 1..12: %,d origins over %d series. CPU = thread CPU of"
                        + " the whole session (every observe and forecast) / its model fits, and"
                        + " / origins.%n",
                report.origins(),
                report.series().size());
        String format = "%-24s %9s %7s %9s %9s %8s %12s %10s   %s%n";
        w.printf(
                Locale.ROOT,
                format,
                "method",
                "mean MASE",
                "median",
                "MASE h=1",
                "MASE h=12",
                "sMAPE %",
                "CPU ms/refit",
                "CPU ms/org",
                "PROTOCOL.md reference (mean / median, CPU)");
        for (String name : report.forecasters()) {
            MethodSummary s = report.summary(name);
            ReferenceFigures.Forecast ref = ReferenceFigures.forecast(name);
            String reference =
                    ref == null
                            ? "-"
                            : String.format(
                                            Locale.ROOT,
                                            "%.3f / %.3f, %s ms",
                                            ref.maseMean(),
                                            ref.maseMedian(),
                                            trim(ref.cpuMsPerOrigin()))
                                    + (comparable
                                            ? ref.matches(s) ? "   match" : "   DIFFERS"
                                            : "");
            w.printf(
                    Locale.ROOT,
                    format,
                    name + (s.fails() > 0 ? " (" + s.fails() + " fails)" : ""),
                    ForecastFiles.format(s.maseMean(), 3),
                    ForecastFiles.format(s.maseMedian(), 3),
                    ForecastFiles.format(s.maseH1(), 3),
                    ForecastFiles.format(s.maseH12(), 3),
                    ForecastFiles.format(s.smape(), 2),
                    ForecastFiles.format(s.cpuMsPerRefit(), 4),
                    ForecastFiles.format(s.cpuMsPerOrigin(), 4),
                    reference);
        }
        if (report.forecasters().contains("snaive")
                && report.variant() != SeasonalPeriod.Variant.VALUES) {
            w.println(
                    "note: PROTOCOL.md's snaive row reproduces with --season values (values-only"
                            + " period detection, as in its headline ETS row); the rule as written"
                            + " (values or ranks) detects other periods on some series.");
        }
        w.println("reference rows from PROTOCOL.md, quoted, not measured (no statsmodels here):");
        for (ReferenceFigures.Forecast ref : ReferenceFigures.FORECAST) {
            if (ref.method() == null) {
                w.printf(
                        Locale.ROOT,
                        "  %-90s %.3f / %.3f, %s ms%n",
                        ref.label(),
                        ref.maseMean(),
                        ref.maseMedian(),
                        trim(ref.cpuMsPerOrigin()));
            }
        }
    }

    private void printCrossing(PrintWriter w, ForecastReport report, boolean comparable) {
        if (report.predictors().isEmpty()) {
            return;
        }
        w.println();
        w.printf(
                Locale.ROOT,
                "Crossing the 99th percentile within 60 min: %,d events over %d series (fewest"
                        + " in a series: %d)%s%n",
                report.events(),
                report.series().size(),
                report.minEventsPerSeries(),
                comparable
                        ? report.events() == ReferenceFigures.EVENTS
                                ? "; PROTOCOL.md: " + ReferenceFigures.EVENTS + ", match"
                                : "; PROTOCOL.md: " + ReferenceFigures.EVENTS + ", DIFFERS"
                        : "");
        String format = "%-24s %8s %9s %9s %7s %11s %10s   %s%n";
        w.printf(
                Locale.ROOT,
                format,
                "predictor",
                "alerts",
                "precision",
                "episode p",
                "recall",
                "median lead",
                "CPU us/st",
                "PROTOCOL.md reference (precision / recall / lead)");
        for (String name : report.predictors()) {
            MethodSummary s = report.summary(name);
            ReferenceFigures.Crossing ref = ReferenceFigures.crossing(name);
            String reference =
                    ref == null
                            ? "-"
                            : String.format(
                                            Locale.ROOT,
                                            "%.3f / %.3f / %s min",
                                            ref.precision(),
                                            ref.recall(),
                                            trim(ref.medianLeadMinutes()))
                                    + (comparable
                                            ? ref.matches(s) ? "   match" : "   DIFFERS"
                                            : "");
            w.printf(
                    Locale.ROOT,
                    format,
                    name,
                    String.format(Locale.ROOT, "%,d", s.alerts()),
                    ForecastFiles.format(s.precision(), 3),
                    ForecastFiles.format(s.episodePrecision(), 3),
                    ForecastFiles.format(s.recall(), 3),
                    ForecastFiles.format(s.medianLeadMinutes(), 1) + " min",
                    ForecastFiles.format(s.cpuMicrosPerStep(), 3),
                    reference);
        }
        w.println("reference rows from PROTOCOL.md, quoted, not measured (no statsmodels here):");
        for (ReferenceFigures.Crossing ref : ReferenceFigures.CROSSING) {
            if (ref.method() == null) {
                w.printf(
                        Locale.ROOT,
                        "  %-40s %.3f / %.3f / %s min%n",
                        ref.label(),
                        ref.precision(),
                        ref.recall(),
                        trim(ref.medianLeadMinutes()));
            }
        }
    }

    private SeasonalPeriod.Variant variant() {
        for (SeasonalPeriod.Variant v : SeasonalPeriod.Variant.values()) {
            if (v.label().equals(season.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(), "--season must be both, values or ranks, was '" + season + "'");
    }

    /** The methods of {@code all} that --methods asks for (all of them without --methods). */
    private List<ForecastMethod> select(List<ForecastMethod> all) {
        if (methods == null || methods.isEmpty()) {
            return all;
        }
        List<ForecastMethod> chosen = new ArrayList<>();
        for (ForecastMethod m : all) {
            if (methods.contains(m.name())) {
                chosen.add(m);
            }
        }
        return chosen;
    }

    private void checkMethods(List<ForecastMethod> forecasters, List<ForecastMethod> predictors) {
        if (methods == null || methods.isEmpty()) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        ForecastMethods.forecasting().forEach(m -> known.add(m.name()));
        ForecastMethods.crossing().forEach(m -> known.add(m.name()));
        for (String name : methods) {
            if (!known.contains(name)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--methods: no method named '" + name + "'; known: " + known);
            }
        }
        if (forecasters.isEmpty() && predictors.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--methods is empty");
        }
    }

    /** 60.0 -> "60", 52.5 -> "52.5", 0.02 -> "0.02". */
    private static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
