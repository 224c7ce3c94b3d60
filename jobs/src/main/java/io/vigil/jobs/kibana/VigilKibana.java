package io.vigil.jobs.kibana;

import static io.vigil.jobs.kibana.Agg.avg;
import static io.vigil.jobs.kibana.Agg.cardinality;
import static io.vigil.jobs.kibana.Agg.count;
import static io.vigil.jobs.kibana.Agg.latest;
import static io.vigil.jobs.kibana.Agg.max;
import static io.vigil.jobs.kibana.Agg.min;
import static io.vigil.jobs.kibana.Agg.overTime;
import static io.vigil.jobs.kibana.Agg.rows;
import static io.vigil.jobs.kibana.Agg.rowsByName;
import static io.vigil.jobs.kibana.Agg.splitCharts;
import static io.vigil.jobs.kibana.Agg.splitSeries;
import static io.vigil.jobs.kibana.Agg.sum;

import io.vigil.jobs.kibana.IndexPattern.FieldFormat;
import io.vigil.udfs.kibana.KibanaLinks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Vigil's Kibana saved objects: an index pattern for every index family Vigil writes ({@code
 * elastic/}), saved searches, and six dashboards. {@link KibanaFiles} writes them as the NDJSON
 * files of {@code kibana/}; {@code KibanaObjectsTest} checks that those files are what this class
 * produces and that every field used is mapped with the type its aggregation needs.
 *
 * <p>Every id starts with {@code vigil-}, so an import with {@code overwrite=true} replaces Vigil's
 * objects and nothing else. The index patterns use the default index prefix {@code vigil}.
 */
public final class VigilKibana {
    // index patterns
    public static final String SPANS = "vigil-spans";
    public static final String LOGS = "vigil-logs";
    public static final String METRIC_POINTS = "vigil-metric-points";
    public static final String ROLLUPS = "vigil-metrics";
    public static final String ANOMALIES = "vigil-anomalies";
    public static final String ALERTS = "vigil-alerts";
    public static final String INCIDENTS = "vigil-incidents";
    public static final String RED = "vigil-red";
    public static final String SLOW_REQUESTS = "vigil-slow-requests";
    public static final String SLO = "vigil-slo";
    public static final String HEALTH = "vigil-health";
    public static final String FORECASTS = "vigil-forecasts";
    public static final String LOG_TEMPLATES = "vigil-log-templates";
    public static final String DLQ = "vigil-dlq";
    public static final String JAEGER_SPAN = "vigil-jaeger-span";
    public static final String JAEGER_SERVICE = "vigil-jaeger-service";
    public static final String JAEGER_DEPENDENCIES = "vigil-jaeger-dependencies";

    // saved searches
    public static final String ERRORS_SEARCH = "vigil-search-errors";
    public static final String TEMPLATE_LINES_SEARCH = "vigil-search-template-lines";
    public static final String DEAD_LETTERS_SEARCH = "vigil-search-dead-letters";
    public static final String SLOW_REQUESTS_SEARCH = "vigil-search-slow-requests";
    public static final String INCIDENTS_SEARCH = "vigil-search-incidents";
    public static final String ANOMALY_ALERTS_SEARCH = "vigil-search-anomaly-alerts";

    private static final String TS = "@timestamp";

    private VigilKibana() {}

