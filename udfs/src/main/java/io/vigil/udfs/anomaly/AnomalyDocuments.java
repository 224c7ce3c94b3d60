package io.vigil.udfs.anomaly;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.series.SeriesKeys;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

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
        if (!EsDocument.INDEX_PREFIX.matcher(indexPrefix).matches()) {
            throw new IllegalArgumentException(
                    "index prefix '" + indexPrefix + "' must match " + EsDocument.INDEX_PREFIX);
        }
        this.indexPrefix = indexPrefix;
    }

    /** The rollup as a {@code <prefix>-metrics-*} document. */
    public EsDocument rollup(MetricRollup r) {
        String json =
                EsDocument.source(
                        g -> {
                            g.writeStringField("@timestamp", iso(r.startMillis()));
                            g.writeObjectFieldStart("ecs");
                            g.writeStringField("version", EcsMapper.ECS_VERSION);
                            g.writeEndObject();
                            g.writeObjectFieldStart("event");
                            g.writeStringField("kind", "metric");
                            g.writeStringField("module", "vigil");
                            g.writeStringField("dataset", "vigil.rollup");
                            g.writeStringField("start", iso(r.startMillis()));
                            g.writeStringField("end", iso(r.startMillis() + r.periodMillis()));
                            g.writeEndObject();
                            serviceAndHost(g, r.series().attributes());
                            labels(g, r.series().attributes());
                            g.writeObjectFieldStart("vigil");
                            series(g, r.series());
                            g.writeObjectFieldStart("rollup");
                            g.writeNumberField("period_ms", r.periodMillis());
                            g.writeNumberField("count", r.count());
                            g.writeNumberField("sum", r.sum());
                            g.writeNumberField("avg", r.avg());
                            g.writeNumberField("min", r.min());
                            g.writeNumberField("max", r.max());
                            g.writeEndObject();
                            g.writeObjectFieldStart("anomaly");
                            g.writeNumberField("score", r.score());
                            number(g, "expected", r.expected());
                            number(g, "lower", r.lower());
                            number(g, "upper", r.upper());
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
                            g.writeStringField("@timestamp", a.startsAt().toString());
                            g.writeStringField(
                                    "message", a.annotations().getOrDefault("summary", ""));
                            g.writeObjectFieldStart("ecs");
                            g.writeStringField("version", EcsMapper.ECS_VERSION);
                            g.writeEndObject();
                            g.writeObjectFieldStart("event");
                            g.writeStringField("kind", "alert");
                            g.writeArrayFieldStart("type");
                            g.writeString("info");
                            g.writeEndArray();
                            g.writeNumberField("severity", a.severity().ecsLevel());
                            if (!Double.isNaN(a.score())) {
                                g.writeNumberField("risk_score", 100 * a.score());
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
                            labels(g, a.labels());
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
                            number(g, "value", a.value());
                            number(g, "expected", a.expected());
                            number(g, "lower", a.lower());
                            number(g, "upper", a.upper());
                            number(g, "score", a.score());
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

    private static void serviceAndHost(JsonGenerator g, Map<String, String> attributes)
            throws IOException {
        String service = attributes.get(SeriesKeys.SERVICE_NAME);
        if (service != null) {
            g.writeObjectFieldStart("service");
            g.writeStringField("name", service);
            g.writeEndObject();
        }
        String host = attributes.get("host.name");
        if (host != null) {
            g.writeObjectFieldStart("host");
            g.writeStringField("name", host);
            g.writeEndObject();
        }
    }

    /** ECS {@code labels}: flat keyword values, dots in keys as underscores. */
    private static void labels(JsonGenerator g, Map<String, String> labels) throws IOException {
        g.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> e : labels.entrySet()) {
            g.writeStringField(e.getKey().replace('.', '_'), e.getValue());
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (!Double.isNaN(v)) {
            g.writeNumberField(field, v);
        }
    }

    private String index(String family, long epochMillis) {
        return EsDocument.dailyIndex(indexPrefix, family, epochMillis);
    }

    private static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
