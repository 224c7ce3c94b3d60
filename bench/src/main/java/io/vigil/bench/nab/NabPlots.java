package io.vigil.bench.nab;

import io.vigil.bench.plot.Charts;
import io.vigil.udfs.anomaly.Assessment;
import io.vigil.udfs.anomaly.Detector;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of NAB files with the detector's view of them: the value series, the detector's expected
 * value and band ({@link Assessment#lower()} to {@link Assessment#upper()}), NAB's labelled anomaly
 * windows, the probationary rows (never scored) and the detections at a threshold, one PNG per
 * file.
 *
 * <p>Preparing the data ({@link #trace}, {@link #detections}, {@link Charts#reduce}) is separate
 * from drawing ({@link #render}), so the data can be tested without looking at pixels. The detector
 * is re-run over the file exactly as {@link NabRun#detect} runs it (a row whose timestamp steps
 * back is observed at the latest earlier time), so the scores here are the scores NAB scored.
 *
 * <p>Long series are reduced for drawing to the minimum and maximum of each of about {@link
 * #COLUMNS} row buckets (the band to its outer envelope), which keeps the shape of every spike and
 * each PNG small; detection markers are never reduced.
 */
public final class NabPlots {

    /** PNG width in pixels. */
    public static final int WIDTH = 1400;

    /** PNG height in pixels. */
    public static final int HEIGHT = 500;

    /** Above this many bytes a plot is drawn again without antialiased lines. */
    public static final int MAX_PNG_BYTES = Charts.MAX_PNG_BYTES;

    /** Lines are drawn from at most about two points (a minimum and a maximum) per column. */
    public static final int COLUMNS = Charts.COLUMNS;

    /**
     * Well-known NAB files, one per kind of series, plotted first when the corpus has them: a
     * machine failure, a seasonal count, a cloud metric, an artificial jump, a bursty tweet count
     * and a traffic sensor.
     */
    public static final List<String> REPRESENTATIVE_FILES =
            List.of(
                    "realKnownCause/machine_temperature_system_failure.csv",
                    "realKnownCause/nyc_taxi.csv",
                    "realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv",
                    "artificialWithAnomaly/art_daily_jumpsup.csv",
                    "realTweets/Twitter_volume_AAPL.csv",
                    "realTraffic/speed_7578.csv");

    private static final Color VALUE = Charts.VALUE;
    private static final Color EXPECTED = new Color(0xe0, 0x7b, 0x00);
    private static final Color BAND = new Color(0xf5, 0xa6, 0x23, 70);
    private static final Color WINDOW = new Color(0xd6, 0x27, 0x28, 40);
    private static final Color PROBATION = new Color(0x80, 0x80, 0x80, 45);
    private static final Color HIT = new Color(0x2c, 0xa0, 0x2c);
    private static final Color FALSE_POSITIVE = new Color(0xd6, 0x27, 0x28);
    private static final Color IGNORED = new Color(0x90, 0x90, 0x90);

    /** Beyond the values' own range, the band is drawn at most this fraction of it further. */
    private static final double BAND_OVERHANG = 0.25;

    private NabPlots() {}

    /**
     * One file run through one detector, everything the plot needs per row.
     *
     * @param file the NAB file
     * @param times per row, the time the row was observed at (the file's timestamp, or the latest
     *     earlier one for a row that steps back), non-decreasing
     * @param scores per row, the detector's anomaly score
     * @param expected per row, the detector's expected value ({@code NaN} while learning)
     * @param lower per row, the lower edge of the band ({@code NaN} while learning)
     * @param upper per row, the upper edge of the band ({@code NaN} while learning)
     * @param probation the number of leading rows NAB never scores
     * @param backwardRows rows whose timestamp was older than an earlier row's
     */
    public record Trace(
            NabFile file,
            long[] times,
            double[] scores,
            double[] expected,
            double[] lower,
            double[] upper,
            int probation,
            int backwardRows) {

        public Trace {
            Objects.requireNonNull(file, "file");
            int n = file.size();
            if (times.length != n
                    || scores.length != n
                    || expected.length != n
                    || lower.length != n
                    || upper.length != n) {
                throw new IllegalArgumentException(
                        file.key() + ": per-row arrays differ in length");
            }
        }

        /** The number of rows. */
        public int size() {
            return times.length;
        }
    }

    /**
     * The rows whose score reaches the threshold, split as NAB sees them.
     *
     * @param threshold θ
     * @param inWindows rows after probation inside a labelled window with {@code score >= θ}
     * @param outsideWindows rows after probation outside every window with {@code score >= θ}
     *     (false positives)
     * @param inProbation probationary rows with {@code score >= θ} (not counted by NAB)
     */
    public record Detections(
            double threshold, int[] inWindows, int[] outsideWindows, int[] inProbation) {

        /** The rows NAB counts as detections: in and outside windows, in row order. */
        public int[] scored() {
            int[] all = new int[inWindows.length + outsideWindows.length];
            System.arraycopy(inWindows, 0, all, 0, inWindows.length);
            System.arraycopy(outsideWindows, 0, all, inWindows.length, outsideWindows.length);
            Arrays.sort(all);
            return all;
        }
    }

    // ------------------------------------------------------------------ data

    /**
     * Streams {@code file} through {@code detector} row by row, as {@link NabRun#detect} does, and
     * keeps every assessment.
     */
    public static Trace trace(NabFile file, Detector detector) {
        Objects.requireNonNull(detector, "detector");
        long[] millis = file.epochMillis();
        double[] values = file.values();
        int n = file.size();
        long[] times = new long[n];
        double[] scores = new double[n];
        double[] expected = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        long time = Long.MIN_VALUE;
        int backward = 0;
        for (int i = 0; i < n; i++) {
            if (millis[i] < time) {
                backward++;
            } else {
                time = millis[i];
            }
            Assessment a = detector.observe(time, values[i]);
            times[i] = time;
            scores[i] = a.score();
            expected[i] = a.expected();
            lower[i] = a.lower();
            upper[i] = a.upper();
        }
        return new Trace(
                file,
                times,
                scores,
                expected,
                lower,
                upper,
                NabScorer.probationLength(n),
                backward);
    }

    /** The rows of {@code trace} with {@code score >= threshold}, split as NAB counts them. */
    public static Detections detections(Trace trace, double threshold) {
        int[] windowOf = trace.file().windowIndexByRow();
        List<Integer> in = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        List<Integer> ignored = new ArrayList<>();
        for (int i = 0; i < trace.size(); i++) {
            if (!(trace.scores()[i] >= threshold)) {
                continue;
            }
            if (i < trace.probation()) {
                ignored.add(i);
            } else if (windowOf[i] >= 0) {
                in.add(i);
            } else {
                out.add(i);
            }
        }
        return new Detections(threshold, toArray(in), toArray(out), toArray(ignored));
    }

    /**
     * The files to plot: those of {@link #REPRESENTATIVE_FILES} the corpus has, in that order, then
     * the first file (by key) of each category not yet plotted, then the remaining files by key;
     * the first {@code count} of these.
     */
    public static List<NabFile> representative(NabCorpus corpus, int count) {
        Set<NabFile> chosen = new LinkedHashSet<>();
        for (String key : REPRESENTATIVE_FILES) {
            NabFile file = corpus.file(key);
            if (file != null) {
                chosen.add(file);
            }
        }
        Set<String> categories = new LinkedHashSet<>();
        for (NabFile file : chosen) {
            categories.add(file.category());
        }
        for (NabFile file : corpus.files()) {
            if (categories.add(file.category())) {
                chosen.add(file);
            }
        }
        chosen.addAll(corpus.files());
        return chosen.stream().limit(Math.max(0, count)).toList();
    }

    /**
     * The files with the given keys, in the given order.
     *
     * @throws IllegalArgumentException naming the keys the corpus does not have
     */
    public static List<NabFile> files(NabCorpus corpus, List<String> keys) {
        List<NabFile> files = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String key : keys) {
            NabFile file = corpus.file(key.strip());
            if (file == null) {
                unknown.add(key);
            } else if (!files.contains(file)) {
                files.add(file);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "no such file in the corpus: "
                            + String.join(", ", unknown)
                            + " (keys are <category>/<name>.csv, e.g. "
                            + corpus.files().get(0).key()
                            + ")");
        }
        return files;
    }

    /** {@code realKnownCause/nyc_taxi.csv} → {@code realKnownCause_nyc_taxi.png}. */
    public static String pngName(NabFile file) {
        String name = file.name();
        if (name.endsWith(".csv")) {
            name = name.substring(0, name.length() - 4);
        }
        return file.category() + "_" + name + ".png";
    }

    /**
     * Runs a fresh detector over each file and writes its plot at {@code threshold} into {@code
     * dir}, named by {@link #pngName}.
     *
     * @param profileName the profile the threshold belongs to, for the legend
     * @return the PNGs written, in the order of {@code files}
     */
    public static List<Path> write(
            List<NabFile> files,
            Supplier<Detector> detectors,
            double threshold,
            String profileName,
            Path dir)
            throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (NabFile file : files) {
            Trace trace = trace(file, detectors.get());
            Path png = dir.resolve(pngName(file));
            render(trace, detections(trace, threshold), profileName, png);
            written.add(png);
        }
        return written;
    }

    // ------------------------------------------------------------------ drawing

    /**
     * Draws {@code trace} with {@code detections} into a {@link #WIDTH} × {@link #HEIGHT} PNG.
     * Lines are antialiased unless that makes the PNG larger than {@link #MAX_PNG_BYTES} (a long,
     * dense series), when they are drawn again without antialiasing, which compresses several times
     * better.
     */
    public static void render(Trace trace, Detections detections, String profileName, Path png)
            throws IOException {
        Charts.writePng(chart(trace, detections, profileName), png);
    }

    /** The chart {@link #render} draws (exposed for tests and other encoders). */
    public static XYChart chart(Trace trace, Detections detections, String profileName) {
        NabFile file = trace.file();
        long[] t = trace.times();
        double[] values = file.values();
        int n = trace.size();
        if (n == 0) {
            throw new IllegalArgumentException(file.key() + " has no rows to plot");
        }

        XYChart chart =
                Charts.chart(
                        WIDTH,
                        HEIGHT,
                        title(trace, detections, profileName),
                        "time (UTC), "
                                + file.timestampText()[0]
                                + " to "
                                + file.timestampText()[n - 1],
                        "value");
        Charts.timeAxis(chart, t[0], t[n - 1]);

        // The y range: the values', with the band drawn at most BAND_OVERHANG of it beyond.
        double vMin = Double.POSITIVE_INFINITY;
        double vMax = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            vMin = Math.min(vMin, v);
            vMax = Math.max(vMax, v);
        }
        double bandMin = Double.POSITIVE_INFINITY;
        double bandMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(trace.lower()[i])) {
                bandMin = Math.min(bandMin, trace.lower()[i]);
            }
            if (Double.isFinite(trace.upper()[i])) {
                bandMax = Math.max(bandMax, trace.upper()[i]);
            }
        }
        double[] range = Charts.yRange(vMin, vMax, bandMin, bandMax, BAND_OVERHANG);
        double yMin = range[0];
        double yMax = range[1];
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);

        // Regions first, so lines and markers are drawn over them.
        if (trace.probation() > 0) {
            List<double[]> spans =
                    List.of(new double[] {t[0], Charts.edgeAfter(t, trace.probation() - 1)});
            Charts.spans(
                    chart,
                    "probation (" + trace.probation() + " rows)",
                    spans,
                    yMin,
                    yMax,
                    PROBATION);
        }
        if (!file.windows().isEmpty()) {
            List<double[]> spans = new ArrayList<>();
            for (NabWindow w : file.windows()) {
                spans.add(
                        new double[] {
                            Charts.edgeBefore(t, w.first()), Charts.edgeAfter(t, w.last())
                        });
            }
            int count = file.windows().size();
            Charts.spans(
                    chart,
                    "NAB window" + (count == 1 ? "" : "s") + " (" + count + ")",
                    spans,
                    yMin,
                    yMax,
                    WINDOW);
        }
        band(chart, trace);

        Charts.line(chart, "expected", t, trace.expected(), 0, n, EXPECTED, 1.0f);
        Charts.line(chart, "value", t, values, 0, n, VALUE, 1.0f);

        Charts.markers(
                chart,
                "detection in a window (" + detections.inWindows().length + ")",
                t,
                values,
                detections.inWindows(),
                SeriesMarkers.CIRCLE,
                HIT);
        Charts.markers(
                chart,
                "false positive (" + detections.outsideWindows().length + ")",
                t,
                values,
                detections.outsideWindows(),
                SeriesMarkers.DIAMOND,
                FALSE_POSITIVE);
        Charts.markers(
                chart,
                "≥ θ in probation (" + detections.inProbation().length + ")",
                t,
                values,
                detections.inProbation(),
                SeriesMarkers.CIRCLE,
                IGNORED);
        if (detections.scored().length == 0 && detections.inProbation().length == 0) {
            // Nothing reaches θ: say so in the legend rather than leave it silent.
            Charts.note(chart, "no detection", t[0]);
        }
        return chart;
    }

    private static String title(Trace trace, Detections detections, String profileName) {
        return String.format(
                Locale.ROOT,
                "%s   ·   %d rows%s   ·   detection: score ≥ %.4f (%s)",
                trace.file().key(),
                trace.size(),
                trace.backwardRows() > 0 ? ", " + trace.backwardRows() + " back in time" : "",
                detections.threshold(),
                profileName);
    }

    /** The band as polygons (upper edge forward, lower edge back), one per run of finite rows. */
    private static void band(XYChart chart, Trace trace) {
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        long[] t = trace.times();
        int n = trace.size();
        int i = 0;
        while (i < n) {
            if (!(Double.isFinite(trace.lower()[i]) && Double.isFinite(trace.upper()[i]))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n
                    && Double.isFinite(trace.lower()[i])
                    && Double.isFinite(trace.upper()[i])) {
                i++;
            }
            Charts.Points upper = Charts.reduce(t, trace.upper(), start, i, COLUMNS, +1);
            Charts.Points lower = Charts.reduce(t, trace.lower(), start, i, COLUMNS, -1);
            for (int k = 0; k < upper.size(); k++) {
                x.add(new Date(upper.x()[k]));
                y.add(upper.y()[k]);
            }
            for (int k = lower.size() - 1; k >= 0; k--) {
                x.add(new Date(lower.x()[k]));
                y.add(lower.y()[k]);
            }
            x.add(new Date(t[i - 1]));
            y.add(Double.NaN);
        }
        if (x.isEmpty()) {
            return;
        }
        Charts.polygons(chart, "band (lower to upper)", x, y, BAND);
    }

    private static int[] toArray(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
