package io.vigil.udfs.forecast;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.ecs.EcsFields;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.series.SeriesKeys;
import java.io.IOException;
import java.io.Serializable;

/**
 * The Elasticsearch documents of forecasting, in {@code <prefix>-forecasts-YYYY.MM.DD} (day of
 * {@code @timestamp}), for Kibana and {@code vigil capacity-report}. Both kinds carry the series'
 * identity as the rollups of {@code <prefix>-metrics-*} do ({@code service.*}, {@code host.name},
 * {@code labels.*}, {@code vigil.series.{key, metric, unit}}) and {@code vigil.forecast.{type,
 * origin, horizon_ms, season_ms}}.
 *
 * <ul>
 *   <li>{@link #forecast}: {@code vigil.forecast.type: forecast}, one per series, origin and
 *       horizon; {@code @timestamp} is the target time ({@code origin + horizon}), so a chart draws
 *       the rollups, the band and the forecasts on one time axis; {@code vigil.forecast.{value,
 *       lower, upper, trend}} (95 % interval; trend {@code increasing}, {@code stable} or {@code
 *       decreasing});
 *   <li>{@link #capacity}: {@code vigil.forecast.type: capacity}, one per series with a limit and
 *       origin; {@code @timestamp} is the origin; {@code vigil.capacity.{threshold, current,
 *       horizon_ms, time_to_breach_ms, breach_at, predicted, lower, upper, confidence, trend,
 *       recommended_action, basis}} ({@code time_to_breach_ms} and {@code breach_at} only when the
 *       forecast reaches the limit within the horizon) and a {@code message}.
 * </ul>
 *
 * Ids are hashes of the series key, the kind, the origin and the horizon: a replay overwrites.
 */
public final class ForecastDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The index family: {@code <prefix>-forecasts-*}. */
    public static final String FAMILY = "forecasts";

    /** {@code vigil.forecast.type} of a forecast document. */
    public static final String FORECAST = "forecast";

    /** {@code vigil.forecast.type} of a capacity document. */
    public static final String CAPACITY = "capacity";

    private final String indexPrefix;

    public ForecastDocuments(String indexPrefix) {
        this.indexPrefix = EsDocument.checkedPrefix(indexPrefix);
    }

    /** The forecast document of {@code p}. */
    public EsDocument forecast(ForecastPoint p) {
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, EcsFields.isoMillis(p.targetMillis()));
                            EcsFields.vigilEvent(g, "metric", "vigil.forecast");
                            identity(g, p.series());
                            g.writeObjectFieldStart("forecast");
                            forecastHeader(
                                    g,
                                    FORECAST,
                                    p.originMillis(),
                                    p.horizonMillis(),
                                    p.seasonMillis());
                            EcsFields.number(g, "value", p.value());
                            EcsFields.number(g, "lower", p.lower());
                            EcsFields.number(g, "upper", p.upper());
                            g.writeStringField("trend", p.trend().wireName());
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        return new EsDocument(
                EsDocument.dailyIndex(indexPrefix, FAMILY, p.targetMillis()),
                id(p.series(), FORECAST, p.originMillis(), p.horizonMillis()),
                json);
    }

    /** The capacity document of {@code c}. */
    public EsDocument capacity(CapacityPoint c) {
        CapacityOutlook o = c.outlook();
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, EcsFields.isoMillis(c.originMillis()));
                            g.writeStringField("message", message(c));
                            EcsFields.vigilEvent(g, "metric", "vigil.capacity");
                            identity(g, c.series());
                            g.writeObjectFieldStart("forecast");
                            forecastHeader(
                                    g,
                                    CAPACITY,
                                    c.originMillis(),
                                    o.horizonMillis(),
                                    c.seasonMillis());
                            g.writeEndObject();
                            g.writeObjectFieldStart("capacity");
                            EcsFields.number(g, "threshold", o.threshold());
                            EcsFields.number(g, "current", o.current());
                            g.writeNumberField("horizon_ms", o.horizonMillis());
                            if (o.breachExpected()) {
                                g.writeNumberField("time_to_breach_ms", o.timeToBreachMillis());
                                g.writeStringField(
                                        "breach_at", EcsFields.isoMillis(c.breachAtMillis()));
                            }
                            EcsFields.number(g, "predicted", o.predicted());
                            EcsFields.number(g, "lower", o.lower());
                            EcsFields.number(g, "upper", o.upper());
                            EcsFields.number(g, "confidence", o.confidence());
                            g.writeStringField("trend", o.trend().wireName());
                            g.writeStringField("recommended_action", o.action().wireName());
                            g.writeStringField("basis", c.basis().wireName());
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        return new EsDocument(
                EsDocument.dailyIndex(indexPrefix, FAMILY, c.originMillis()),
                id(c.series(), CAPACITY, c.originMillis(), o.horizonMillis()),
                json);
    }

    /**
     * The capacity document's message, e.g. {@code system.filesystem.utilization on host db-1:
     * plan_scale_up, reaches 0.9 in 2d3h (now 0.71)} or {@code …: maintain_current_capacity, not
     * expected to reach 0.9 within 7d (now 0.55, confidence 0%)}.
     */
    static String message(CapacityPoint c) {
        CapacityOutlook o = c.outlook();
        String head = c.series().metric() + where(c.series()) + ": " + o.action().wireName();
        String now = "now " + ForecastText.number(o.current());
        if (o.breachExpected()) {
            return head
                    + ", reaches "
                    + ForecastText.number(o.threshold())
                    + (o.timeToBreachMillis() == 0
                            ? " now"
                            : " in " + ForecastText.duration(o.timeToBreachMillis()))
                    + " ("
                    + now
                    + ")";
        }
        return head
                + ", not expected to reach "
                + ForecastText.number(o.threshold())
                + " within "
                + ForecastText.duration(o.horizonMillis())
                + " ("
                + now
                + ", confidence "
                + ForecastText.percent(o.confidence())
                + ")";
    }

    /** {@code " of <service>"}, else {@code " on host <host>"}, else nothing. */
    static String where(AlertEvent.Series s) {
        String service = s.attributes().getOrDefault(SeriesKeys.SERVICE_NAME, "");
        if (!service.isEmpty()) {
            return " of " + service;
        }
        String host = s.attributes().getOrDefault(EcsFields.HOST_NAME, "");
        return host.isEmpty() ? "" : " on host " + host;
    }

    /**
     * {@code service.*}, {@code host.name}, {@code labels}, then {@code vigil.series}, leaving the
     * {@code vigil} object open for the caller.
     */
    private static void identity(JsonGenerator g, AlertEvent.Series s) throws IOException {
        EcsFields.serviceAndHost(g, s.attributes());
        EcsFields.labels(g, s.attributes());
        g.writeObjectFieldStart("vigil");
        g.writeObjectFieldStart("series");
        g.writeStringField("key", s.key());
        g.writeStringField("metric", s.metric());
        g.writeStringField("unit", s.unit());
        g.writeEndObject();
    }

    private static void forecastHeader(
            JsonGenerator g, String type, long origin, long horizon, long season)
            throws IOException {
        g.writeStringField("type", type);
        g.writeStringField("origin", EcsFields.isoMillis(origin));
        g.writeNumberField("horizon_ms", horizon);
        g.writeNumberField("season_ms", season);
    }

    private static String id(AlertEvent.Series s, String type, long origin, long horizon) {
        return new ContentHash().add(s.key()).add(type).add(origin).add(horizon).finish();
    }
}
