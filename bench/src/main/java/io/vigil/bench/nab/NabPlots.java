package io.vigil.bench.nab;

import io.vigil.udfs.anomaly.Assessment;
import io.vigil.udfs.anomaly.Detector;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
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
import java.util.TimeZone;
import java.util.function.Supplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots of NAB files with the detector's view of them: the value series, the detector's expected
 * value and band ({@link Assessment#lower()} to {@link Assessment#upper()}), NAB's labelled anomaly
 * windows, the probationary rows (never scored) and the detections at a threshold, one PNG per
 * file.
 *
 * <p>Preparing the data ({@link #trace}, {@link #detections}, {@link #reduce}) is separate from
 * drawing ({@link #render}), so the data can be tested without looking at pixels. The detector is
 * re-run over the file exactly as {@link NabRun#detect} runs it (a row whose timestamp steps back
 * is observed at the latest earlier time), so the scores here are the scores NAB scored.
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
    public static final int MAX_PNG_BYTES = 250_000;

    /** Lines are drawn from at most about two points (a minimum and a maximum) per column. */
    public static final int COLUMNS = 1300;

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

    private static final Color VALUE = new Color(0x1f, 0x3a, 0x5f);
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

    /** Points to draw: x in epoch milliseconds, y in the series' unit. */
    public record Points(long[] x, double[] y) {
        public int size() {
            return x.length;
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
     * Reduces rows {@code [from, to)} of a series for drawing: when there are more than {@code 2 ×
     * columns} rows, each bucket of {@code ceil(rows / columns)} consecutive rows keeps the rows
     * where {@code y} is smallest and largest (in row order; one row when they coincide), so every
     * spike stays visible. Rows where {@code y} is not finite are skipped.
     *
     * @param keep {@code -1} keeps only each bucket's minimum, {@code +1} only its maximum, {@code
     *     0} both
     */
    public static Points reduce(long[] x, double[] y, int from, int to, int columns, int keep) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, was " + columns);
        }
        int rows = Math.max(0, to - from);
        int bucket = rows <= 2 * columns ? 1 : (rows + columns - 1) / columns;
        long[] px = new long[rows <= 2 * columns ? rows : 2 * ((rows + bucket - 1) / bucket)];
        double[] py = new double[px.length];
        int k = 0;
        for (int start = from; start < to; start += bucket) {
            int end = Math.min(to, start + bucket);
            int min = -1;
            int max = -1;
            for (int i = start; i < end; i++) {
                if (!Double.isFinite(y[i])) {
                    continue;
                }
                if (min < 0 || y[i] < y[min]) {
                    min = i;
                }
                if (max < 0 || y[i] > y[max]) {
                    max = i;
                }
            }
            if (min < 0) {
                continue;
            }
            int first = keep > 0 ? max : keep < 0 ? min : Math.min(min, max);
            int second = keep == 0 ? Math.max(min, max) : first;
            px[k] = x[first];
            py[k++] = y[first];
            if (second != first) {
                px[k] = x[second];
                py[k++] = y[second];
            }
        }
        return new Points(Arrays.copyOf(px, k), Arrays.copyOf(py, k));
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
        XYChart chart = chart(trace, detections, profileName);
        byte[] bytes = encodePng(BitmapEncoder.getBufferedImage(chart));
        if (bytes.length > MAX_PNG_BYTES) {
            chart.getStyler().setAntiAlias(false);
            bytes = encodePng(BitmapEncoder.getBufferedImage(chart));
        }
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(png, bytes);
    }

    /** A PNG of {@code image} at the strongest deflate level (plots compress well). */
    private static byte[] encodePng(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (param.canWriteCompressed()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.0f);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 18);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
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
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title(trace, detections, profileName))
                        .xAxisTitle(
                                "time (UTC), "
                                        + file.timestampText()[0]
                                        + " to "
                                        + file.timestampText()[n - 1])
                        .yAxisTitle("value")
                        .build();
        style(chart);
        // XChart's month-scale ticks are 30-day steps labelled "yyyy-MM", which reads as the 1st
        // of each month: label every tick with its day, and its time when ticks may be hours apart
        // (ticks at least 100 px apart are whole days from about 6.5 days of data on).
        chart.getStyler().setXAxisTickMarkSpacingHint(100);
        chart.getStyler()
                .setDatePattern(t[n - 1] - t[0] >= 7 * 86_400_000L ? "MM-dd" : "MM-dd HH:mm");

        // The y range: the values', with the band drawn at most BAND_OVERHANG of it beyond.
        double vMin = Double.POSITIVE_INFINITY;
        double vMax = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            vMin = Math.min(vMin, v);
            vMax = Math.max(vMax, v);
        }
        double span = vMax - vMin;
        if (!(span > 0)) {
            span = Math.max(1.0, Math.abs(vMax));
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
        double yMin = Math.max(Math.min(vMin, bandMin), vMin - BAND_OVERHANG * span);
        double yMax = Math.min(Math.max(vMax, bandMax), vMax + BAND_OVERHANG * span);
        double pad = 0.04 * (yMax - yMin > 0 ? yMax - yMin : span);
        yMin -= pad;
        yMax += pad;
        chart.getStyler().setYAxisMin(yMin).setYAxisMax(yMax);
        chart.getStyler().setXAxisMin((double) t[0]).setXAxisMax((double) t[n - 1]);

        // Regions first, so lines and markers are drawn over them.
        if (trace.probation() > 0) {
            List<double[]> spans =
                    List.of(new double[] {t[0], edgeAfter(t, trace.probation() - 1)});
            area(chart, "probation (" + trace.probation() + " rows)", spans, yMin, yMax, PROBATION);
        }
        if (!file.windows().isEmpty()) {
            List<double[]> spans = new ArrayList<>();
            for (NabWindow w : file.windows()) {
                spans.add(new double[] {edgeBefore(t, w.first()), edgeAfter(t, w.last())});
            }
            int count = file.windows().size();
            area(
                    chart,
                    "NAB window" + (count == 1 ? "" : "s") + " (" + count + ")",
                    spans,
                    yMin,
                    yMax,
                    WINDOW);
        }
        band(chart, trace);

        line(chart, "expected", t, trace.expected(), EXPECTED);
        line(chart, "value", t, values, VALUE);

        markers(
                chart,
                "detection in a window (" + detections.inWindows().length + ")",
                trace,
                detections.inWindows(),
                SeriesMarkers.CIRCLE,
                HIT);
        markers(
                chart,
                "false positive (" + detections.outsideWindows().length + ")",
                trace,
                detections.outsideWindows(),
                SeriesMarkers.DIAMOND,
                FALSE_POSITIVE);
        markers(
                chart,
                "≥ θ in probation (" + detections.inProbation().length + ")",
                trace,
                detections.inProbation(),
                SeriesMarkers.CIRCLE,
                IGNORED);
        if (detections.scored().length == 0 && detections.inProbation().length == 0) {
            // Nothing reaches θ: say so in the legend rather than leave it silent.
            XYSeries none =
                    chart.addSeries("no detection", List.of(new Date(t[0])), List.of(Double.NaN));
            none.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
            none.setMarker(SeriesMarkers.NONE);
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

    private static void style(XYChart chart) {
        var styler = chart.getStyler();
        styler.setTimezone(TimeZone.getTimeZone("UTC"));
        styler.setLocale(Locale.ROOT);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(true);
        styler.setPlotBorderColor(new Color(0xb0, 0xb0, 0xb0));
        styler.setPlotGridLinesColor(new Color(0xe6, 0xe6, 0xe6));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setLegendPosition(LegendPosition.OutsideS);
        styler.setLegendLayout(LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setMarkerSize(7);
        styler.setPlotContentSize(0.98);
        styler.setAntiAlias(true);
        styler.setToolTipsEnabled(false);
    }

    /**
     * A line through the finite rows of {@code y}, reduced per run of finite rows, with a gap where
     * {@code y} is not finite; nothing when no row is finite.
     */
    private static void line(XYChart chart, String name, long[] t, double[] y, Color color) {
        List<Date> x = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        int n = y.length;
        int i = 0;
        while (i < n) {
            if (!Double.isFinite(y[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && Double.isFinite(y[i])) {
                i++;
            }
            if (!x.isEmpty()) {
                x.add(new Date(t[start]));
                v.add(Double.NaN);
            }
            Points points = reduce(t, y, start, i, COLUMNS, 0);
            for (int k = 0; k < points.size(); k++) {
                x.add(new Date(points.x()[k]));
                v.add(points.y()[k]);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, x, v);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(1.0f));
    }

    /** Rectangles spanning the plot's height, one polygon each, in one legend entry. */
    private static void area(
            XYChart chart,
            String name,
            List<double[]> spans,
            double yMin,
            double yMax,
            Color fill) {
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (double[] s : spans) {
            x.add(new Date((long) s[0]));
            y.add(yMin);
            x.add(new Date((long) s[0]));
            y.add(yMax);
            x.add(new Date((long) s[1]));
            y.add(yMax);
            x.add(new Date((long) s[1]));
            y.add(yMin);
            x.add(new Date((long) s[1]));
            y.add(Double.NaN);
        }
        polygons(chart.addSeries(name, x, y), fill);
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
            Points upper = reduce(t, trace.upper(), start, i, COLUMNS, +1);
            Points lower = reduce(t, trace.lower(), start, i, COLUMNS, -1);
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
        polygons(chart.addSeries("band (lower to upper)", x, y), BAND);
    }

    /** Filled polygons without outlines (the legend's box gets a faint one). */
    private static void polygons(XYSeries series, Color fill) {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        series.setMarker(SeriesMarkers.NONE);
        series.setFillColor(fill);
        series.setLineStyle(SeriesLines.NONE);
        series.setLineColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), 160));
    }

    private static void markers(
            XYChart chart, String name, Trace trace, int[] rows, Marker marker, Color color) {
        if (rows.length == 0) {
            return;
        }
        List<Date> x = new ArrayList<>(rows.length);
        List<Double> y = new ArrayList<>(rows.length);
        for (int row : rows) {
            x.add(new Date(trace.times()[row]));
            y.add(trace.file().values()[row]);
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(color);
    }

    /** Halfway between row {@code row - 1} and row {@code row} (the row's own time for row 0). */
    private static double edgeBefore(long[] t, int row) {
        return row == 0 ? t[0] : (t[row - 1] + (double) t[row]) / 2;
    }

    /** Halfway between row {@code row} and row {@code row + 1} (the row's own time at the end). */
    private static double edgeAfter(long[] t, int row) {
        return row + 1 >= t.length ? t[row] : (t[row] + (double) t[row + 1]) / 2;
    }

    private static List<Date> dates(long[] millis) {
        List<Date> dates = new ArrayList<>(millis.length);
        for (long m : millis) {
            dates.add(new Date(m));
        }
        return dates;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> boxed = new ArrayList<>(values.length);
        for (double v : values) {
            boxed.add(v);
        }
        return boxed;
    }

    private static int[] toArray(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
