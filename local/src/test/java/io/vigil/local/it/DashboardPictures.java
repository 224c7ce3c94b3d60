package io.vigil.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Draws each dashboard's panel data ({@link KibanaPanels.Result}) to a PNG, on Kibana's grid (48
 * columns): line, area and bar charts over time (a split chart side by side, metrics on the right
 * axis as bars), tables, metrics, saved searches and markdown. Numbers are shown with the index
 * pattern's field formats (durations, percentages, bytes). A picture of the data Kibana would show,
 * not a screenshot of Kibana: Kibana does not run on the build machines.
 */
final class DashboardPictures {
    private static final int COLUMN = 30;
    private static final int ROW = 20;
    private static final int MARGIN = 12;
    private static final int HEADER = 44;

    /** Kibana's default (colour-blind safe) palette. */
    private static final Color[] PALETTE = {
        new Color(0x54B399), new Color(0x6092C0), new Color(0xD36086), new Color(0x9170B8),
        new Color(0xCA8EAE), new Color(0xD6BF57), new Color(0xB9A888), new Color(0xDA8B45),
        new Color(0xAA6556), new Color(0xE7664C)
    };

    private static final Color TEXT = new Color(0x343741);
    private static final Color MUTED = new Color(0x69707D);
    private static final Color GRID = new Color(0xE0E5EE);
    private static final DateTimeFormatter HOUR_MINUTE =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final KibanaPanels kibana;
    private Graphics2D g;

    private DashboardPictures(KibanaPanels kibana) {
        this.kibana = kibana;
    }

