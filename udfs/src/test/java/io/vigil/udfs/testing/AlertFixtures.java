package io.vigil.udfs.testing;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alert events as the sources write them, for the incident tests of every module. */
public final class AlertFixtures {
    private AlertFixtures() {}

    /**
     * A firing anomaly alert ({@code MetricAnomaly}, warning) on a service's metric, started (and
     * observed) at {@code at}, with the series and its band.
     */
    public static AlertEvent anomaly(String service, String metric, Instant at) {
        return anomaly(service, metric, at, Severity.WARNING);
    }

    /** As {@link #anomaly(String, String, Instant)}, with another severity. */
    public static AlertEvent anomaly(String service, String metric, Instant at, Severity severity) {
        return anomaly(service, metric, at, severity, Map.of());
    }

    /**
     * As {@link #anomaly(String, String, Instant)}, on a series with more attributes (e.g. {@code
     * peer.service} for a measurement of calls to another service).
     */
    public static AlertEvent anomaly(
            String service,
            String metric,
            Instant at,
            Severity severity,
            Map<String, String> seriesAttributes) {
        TreeMap<String, String> labels =
                labels("MetricAnomaly", severity.wireName(), "anomaly", service, "metric", metric);
        TreeMap<String, String> attributes = new TreeMap<>();
        attributes.put("service.name", service);
        attributes.putAll(seriesAttributes);
        return AlertEvent.firing(
                labels,
                new TreeMap<>(Map.of("summary", metric + " of " + service + " is anomalous")),
                AlertSource.ANOMALY,
                severity,
                at,
                new AlertEvent.Series(
                        metric + "{service.name=\"" + service + "\"}", metric, "", attributes),
                2,
                1,
                0,
                1.5,
                0.99,
                List.of());
    }

    /**
     * A firing new-log-template alert ({@code NewLogTemplate}, info) on a service at {@code at}.
     */
    public static AlertEvent newTemplate(String service, String templateId, Instant at) {
        return AlertEvent.firing(
                labels(
                        "NewLogTemplate",
                        "info",
                        "log_template",
                        service,
                        "template_id",
                        templateId),
                new TreeMap<>(Map.of("summary", "New kind of log message in " + service)),
                AlertSource.LOG_TEMPLATE,
                Severity.INFO,
                at,
                List.of());
    }

    /**
     * A cascade through the demo's call graph: a slow database at {@code t0}, then its callers
     * payment (+30 s), checkout (+45 s) and frontend (+60 s) slow too.
     */
    public static List<AlertEvent> cascade(Instant t0) {
        return List.of(
                anomaly("database", "db.client.operation.duration", t0),
                anomaly("payment", "http.server.request.duration", t0.plusSeconds(30)),
                anomaly("checkout", "http.server.request.duration", t0.plusSeconds(45)),
                anomaly("frontend", "http.server.request.duration", t0.plusSeconds(60)));
    }

    /** The cascade's call graph as {@code vigil.topology} messages seen at {@code at}. */
    public static List<byte[]> cascadeEdges(Instant at) {
        List<byte[]> edges = new java.util.ArrayList<>();
        for (String[] e :
                new String[][] {
                    {"frontend", "checkout"}, {"checkout", "payment"}, {"payment", "database"}
                }) {
            edges.add(
                    ("{\"@timestamp\":\""
                                    + at
                                    + "\",\"window_seconds\":60,\"parent\":\""
                                    + e[0]
                                    + "\",\"child\":\""
                                    + e[1]
                                    + "\",\"calls\":100,\"errors\":0}")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return edges;
    }

    private static TreeMap<String, String> labels(
            String alertname,
            String severity,
            String source,
            String service,
            String key,
            String value) {
        return new TreeMap<>(
                Map.of(
                        "alertname",
                        alertname,
                        "severity",
                        severity,
                        "source",
                        source,
                        "service",
                        service,
                        key,
                        value));
    }

    /** The alert resolved at {@code at} (ended and observed then). */
    public static AlertEvent resolved(AlertEvent alert, Instant at) {
        return alert.resolve(at, at, 1, 1, 0, 2, 0);
    }
}