    /** The index patterns, one per index family ({@code elastic/README.md}). */
    public static List<IndexPattern> indexPatterns() {
        FieldFormat ns = FieldFormat.duration("nanoseconds");
        FieldFormat us = FieldFormat.duration("microseconds");
        FieldFormat ms = FieldFormat.duration("milliseconds");
        FieldFormat percent = FieldFormat.percent();
        return List.of(
                new IndexPattern(SPANS, "vigil-spans-*", TS)
                        .format(ns, "event.duration")
                        .format(us, "span.duration.us"),
                new IndexPattern(LOGS, "vigil-logs-*", TS),
                new IndexPattern(METRIC_POINTS, "vigil-metric-points-*", TS),
                new IndexPattern(ROLLUPS, "vigil-metrics-*", TS)
                        .format(ms, "vigil.rollup.period_ms"),
                new IndexPattern(ANOMALIES, "vigil-anomalies-*", TS).format(ns, "event.duration"),
                new IndexPattern(ALERTS, "vigil-alerts-*", TS).format(ns, "event.duration"),
                new IndexPattern(INCIDENTS, "vigil-incidents", TS)
                        .format(ms, "vigil.incident.mttd_ms", "vigil.incident.mttr_ms"),
                new IndexPattern(RED, "vigil-red-*", TS)
                        .format(ns, "event.duration")
                        .format(
                                us,
                                "vigil.red.duration.sum_us",
                                "vigil.red.duration.min_us",
                                "vigil.red.duration.max_us",
                                "vigil.red.duration.avg_us",
                                "vigil.red.duration.p50_us",
                                "vigil.red.duration.p95_us",
                                "vigil.red.duration.p99_us")
                        .format(percent, "vigil.red.error_rate"),
                new IndexPattern(SLOW_REQUESTS, "vigil-slow-requests-*", TS)
                        .format(ns, "event.duration")
                        .format(
                                us,
                                "vigil.slow_request.duration_us",
                                "vigil.slow_request.threshold_us",
                                "vigil.slow_request.dominant.self_us",
                                "vigil.slow_request.critical_path.self_us",
                                "vigil.slow_request.services.self_us")
                        .format(
                                percent,
                                "vigil.slow_request.dominant.share",
                                "vigil.slow_request.critical_path.share",
                                "vigil.slow_request.services.share"),
                new IndexPattern(SLO, "vigil-slo-*", TS)
                        .format(
                                percent,
                                "vigil.slo.objective",
                                "vigil.slo.sli",
                                "vigil.slo.error_ratio",
                                "vigil.slo.budget_remaining"),
                new IndexPattern(HEALTH, "vigil-health-*", TS)
                        .format(
                                percent,
                                "vigil.health.error_rate",
                                "vigil.health.error_rate_normal")
                        .format(
                                ms,
                                "vigil.health.latency_p95_ms",
                                "vigil.health.latency_normal_ms"),
                new IndexPattern(FORECASTS, "vigil-forecasts-*", TS)
                        .format(
                                ms,
                                "vigil.forecast.horizon_ms",
                                "vigil.forecast.season_ms",
                                "vigil.capacity.horizon_ms",
                                "vigil.capacity.time_to_breach_ms")
                        .format(percent, "vigil.capacity.confidence"),
                new IndexPattern(LOG_TEMPLATES, "vigil-log-templates", TS),
                new IndexPattern(DLQ, "vigil-dlq-*", TS)
                        .format(FieldFormat.bytes(), "vigil.dlq.payload_size"),
                new IndexPattern(JAEGER_SPAN, "jaeger-span-*", "startTimeMillis")
                        .format(us, "duration"),
                new IndexPattern(JAEGER_SERVICE, "jaeger-service-*", null),
                new IndexPattern(JAEGER_DEPENDENCIES, "jaeger-dependencies-*", "timestamp"));
    }

    /** The saved searches: Discover views the dashboards also show as panels. */
    public static List<SavedSearch> searches() {
        return List.of(
                new SavedSearch(
                        ERRORS_SEARCH,
                        "Errors by service",
                        "Error log lines, newest first; the columns name the service, the template"
                                + " and the trace (open it in Jaeger by its trace.id).",
                        LOGS,
                        "log.level:error",
                        List.of(
                                "service.name",
                                "log.template.id",
                                "message",
                                "error.type",
                                "trace.id"),
                        TS),
                new SavedSearch(
                        TEMPLATE_LINES_SEARCH,
                        "Lines of a log template",
                        "Log lines with their template; add log.template.id:\"<id>\" to the query"
                                + " for one template's lines.",
                        LOGS,
                        "log.template.id:*",
                        List.of(
                                "log.template.id",
                                "log.template.pattern",
                                "service.name",
                                "log.level",
                                "message"),
                        TS),
                new SavedSearch(
                        DEAD_LETTERS_SEARCH,
                        "Dead letters",
                        "Kafka messages Vigil could not read or Elasticsearch refused, with the"
                                + " reason.",
                        DLQ,
                        "",
                        List.of(
                                "vigil.dlq.signal",
                                "vigil.dlq.stage",
                                "error.type",
                                "error.message",
                                "vigil.dlq.topic",
                                "vigil.dlq.offset"),
                        TS),
                new SavedSearch(
                        SLOW_REQUESTS_SEARCH,
                        "Slow requests",
                        "Requests over traces.slowRequestThreshold with the span that dominates"
                                + " their critical path; trace.id opens the trace in Jaeger.",
                        SLOW_REQUESTS,
                        "",
                        List.of(
                                "service.name",
                                "vigil.slow_request.operation",
                                "vigil.slow_request.duration_us",
                                "vigil.slow_request.dominant.service",
                                "vigil.slow_request.dominant.operation",
                                "vigil.slow_request.dominant.share",
                                "trace.id"),
                        TS),
                new SavedSearch(
                        INCIDENTS_SEARCH,
                        "Incidents",
                        "One document per incident, rewritten as it changes: status, severity,"
                                + " the first root cause (service.name) and the services.",
                        INCIDENTS,
                        "",
                        List.of(
                                "vigil.incident.id",
                                "vigil.incident.status",
                                "vigil.incident.severity",
                                "service.name",
                                "vigil.incident.services",
                                "message"),
                        TS),
                new SavedSearch(
                        ANOMALY_ALERTS_SEARCH,
                        "Anomaly alerts",
                        "Anomaly alerts: the series, its value against the expected value and"
                                + " band, the score.",
                        ANOMALIES,
                        "",
                        List.of(
                                "service.name",
                                "vigil.series.key",
                                "vigil.alert.state",
                                "vigil.alert.value",
                                "vigil.alert.expected",
                                "vigil.alert.score",
                                "message"),
                        TS));
    }