    /** Writes {@code <dir>/<dashboard id without vigil-dashboard->.png} for every dashboard. */
    static void write(
            KibanaPanels kibana, Map<String, List<KibanaPanels.Result>> dashboards, Path dir) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, List<KibanaPanels.Result>> d : dashboards.entrySet()) {
                BufferedImage image = new DashboardPictures(kibana).draw(d.getKey(), d.getValue());
                String name = d.getKey().replaceFirst("^vigil-dashboard-", "") + ".png";
                ImageIO.write(image, "png", dir.resolve(name).toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BufferedImage draw(String dashboardId, List<KibanaPanels.Result> results) {
        int rows = 0;
        for (KibanaPanels.Result r : results) {
            rows = Math.max(rows, r.panel().y() + r.panel().h());
        }
        int width = 2 * MARGIN + 48 * COLUMN;
        int height = HEADER + MARGIN + rows * ROW;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xF1F4FA));
        g.fillRect(0, 0, width, height);
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(kibana.objects.get(dashboardId).at("/attributes/title").asText(), MARGIN, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(MUTED);
        g.drawString(
                "Data of each panel's query on the integration test's Elasticsearch"
                        + " (KibanaPanelsITCase); drawn without Kibana",
                MARGIN + 420,
                28);
        for (KibanaPanels.Result r : results) {
            KibanaPanels.Panel p = r.panel();
            int x = MARGIN + p.x() * COLUMN + 3;
            int y = HEADER + p.y() * ROW + 3;
            int w = p.w() * COLUMN - 6;
            int h = p.h() * ROW - 6;
            g.setColor(Color.WHITE);
            g.fillRoundRect(x, y, w, h, 6, 6);
            g.setColor(GRID);
            g.drawRoundRect(x, y, w, h, 6, 6);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(fit(p.title(), w - 16), x + 8, y + 17);
            Graphics2D saved = g;
            g = (Graphics2D) saved.create(x + 8, y + 24, w - 16, h - 30);
            try {
                panel(r, w - 16, h - 30);
            } finally {
                g.dispose();
                g = saved;
            }
        }
        g.dispose();
        return image;
    }

    private void panel(KibanaPanels.Result r, int w, int h) {
        switch (r.panel().type()) {
            case "markdown" -> markdown(r.panel(), w);
            case "metric" -> metric(r, w, h);
            case "table", "search" -> table(r, w, h);
            default -> chart(r, w, h);
        }
    }

    private void markdown(KibanaPanels.Panel panel, int w) {
        String text =
                KibanaPanels.parse(panel.object().at("/attributes/visState").asText())
                        .at("/params/markdown")
                        .asText()
                        .replace("**", "")
                        .replace("`", "")
                        .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(TEXT);
        int y = 12;
        for (String paragraph : text.split("\n\n")) {
            for (String line : wrap(paragraph, w)) {
                g.drawString(line, 0, y);
                y += 14;
            }
            y += 6;
        }
    }

    private void metric(KibanaPanels.Result r, int w, int h) {
        List<Integer> metrics = r.metricColumns();
        int cell = w / Math.max(1, metrics.size());
        for (int i = 0; i < metrics.size(); i++) {
            int c = metrics.get(i);
            Object v = r.rows().isEmpty() ? null : r.rows().get(0).get(c);
            String value = format(r, c, v);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.min(30, h / 2)));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(value, i * cell + (cell - fm.stringWidth(value)) / 2, h / 2 + 4);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.setColor(MUTED);
            String label = r.columns().get(c).label();
            fm = g.getFontMetrics();
            g.drawString(label, i * cell + (cell - fm.stringWidth(label)) / 2, h / 2 + 22);
        }
    }

    private void table(KibanaPanels.Result r, int w, int h) {
        int n = r.columns().size();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        FontMetrics fm = g.getFontMetrics();
        // widths: by the longest of the first rows, scaled to the panel
        double[] want = new double[n];
        int shown = Math.min(r.rows().size(), Math.max(0, (h - 16) / 14));
        for (int c = 0; c < n; c++) {
            want[c] = fm.stringWidth(r.columns().get(c).label()) + 12;
            for (int row = 0; row < shown; row++) {
                want[c] = Math.max(want[c], fm.stringWidth(cell(r, row, c)) + 12);
            }
            want[c] = Math.min(want[c], 420);
        }
        double total = 0;
        for (double d : want) {
            total += d;
        }
        int[] x = new int[n + 1];
        for (int c = 0; c < n; c++) {
            x[c + 1] = x[c] + (int) (want[c] * Math.min(1.0, w / total));
        }
        g.setColor(TEXT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
        for (int c = 0; c < n; c++) {
            g.drawString(fit(r.columns().get(c).label(), x[c + 1] - x[c] - 6), x[c], 10);
        }
        g.setColor(GRID);
        g.drawLine(0, 14, w, 14);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int row = 0; row < shown; row++) {
            g.setColor(TEXT);
            for (int c = 0; c < n; c++) {
                g.drawString(fit(cell(r, row, c), x[c + 1] - x[c] - 6), x[c], 26 + row * 14);
            }
        }
        if (shown < r.rows().size()) {
            g.setColor(MUTED);
            g.drawString("… " + (r.rows().size() - shown) + " more rows", 0, h - 2);
        }
    }

    private String cell(KibanaPanels.Result r, int row, int c) {
        Object v = r.rows().get(row).get(c);
        if (r.columns().get(c).agg().equals("date_histogram") && v instanceof Long) {
            return DATE_TIME.format(Instant.ofEpochMilli((Long) v));
        }
        return format(r, c, v);
    }

    /** One series of a chart: its name, points (x ms, y), whether on the right axis. */
    private record Series(String name, List<double[]> points, boolean right, int metric) {}

    private void chart(KibanaPanels.Result r, int w, int h) {
        List<KibanaPanels.Column> cols = r.columns();
        int segment = -1;
        int group = -1;
        int split = -1;
        for (int c = 0; c < cols.size(); c++) {
            switch (cols.get(c).schema()) {
                case "segment" -> segment = c;
                case "group" -> group = c;
                case "split" -> split = c;
                default -> {}
            }
        }
        JsonNode vis = KibanaPanels.parse(r.panel().object().at("/attributes/visState").asText());
        List<Integer> metrics = r.metricColumns();
        Set<String> rightIds = new java.util.HashSet<>();
        for (JsonNode s : vis.at("/params/seriesParams")) {
            if (s.path("valueAxis").asText().equals("ValueAxis-2")) {
                rightIds.add(s.at("/data/id").asText());
            }
        }
        List<String> metricIds = new ArrayList<>();
        for (JsonNode a : vis.path("aggs")) {
            if (a.path("schema").asText().equals("metric")) {
                metricIds.add(a.path("id").asText());
            }
        }
        // split key -> series name -> series
        Map<String, Map<String, Series>> charts = new LinkedHashMap<>();
        for (List<Object> row : r.rows()) {
            String chart = split < 0 ? "" : String.valueOf(row.get(split));
            for (int m = 0; m < metrics.size(); m++) {
                Object v = row.get(metrics.get(m));
                if (!(v instanceof Double) || segment < 0) {
                    continue;
                }
                String name =
                        (group < 0 ? "" : row.get(group) + (metrics.size() > 1 ? ": " : ""))
                                + (group >= 0 && metrics.size() == 1
                                        ? ""
                                        : cols.get(metrics.get(m)).label());
                int metric = m;
                charts.computeIfAbsent(chart, k -> new LinkedHashMap<>())
                        .computeIfAbsent(
                                name,
                                k ->
                                        new Series(
                                                k,
                                                new ArrayList<>(),
                                                rightIds.contains(metricIds.get(metric)),
                                                metrics.get(metric)))
                        .points()
                        .add(new double[] {((Long) row.get(segment)).doubleValue(), (Double) v});
            }
        }
        int n = Math.max(1, charts.size());
        int legend = Math.min(230, w / 4);
        int each = (w - legend) / n;
        int i = 0;
        Map<String, Color> colors = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Series>> c : charts.entrySet()) {
            for (String name : c.getValue().keySet()) {
                colors.computeIfAbsent(name, k -> PALETTE[colors.size() % PALETTE.length]);
            }
            Graphics2D saved = g;
            g = (Graphics2D) saved.create(i * each, 0, each - 8, h);
            try {
                plot(r, c.getKey(), c.getValue(), colors, each - 8, h, vis.path("type").asText());
            } finally {
                g.dispose();
                g = saved;
            }
            i++;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        int ly = 10;
        for (Map.Entry<String, Color> e : colors.entrySet()) {
            if (ly > h - 4) {
                break;
            }
            g.setColor(e.getValue());
            g.fillRect(w - legend + 4, ly - 8, 9, 9);
            g.setColor(TEXT);
            g.drawString(fit(e.getKey(), legend - 20), w - legend + 17, ly);
            ly += 13;
        }
    }

    private void plot(
            KibanaPanels.Result r,
            String title,
            Map<String, Series> series,
            Map<String, Color> colors,
            int w,
            int h,
            String type) {
        int top = title.isEmpty() ? 4 : 16;
        int left = 58;
        int right = series.values().stream().anyMatch(Series::right) ? 46 : 6;
        int bottom = 16;
        int pw = w - left - right;
        int ph = h - top - bottom;
        if (!title.isEmpty()) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 10));
            g.setColor(TEXT);
            g.drawString(fit(title, w), 0, 10);
        }
        double x0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double[] yl = {Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] yr = {0, -Double.MAX_VALUE};
        int leftColumn = -1;
        int rightColumn = -1;
        for (Series s : series.values()) {
            double[] range = s.right() ? yr : yl;
            if (s.right()) {
                rightColumn = s.metric();
            } else {
                leftColumn = s.metric();
            }
            for (double[] p : s.points()) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                range[0] = Math.min(range[0], p[1]);
                range[1] = Math.max(range[1], p[1]);
            }
        }
        if (x0 > x1) {
            return;
        }
        if (type.equals("histogram") || type.equals("area")) {
            yl[0] = Math.min(0, yl[0]);
        }
        stretch(yl);
        stretch(yr);
        if (x1 == x0) {
            x1 = x0 + 60_000;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        for (int t = 0; t <= 4; t++) {
            int y = top + ph - t * ph / 4;
            g.setColor(GRID);
            g.drawLine(left, y, left + pw, y);
            g.setColor(MUTED);
            if (leftColumn >= 0) {
                String label = format(r, leftColumn, yl[0] + t * (yl[1] - yl[0]) / 4);
                g.drawString(fit(label, left - 4), 0, y + 3);
            }
            if (rightColumn >= 0) {
                g.drawString(
                        fit(format(r, rightColumn, yr[0] + t * (yr[1] - yr[0]) / 4), right - 4),
                        left + pw + 4,
                        y + 3);
            }
        }
        for (int t = 0; t <= 4; t++) {
            double x = x0 + t * (x1 - x0) / 4;
            String label = HOUR_MINUTE.format(Instant.ofEpochMilli((long) x));
            g.drawString(label, left + (int) (t * pw / 4.0) - 12, top + ph + 12);
        }
        // bars: the right-axis markers, or a bar chart's series stacked by x
        Map<Double, Double> stack = new LinkedHashMap<>();
        double step = pw / Math.max(1.0, (x1 - x0) / minStep(series)) * 0.8;
        for (Series s : series.values()) {
            double[] range = s.right() ? yr : yl;
            boolean bars = s.right() || type.equals("histogram");
            g.setColor(colors.get(s.name()));
            if (bars) {
                Color c = colors.get(s.name());
                g.setColor(s.right() ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 150) : c);
                for (double[] p : s.points()) {
                    double base =
                            type.equals("histogram") && !s.right()
                                    ? stack.getOrDefault(p[0], 0.0)
                                    : range[0];
                    int xp = left + (int) ((p[0] - x0) / (x1 - x0) * pw);
                    int yTop =
                            top
                                    + ph
                                    - (int) ((base + p[1] - range[0]) / (range[1] - range[0]) * ph);
                    int yBase = top + ph - (int) ((base - range[0]) / (range[1] - range[0]) * ph);
                    g.fillRect(
                            xp - (int) Math.max(1, step / 2),
                            yTop,
                            (int) Math.max(2, step),
                            Math.max(1, yBase - yTop));
                    if (type.equals("histogram") && !s.right()) {
                        stack.put(p[0], base + p[1]);
                    }
                }
                continue;
            }
            Path2D.Double line = new Path2D.Double();
            boolean first = true;
            for (double[] p : s.points()) {
                double xp = left + (p[0] - x0) / (x1 - x0) * pw;
                double yp = top + ph - (p[1] - range[0]) / (range[1] - range[0]) * ph;
                if (first) {
                    line.moveTo(xp, yp);
                    first = false;
                } else {
                    line.lineTo(xp, yp);
                }
            }
            g.setStroke(new BasicStroke(1.6f));
            g.draw((Shape) line);
        }
        g.setColor(MUTED);
        g.drawLine(left, top + ph, left + pw, top + ph);
    }

    private static double minStep(Map<String, Series> series) {
        double step = Double.MAX_VALUE;
        for (Series s : series.values()) {
            for (int i = 1; i < s.points().size(); i++) {
                double d = s.points().get(i)[0] - s.points().get(i - 1)[0];
                if (d > 0) {
                    step = Math.min(step, d);
                }
            }
        }
        return step == Double.MAX_VALUE ? 60_000 : step;
    }

    private static void stretch(double[] range) {
        if (range[0] > range[1]) {
            range[0] = 0;
            range[1] = 1;
        } else if (range[0] == range[1]) {
            range[1] =
                    range[0] + Math.max(1e-9, Math.abs(range[0]) * 0.1 + (range[0] == 0 ? 1 : 0));
        }
    }

    /** A value as Kibana shows it with the index pattern's field format. */
    private String format(KibanaPanels.Result r, int column, Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Instant) {
            return DATE_TIME.format((Instant) v);
        }
        if (!(v instanceof Double)) {
            return String.valueOf(v);
        }
        double d = (Double) v;
        KibanaPanels.Column c = r.columns().get(column);
        if (Set.of("count", "cardinality").contains(c.agg())) {
            return String.format(Locale.ROOT, "%,d", Math.round(d));
        }
        JsonNode format = fieldFormat(r.indexPattern(), c.field());
        switch (format.path("id").asText()) {
            case "percent":
                return String.format(Locale.ROOT, "%.2f%%", 100 * d);
            case "bytes":
                return d >= 1 << 20
                        ? String.format(Locale.ROOT, "%.1f MB", d / (1 << 20))
                        : String.format(Locale.ROOT, "%.1f KB", d / 1024);
            case "duration":
                double ms =
                        switch (format.at("/params/inputFormat").asText()) {
                            case "nanoseconds" -> d / 1e6;
                            case "microseconds" -> d / 1e3;
                            case "seconds" -> d * 1e3;
                            default -> d;
                        };
                return ms >= 120_000
                        ? String.format(Locale.ROOT, "%.1f min", ms / 60_000)
                        : ms >= 10_000
                                ? String.format(Locale.ROOT, "%.1f s", ms / 1000)
                                : String.format(Locale.ROOT, "%.1f ms", ms);
            default:
                if (Math.abs(d) >= 1000) {
                    return String.format(Locale.ROOT, "%,.0f", d);
                }
                return String.format(Locale.ROOT, "%.3g", d);
        }
    }

    private JsonNode fieldFormat(String title, String field) {
        for (JsonNode o : kibana.objects.values()) {
            if (o.path("type").asText().equals("index-pattern")
                    && o.at("/attributes/title").asText().equals(title)) {
                return KibanaPanels.parse(o.at("/attributes/fieldFormatMap").asText()).path(field);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private String fit(String s, int w) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= w) {
            return s;
        }
        while (!s.isEmpty() && fm.stringWidth(s + "…") > w) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "…";
    }

    private List<String> wrap(String text, int w) {
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > w) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
