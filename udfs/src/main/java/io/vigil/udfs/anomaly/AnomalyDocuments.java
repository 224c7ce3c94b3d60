package io.vigil.udfs.anomaly;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.ecs.EcsFields;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.series.MetricRollup;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * The Elasticsearch documents of anomaly detection, for Kibana:
 *
 * <ul>
 *   <li>{@code <prefix>-metrics-YYYY.MM.DD}: one document per series and rollup period ({@link
 *       #rollup}): {@code vigil.rollup.{count,sum,avg,min,max}} and {@code
 *       vigil.anomaly.{score,expected,lower,upper,alerting}}, so a chart can draw a series with its
 *       band; id from the series key and period, so a replay overwrites;
 *   <li>{@code <prefix>-anomalies-YYYY.MM.DD} (anomaly alerts; other sources go to {@code
 *       <prefix>-alerts-*}): one ECS alert document per alert ({@link #alert}), {@code event.kind:
 *       alert}, id = the alert's id, so the resolved event overwrites the firing one in place; the
 *       index day is that of {@code startsAt}, which both events share.
 * </ul>
 */
public final class AnomalyDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String indexPrefix;

    public AnomalyDocuments(String indexPrefix) {
        this.indexPrefix = EsDocument.checkedPrefix(indexPrefix);
    }

    /** The rollup as a {@code <prefix>-metrics-*} document. */
    public EsDocument rollup(MetricRollup r) {
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, iso(r.startMillis()));
                            g.writeObjectFieldStart("event");
                            g.writeStringField("kind", "metric");
                            g.writeStringField("module", "vigil");
                            g.writeStringField("dataset", "vigil.rollup");
                            g.writeStringField("start", iso(r.startMillis()));
                            g.writeStringField("end", iso(r.startMillis() + r.periodMillis()));
                            g.writeEndObject();
                            EcsFields.serviceAndHost(g, r.series().attributes());
                            EcsFields.labels(g, r.series().attributes());
                            g.writeObjectFieldStart("vigil");
                            series(g, r.series());
                            g.writeObjectFieldStart("rollup");
                            g.writeNumberField("period_ms", r.periodMillis());
                            g.writeNumberField("count", r.count());
                            EcsFields.number(g, "sum", r.sum());
                            EcsFields.number(g, "avg", r.avg());
                            EcsFields.number(g, "min", r.min());
                            EcsFields.number(g, "max", r.max());
                            g.writeEndObject();
                            g.writeObjectFieldStart("anomaly");
                            EcsFields.number(g, "score", r.score());
                            EcsFields.number(g, "expected", r.expected());
                            EcsFields.number(g, "lower", r.lower());
                            EcsFields.number(g, "upper", r.upper());
                            g.writeBooleanField("alerting", r.alerting());
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        String id =
                new ContentHash()
                        .add(r.series().key())
                        .add(r.startMillis())
                        .add(r.periodMillis())
                        .finish();
        return new EsDocument(index("metrics", r.startMillis()), id, json);
    }

    /** The alert as an ECS alert document in {@code <prefix>-anomalies-*}. */
    public EsDocument alert(AlertEvent a) {
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, a.startsAt().toString());
                            g.writeStringField(
                                    "message", a.annotations().getOrDefault("summary", ""));
                            g.writeObjectFieldStart("event");
                            g.writeStringField("kind", "alert");
                            g.writeArrayFieldStart("type");
                            g.writeString("info");
                            g.writeEndArray();
                            g.writeNumberField("severity", a.severity().ecsLevel());
                            if (!Double.isNaN(a.score())) {
                                EcsFields.number(g, "risk_score", 100 * a.score());
                            }
                            g.writeStringField("module", "vigil");
                            g.writeStringField("dataset", "vigil." + a.source().wireName());
                            g.writeStringField("id", a.id());
                            g.writeStringField("start", a.startsAt().toString());
                            if (a.endsAt() != null) {
                                g.writeStringField("end", a.endsAt().toString());
                                g.writeNumberField(
                                        "duration",
                                        Duration.between(a.startsAt(), a.endsAt()).toNanos());
                            }
                            g.writeStringField(
                                    "reason", a.annotations().getOrDefault("description", ""));
                            g.writeEndObject();
                            g.writeObjectFieldStart("rule");
                            g.writeStringField("name", a.labels().get("alertname"));
                            g.writeStringField("category", a.source().wireName());
                            g.writeStringField("ruleset", "vigil-default");
                            g.writeEndObject();
                            String service = a.labels().get("service");
                            if (service != null) {
                                g.writeObjectFieldStart("service");
                                g.writeStringField("name", service);
                                g.writeEndObject();
                            }
                            if (!a.traceIds().isEmpty()) {
                                g.writeObjectFieldStart("trace");
                                g.writeStringField("id", a.traceIds().get(0));
                                g.writeEndObject();
                            }
                            g.writeObjectFieldStart("observer");
                            g.writeStringField("vendor", "vigil");
                            g.writeStringField("product", "vigil");
                            g.writeStringField("type", a.source().wireName());
                            g.writeEndObject();
                            EcsFields.labels(g, a.labels());
                            g.writeObjectFieldStart("vigil");
                            g.writeObjectFieldStart("alert");
                            g.writeStringField("id", a.id());
                            g.writeStringField("fingerprint", a.fingerprint());
                            g.writeStringField("source", a.source().wireName());
                            g.writeStringField("severity", a.severity().wireName());
                            g.writeStringField("state", a.state().wireName());
                            g.writeStringField("starts_at", a.startsAt().toString());
                            if (a.endsAt() != null) {
                                g.writeStringField("ends_at", a.endsAt().toString());
                            }
                            g.writeStringField("observed_at", a.observedAt().toString());
                            EcsFields.number(g, "value", a.value());
                            EcsFields.number(g, "expected", a.expected());
                            EcsFields.number(g, "lower", a.lower());
                            EcsFields.number(g, "upper", a.upper());
                            EcsFields.number(g, "score", a.score());
                            g.writeArrayFieldStart("trace_ids");
                            for (String t : a.traceIds()) {
                                g.writeString(t);
                            }
                            g.writeEndArray();
                            g.writeEndObject();
                            if (a.series() != null) {
                                series(g, a.series());
                            }
                            g.writeEndObject();
                        });
        String family = a.source() == AlertSource.ANOMALY ? "anomalies" : "alerts";
        return new EsDocument(index(family, a.startsAt().toEpochMilli()), a.id(), json);
    }

    private static void series(JsonGenerator g, AlertEvent.Series s) throws IOException {
        g.writeObjectFieldStart("series");
        g.writeStringField("key", s.key());
        g.writeStringField("metric", s.metric());
        g.writeStringField("unit", s.unit());
        g.writeEndObject();
    }

    private String index(String family, long epochMillis) {
        return EsDocument.dailyIndex(indexPrefix, family, epochMillis);
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
