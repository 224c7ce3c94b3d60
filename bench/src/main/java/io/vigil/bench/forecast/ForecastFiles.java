package io.vigil.bench.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link ForecastReport} as {@code summary.json} (pooled figures; the method named {@link
 * #HEADLINE} at the top level when it ran, every method under {@code methods}) and {@code
 * series.csv} (one row per series and method). Figures that do not apply are {@code null} in JSON
 * and empty in CSV.
 */
public final class ForecastFiles {
    private ForecastFiles() {}

    /** The method whose figures head summary.json. */
    public static final String HEADLINE = "vigil";

    /** The columns of series.csv, in order. */
    public static final String SERIES_HEADER =
            "series,rows,dt_seconds,probation,period,origins,threshold,events,method,mase,"
                    + "mase_h1,mase_h12,smape,cpu_ms_per_refit,cpu_ms_per_origin,fails,crossing_alerts,"
                    + "crossing_true_positives,crossing_precision,crossing_episodes,"
                    + "crossing_episode_precision,crossing_caught,crossing_recall,"
                    + "crossing_median_lead_min,crossing_cpu_us_per_step";

    /**
     * Writes {@code dir/summary.json} and {@code dir/series.csv}.
     *
     * @param config run settings recorded under {@code config}
     */
    public static void write(ForecastReport report, Map<String, Object> config, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        writeSummary(report, config, dir.resolve("summary.json"));
        writeSeries(report, dir.resolve("series.csv"));
    }

    static void writeSummary(ForecastReport report, Map<String, Object> config, Path file)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("protocol", "shared/data/forecast/PROTOCOL.md");
        ObjectNode settings = root.putObject("config");
        config.forEach((key, value) -> settings.putPOJO(key, value));
        settings.put("season_variant", report.variant().label());
        root.put("series", report.series().size());
        ObjectNode skipped = root.putObject("series_skipped");
        report.skipped().forEach(skipped::put);
        root.put("origins", report.origins());
        root.put("events", report.events());
        root.put("min_events_per_series", report.minEventsPerSeries());
        if (report.methods().contains(HEADLINE)) {
            root.put("method", HEADLINE);
            figures(root, report.summary(HEADLINE));
        }
        ObjectNode methods = root.putObject("methods");
        for (String method : report.methods()) {
            figures(methods.putObject(method), report.summary(method));
        }
        ObjectNode reference = root.putObject("reference");
        reference.put(
                "note",
                "PROTOCOL.md's printed figures (statsmodels 0.13.5); quoted, not measured here");
        ArrayNode forecast = reference.putArray("forecast");
        for (ReferenceFigures.Forecast r : ReferenceFigures.FORECAST) {
            ObjectNode row = forecast.addObject();
            row.put("label", r.label());
            row.put("method", r.method());
            row.put("mase_mean", r.maseMean());
            row.put("mase_median", r.maseMedian());
            row.put("cpu_ms_per_refit", r.cpuMsPerOrigin());
            row.put("cpu_ms_per_origin", r.cpuMsPerOrigin());
        }
        ArrayNode crossing = reference.putArray("crossing");
        for (ReferenceFigures.Crossing r : ReferenceFigures.CROSSING) {
            ObjectNode row = crossing.addObject();
            row.put("label", r.label());
            row.put("method", r.method());
            row.put("crossing_precision", r.precision());
            row.put("crossing_recall", r.recall());
            row.put("crossing_median_lead_min", r.medianLeadMinutes());
        }
        reference.put("events", ReferenceFigures.EVENTS);
        json.writeValue(file.toFile(), root);
    }

    private static void figures(ObjectNode node, MethodSummary s) {
        put(node, "mase_mean", s.maseMean());
        put(node, "mase_median", s.maseMedian());
        put(node, "mase_h1", s.maseH1());
        put(node, "mase_h12", s.maseH12());
        put(node, "smape", s.smape());
        put(node, "cpu_ms_per_refit", s.cpuMsPerRefit());
        put(node, "cpu_ms_per_origin", s.cpuMsPerOrigin());
        node.put("refits", s.fits());
        node.put("forecast_series", s.series());
        node.put("origins", s.origins());
        node.put("fails", s.fails());
        put(node, "crossing_precision", s.precision());
        put(node, "crossing_episode_precision", s.episodePrecision());
        put(node, "crossing_recall", s.recall());
        put(node, "crossing_median_lead_min", s.medianLeadMinutes());
        node.put("crossing_alerts", s.alerts());
        node.put("crossing_episodes", s.episodes());
        node.put("crossing_events", s.events());
        node.put("crossing_caught", s.caught());
        put(node, "crossing_cpu_us_per_step", s.cpuMicrosPerStep());
    }

    private static void put(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    static void writeSeries(ForecastReport report, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(SERIES_HEADER);
            out.write('\n');
            for (SeriesResult r : report.series()) {
                SeriesPlan plan = r.plan();
                for (String method : report.methods()) {
                    SeriesAccuracy a = r.accuracy().get(method);
                    SeriesCrossing c = r.crossing().get(method);
                    StringBuilder row = new StringBuilder();
                    row.append(csv(plan.key()))
                            .append(',')
                            .append(plan.rows())
                            .append(',')
                            .append(plan.dtSeconds())
                            .append(',')
                            .append(plan.probation())
                            .append(',')
                            .append(plan.period())
                            .append(',')
                            .append(plan.origins().length)
                            .append(',')
                            .append(number(plan.threshold()))
                            .append(',')
                            .append(r.events())
                            .append(',')
                            .append(csv(method));
                    if (a == null) {
                        row.append(",,,,,,,");
                    } else {
                        row.append(',').append(number(a.mase()));
                        row.append(',').append(number(a.maseH1()));
                        row.append(',').append(number(a.maseH12()));
                        row.append(',').append(number(a.smape()));
                        row.append(',').append(number(a.cpuMsPerRefit()));
                        row.append(',').append(number(a.cpuMsPerOrigin()));
                        row.append(',').append(a.fails());
                    }
                    if (c == null) {
                        row.append(",,,,,,,,,");
                    } else {
                        row.append(',').append(c.alerts());
                        row.append(',').append(c.truePositives());
                        row.append(',').append(number(c.precision()));
                        row.append(',').append(c.episodes());
                        row.append(',').append(number(c.episodePrecision()));
                        row.append(',').append(c.caught());
                        row.append(',').append(number(c.recall()));
                        row.append(',').append(number(c.medianLeadMinutes()));
                        row.append(',').append(number(c.cpuMicrosPerStep()));
                    }
                    out.write(row.append('\n').toString());
                }
            }
        }
    }

    /** A finite number as Java prints it (round-trips), else empty. */
    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }

    /** Quotes a field holding a comma, quote or newline. */
    private static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Formats {@code value} with {@code decimals}, or {@code -} when it is not finite. */
    public static String format(double value, int decimals) {
        return Double.isFinite(value)
                ? String.format(Locale.ROOT, "%." + decimals + "f", value)
                : "-";
    }
}
