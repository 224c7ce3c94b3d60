package io.vigil.udfs.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.traces.TraceDocuments;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the health model reads, from what the jobs already produce: alerts, the traces job's RED
 * points, the SLO status documents, and the incidents as the incidents job publishes them. Input it
 * cannot use gives no event (an empty list), never an error.
 */
public final class HealthEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthEvents() {}

    /**
     * A rule or anomaly alert on a service (label {@code service}); SLO alerts are read through the
     * SLO status, deploys and new log templates are evidence, not trouble.
     */
    public static List<HealthEvent> fromAlert(AlertEvent a) {
        String service = a.labels().get("service");
        if (service == null
                || service.isEmpty()
                || !(a.source() == AlertSource.RULE || a.source() == AlertSource.ANOMALY)) {
            return List.of();
        }
        long at = (a.state() == AlertState.RESOLVED ? a.endsAt() : a.startsAt()).toEpochMilli();
        return List.of(
                HealthEvent.alert(
                        service,
                        a.fingerprint(),
                        at,
                        a.state() == AlertState.FIRING,
                        a.severity().wireName(),
                        a.labels().getOrDefault("alertname", "")));
    }

    /**
     * The traces job's service-level RED points: {@code vigil.service.error_rate} (a ratio) and the
     * p95 of {@code vigil.service.duration} (µs, as ms).
     */
    public static List<HealthEvent> fromPoint(MetricPoint p) {
        if (!TraceDocuments.SCOPE.equals(p.scopeName())) {
            return List.of();
        }
        long at = p.timeUnixNano() / 1_000_000;
        if (p.name().equals("vigil.service.error_rate") && Double.isFinite(p.value())) {
            return List.of(
                    HealthEvent.measure(
                            p.serviceName(), HealthEvent.Kind.ERROR_RATE, at, p.value()));
        }
        if (p.name().equals("vigil.service.duration") && p.count() > 0) {
            for (int i = 0; i < p.quantiles().length; i++) {
                if (p.quantiles()[i] == 0.95) {
                    return List.of(
                            HealthEvent.measure(
                                    p.serviceName(),
                                    HealthEvent.Kind.LATENCY_P95,
                                    at,
                                    p.quantileValues()[i] / 1000));
                }
            }
        }
        return List.of();
    }

    /** An SLO status document ({@code io.vigil.udfs.slo.SloDocuments}). */
    public static List<HealthEvent> fromSloStatus(String json) {
        try {
            JsonNode d = JSON.readTree(json);
            JsonNode slo = d.path("vigil").path("slo");
            if (slo.isMissingNode()) {
                return List.of();
            }
            String alerting = slo.path("alerting").asText("none");
            return List.of(
                    HealthEvent.slo(
                            d.path("service").path("name").asText(),
                            slo.path("name").asText(),
                            Instant.parse(d.path("@timestamp").asText()).toEpochMilli(),
                            number(slo.path("budget_remaining")),
                            number(slo.path("burn_rate").path("1h")),
                            alerting.equals("none") ? "" : alerting));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /**
     * An incident as the incidents job publishes it on {@code vigil.incidents}: one event per
     * service involved, open unless resolved or merged into another. An open incident's event is at
     * {@code opened_at}; a resolved one's at {@code resolved_at}, or {@code opened_at} if that is
     * later (the health model then never counts it).
     */
    public static List<HealthEvent> fromIncident(byte[] json) {
        try {
            JsonNode i = JSON.readTree(json).path("vigil").path("incident");
            if (i.isMissingNode() || i.path("id").asText().isEmpty()) {
                return List.of();
            }
            boolean open = i.path("status").asText().equals("open") && !i.has("merged_into");
            long opened = Instant.parse(i.path("opened_at").asText()).toEpochMilli();
            // resolved_at is when its last alert ended, which can be before it opened (confirmed
            // late, merged at its start): it never ends before it opened, or in event time the
            // end would come first and the incident would stay open for good
            long at =
                    open || !i.hasNonNull("resolved_at")
                            ? opened
                            : Math.max(
                                    opened,
                                    Instant.parse(i.path("resolved_at").asText()).toEpochMilli());
            List<HealthEvent> out = new ArrayList<>();
            for (JsonNode s : i.path("services")) {
                out.add(
                        HealthEvent.incident(
                                s.asText(),
                                i.path("id").asText(),
                                at,
                                open,
                                i.path("severity").asText()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