    /** A dashboard with the visualizations only it shows. */
    public record Board(Dashboard dashboard, List<Visualization> visualizations) {}

    /** The six dashboards, by the file name ({@code kibana/<name>.ndjson}) they are written to. */
    public static Map<String, Board> dashboards() {
        Map<String, Board> boards = new LinkedHashMap<>();
        boards.put("30-service-overview", serviceOverview());
        boards.put("31-anomalies", anomalies());
        boards.put("32-incidents", incidents());
        boards.put("33-slos", slos());
        boards.put("34-logs-and-templates", logs());
        boards.put("35-capacity", capacity());
        return boards;
    }

    private static final String NAVIGATION =
            "[Service overview](#/view/"
                    + KibanaLinks.SERVICE_OVERVIEW_DASHBOARD
                    + ") · [Anomalies](#/view/"
                    + KibanaLinks.ANOMALIES_DASHBOARD
                    + ") · [Incidents](#/view/"
                    + KibanaLinks.INCIDENTS_DASHBOARD
                    + ") · [SLOs](#/view/"
                    + KibanaLinks.SLOS_DASHBOARD
                    + ") · [Logs and templates](#/view/"
                    + KibanaLinks.LOGS_DASHBOARD
                    + ") · [Capacity](#/view/"
                    + KibanaLinks.CAPACITY_DASHBOARD
                    + ")";

    private static Visualization about(String id, String text) {
        return Visualization.markdown(id, "About", text + "\n\n" + NAVIGATION);
    }

    /** The open incidents first (status "open" sorts before "resolved"), newest first. */
    private static Visualization incidentTable(String id) {
        return Visualization.of(
                id,
                "Incidents (open first)",
                "table",
                INCIDENTS,
                "",
                max("vigil.incident.started_at", "started"),
                latest("service.name", "first root cause"),
                latest("vigil.incident.severity", "severity"),
                latest("vigil.incident.services", "services"),
                max("vigil.incident.mttd_ms", "MTTD"),
                max("vigil.incident.mttr_ms", "MTTR"),
                rowsByName("vigil.incident.status", 2, "status"),
                rows("vigil.incident.id", 50, 0, "incident"));
    }

