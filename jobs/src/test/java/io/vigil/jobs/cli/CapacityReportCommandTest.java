package io.vigil.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.forecast.CapacityLimits;
import io.vigil.udfs.forecast.CapacityOutlook;
import io.vigil.udfs.forecast.CapacityPoint;
import io.vigil.udfs.forecast.ForecastDocuments;
import io.vigil.udfs.forecast.RecommendedAction;
import io.vigil.udfs.forecast.Trend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil capacity-report}: the order and the table from canned documents that {@link
 * ForecastDocuments} writes, {@code --forecast-days}, and the options through the real command
 * tree. (ForecastITCase runs it against Elasticsearch.)
 */
class CapacityReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long AT = Instant.parse("2026-01-01T08:30:00Z").toEpochMilli();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out, true));
        vigil.setErr(new PrintWriter(err, true));
        return vigil.execute(args);
    }

    private static AlertEvent.Series disk(String host, String mountpoint) {
        Map<String, String> attributes =
                Map.of("host.name", host, "system.filesystem.mountpoint", mountpoint);
        return new AlertEvent.Series(
                "system.filesystem.utilization{host.name=\""
                        + host
                        + "\",system.filesystem.mountpoint=\""
                        + mountpoint
                        + "\"}",
                "system.filesystem.utilization",
                "1",
                new TreeMap<>(attributes));
    }

    private static AlertEvent.Series of(String metric, String service) {
        return new AlertEvent.Series(
                metric + "{service.name=\"" + service + "\"}",
                metric,
                "1",
                new TreeMap<>(Map.of("service.name", service)));
    }

    /** A capacity document's search hit: limit 0.9, 7 d horizon, 95 % interval ± 0.05. */
    private static JsonNode hit(
            AlertEvent.Series series,
            double current,
            long toBreach,
            double predicted,
            double confidence,
            Trend trend,
            RecommendedAction action)
            throws Exception {
        CapacityOutlook o =
                new CapacityOutlook(
                        current,
                        0.9,
                        WEEK,
                        toBreach,
                        predicted,
                        predicted - 0.05,
                        predicted + 0.05,
                        confidence,
                        trend,
                        action);
        var doc =
                new ForecastDocuments("vigil")
                        .capacity(
                                new CapacityPoint(
                                        series, AT, 0, o, CapacityLimits.Basis.UTILIZATION));
        ObjectNode hit = JSON.createObjectNode();
        hit.put("_index", doc.index()).put("_id", doc.id());
        hit.set("_source", JSON.readTree(doc.json()));
        return hit;
    }

    /** Every kind of outlook, in no particular order. */
    private static List<JsonNode> hits() throws Exception {
        return List.of(
                hit(
                        of("system.memory.utilization", "web"),
                        0.3,
                        -1,
                        0.3,
                        0.0,
                        Trend.STABLE,
                        RecommendedAction.CONSIDER_SCALE_DOWN),
                hit(
                        disk("db", "/logs"),
                        0.6,
                        3 * DAY,
                        1.2,
                        0.8,
                        Trend.INCREASING,
                        RecommendedAction.PLAN_SCALE_UP),
                hit(
                        of("system.cpu.utilization", "api"),
                        0.7,
                        -1,
                        0.72,
                        0.05,
                        Trend.STABLE,
                        RecommendedAction.MAINTAIN_CURRENT_CAPACITY),
                hit(
                        disk("db", "/data"),
                        0.81,
                        HOUR + 5 * MINUTE,
                        2.5,
                        1.0,
                        Trend.INCREASING,
                        RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED),
                hit(
                        of("system.memory.utilization", "api"),
                        0.75,
                        -1,
                        0.8,
                        0.3,
                        Trend.STABLE,
                        RecommendedAction.MONITOR_CLOSELY),
                hit(
                        disk("db2", "/data"),
                        0.95,
                        0,
                        0.97,
                        1.0,
                        Trend.STABLE,
                        RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED),
                hit(
                        of("system.memory.utilization", "cart"),
                        0.74,
                        -1,
                        0.8,
                        0.45,
                        Trend.STABLE,
                        RecommendedAction.MONITOR_CLOSELY));
    }

    private static List<String[]> rows(String table) {
        return table.lines().skip(1).map(l -> l.split(" {2,}")).toList();
    }

    @Test
    void worstFirstThenSoonerBreachThenHigherConfidence() throws Exception {
        String table = CapacityReportCommand.table(CapacityReportCommand.outlooks(hits(), null));

        assertThat(table.lines().findFirst().orElseThrow().split(" {2,}"))
                .containsExactly(
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
        assertThat(rows(table))
                .extracting(r -> r[0] + " " + r[1] + " " + r[2] + " " + r[10])
                .containsExactly(
                        "- db2 system.filesystem.utilization immediate_scale_up_required",
                        "- db system.filesystem.utilization immediate_scale_up_required",
                        "- db system.filesystem.utilization plan_scale_up",
                        "cart - system.memory.utilization monitor_closely",
                        "api - system.memory.utilization monitor_closely",
                        "api - system.cpu.utilization maintain_current_capacity",
                        "web - system.memory.utilization consider_scale_down");
        assertThat(rows(table).get(0))
                .containsExactly(
                        "-",
                        "db2",
                        "system.filesystem.utilization",
                        "system_filesystem_mountpoint=/data",
                        "0.95",
                        "0.9",
                        "now",
                        "0.97 [0.92, 1.02]",
                        "100%",
                        "stable",
                        "immediate_scale_up_required",
                        "7d",
                        "2026-01-01T08:30:00.000Z");
        assertThat(rows(table).get(1)[6]).isEqualTo("1h5m");
        assertThat(rows(table).get(2)[6]).isEqualTo("3d");
        assertThat(rows(table).get(3)[6]).isEqualTo("-");
        assertThat(rows(table).get(3)[8]).isEqualTo("45%");
    }

    @Test
    void numbersAlignRightAndTextLeft() throws Exception {
        String table =
                CapacityReportCommand.table(
                        CapacityReportCommand.outlooks(
                                List.of(hits().get(0), hits().get(3)), null));
        assertThat(table.lines().toList())
                .containsExactly(
                        "SERVICE  HOST  METRIC                         LABELS                              CURRENT  THRESHOLD  TIME TO BREACH  AT HORIZON [95%]  CONFIDENCE  TREND       ACTION                       HORIZON  AT",
                        "-        db    system.filesystem.utilization  system_filesystem_mountpoint=/data     0.81        0.9            1h5m  2.5 [2.45, 2.55]        100%  increasing  immediate_scale_up_required       7d  2026-01-01T08:30:00.000Z",
                        "web      -     system.memory.utilization      -                                       0.3        0.9               -  0.3 [0.25, 0.35]          0%  stable      consider_scale_down               7d  2026-01-01T08:30:00.000Z");
    }

    @Test
    void forecastDaysCensorsLaterBreachesAndDerivesTheActionAgain() throws Exception {
        List<CapacityReportCommand.Outlook> two = CapacityReportCommand.outlooks(hits(), 2);
        String table = CapacityReportCommand.table(two);

        // the /logs disk breaches in 3 days: not within 2, but its confidence (0.8 over 7 d)
        // keeps it worth watching; the /data disk (1h5m) stays immediate
        assertThat(rows(table))
                .extracting(r -> r[1] + " " + r[3] + " " + r[6] + " " + r[10])
                .containsExactly(
                        "db2 system_filesystem_mountpoint=/data now immediate_scale_up_required",
                        "db system_filesystem_mountpoint=/data 1h5m immediate_scale_up_required",
                        "db system_filesystem_mountpoint=/logs - monitor_closely",
                        "- - - monitor_closely",
                        "- - - monitor_closely",
                        "- - - maintain_current_capacity",
                        "- - - consider_scale_down");
        assertThat(two).noneMatch(CapacityReportCommand.Outlook::cutToHorizon);
        // 3 days or more: the /logs disk is a plan again
        assertThat(CapacityReportCommand.outlooks(hits(), 3))
                .filteredOn(o -> o.labels().endsWith("/logs"))
                .extracting(
                        CapacityReportCommand.Outlook::action,
                        CapacityReportCommand.Outlook::timeToBreachMillis)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                RecommendedAction.PLAN_SCALE_UP, 3 * DAY));
        // beyond the documents' 7 days: read over 7 days, and said so
        assertThat(CapacityReportCommand.outlooks(hits(), 10))
                .allMatch(CapacityReportCommand.Outlook::cutToHorizon);
    }

    @Test
    void latestQueryTakesTheNewestCapacityDocumentPerSeries() {
        assertThat(CapacityReportCommand.latestQuery().toString())
                .isEqualTo(
                        "{\"size\":0,\"query\":{\"bool\":{\"filter\":[{\"term\":"
                                + "{\"vigil.forecast.type\":\"capacity\"}}]}},\"aggs\":{\"series\":"
                                + "{\"terms\":{\"field\":\"vigil.series.key\",\"size\":10000},"
                                + "\"aggs\":{\"latest\":{\"top_hits\":{\"size\":1,\"sort\":"
                                + "[{\"@timestamp\":{\"order\":\"desc\"}}]}}}}}}");
    }

    @Test
    void atReadsTheLatestDocumentAtOrBeforeThatInstant() {
        assertThat(
                        CapacityReportCommand.latestQuery(Instant.parse("2026-01-01T08:30:00Z"))
                                .at("/query/bool/filter")
                                .toString())
                .isEqualTo(
                        "[{\"term\":{\"vigil.forecast.type\":\"capacity\"}},"
                                + "{\"range\":{\"@timestamp\":{\"lte\":\"2026-01-01T08:30:00Z\"}}}]");
    }

    @Test
    void theReportNeedsTheConfigurationAndAtLeastOneDay(@TempDir Path dir) throws Exception {
        assertThat(run("capacity-report")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
        Path config =
                Files.writeString(
                        dir.resolve("vigil.yaml"),
                        "kafka: {bootstrapServers: k:9092}\n"
                                + "elasticsearch: {hosts: [http://127.0.0.1:1]}\n");
        err.getBuffer().setLength(0);
        assertThat(run("capacity-report", "--config", config.toString(), "--forecast-days", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--forecast-days must be at least 1, was 0");
        err.getBuffer().setLength(0);
        assertThat(run("capacity-report", "--config", config.toString(), "--at", "yesterday"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "--at must be an ISO-8601 instant such as 2026-01-01T08:30:00Z, was"
                                + " 'yesterday'");
        assertThat(Arrays.asList(VigilCli.commandLine().getSubcommands().keySet().toArray()))
                .contains("capacity-report");
    }
}
