package io.vigil.udfs.health;

import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.ecs.EcsFields;
import io.vigil.udfs.ecs.EsDocument;
import java.io.Serializable;

/**
 * Health documents for Kibana: {@code <prefix>-health-YYYY.MM.DD}, one per service and minute, id
 * from both. Fields: {@code service.name}, {@code message} (the score and the worst factor), {@code
 * vigil.health.{score, status, factors[{name, score, reason}], error_rate, error_rate_normal,
 * latency_p95_ms, latency_normal_ms, open_alerts, open_incidents}}.
 */
public final class HealthDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String indexPrefix;

    public HealthDocuments(String indexPrefix) {
        this.indexPrefix = EsDocument.checkedPrefix(indexPrefix);
    }

    /** The document of one score. */
    public EsDocument score(HealthScore h) {
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, EcsFields.isoMillis(h.atMillis()));
                            g.writeStringField(
                                    "message",
                                    h.service()
                                            + ": "
                                            + h.score()
                                            + " ("
                                            + h.status()
                                            + ")"
                                            + (h.factors().isEmpty()
                                                    ? ""
                                                    : ", " + h.factors().get(0).reason()));
                            EcsFields.vigilEvent(g, "metric", "vigil.health");
                            EcsFields.nested(g, "service", "name", h.service());
                            g.writeObjectFieldStart("vigil");
                            g.writeObjectFieldStart("health");
                            g.writeNumberField("score", h.score());
                            g.writeStringField("status", h.status());
                            g.writeArrayFieldStart("factors");
                            for (HealthScore.Factor f : h.factors()) {
                                g.writeStartObject();
                                g.writeStringField("name", f.name());
                                g.writeNumberField("score", f.score());
                                g.writeStringField("reason", f.reason());
                                g.writeEndObject();
                            }
                            g.writeEndArray();
                            EcsFields.number(g, "error_rate", h.errorRate());
                            EcsFields.number(g, "error_rate_normal", h.errorRateNormal());
                            EcsFields.number(g, "latency_p95_ms", h.latencyP95Ms());
                            EcsFields.number(g, "latency_normal_ms", h.latencyNormalMs());
                            g.writeNumberField("open_alerts", h.openAlerts());
                            g.writeNumberField("open_incidents", h.openIncidents());
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        String id = new ContentHash().add(h.service()).add(h.atMillis()).finish();
        return new EsDocument(EsDocument.dailyIndex(indexPrefix, "health", h.atMillis()), id, json);
    }
}
