package io.vigil.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.forecast.CapacityPlanner;
import io.vigil.udfs.forecast.ForecastDocuments;
import io.vigil.udfs.forecast.ForecastText;
import io.vigil.udfs.forecast.RecommendedAction;
import io.vigil.udfs.forecast.Trend;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil capacity-report [--forecast-days N] [--at INSTANT] --config FILE}: the latest
 * capacity document of every series with a limit ({@code <prefix>-forecasts-*}, {@code
 * vigil.forecast.type: capacity}, written by the metrics job; docs/forecasts.md), worst first, as a
 * table ({@link #table}). {@code --at} reads the report as it stood then: the latest document per
 * series whose origin is at or before that instant.
 *
 * <p>{@code --forecast-days N} reads each outlook over the next N days instead of its own horizon:
 * N days longer than the document's horizon are cut to it (the documents know nothing beyond it; a
 * note says so on standard error); a time to breach later than N days counts as no breach within N
 * days (shown as {@code -}); and the recommended action is derived again by {@link
 * CapacityPlanner#action}'s rule from the document's current value, threshold, that time to breach,
 * and its confidence, upper 95 % bound and trend (those three stay the document's, over its own
 * horizon: the confidence over N days is at most that, so an outlook the horizon makes worth
 * watching stays {@code monitor_closely}). Without the option the document's own action is shown.
 */
@Command(
        name = "capacity-report",
        mixinStandardHelpOptions = true,
        description = {
            "The latest capacity outlook of every series with a limit (from <prefix>-forecasts-*"
                    + " in Elasticsearch), worst first: current value, threshold, time to breach,"
                    + " predicted value at the horizon with its 95%% interval, confidence, trend"
                    + " and recommended action."
        })
public final class CapacityReportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ConfigOption config;

    @Option(
            names = "--forecast-days",
            paramLabel = "N",
            description =
                    "Read each outlook over the next N days (at most its own horizon): a breach"
                            + " later than that is not expected, and the action is derived again"
                            + " (default: the documents' horizon).")
    Integer forecastDays;

    @Option(
            names = "--at",
            paramLabel = "INSTANT",
            description =
                    "The report as it stood at this instant (ISO-8601, e.g."
                            + " 2026-01-01T08:30:00Z): each series' latest outlook with its origin at"
                            + " or before it (default: the newest).")
    String at;

    @Override
    public Integer call() throws IOException {
        if (forecastDays != null && forecastDays < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--forecast-days must be at least 1, was " + forecastDays);
        }
        Instant asOf = null;
        if (at != null) {
            try {
                asOf = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--at must be an ISO-8601 instant such as 2026-01-01T08:30:00Z, was '"
                                + at
                                + "'");
            }
        }
        VigilConfig vigil = config.load();
        List<JsonNode> hits = latest(vigil, asOf);
        PrintWriter out = spec.commandLine().getOut();
        if (hits.isEmpty()) {
            out.println(NONE);
        } else {
            List<Outlook> outlooks = outlooks(hits, forecastDays);
            long cut = outlooks.stream().filter(o -> o.cutToHorizon).count();
            if (cut > 0) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(
                        "note: "
                                + cut
                                + " outlook(s) forecast less than "
                                + forecastDays
                                + " days ahead; they are read over their own horizon");
                err.flush();
            }
            out.print(table(outlooks));
        }
        out.flush();
        return 0;
    }

    /** What the report says when there is no capacity document. */
    static final String NONE =
            "no capacity outlooks yet (is the metrics job running with forecasting on, and does any"
                    + " series have a limit?)";

    /**
     * The report as the command prints it without {@code --forecast-days}: the table of the latest
     * outlook per series at or before {@code asOf} (null: the newest), or a line saying there is
     * none. For callers that hold a configuration already, such as {@code vigil demo}'s summary.
     */
    public static String report(VigilConfig vigil, Instant asOf) throws IOException {
        List<JsonNode> hits = latest(vigil, asOf);
        return hits.isEmpty() ? NONE + System.lineSeparator() : table(outlooks(hits, null));
    }

    /** How many series the report shows at most. */
    static final int MAX_SERIES = 10_000;

    /** {@link #latestQuery(Instant)} over every document. */
    static ObjectNode latestQuery() {
        return latestQuery(null);
    }

    /**
     * The search for the latest capacity document per series: capacity documents only (with an
     * origin, {@code @timestamp}, at or before {@code asOf} unless it is null), a {@code terms}
     * aggregation on {@code vigil.series.key} with the newest hit of each ({@code top_hits} by
     * {@code @timestamp}).
     */
    static ObjectNode latestQuery(Instant asOf) {
        ObjectNode body = JSON.createObjectNode().put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put("vigil.forecast.type", ForecastDocuments.CAPACITY);
        if (asOf != null) {
            filter.addObject()
                    .putObject("range")
                    .putObject("@timestamp")
                    .put("lte", asOf.toString());
        }
        ObjectNode series = body.putObject("aggs").putObject("series");
        series.putObject("terms").put("field", "vigil.series.key").put("size", MAX_SERIES);
        series.putObject("aggs")
                .putObject("latest")
                .putObject("top_hits")
                .put("size", 1)
                .putArray("sort")
                .addObject()
                .putObject("@timestamp")
                .put("order", "desc");
        return body;
    }

    private static List<JsonNode> latest(VigilConfig vigil, Instant asOf) throws IOException {
        String index = vigil.elasticsearch().indexPrefix() + "-" + ForecastDocuments.FAMILY + "-*";
        return LatestDocuments.search(vigil, index, latestQuery(asOf), "series");
    }

    /**
     * One capacity document as the report reads it.
     *
     * @param timeToBreachMillis −1 if no breach is expected within the horizon read
     * @param cutToHorizon whether {@code --forecast-days} asked beyond the document's horizon
     */
    record Outlook(
            String key,
            String service,
            String host,
            String metric,
            String labels,
            double current,
            double threshold,
            long timeToBreachMillis,
            double predicted,
            double lower,
            double upper,
            double confidence,
            Trend trend,
            RecommendedAction action,
            long horizonMillis,
            String at,
            boolean cutToHorizon) {}

    /** Labels shown in their own columns. */
    private static final Set<String> SHOWN = Set.of("service_name", "host_name");

    /**
     * The outlooks of capacity documents (search hits, each with its {@code _source}), read over
     * {@code forecastDays} (null: each document's own horizon) as the class comment says.
     */
    static List<Outlook> outlooks(List<JsonNode> hits, Integer forecastDays) {
        List<Outlook> out = new ArrayList<>();
        for (JsonNode hit : hits) {
            JsonNode s = hit.path("_source");
            JsonNode c = s.at("/vigil/capacity");
            StringJoiner labels = new StringJoiner(",");
            s.path("labels")
                    .fields()
                    .forEachRemaining(
                            e -> {
                                if (!SHOWN.contains(e.getKey())) {
                                    labels.add(e.getKey() + "=" + e.getValue().asText());
                                }
                            });
            long horizon = c.path("horizon_ms").asLong();
            long ttb = c.has("time_to_breach_ms") ? c.path("time_to_breach_ms").asLong() : -1;
            double current = number(c.path("current"));
            double threshold = number(c.path("threshold"));
            double confidence = number(c.path("confidence"));
            double upper = number(c.path("upper"));
            Trend trend = Trend.fromWire(c.path("trend").asText("stable"));
            RecommendedAction action =
                    RecommendedAction.fromWire(c.path("recommended_action").asText());
            boolean cut = false;
            if (forecastDays != null) {
                long read = forecastDays * DAY;
                cut = read > horizon;
                read = Math.min(read, horizon);
                if (ttb > read) {
                    ttb = -1;
                }
                action = CapacityPlanner.action(current, threshold, ttb, confidence, upper, trend);
            }
            out.add(
                    new Outlook(
                            s.at("/vigil/series/key").asText(),
                            s.at("/service/name").asText(""),
                            s.at("/host/name").asText(""),
                            s.at("/vigil/series/metric").asText(),
                            labels.toString(),
                            current,
                            threshold,
                            ttb,
                            number(c.path("predicted")),
                            number(c.path("lower")),
                            upper,
                            confidence,
                            trend,
                            action,
                            horizon,
                            s.path("@timestamp").asText(),
                            cut));
        }
        return out;
    }

    private static double number(JsonNode v) {
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    /** Worst first: immediate, plan, monitor, maintain, scale down. */
    private static final List<RecommendedAction> WORST_FIRST =
            List.of(
                    RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED,
                    RecommendedAction.PLAN_SCALE_UP,
                    RecommendedAction.MONITOR_CLOSELY,
                    RecommendedAction.MAINTAIN_CURRENT_CAPACITY,
                    RecommendedAction.CONSIDER_SCALE_DOWN);

    /** The report's order: action worst first, then sooner breach, then higher confidence. */
    static final Comparator<Outlook> ORDER =
            Comparator.comparingInt((Outlook o) -> WORST_FIRST.indexOf(o.action()))
                    .thenComparingLong(
                            o ->
                                    o.timeToBreachMillis() < 0
                                            ? Long.MAX_VALUE
                                            : o.timeToBreachMillis())
                    .thenComparing(Comparator.comparingDouble(Outlook::confidence).reversed())
                    .thenComparing(Outlook::key);

    /**
     * The report, one line per series in {@link #ORDER}; columns separated by two spaces, numbers
     * right-aligned, {@code -} for what a document leaves out. For example:
     *
     * <pre>
     * SERVICE  HOST  METRIC                         LABELS                               CURRENT  THRESHOLD  TIME TO BREACH  AT HORIZON [95%]          CONFIDENCE  TREND       ACTION                       HORIZON  AT
     * -        db    system.filesystem.utilization  system_filesystem_mountpoint=/data     0.812        0.9          1h5m    2.64 [1.1, 4.18]              100%  increasing  immediate_scale_up_required       7d  2026-01-01T08:30:00.000Z
     * -        web   system.memory.utilization      -                                      0.41         0.9               -    0.41 [0.38, 0.44]               0%  stable      consider_scale_down               7d  2026-01-01T08:30:00.000Z
     * </pre>
     *
     * Times to breach count from the document's origin ({@code AT}); {@code now} when the value is
     * at the limit already. {@code AT HORIZON} is the forecast at the document's horizon.
     */
    static String table(List<Outlook> outlooks) {
        List<Outlook> sorted = new ArrayList<>(outlooks);
        sorted.sort(ORDER);
        List<String> header =
                List.of(
                        "SERVICE",
                        "HOST",
                        "METRIC",
                        "LABELS",
                        "CURRENT",
                        "THRESHOLD",
                        "TIME TO BREACH",
                        "AT HORIZON [95%]",
                        "CONFIDENCE",
                        "TREND",
                        "ACTION",
                        "HORIZON",
                        "AT");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (Outlook o : sorted) {
            rows.add(
                    List.of(
                            dash(o.service()),
                            dash(o.host()),
                            o.metric(),
                            dash(o.labels()),
                            ForecastText.number(o.current()),
                            ForecastText.number(o.threshold()),
                            o.timeToBreachMillis() < 0
                                    ? "-"
                                    : o.timeToBreachMillis() == 0
                                            ? "now"
                                            : ForecastText.duration(o.timeToBreachMillis()),
                            ForecastText.number(o.predicted())
                                    + " ["
                                    + ForecastText.number(o.lower())
                                    + ", "
                                    + ForecastText.number(o.upper())
                                    + "]",
                            Double.isNaN(o.confidence())
                                    ? "-"
                                    : ForecastText.percent(o.confidence()),
                            o.trend().wireName(),
                            o.action().wireName(),
                            ForecastText.duration(o.horizonMillis()),
                            o.at()));
        }
        boolean[] right = new boolean[header.size()];
        for (int c : new int[] {4, 5, 6, 8, 11}) {
            right[c] = true;
        }
        return TextTable.format(rows, right);
    }

    private static String dash(String v) {
        return v.isEmpty() ? "-" : v;
    }
}