    static Board serviceOverview() {
        String p = "vigil-vis-overview-";
        String services = "vigil.red.scope:service";
        List<Visualization> v =
                List.of(
                        about(
                                p + "about",
                                "**Service overview.** RED per service and operation from the"
                                        + " traces (`vigil-red-*`), the health score per service"
                                        + " and minute, incidents, and the calls between services."
                                        + " Put `service.name:\"checkout\"` in the query bar for"
                                        + " one service."),
                        Visualization.of(
                                p + "totals",
                                "Requests and errors",
                                "metric",
                                RED,
                                services,
                                sum("vigil.red.requests", "requests"),
                                sum("vigil.red.errors", "errors"),
                                avg("vigil.red.error_rate", "error rate")),
                        Visualization.of(
                                p + "lowest-health",
                                "Lowest health score",
                                "metric",
                                HEALTH,
                                "",
                                min("vigil.health.score", "health score")),
                        Visualization.of(
                                p + "incident-count",
                                "Incidents",
                                "metric",
                                INCIDENTS,
                                "",
                                count("incidents"),
                                cardinality("service.name", "first root causes")),
                        Visualization.of(
                                p + "rate",
                                "Request rate by service (per second)",
                                "line",
                                RED,
                                services,
                                avg("vigil.red.request_rate", "requests/s"),
                                overTime(TS),
                                splitSeries("service.name", 10)),
                        Visualization.of(
                                p + "errors",
                                "Error rate by service",
                                "line",
                                RED,
                                services,
                                avg("vigil.red.error_rate", "error rate"),
                                overTime(TS),
                                splitSeries("service.name", 10)),
                        Visualization.of(
                                p + "latency",
                                "p95 latency by service",
                                "line",
                                RED,
                                services,
                                max("vigil.red.duration.p95_us", "p95"),
                                overTime(TS),
                                splitSeries("service.name", 10)),
                        Visualization.of(
                                p + "health",
                                "Health score by service (0-100)",
                                "line",
                                HEALTH,
                                "",
                                min("vigil.health.score", "health score"),
                                overTime(TS),
                                splitSeries("service.name", 10)),
                        incidentTable(p + "incidents"),
                        Visualization.of(
                                p + "operations",
                                "RED per operation",
                                "table",
                                RED,
                                "vigil.red.scope:operation",
                                sum("vigil.red.requests", "requests"),
                                sum("vigil.red.errors", "errors"),
                                avg("vigil.red.error_rate", "error rate"),
                                max("vigil.red.duration.p95_us", "p95 (max)"),
                                rows("service.name", 10, 0, "service"),
                                rows("vigil.red.operation", 20, 0, "operation")),
                        Visualization.of(
                                p + "dependencies",
                                "Dependency edges (client calls)",
                                "table",
                                SPANS,
                                "span.kind:client",
                                count("calls"),
                                avg("span.duration.us", "mean duration"),
                                rows("service.name", 10, 0, "caller"),
                                rows("labels.server_address", 10, 0, "callee")));
        List<Dashboard.Panel> panels =
                new Dashboard.Layout()
                        .row(8)
                        .vis(p + "about", 12)
                        .vis(p + "totals", 18)
                        .vis(p + "lowest-health", 9)
                        .vis(p + "incident-count", 9)
                        .row(13)
                        .vis(p + "rate", 16)
                        .vis(p + "errors", 16)
                        .vis(p + "latency", 16)
                        .row(13)
                        .vis(p + "health", 24)
                        .vis(p + "incidents", 24)
                        .row(15)
                        .vis(p + "operations", 28)
                        .vis(p + "dependencies", 20)
                        .row(14)
                        .search(SLOW_REQUESTS_SEARCH, 48)
                        .panels();
        return new Board(
                new Dashboard(
                        KibanaLinks.SERVICE_OVERVIEW_DASHBOARD,
                        "Vigil: Service overview",
                        "RED per service and operation, health score, incidents, dependency"
                                + " edges, slow requests.",
                        "now-24h",
                        panels),
                v);
    }

