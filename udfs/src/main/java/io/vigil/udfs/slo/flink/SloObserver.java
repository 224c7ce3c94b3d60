package io.vigil.udfs.slo.flink;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.promql.SeriesStore;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.rules.RuleGroupState.ActiveAlert;
import io.vigil.udfs.rules.flink.RuleEvaluation;
import io.vigil.udfs.slo.Slo;
import io.vigil.udfs.slo.SloDocuments;
import io.vigil.udfs.slo.SloRules;
import io.vigil.udfs.slo.SloStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After each evaluation of an SLO's rule group, its status ({@link SloStatus}) as a {@code
 * <prefix>-slo-*} document.
 */
public final class SloObserver implements RuleEvaluation.Observer {
    private static final long serialVersionUID = 1L;

    private final Map<String, Slo> byGroup = new HashMap<>();
    private final SloDocuments documents;

    public SloObserver(List<Slo> slos, String indexPrefix) {
        for (Slo slo : slos) {
            byGroup.put(SloRules.groupName(slo), slo);
        }
        this.documents = new SloDocuments(indexPrefix);
    }

    @Override
    public List<EsDocument> evaluated(
            RuleGroup group, long atMillis, SeriesStore store, List<ActiveAlert> alerts) {
        Slo slo = byGroup.get(group.name());
        if (slo == null) {
            return List.of();
        }
        return List.of(documents.status(SloStatus.read(slo, atMillis, store, alerts)));
    }
}
