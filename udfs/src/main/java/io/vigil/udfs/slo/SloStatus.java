package io.vigil.udfs.slo;

import io.vigil.udfs.alerts.AlertLifecycle.Phase;
import io.vigil.udfs.promql.Evaluator;
import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.Labels;
import io.vigil.udfs.promql.SeriesStore;
import io.vigil.udfs.rules.RuleGroupState.ActiveAlert;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An SLO's state at one evaluation, read from the series its rule group records ({@link SloRules}):
 * the error ratio and burn rate over each window, the SLI and the error budget left over the SLO's
 * window, and the most severe burn-rate alert firing. A ratio is {@code NaN} when the window saw no
 * events.
 *
 * @param errorRatio the error ratio per window, shortest window first
 * @param alerting {@code critical}, {@code warning}, or {@code ""} when no burn-rate alert fires
 */
public record SloStatus(
        Slo slo, long atMillis, SortedMap<Duration, Double> errorRatio, String alerting)
        implements Serializable {

    public SloStatus {
        errorRatio = Collections.unmodifiableSortedMap(new TreeMap<>(errorRatio));
    }

    /** The error ratio over the SLO's window ({@code NaN} if no events). */
    public double windowErrorRatio() {
        return errorRatio.getOrDefault(slo.window(), Double.NaN);
    }

    /** The SLI over the SLO's window: the share of good events ({@code NaN} if no events). */
    public double sli() {
        return 1 - windowErrorRatio();
    }

    /** The share of the error budget left: 1 untouched, 0 spent, below 0 overspent. */
    public double budgetRemaining() {
        return 1 - windowErrorRatio() / slo.errorBudget();
    }

    /** The burn rate over {@code window}: its error ratio over the budget (1 spends it exactly). */
    public double burnRate(Duration window) {
        return errorRatio.getOrDefault(window, Double.NaN) / slo.errorBudget();
    }

    /**
     * Reads the status of {@code slo} at {@code t} from {@code store}, after its group was
     * evaluated there.
     *
     * @param active the group's alerts (pending ones are ignored)
     */
    public static SloStatus read(Slo slo, long t, SeriesStore store, List<ActiveAlert> active) {
        Evaluator evaluator = new Evaluator(store);
        SortedMap<Duration, Double> ratios = new TreeMap<>();
        for (Duration w : SloRules.windows(slo)) {
            Expr.VectorSelector s =
                    new Expr.VectorSelector(
                            List.of(
                                    Expr.Matcher.of(
                                            Labels.NAME,
                                            Expr.MatchType.EQUAL,
                                            SloRules.ratioName(w)),
                                    Expr.Matcher.of("slo", Expr.MatchType.EQUAL, slo.name())),
                            0);
            List<Evaluator.Sample> v = evaluator.evalVector(s, t);
            ratios.put(w, v.isEmpty() ? Double.NaN : v.get(0).value());
        }
        String alerting = "";
        for (ActiveAlert a : active) {
            if (a.phase() == Phase.FIRING) {
                String severity = a.labels().get("severity");
                if (severity.equals("critical") || alerting.isEmpty()) {
                    alerting = severity;
                }
            }
        }
        return new SloStatus(slo, t, ratios, alerting);
    }
}