    static Board anomalies() {
        String p = "vigil-vis-anomalies-";
        List<Visualization> v =
                List.of(
                        about(
                                p + "about",
                                "**Anomalies.** Every metric series is rolled up per minute"
                                        + " (`vigil-metrics-*`) with the detector's expected value"
                                        + " and band; the bars are the anomaly score. The chart"
                                        + " shows the three series with the highest score; put"
                                        + " `vigil.series.key:\"…\"` in the query bar for another."),
                        Visualization.of(
                                p + "alert-count",
                                "Anomaly alerts",
                                "metric",
                                ANOMALIES,
                                "",
                                count("alert events"),
                                cardinality("vigil.series.key", "series")),
                        Visualization.of(
                                p + "alerting-series",
                                "Series alerting",
                                "metric",
                                ROLLUPS,
                                "vigil.anomaly.alerting:true",
                                cardinality("vigil.series.key", "series"),
                                count("minutes")),
                        Visualization.of(
                                p + "top-score",
                                "Highest anomaly score",
                                "metric",
                                ROLLUPS,
                                "",
                                max("vigil.anomaly.score", "score")),
                        Visualization.of(
                                        p + "band",
                                        "Most anomalous series: value, expected value and band",
                                        "line",
                                        ROLLUPS,
                                        "",
                                        avg("vigil.rollup.avg", "value"),
                                        avg("vigil.anomaly.expected", "expected"),
                                        avg("vigil.anomaly.lower", "band low"),
                                        avg("vigil.anomaly.upper", "band high"),
                                        max("vigil.anomaly.score", "anomaly score"),
                                        overTime(TS),
                                        splitCharts("vigil.series.key", 3, 4))
                                .onRightAxis(4),
                        Visualization.of(
                                p + "over-time",
                                "Anomaly alerts over time by service",
                                "histogram",
                                ANOMALIES,
                                "",
                                count("alert events"),
                                overTime(TS),
                                splitSeries("service.name", 10)),
                        Visualization.of(
                                p + "by-series",
                                "Anomaly alerts by series",
                                "table",
                                ANOMALIES,
                                "",
                                count("alert events"),
                                max("vigil.alert.score", "max score"),
                                latest("vigil.alert.state", "state"),
                                rows("service.name", 10, 0, "service"),
                                rows("vigil.series.key", 20, 1, "series")));
        List<Dashboard.Panel> panels =
                new Dashboard.Layout()
                        .row(8)
                        .vis(p + "about", 18)
                        .vis(p + "alert-count", 10)
                        .vis(p + "alerting-series", 10)
                        .vis(p + "top-score", 10)
                        .row(22)
                        .vis(p + "band", 48)
                        .row(14)
                        .vis(p + "over-time", 20)
                        .vis(p + "by-series", 28)
                        .row(14)
                        .search(ANOMALY_ALERTS_SEARCH, 48)
                        .panels();
        return new Board(
                new Dashboard(
                        KibanaLinks.ANOMALIES_DASHBOARD,
                        "Vigil: Anomalies",
                        "Series with their expected value and band from the rollups, anomaly"
                                + " scores and alerts.",
                        "now-24h",
                        panels),
                v);
    }

    static Board incidents() {
        String p = "vigil-vis-incidents-";
        List<Visualization> v =
                List.of(
                        about(
                                p + "about",
                                "**Incidents.** One document per incident (`vigil-incidents`):"
                                        + " when it started, its ranked root causes and why, its"
                                        + " member alerts, MTTD (trouble to incident) and MTTR"
                                        + " (trouble to resolution). `service.name` is the first"
                                        + " root cause; the links in Alertmanager open this"
                                        + " dashboard on it."),
                        Visualization.of(
                                p + "count",
                                "Incidents",
                                "metric",
                                INCIDENTS,
                                "",
                                count("incidents"),
                                sum("vigil.incident.alert_events", "alert events")),
                        Visualization.of(
                                p + "mttd-mttr",
                                "MTTD and MTTR",
                                "metric",
                                INCIDENTS,
                                "",
                                avg("vigil.incident.mttd_ms", "mean time to detect"),
                                avg("vigil.incident.mttr_ms", "mean time to resolve")),
                        Visualization.of(
                                p + "timeline",
                                "Incident timeline by severity",
                                "histogram",
                                INCIDENTS,
                                "",
                                count("incidents"),
                                overTime(TS),
                                splitSeries("vigil.incident.severity", 3)),
                        Visualization.of(
                                p + "mttx-over-time",
                                "MTTD and MTTR over time",
                                "line",
                                INCIDENTS,
                                "",
                                avg("vigil.incident.mttd_ms", "MTTD"),
                                avg("vigil.incident.mttr_ms", "MTTR"),
                                overTime(TS)),
                        incidentTable(p + "list"),
                        Visualization.of(
                                p + "root-cause",
                                "First root cause",
                                "table",
                                INCIDENTS,
                                "",
                                count("incidents"),
                                avg("vigil.incident.mttd_ms", "MTTD"),
                                avg("vigil.incident.mttr_ms", "MTTR"),
                                rows("service.name", 10, 0, "service")),
                        Visualization.of(
                                p + "ranked",
                                "Services among the root causes",
                                "table",
                                INCIDENTS,
                                "",
                                count("incidents"),
                                max("vigil.incident.root_causes.score", "best score"),
                                rows("vigil.incident.root_causes.service", 10, 0, "service")),
                        Visualization.of(
                                p + "members",
                                "Member alerts",
                                "table",
                                INCIDENTS,
                                "",
                                count("incidents"),
                                sum("vigil.incident.members.events", "alert events"),
                                rows("vigil.incident.members.service", 10, 0, "service"),
                                rows("vigil.incident.members.alertname", 10, 0, "alert")));
        List<Dashboard.Panel> panels =
                new Dashboard.Layout()
                        .row(8)
                        .vis(p + "about", 20)
                        .vis(p + "count", 14)
                        .vis(p + "mttd-mttr", 14)
                        .row(12)
                        .vis(p + "timeline", 24)
                        .vis(p + "mttx-over-time", 24)
                        .row(15)
                        .vis(p + "list", 48)
                        .row(13)
                        .vis(p + "root-cause", 14)
                        .vis(p + "ranked", 14)
                        .vis(p + "members", 20)
                        .row(14)
                        .search(INCIDENTS_SEARCH, 48)
                        .panels();
        return new Board(
                new Dashboard(
                        KibanaLinks.INCIDENTS_DASHBOARD,
                        "Vigil: Incidents",
                        "Incident timeline, root cause, members, MTTD and MTTR.",
                        "now-24h",
                        panels),
                v);
    }

