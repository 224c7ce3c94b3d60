package io.vigil.bench.forecast;

import io.vigil.bench.nab.NabPlots;
import io.vigil.bench.plot.Charts;
import io.vigil.udfs.forecast.Forecast;
import io.vigil.udfs.forecast.Forecaster;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of the forecast protocol's series as the headline method {@code vigil} ({@link
 * VigilMethod}) sees them, for {@code docs/benchmarks.md}:
 *
 * <ul>
 *   <li><b>Forecast plots</b>, one per series: the last {@value #WINDOW_ROWS} rows (2 days at 5
 *       minutes, 12 days at 30, 24 days hourly) with, from an origin every {@value #ORIGIN_EVERY}
 *       steps, the {@value Protocol#HORIZON}-step forecast path and its {@value #Z_LABEL} interval
 *       ({@link Forecast#lower}/{@link Forecast#upper} at z = {@value #Z}), so the segments do not
 *       overlap. The title gives the season the forecaster uses ({@link Forecaster#seasonSteps()})
 *       at the last plotted origin, the series' MASE from the protocol run, and the share of the
 *       plotted values inside their interval.
 *   <li><b>A crossing plot</b> of one series ({@link #crossingSeries}: where {@code vigil} catches
 *       the most events): the values, the threshold T, the steps where {@code vigil} alerted
 *       (calibrated confidence ≥ {@link VigilMethod#DEFAULT_MIN_CONFIDENCE}) and the crossing
 *       events, caught or missed, over {@value #CROSSING_WINDOW_ROWS} rows (a day at 5 minutes)
 *       that hold the most events, both caught and missed ones if the series has such a stretch.
 * </ul>
 *
 * <p>Nothing is re-derived here: a forecast plot streams the series through a fresh {@link
 * Forecaster} with the row spacing as its step, one step per row, exactly as {@link VigilMethod}
 * does; a crossing plot takes T, Hs and the first step from {@link SeriesPlan}, the alerts from the
 * harness's own crossing pass ({@link ForecastBench#alerts}) and the events and their outcome from
 * {@link CrossingScorer}, so its counts are the protocol run's.
 *
 * <p>Preparing the data ({@link #forecastTrace}, {@link #crossingTrace}) is separate from drawing
 * ({@link #renderForecast}, {@link #renderCrossing}), so the data can be tested without pixels.
 */
public final class ForecastPlots {

    /** PNG width in pixels. */
    public static final int WIDTH = 1400;

    /** PNG height in pixels. */
    public static final int HEIGHT = 500;

    /** A forecast plot shows the series' last this many rows. */
    public static final int WINDOW_ROWS = 576;

    /** Steps between two plotted forecast origins (twice the horizon: paths do not overlap). */
    public static final int ORIGIN_EVERY = 2 * Protocol.HORIZON;

    /** The interval drawn: mean ± z σ, the central 95 % of a normal error. */
    public static final double Z = 1.96;

    private static final String Z_LABEL = "95 %";

    /** A crossing plot shows this many rows, placed by {@link #crossingWindow}. */
    public static final int CROSSING_WINDOW_ROWS = 288;

    /**
     * Series plotted first when the run has them, one per kind: a daily and weekly season (taxi
     * passengers every 30 minutes), a cloud CPU metric with level shifts, a bursty tweet count, a
     * traffic sensor with gaps and an hourly ad-exchange cost.
     */
    public static final List<String> REPRESENTATIVE_SERIES =
            List.of(
                    "realKnownCause/nyc_taxi.csv",
                    "realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv",
                    "realTweets/Twitter_volume_AAPL.csv",
                    "realTraffic/speed_7578.csv",
                    "realAdExchange/exchange-2_cpc_results.csv");

    private static final Color FORECAST = new Color(0xe0, 0x7b, 0x00);
    private static final Color INTERVAL = new Color(0xf5, 0xa6, 0x23, 80);
    private static final Color THRESHOLD = new Color(0x80, 0x80, 0x80);
    private static final Color ALERT = new Color(0xf5, 0xa6, 0x23, 90);
    private static final Color BEFORE_FIRST = new Color(0x80, 0x80, 0x80, 45);
    private static final Color CAUGHT = new Color(0x2c, 0xa0, 0x2c);
    private static final Color MISSED = new Color(0xd6, 0x27, 0x28);

    /** Beyond the values' own range, intervals are drawn at most this fraction of it further. */
    private static final double BAND_OVERHANG = 0.25;

    private ForecastPlots() {}

    /**
     * The forecasts plotted on one series.
     *
     * @param plan the series and what the protocol derives from it
     * @param from the first row shown
     * @param origins the plotted origins, ascending, each with {@code o + 12 <= n - 1}
     * @param mean per origin, the forecast for rows o+1..o+12
     * @param lower per origin, mean − z σ
     * @param upper per origin, mean + z σ
     * @param seasons per origin, {@link Forecaster#seasonSteps()} when it forecast (0: none)
     * @param mase the series' MASE for {@code vigil} in the protocol run ({@code NaN} when not run)
     */
    public record ForecastTrace(
            SeriesPlan plan,
            int from,
            int[] origins,
            double[][] mean,
            double[][] lower,
            double[][] upper,
            int[] seasons,
            double mase) {

        public ForecastTrace {
            Objects.requireNonNull(plan, "plan");
            if (mean.length != origins.length
                    || lower.length != origins.length
                    || upper.length != origins.length
                    || seasons.length != origins.length) {
                throw new IllegalArgumentException(plan.key() + ": per-origin arrays differ");
            }
        }

        /** The row after the last one shown: the series' end. */
        public int to() {
            return plan.rows();
        }

        /** The season at the last plotted origin, steps (0: none). */
        public int season() {
            return seasons.length == 0 ? 0 : seasons[seasons.length - 1];
        }

        /**
         * The share of the plotted values y[o+h] inside their interval [lower, upper]; {@code NaN}
         * without a finite interval.
         */
        public double coverage() {
            double[] y = plan.values();
            int inside = 0;
            int counted = 0;
            for (int j = 0; j < origins.length; j++) {
                for (int h = 1; h <= mean[j].length; h++) {
                    double lo = lower[j][h - 1];
                    double hi = upper[j][h - 1];
                    if (Double.isFinite(lo) && Double.isFinite(hi)) {
                        counted++;
                        double v = y[origins[j] + h];
                        if (v >= lo && v <= hi) {
                            inside++;
                        }
                    }
                }
            }
            return counted == 0 ? Double.NaN : (double) inside / counted;
        }
    }

    /**
     * The crossing alerts plotted on one series.
     *
     * @param plan the series, T, Hs and the first step
     * @param from the first row shown
     * @param to the row after the last one shown
     * @param alert per row, whether {@code vigil} alerted (the crossing pass's verdicts)
     * @param outcomes every event of the series, caught or missed
     * @param figures the series' crossing figures from these alerts (as the protocol run scores)
     */
    public record CrossingTrace(
            SeriesPlan plan,
            int from,
            int to,
            boolean[] alert,
            List<CrossingScorer.Outcome> outcomes,
            SeriesCrossing figures) {

        public CrossingTrace {
            Objects.requireNonNull(plan, "plan");
            if (alert.length != plan.rows()) {
                throw new IllegalArgumentException(plan.key() + ": one alert flag per row");
            }
            if (from < 0 || from >= to || to > plan.rows()) {
                throw new IllegalArgumentException(
                        plan.key() + ": window [" + from + ", " + to + ") is not in the series");
            }
            outcomes = List.copyOf(outcomes);
        }

        /** The event steps in the window, caught ({@code true}) or missed. */
        public int[] events(boolean caught) {
            return outcomes.stream()
                    .filter(o -> o.caught() == caught && o.step() >= from && o.step() < to)
                    .mapToInt(CrossingScorer.Outcome::step)
                    .toArray();
        }

        /** The alert episodes in the window: {@code {first, last}} rows of each run of alerts. */
        public List<int[]> episodes() {
            List<int[]> runs = new ArrayList<>();
            int t = from;
            while (t < to) {
                if (!alert[t]) {
                    t++;
                    continue;
                }
                int start = t;
                while (t < to && alert[t]) {
                    t++;
                }
                runs.add(new int[] {start, t - 1});
            }
            return runs;
        }
    }

    // ------------------------------------------------------------------ data

    /**
     * The forecast origins plotted in rows {@code [from, rows)}: counted back from the last one
     * whose horizon ends on the last row, every {@link #ORIGIN_EVERY} steps; ascending.
     */
    static int[] origins(int rows, int from) {
        List<Integer> origins = new ArrayList<>();
        for (int o = rows - 1 - Protocol.HORIZON; o >= from; o -= ORIGIN_EVERY) {
            origins.add(0, o);
        }
        return origins.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Streams {@code plan}'s series through a fresh {@code Forecaster(dt · 1000)}, one step per row
     * as {@link VigilMethod} does, and keeps the forecast and interval at each plotted origin of
     * the last {@link #WINDOW_ROWS} rows (not before the first forecast origin p − 1).
     *
     * @param mase the series' protocol MASE, for the title ({@code NaN} when unknown)
     */
    public static ForecastTrace forecastTrace(SeriesPlan plan, double mase) {
        int rows = plan.rows();
        int from = Math.max(Math.max(0, plan.first()), rows - WINDOW_ROWS);
        int[] origins = origins(rows, from);
        double[][] mean = new double[origins.length][];
        double[][] lower = new double[origins.length][];
        double[][] upper = new double[origins.length][];
        int[] seasons = new int[origins.length];
        double[] y = plan.values();
        Forecaster forecaster = new Forecaster(plan.dtSeconds() * 1000);
        int next = 0;
        for (int t = 0; next < origins.length; t++) {
            forecaster.observe(y[t]);
            if (t == origins[next]) {
                Forecast f = forecaster.forecast(Protocol.HORIZON);
                mean[next] = f.mean();
                lower[next] = new double[Protocol.HORIZON];
                upper[next] = new double[Protocol.HORIZON];
                for (int h = 1; h <= Protocol.HORIZON; h++) {
                    lower[next][h - 1] = f.lower(h, Z);
                    upper[next][h - 1] = f.upper(h, Z);
                }
                seasons[next] = forecaster.seasonSteps();
                next++;
            }
        }
        return new ForecastTrace(plan, from, origins, mean, lower, upper, seasons, mase);
    }

    /**
     * Runs {@code vigil}'s crossing pass over {@code plan}'s series (a fresh {@link VigilMethod}
     * session at {@link VigilMethod#DEFAULT_MIN_CONFIDENCE}, asked as {@link ForecastBench} asks
     * it), scores it with {@link CrossingScorer} and picks the window of {@link
     * #CROSSING_WINDOW_ROWS} rows to show ({@link #crossingWindow}).
     */
    public static CrossingTrace crossingTrace(SeriesPlan plan) {
        VigilMethod vigil =
                new VigilMethod(ForecastFiles.HEADLINE, VigilMethod.DEFAULT_MIN_CONFIDENCE);
        boolean[] alert = ForecastBench.alerts(plan, vigil.open(plan.context()));
        CrossingScorer scorer = new CrossingScorer(plan);
        List<CrossingScorer.Outcome> outcomes = scorer.outcomes(alert);
        int from = crossingWindow(outcomes, plan.rows(), CROSSING_WINDOW_ROWS);
        return new CrossingTrace(
                plan,
                from,
                Math.min(plan.rows(), from + CROSSING_WINDOW_ROWS),
                alert,
                outcomes,
                scorer.score(alert, 0, ForecastBench.eligibleSteps(plan)));
    }

    /**
     * The first row of the window of {@code window} rows to show: windows are tried starting a
     * tenth of a window before each event (so the run-up to it shows), kept inside the series; the
     * best holds both a caught and a missed event if any window does, then the most events; ties go
     * to the earliest. Without events, the last rows.
     */
    static int crossingWindow(List<CrossingScorer.Outcome> outcomes, int rows, int window) {
        int latest = Math.max(0, rows - window);
        int best = latest;
        int bestScore = -1;
        for (CrossingScorer.Outcome first : outcomes) {
            int start = Math.min(latest, Math.max(0, first.step() - window / 10));
            int caught = 0;
            int missed = 0;
            for (CrossingScorer.Outcome o : outcomes) {
                if (o.step() >= start && o.step() < start + window) {
                    if (o.caught()) {
                        caught++;
                    } else {
                        missed++;
                    }
                }
            }
            int score = (caught > 0 && missed > 0 ? outcomes.size() + 1 : 0) + caught + missed;
            if (score > bestScore || (score == bestScore && start < best)) {
                best = start;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * The series to plot: those of {@link #REPRESENTATIVE_SERIES} the run has, in that order, then
     * the rest in the run's order; the first {@code count} of these.
     */
    public static List<SeriesPlan> representative(List<SeriesPlan> plans, int count) {
        Map<String, SeriesPlan> byKey = new LinkedHashMap<>();
        plans.forEach(p -> byKey.put(p.key(), p));
        Set<SeriesPlan> chosen = new LinkedHashSet<>();
        for (String key : REPRESENTATIVE_SERIES) {
            SeriesPlan plan = byKey.get(key);
            if (plan != null) {
                chosen.add(plan);
            }
        }
        chosen.addAll(byKey.values());
        return chosen.stream().limit(Math.max(0, count)).toList();
    }

    /**
     * The series of the crossing plot: where {@code vigil} caught the most events in {@code report}
     * (then the most events, then the first in series order), so the plot shows the predictor at
     * work, with both caught and missed events; when the run has no {@code vigil} crossing figures,
     * the series with the most events.
     */
    public static SeriesPlan crossingSeries(ForecastReport report) {
        SeriesResult best = null;
        for (SeriesResult r : report.series()) {
            if (best == null
                    || caught(r) > caught(best)
                    || (caught(r) == caught(best) && r.events() > best.events())) {
                best = r;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("the report has no series");
        }
        return best.plan();
    }

    private static int caught(SeriesResult r) {
        SeriesCrossing c = r.crossing().get(ForecastFiles.HEADLINE);
        return c == null ? 0 : c.caught();
    }

    /** {@code vigil}'s MASE on the series in {@code report}, {@code NaN} when it did not run. */
    static double mase(ForecastReport report, String key) {
        for (SeriesResult r : report.series()) {
            if (r.plan().key().equals(key)) {
                SeriesAccuracy a = r.accuracy().get(ForecastFiles.HEADLINE);
                return a == null ? Double.NaN : a.mase();
            }
        }
        return Double.NaN;
    }

    /**
     * Writes {@code count} forecast plots ({@link #representative}) named {@code
     * forecast_<category>_<name>.png} and, when {@code count > 0}, the crossing plot of {@link
     * #crossingSeries} named {@code crossing_<category>_<name>.png}, into {@code dir}.
     *
     * @return the PNGs written: forecast plots in order, then the crossing plot
     */
    public static List<Path> write(ForecastReport report, int count, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        List<SeriesPlan> plans = report.series().stream().map(SeriesResult::plan).toList();
        List<SeriesPlan> chosen = representative(plans, count);
        if (chosen.isEmpty()) {
            return written;
        }
        Files.createDirectories(dir);
        for (SeriesPlan plan : chosen) {
            Path png = dir.resolve("forecast_" + NabPlots.pngName(plan.file()));
            renderForecast(forecastTrace(plan, mase(report, plan.key())), png);
            written.add(png);
        }
        SeriesPlan crossing = crossingSeries(report);
        Path png = dir.resolve("crossing_" + NabPlots.pngName(crossing.file()));
        renderCrossing(crossingTrace(crossing), png);
        written.add(png);
        return written;
    }

    // ------------------------------------------------------------------ drawing

    /** Draws {@code trace} into a {@link #WIDTH} × {@link #HEIGHT} PNG. */
    public static void renderForecast(ForecastTrace trace, Path png) throws IOException {
        Charts.writePng(forecastChart(trace), png);
    }

    /** Draws {@code trace} into a {@link #WIDTH} × {@link #HEIGHT} PNG. */
    public static void renderCrossing(CrossingTrace trace, Path png) throws IOException {
        Charts.writePng(crossingChart(trace), png);
    }

    /** The chart {@link #renderForecast} draws. */
    public static XYChart forecastChart(ForecastTrace trace) {
        SeriesPlan plan = trace.plan();
        long[] t = plan.epochMillis();
        double[] y = plan.values();
        int from = trace.from();
        int to = trace.to();
        XYChart chart =
                Charts.chart(
                        WIDTH, HEIGHT, forecastTitle(trace), xAxisTitle(plan, from, to), "value");
        Charts.timeAxis(chart, t[from], t[to - 1]);

        double vMin = Double.POSITIVE_INFINITY;
        double vMax = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            vMin = Math.min(vMin, y[i]);
            vMax = Math.max(vMax, y[i]);
        }
        double bandMin = Double.POSITIVE_INFINITY;
        double bandMax = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < trace.origins().length; j++) {
            for (int h = 0; h < Protocol.HORIZON; h++) {
                if (Double.isFinite(trace.lower()[j][h])) {
                    bandMin = Math.min(bandMin, trace.lower()[j][h]);
                }
                if (Double.isFinite(trace.upper()[j][h])) {
                    bandMax = Math.max(bandMax, trace.upper()[j][h]);
                }
            }
        }
        double[] range = Charts.yRange(vMin, vMax, bandMin, bandMax, BAND_OVERHANG);
        chart.getStyler().setYAxisMin(range[0]).setYAxisMax(range[1]);

        // Each path starts at the origin's value (known) and runs over rows o+1..o+12.
        List<Date> bandX = new ArrayList<>();
        List<Double> bandY = new ArrayList<>();
        List<Date> pathX = new ArrayList<>();
        List<Double> pathY = new ArrayList<>();
        List<Integer> drawn = new ArrayList<>();
        for (int j = 0; j < trace.origins().length; j++) {
            int o = trace.origins()[j];
            if (!finite(trace.mean()[j])) {
                continue;
            }
            drawn.add(o);
            pathX.add(new Date(t[o]));
            pathY.add(y[o]);
            for (int h = 1; h <= Protocol.HORIZON; h++) {
                pathX.add(new Date(t[o + h]));
                pathY.add(trace.mean()[j][h - 1]);
            }
            pathX.add(new Date(t[o + Protocol.HORIZON]));
            pathY.add(Double.NaN);
            if (finite(trace.lower()[j]) && finite(trace.upper()[j])) {
                bandX.add(new Date(t[o]));
                bandY.add(y[o]);
                for (int h = 1; h <= Protocol.HORIZON; h++) {
                    bandX.add(new Date(t[o + h]));
                    bandY.add(trace.upper()[j][h - 1]);
                }
                for (int h = Protocol.HORIZON; h >= 1; h--) {
                    bandX.add(new Date(t[o + h]));
                    bandY.add(trace.lower()[j][h - 1]);
                }
                bandX.add(new Date(t[o]));
                bandY.add(Double.NaN);
            }
        }
        if (!bandX.isEmpty()) {
            Charts.polygons(
                    chart, Z_LABEL + " interval (mean ± " + Z + " σ)", bandX, bandY, INTERVAL);
        }
        Charts.line(chart, "value", t, y, from, to, Charts.VALUE, 1.2f);
        if (!pathX.isEmpty()) {
            Charts.path(
                    chart,
                    "forecast, " + Protocol.HORIZON + " steps ahead",
                    pathX,
                    pathY,
                    FORECAST,
                    1.8f);
            Charts.markers(
                    chart,
                    "origin (every " + ORIGIN_EVERY + " steps)",
                    t,
                    y,
                    drawn.stream().mapToInt(Integer::intValue).toArray(),
                    SeriesMarkers.CIRCLE,
                    FORECAST);
            chart.getStyler().setMarkerSize(5);
        } else {
            Charts.note(chart, "no forecast origin in the window", t[from]);
        }
        return chart;
    }

    /** The chart {@link #renderCrossing} draws. */
    public static XYChart crossingChart(CrossingTrace trace) {
        SeriesPlan plan = trace.plan();
        long[] t = plan.epochMillis();
        double[] y = plan.values();
        int from = trace.from();
        int to = trace.to();
        double threshold = plan.threshold();
        XYChart chart =
                Charts.chart(
                        WIDTH, HEIGHT, crossingTitle(trace), xAxisTitle(plan, from, to), "value");
        Charts.timeAxis(chart, t[from], t[to - 1]);
        double vMin = threshold;
        double vMax = threshold;
        for (int i = from; i < to; i++) {
            vMin = Math.min(vMin, y[i]);
            vMax = Math.max(vMax, y[i]);
        }
        double[] range =
                Charts.yRange(vMin, vMax, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);
        double yMin = range[0];
        double yMax = range[1];
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);

        if (from < plan.first()) {
            Charts.spans(
                    chart,
                    "before the first question (row " + plan.first() + ")",
                    List.of(new double[] {t[from], Charts.edgeBefore(t, plan.first())}),
                    yMin,
                    yMax,
                    BEFORE_FIRST);
        }
        List<double[]> spans = new ArrayList<>();
        int alertSteps = 0;
        for (int[] run : trace.episodes()) {
            spans.add(new double[] {Charts.edgeBefore(t, run[0]), Charts.edgeAfter(t, run[1])});
            alertSteps += run[1] - run[0] + 1;
        }
        if (!spans.isEmpty()) {
            Charts.spans(
                    chart,
                    String.format(
                            Locale.ROOT,
                            "vigil alert: confidence ≥ %s (%d steps here)",
                            trim(VigilMethod.DEFAULT_MIN_CONFIDENCE),
                            alertSteps),
                    spans,
                    yMin,
                    yMax,
                    ALERT);
        } else {
            Charts.note(chart, "no vigil alert here", t[from]);
        }
        XYSeries line =
                Charts.path(
                        chart,
                        String.format(
                                Locale.ROOT,
                                "T = 99th percentile of y[p:] = %s",
                                ForecastFiles.format(threshold, precision(threshold))),
                        List.of(new Date(t[from]), new Date(t[to - 1])),
                        List.of(threshold, threshold),
                        THRESHOLD,
                        1.2f);
        line.setLineStyle(
                new BasicStroke(
                        1.2f,
                        BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {6f, 4f},
                        0f));
        Charts.line(chart, "value", t, y, from, to, Charts.VALUE, 1.0f);
        int[] caught = trace.events(true);
        int[] missed = trace.events(false);
        String caughtName = "event caught 60 to 5 min ahead (" + caught.length + " here)";
        if (Charts.markers(chart, caughtName, t, y, caught, SeriesMarkers.CIRCLE, CAUGHT) == null) {
            Charts.note(chart, caughtName, t[from]);
        }
        String missedName = "event missed (" + missed.length + " here)";
        if (Charts.markers(chart, missedName, t, y, missed, SeriesMarkers.DIAMOND, MISSED)
                == null) {
            Charts.note(chart, missedName, t[from]);
        }
        return chart;
    }

    private static String forecastTitle(ForecastTrace trace) {
        SeriesPlan plan = trace.plan();
        StringBuilder title = new StringBuilder(plan.key());
        title.append("   ·   vigil forecaster, season ")
                .append(season(trace.season(), plan.dtSeconds()));
        if (Double.isFinite(trace.mase())) {
            title.append(String.format(Locale.ROOT, "   ·   MASE %.3f (protocol)", trace.mase()));
        }
        double coverage = trace.coverage();
        if (Double.isFinite(coverage)) {
            title.append(
                    String.format(
                            Locale.ROOT,
                            "   ·   %.0f %% of plotted values in the %s interval",
                            100 * coverage,
                            Z_LABEL));
        }
        return title.toString();
    }

    private static String crossingTitle(CrossingTrace trace) {
        SeriesPlan plan = trace.plan();
        SeriesCrossing c = trace.figures();
        return String.format(
                Locale.ROOT,
                "%s   ·   crossing T within 60 min (%d step%s)   ·   vigil on the series: %d of"
                        + " %d events caught, precision %s",
                plan.key(),
                plan.crossingSteps(),
                plan.crossingSteps() == 1 ? "" : "s",
                c.caught(),
                c.events(),
                ForecastFiles.format(c.precision(), 2));
    }

    private static String xAxisTitle(SeriesPlan plan, int from, int to) {
        String[] text = plan.file().timestampText();
        return String.format(
                Locale.ROOT,
                "time (UTC), %s to %s: rows %d to %d of %d, one step = %s",
                text[from],
                text[to - 1],
                from,
                to - 1,
                plan.rows(),
                duration(plan.dtSeconds()));
    }

    /** {@code 288} steps of 300 s → {@code "1 d (288 steps)"}; 0 → {@code "none"}. */
    static String season(int steps, long dtSeconds) {
        return steps == 0
                ? "none"
                : duration(steps * dtSeconds)
                        + " ("
                        + steps
                        + " step"
                        + (steps == 1 ? "" : "s")
                        + ")";
    }

    /** 300 → {@code "5 min"}, 3600 → {@code "1 h"}, 604800 → {@code "7 d"}, 90 → {@code "90 s"}. */
    static String duration(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + " d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + " h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }

    /** Decimals to print T with: none from 1000 on, 1 from 10, 2 from 1, else 4. */
    private static int precision(double value) {
        double a = Math.abs(value);
        return a >= 1000 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 4;
    }

    private static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
