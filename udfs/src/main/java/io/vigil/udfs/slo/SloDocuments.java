package io.vigil.udfs.slo;

import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.ecs.EcsFields;
import io.vigil.udfs.ecs.EsDocument;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * SLO status documents for Kibana: {@code <prefix>-slo-YYYY.MM.DD}, one per SLO and evaluation
 * (every minute by default), id from the SLO and the time so a replay overwrites. Fields: {@code
 * service.name}, {@code vigil.slo.{name, objective, window, sli, error_ratio, budget_remaining,
 * alerting}} and {@code vigil.slo.burn_rate.<window>} / {@code vigil.slo.error_ratios.<window>} for
 * every window ({@code 5m}, {@code 1h}, …, {@code 30d}); a budget chart plots {@code
 * budget_remaining} over time. Ratios with no events in their window are left out.
 */
public final class SloDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String indexPrefix;

    public SloDocuments(String indexPrefix) {
        this.indexPrefix = EsDocument.checkedPrefix(indexPrefix);
    }

    /** The document of one status. */
    public EsDocument status(SloStatus s) {
        Slo slo = s.slo();
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, EcsFields.isoMillis(s.atMillis()));
                            g.writeStringField(
                                    "message",
                                    "SLO "
                                            + slo.name()
                                            + ": "
                                            + budgetText(s)
                                            + " of the error budget left");
                            EcsFields.vigilEvent(g, "metric", "vigil.slo");
                            EcsFields.nested(g, "service", "name", slo.service());
                            g.writeObjectFieldStart("vigil");
                            g.writeObjectFieldStart("slo");
                            g.writeStringField("name", slo.name());
                            g.writeStringField("description", slo.description());
                            EcsFields.number(g, "objective", slo.objective());
                            g.writeStringField("window", SloRules.duration(slo.window()));
                            g.writeStringField(
                                    "sli_type",
                                    slo.sli() instanceof Slo.Latency ? "latency" : "availability");
                            EcsFields.number(g, "sli", s.sli());
                            EcsFields.number(g, "error_ratio", s.windowErrorRatio());
                            EcsFields.number(g, "budget_remaining", s.budgetRemaining());
                            g.writeStringField(
                                    "alerting", s.alerting().isEmpty() ? "none" : s.alerting());
                            g.writeObjectFieldStart("burn_rate");
                            for (Map.Entry<Duration, Double> e : s.errorRatio().entrySet()) {
                                EcsFields.number(
                                        g, SloRules.duration(e.getKey()), s.burnRate(e.getKey()));
                            }
                            g.writeEndObject();
                            g.writeObjectFieldStart("error_ratios");
                            for (Map.Entry<Duration, Double> e : s.errorRatio().entrySet()) {
                                EcsFields.number(g, SloRules.duration(e.getKey()), e.getValue());
                            }
                            g.writeEndObject();
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        String id = new ContentHash().add(slo.name()).add(s.atMillis()).finish();
        return new EsDocument(EsDocument.dailyIndex(indexPrefix, "slo", s.atMillis()), id, json);
    }

    private static String budgetText(SloStatus s) {
        double b = s.budgetRemaining();
        return Double.isNaN(b) ? "(no events yet)" : Math.round(b * 1000) / 10.0 + "%";
    }
}