    static Board slos() {
        String p = "vigil-vis-slos-";
        List<Visualization> v =
                List.of(
                        about(
                                p + "about",
                                "**SLOs.** The status of every SLO per evaluation"
                                        + " (`vigil-slo-*`): error budget left over the SLO's"
                                        + " window, and the burn rate over 1 h, 6 h, 1 d and"
                                        + " 3 d (1 = spending the budget exactly over the"
                                        + " window; a window without events has no value)."
                                        + " `vigil slo status` prints the latest status."),
                        Visualization.of(
                                p + "lowest-budget",
                                "Lowest error budget remaining",
                                "metric",
                                SLO,
                                "",
                                min("vigil.slo.budget_remaining", "budget remaining")),
                        Visualization.of(
                                p + "highest-burn",
                                "Highest burn rate (1 h)",
                                "metric",
                                SLO,
                                "",
                                max("vigil.slo.burn_rate.1h", "burn rate 1h")),
                        Visualization.of(
                                p + "count",
                                "SLOs",
                                "metric",
                                SLO,
                                "",
                                cardinality("vigil.slo.name", "SLOs")),
                        Visualization.of(
                                p + "budget",
                                "Error budget remaining by SLO",
                                "line",
                                SLO,
                                "",
                                min("vigil.slo.budget_remaining", "budget remaining"),
                                overTime(TS),
                                splitSeries("vigil.slo.name", 10)),
                        Visualization.of(
                                p + "burn",
                                "Burn rate per window",
                                "line",
                                SLO,
                                "",
                                max("vigil.slo.burn_rate.1h", "1h"),
                                max("vigil.slo.burn_rate.6h", "6h"),
                                max("vigil.slo.burn_rate.1d", "1d"),
                                max("vigil.slo.burn_rate.3d", "3d"),
                                overTime(TS),
                                splitCharts("vigil.slo.name", 4, 0)),
                        Visualization.of(
                                p + "status",
                                "SLO status",
                                "table",
                                SLO,
                                "",
                                latest("service.name", "service"),
                                latest("vigil.slo.objective", "objective"),
                                latest("vigil.slo.sli", "SLI (latest)"),
                                latest("vigil.slo.budget_remaining", "budget remaining (latest)"),
                                min("vigil.slo.budget_remaining", "lowest budget remaining"),
                                max("vigil.slo.burn_rate.1h", "highest burn 1h"),
                                max("vigil.slo.burn_rate.6h", "highest burn 6h"),
                                latest("vigil.slo.alerting", "alerting (latest)"),
                                rowsByName("vigil.slo.name", 50, "SLO")));
        List<Dashboard.Panel> panels =
                new Dashboard.Layout()
                        .row(8)
                        .vis(p + "about", 18)
                        .vis(p + "lowest-budget", 10)
                        .vis(p + "highest-burn", 10)
                        .vis(p + "count", 10)
                        .row(15)
                        .vis(p + "budget", 24)
                        .vis(p + "burn", 24)
                        .row(13)
                        .vis(p + "status", 48)
                        .panels();
        return new Board(
                new Dashboard(
                        KibanaLinks.SLOS_DASHBOARD,
                        "Vigil: SLOs",
                        "Error budget remaining and burn rate per window, per SLO.",
                        "now-24h",
                        panels),
                v);
    }

