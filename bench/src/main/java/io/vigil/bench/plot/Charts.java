package io.vigil.bench.plot;

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
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
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
 * Drawing helpers shared by the benchmarks' XChart plots of time series ({@code NabPlots}, {@code
 * ForecastPlots}): one house style (white, UTC dates, legend below), PNG encoding at the strongest
 * deflate level with a fallback for dense plots, a min/max reduction that keeps every spike of a
 * long series, and lines, shaded polygons, full-height spans and markers on a time axis.
 *
 * <p>Times are epoch milliseconds throughout; a series' rows are drawn at their own timestamps.
 */
public final class Charts {

    /** Lines are drawn from at most about two points (a minimum and a maximum) per column. */
    public static final int COLUMNS = 1300;

    /** Above this many bytes a plot is drawn again without antialiased lines. */
    public static final int MAX_PNG_BYTES = 250_000;

    /** The colour of a series' own values in every plot. */
    public static final Color VALUE = new Color(0x1f, 0x3a, 0x5f);

    private Charts() {}

    /** Points to draw: x in epoch milliseconds, y in the series' unit. */
    public record Points(long[] x, double[] y) {
        public int size() {
            return x.length;
        }
    }

    // ------------------------------------------------------------------ data

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

    /** Halfway between row {@code row - 1} and row {@code row} (the row's own time for row 0). */
    public static double edgeBefore(long[] t, int row) {
        return row == 0 ? t[0] : (t[row - 1] + (double) t[row]) / 2;
    }

    /** Halfway between row {@code row} and row {@code row + 1} (the row's own time at the end). */
    public static double edgeAfter(long[] t, int row) {
        return row + 1 >= t.length ? t[row] : (t[row] + (double) t[row + 1]) / 2;
    }

    /**
     * The y range to draw: the values' {@code [vMin, vMax]}, widened to take in a band {@code
     * [bandMin, bandMax]} but by at most {@code overhang} × the values' span beyond either end (a
     * band that blows up at a jump does not squash the series), then padded by 4 % of the range. A
     * flat series gets a span of {@code max(1, |vMax|)}.
     *
     * @return {@code {yMin, yMax}}
     */
    public static double[] yRange(
            double vMin, double vMax, double bandMin, double bandMax, double overhang) {
        double span = vMax - vMin;
        if (!(span > 0)) {
            span = Math.max(1.0, Math.abs(vMax));
        }
        double yMin = Math.max(Math.min(vMin, bandMin), vMin - overhang * span);
        double yMax = Math.min(Math.max(vMax, bandMax), vMax + overhang * span);
        double pad = 0.04 * (yMax - yMin > 0 ? yMax - yMin : span);
        return new double[] {yMin - pad, yMax + pad};
    }

    // ------------------------------------------------------------------ chart

    /** A chart of {@code width} × {@code height} pixels in the house style, dates in UTC. */
    public static XYChart chart(
            int width, int height, String title, String xAxisTitle, String yAxisTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(width)
                        .height(height)
                        .title(title)
                        .xAxisTitle(xAxisTitle)
                        .yAxisTitle(yAxisTitle)
                        .build();
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
        return chart;
    }

    /**
     * Sets the x range to {@code [from, to]} and labels ticks with their day, and with their time
     * when the range is under a week. (XChart's month-scale ticks are 30-day steps labelled {@code
     * yyyy-MM}, which read as the 1st of each month; ticks at least 100 px apart are whole days
     * from about 6.5 days of data on.)
     */
    public static void timeAxis(XYChart chart, long from, long to) {
        chart.getStyler().setXAxisTickMarkSpacingHint(100);
        chart.getStyler().setDatePattern(to - from >= 7 * 86_400_000L ? "MM-dd" : "MM-dd HH:mm");
        chart.getStyler().setXAxisMin((double) from).setXAxisMax((double) to);
    }

    /**
     * Writes {@code chart} as a PNG, creating the parent folders. Lines are antialiased unless that
     * makes the PNG larger than {@link #MAX_PNG_BYTES} (a long, dense series), when they are drawn
     * again without antialiasing, which compresses several times better.
     */
    public static void writePng(XYChart chart, Path png) throws IOException {
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
    public static byte[] encodePng(BufferedImage image) throws IOException {
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

    // ------------------------------------------------------------------ series

    /**
     * A line through the finite rows {@code [from, to)} of {@code y} at times {@code t}, reduced
     * per run of finite rows ({@link #reduce} with {@link #COLUMNS}), with a gap where {@code y} is
     * not finite; nothing when no row is finite.
     *
     * @return the series, or {@code null} when nothing was added
     */
    public static XYSeries line(
            XYChart chart,
            String name,
            long[] t,
            double[] y,
            int from,
            int to,
            Color color,
            float width) {
        List<Date> x = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        int i = from;
        while (i < to) {
            if (!Double.isFinite(y[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < to && Double.isFinite(y[i])) {
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
            return null;
        }
        XYSeries series = chart.addSeries(name, x, v);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(width));
        return series;
    }

    /**
     * A line through the given points as they are (no reduction); a {@code NaN} y breaks it, so one
     * series can hold many separate paths.
     */
    public static XYSeries path(
            XYChart chart, String name, List<Date> x, List<Double> y, Color color, float width) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(width));
        return series;
    }

    /**
     * Filled polygons without outlines (the legend's box gets a faint one): the points go round
     * each polygon, a {@code NaN} y closes one and starts the next.
     */
    public static XYSeries polygons(
            XYChart chart, String name, List<Date> x, List<Double> y, Color fill) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        series.setMarker(SeriesMarkers.NONE);
        series.setFillColor(fill);
        series.setLineStyle(SeriesLines.NONE);
        series.setLineColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), 160));
        return series;
    }

    /**
     * Rectangles spanning {@code [yMin, yMax]}, one per {@code {fromMillis, toMillis}} span, in one
     * legend entry.
     */
    public static XYSeries spans(
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
        return polygons(chart, name, x, y, fill);
    }

    /**
     * Markers at rows {@code rows} of the series {@code (t, y)}; nothing when {@code rows} is
     * empty.
     *
     * @return the series, or {@code null} when nothing was added
     */
    public static XYSeries markers(
            XYChart chart,
            String name,
            long[] t,
            double[] y,
            int[] rows,
            Marker marker,
            Color color) {
        if (rows.length == 0) {
            return null;
        }
        List<Date> x = new ArrayList<>(rows.length);
        List<Double> v = new ArrayList<>(rows.length);
        for (int row : rows) {
            x.add(new Date(t[row]));
            v.add(y[row]);
        }
        XYSeries series = chart.addSeries(name, x, v);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(marker);
        series.setMarkerColor(color);
        return series;
    }

    /** An entry in the legend that draws nothing, to say that something is absent. */
    public static void note(XYChart chart, String text, long at) {
        XYSeries none = chart.addSeries(text, List.of(new Date(at)), List.of(Double.NaN));
        none.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        none.setMarker(SeriesMarkers.NONE);
    }
}