    static Board logs() {
        String p = "vigil-vis-logs-";
        String templateRates = "vigil.series.metric:\"vigil.log_template.records\"";
        List<Visualization> v =
                List.of(
                        about(
                                p + "about",
                                "**Logs and templates.** Log lines (`vigil-logs-*`) with the"
                                        + " template mined from each; one document per template"
                                        + " (`vigil-log-templates`); lines per template and"
                                        + " minute as metric series with anomaly detection"
                                        + " (rising templates score high)."),
                        Visualization.of(
                                p + "lines",
                                "Log lines",
                                "metric",
                                LOGS,
                                "",
                                count("lines"),
                                cardinality("log.template.id", "templates")),
                        Visualization.of(
                                p + "error-lines",
                                "Error lines",
                                "metric",
                                LOGS,
                                "log.level:error",
                                count("error lines"),
                                cardinality("service.name", "services")),
                        Visualization.of(
                                p + "levels",
                                "Log lines by level",
                                "histogram",
                                LOGS,
                                "",
                                count("lines"),
                                overTime(TS),
                                splitSeries("log.level", 6)),
                        Visualization.of(
                                        p + "rising",
                                        "Rising templates: lines a minute",
                                        "line",
                                        ROLLUPS,
                                        templateRates,
                                        avg("vigil.rollup.sum", "lines a minute"),
                                        max("vigil.anomaly.score", "anomaly score"),
                                        overTime(TS),
                                        splitSeries("vigil.series.key", 6))
                                .onRightAxis(1),
                        Visualization.of(
                                p + "new",
                                "New templates (latest first)",
                                "table",
                                LOG_TEMPLATES,
                                "",
                                max("log.template.first_seen", "first seen"),
                                max("log.template.count", "lines"),
                                max("log.template.error_count", "error lines"),
                                latest("log.template.services", "services"),
                                rows("log.template.pattern", 20, 0, "template")),
                        Visualization.of(
                                p + "rising-table",
                                "Rising templates (highest anomaly score)",
                                "table",
                                ROLLUPS,
                                templateRates,
                                max("vigil.anomaly.score", "anomaly score"),
                                max("vigil.rollup.sum", "most lines a minute"),
                                max("vigil.anomaly.expected", "expected"),
                                rows("service.name", 10, 0, "service"),
                                rows("vigil.series.key", 10, 0, "series")),
                        Visualization.of(
                                p + "error-templates",
                                "Error templates by service",
                                "table",
                                LOGS,
                                "log.level:error",
                                count("error lines"),
                                rows("service.name", 10, 0, "service"),
                                rows("log.template.pattern", 10, 0, "template")));
        List<Dashboard.Panel> panels =
                new Dashboard.Layout()
                        .row(8)
                        .vis(p + "about", 24)
                        .vis(p + "lines", 12)
                        .vis(p + "error-lines", 12)
                        .row(13)
                        .vis(p + "levels", 20)
                        .vis(p + "rising", 28)
                        .row(15)
                        .vis(p + "new", 28)
                        .vis(p + "rising-table", 20)
                        .row(15)
                        .vis(p + "error-templates", 48)
                        .row(14)
                        .search(ERRORS_SEARCH, 24)
                        .search(TEMPLATE_LINES_SEARCH, 24)
                        .panels();
        return new Board(
                new Dashboard(
                        KibanaLinks.LOGS_DASHBOARD,
                        "Vigil: Logs and templates",
                        "New and rising log templates, error templates by service.",
                        "now-24h",
                        panels),
                v);
    }

    static Board capacity() {
        String p = "vigil-vis-capacity-";
        String outlooks = "vigil.forecast.type:capacity";
        List<Visualization> v =
                List.of(
                        about(
                                p + "about",
                                "**Capacity.** Forecasts of every series (`vigil-forecasts-*`,"
                                        + " `@timestamp` = the time forecast) with their 95 %"
                                        + " interval, and capacity outlooks for utilizations:"
                                        + " time to breach the limit, confidence and the"
                                        + " recommended action. `vigil capacity-report` prints"
                                        + " the latest outlooks, worst first."),
                        Visualization.of(
                                p + "series",
                                "Series with a capacity outlook",
                                "metric",
                                FORECASTS,
                                outlooks,
                                cardinality("vigil.series.key", "series")),
                        Visualization.of(
                                p + "shortest",
                                "Shortest time to breach",
                                "metric",
                                FORECASTS,
                                outlooks,
                                min("vigil.capacity.time_to_breach_ms", "time to breach")),
                        Visualization.of(
                                p + "highest",
                                "Highest predicted value",
                                "metric",
                                FORECASTS,
                                outlooks,
                                max("vigil.capacity.predicted", "predicted")),
                        Visualization.of(
                                p + "forecast",
                                "Utilization forecast 15 min ahead, with its 95 % interval",
                                "line",
                                FORECASTS,
                                "vigil.forecast.type:forecast and vigil.series.unit:\"1\" and"
                                        + " vigil.forecast.horizon_ms:900000",
                                avg("vigil.forecast.value", "forecast"),
                                avg("vigil.forecast.lower", "lower"),
                                avg("vigil.forecast.upper", "upper"),
                                overTime(TS),
                                splitCharts("vigil.series.key", 3, 2)),
                        Visualization.of(
                                p + "breach",
                                "Time to breach by series",
                                "table",
                                FORECASTS,
                                outlooks,
                                min("vigil.capacity.time_to_breach_ms", "shortest time to breach"),
                                max("vigil.capacity.current", "highest value"),
                                latest("vigil.capacity.threshold", "limit"),
                                latest("vigil.capacity.trend", "trend"),
                                latest("vigil.capacity.recommended_action", "latest action"),
                                rowsByName("vigil.series.key", 30, "series")),
                        Visualization.of(
                                p + "actions",
                                "Recommended actions",
                                "table",
                                FORECASTS,
                                outlooks,
                                count("outlooks"),
                                cardinality("vigil.series.key", "series"),
                                rows("vigil.capacity.recommended_action", 10, 0, "action"),
                                rows("service.name", 10, 0, "service")));
        List<Dashboard.Panel> panels =
                new Dashboard.Layout()
                        .row(8)
                        .vis(p + "about", 18)
                        .vis(p + "series", 10)
                        .vis(p + "shortest", 10)
                        .vis(p + "highest", 10)
                        .row(18)
                        .vis(p + "forecast", 48)
                        .row(15)
                        .vis(p + "breach", 30)
                        .vis(p + "actions", 18)
                        .panels();
        return new Board(
                new Dashboard(
                        KibanaLinks.CAPACITY_DASHBOARD,
                        "Vigil: Capacity",
                        "Forecasts with their interval, time to breach, recommended actions.",
                        "now-24h",
                        panels),
                v);
    }

    /**
     * Every object, by file name (without {@code .ndjson}), in import order: index patterns,
     * searches, then each dashboard with its visualizations before it.
     */
    public static Map<String, List<SavedObject>> files() {
        Map<String, String> timeFields = new LinkedHashMap<>();
        List<SavedObject> patterns = new ArrayList<>();
        for (IndexPattern ip : indexPatterns()) {
            timeFields.put(ip.id(), ip.timeField());
            patterns.add(ip.toSavedObject());
        }
        Map<String, String> searchPatterns = new LinkedHashMap<>();
        List<SavedObject> searches = new ArrayList<>();
        for (SavedSearch s : searches()) {
            searchPatterns.put(s.id(), s.indexPattern());
            searches.add(s.toSavedObject());
        }
        Map<String, List<SavedObject>> files = new LinkedHashMap<>();
        files.put("10-index-patterns", patterns);
        files.put("20-searches", searches);
        for (Map.Entry<String, Board> e : dashboards().entrySet()) {
            List<SavedObject> objects = new ArrayList<>();
            for (Visualization vis : e.getValue().visualizations()) {
                String pattern =
                        vis.savedSearch() != null
                                ? searchPatterns.get(vis.savedSearch())
                                : vis.indexPattern();
                objects.add(vis.toSavedObject(pattern == null ? TS : timeFields.get(pattern)));
            }
            objects.add(e.getValue().dashboard().toSavedObject());
            files.put(e.getKey(), objects);
        }
        return files;
    }
}
