package io.vigil.udfs.slo;

import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.Labels;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compiles SLOs into Prometheus rule groups, one per SLO ({@code slo:<name>}), which the rule
 * engine evaluates like any other and which {@code vigil slo rules} prints for a Prometheus server:
 *
 * <ul>
 *   <li>{@code slo:sli_errors:rate5m} and {@code slo:sli_total:rate5m}: bad and all events per
 *       second over 5 minutes, summed over the SLI's series;
 *   <li>{@code slo:sli_error:ratio_rate<W>} for every window {@code W} the alerts use and for the
 *       SLO's own window: the error ratio. Up to 6 h it is the ratio of the counters' rates over
 *       {@code W}; beyond, the ratio of the averages of the 5-minute rates over {@code W}, so that
 *       only two series per SLO, not every series of the SLI, are kept for days;
 *   <li>{@code slo:error_budget:remaining}: {@code 1 − ratio over the SLO window / budget} (1: the
 *       whole budget left, 0: spent, below 0: overspent);
 *   <li>{@code ErrorBudgetBurnPage} (severity {@code critical}) and {@code ErrorBudgetBurnTicket}
 *       ({@code warning}): for each window pair of the {@link Slo.Profile profile}, the error ratio
 *       over both the long and the short window above {@code burn rate × budget}; pairs of one
 *       severity joined with {@code or}, as in the workbook.
 * </ul>
 *
 * Every series carries the labels {@code slo} and {@code service}. An SLI whose counters have no
 * events in a window has no ratio there (0/0): it neither burns nor alerts.
 */
public final class SloRules {
    /** Windows up to this long are computed from the SLI's counters directly. */
    static final Duration DIRECT_UP_TO = Duration.ofHours(6);

    private SloRules() {}

    /** The rule groups of {@code slos}, evaluated every {@code interval}. */
    public static List<RuleGroup> compile(List<Slo> slos, Duration interval) {
        return RuleFiles.parse(rulesYaml(slos, interval), "SLO rules", interval);
    }

    /** The name of an SLO's rule group. */
    public static String groupName(Slo slo) {
        return "slo:" + slo.name();
    }

    /** The error-ratio series of {@code window}. */
    public static String ratioName(Duration window) {
        return "slo:sli_error:ratio_rate" + duration(window);
    }

    /** The remaining-budget series. */
    public static final String BUDGET_REMAINING = "slo:error_budget:remaining";

    /**
     * The windows an SLO's ratio is recorded over: the profile's and the SLO's own, shortest first.
     */
    public static List<Duration> windows(Slo slo) {
        TreeSet<Duration> w = new TreeSet<>();
        for (Slo.BurnWindow b : slo.profile().windows()) {
            w.add(b.longWindow());
            w.add(b.shortWindow());
        }
        w.add(slo.window());
        return List.copyOf(w);
    }

    /** The rule file of {@code slos}, in Prometheus' format. */
    public static String rulesYaml(List<Slo> slos, Duration interval) {
        StringBuilder y = new StringBuilder("groups:\n");
        for (Slo slo : slos) {
            y.append("  - name: ").append(quote(groupName(slo))).append('\n');
            y.append("    interval: ").append(duration(interval)).append('\n');
            y.append("    rules:\n");
            String labels =
                    "{slo: " + quote(slo.name()) + ", service: " + quote(slo.service()) + "}";
            String own = "{slo=" + dq(slo.name()) + "}";
            record(y, "slo:sli_errors:rate5m", errors(slo.sli(), "5m"), labels);
            record(y, "slo:sli_total:rate5m", total(slo.sli(), "5m"), labels);
            for (Duration w : windows(slo)) {
                String d = duration(w);
                String expr =
                        w.compareTo(DIRECT_UP_TO) <= 0
                                ? errors(slo.sli(), d) + " / " + total(slo.sli(), d)
                                : "avg_over_time(slo:sli_errors:rate5m"
                                        + own
                                        + "["
                                        + d
                                        + "])"
                                        + " / avg_over_time(slo:sli_total:rate5m"
                                        + own
                                        + "["
                                        + d
                                        + "])";
                record(y, ratioName(w), expr, labels);
            }
            String budget = budgetText(slo);
            record(
                    y,
                    BUDGET_REMAINING,
                    "1 - " + ratioName(slo.window()) + own + " / " + budget,
                    labels);
            alert(y, slo, "ErrorBudgetBurnPage", "critical", own, budget);
            alert(y, slo, "ErrorBudgetBurnTicket", "warning", own, budget);
        }
        return y.toString();
    }

    private static void record(StringBuilder y, String name, String expr, String labels) {
        y.append("      - record: ").append(name).append('\n');
        y.append("        expr: ").append(quote(expr)).append('\n');
        y.append("        labels: ").append(labels).append('\n');
    }

    private static void alert(
            StringBuilder y, Slo slo, String name, String severity, String own, String budget) {
        StringBuilder expr = new StringBuilder();
        StringBuilder pairs = new StringBuilder();
        for (Slo.BurnWindow b : slo.profile().windows()) {
            if (!b.severity().equals(severity)) {
                continue;
            }
            if (expr.length() > 0) {
                expr.append(" or ");
                pairs.append(", or ");
            }
            String threshold = "(" + number(b.burnRate()) + " * " + budget + ")";
            expr.append('(')
                    .append(ratioName(b.longWindow()))
                    .append(own)
                    .append(" > ")
                    .append(threshold)
                    .append(" and ")
                    .append(ratioName(b.shortWindow()))
                    .append(own)
                    .append(" > ")
                    .append(threshold)
                    .append(')');
            pairs.append(number(b.burnRate()))
                    .append("× over ")
                    .append(duration(b.longWindow()))
                    .append(" and ")
                    .append(duration(b.shortWindow()));
        }
        if (expr.length() == 0) {
            return;
        }
        y.append("      - alert: ").append(name).append('\n');
        y.append("        expr: ").append(quote(expr.toString())).append('\n');
        y.append("        labels:\n");
        y.append("          severity: ").append(severity).append('\n');
        // slo and service are on the series already; as rule labels too, the alerts of two SLOs
        // are different rules to promtool's duplicate-rules lint. The SLO's own labels win.
        Map<String, String> labels = new TreeMap<>();
        labels.put("slo", slo.name());
        labels.put("service", slo.service());
        labels.putAll(slo.labels());
        labels.remove("severity");
        for (Map.Entry<String, String> l : labels.entrySet()) {
            y.append("          ")
                    .append(l.getKey())
                    .append(": ")
                    .append(quote(l.getValue()))
                    .append('\n');
        }
        y.append("        annotations:\n");
        y.append("          summary: ")
                .append(
                        quote(
                                "{{ $labels.service }}: SLO {{ $labels.slo }} burns its error budget ("
                                        + pairs
                                        + ")"))
                .append('\n');
        y.append("          description: ")
                .append(
                        quote(
                                "Error ratio {{ $value | humanizePercentage }} over the long window; objective "
                                        + percent(slo.objective())
                                        + " over "
                                        + duration(slo.window())
                                        + (slo.description().isEmpty()
                                                ? ""
                                                : ": " + slo.description())))
                .append('\n');
        for (Map.Entry<String, String> a : slo.annotations().entrySet()) {
            y.append("          ")
                    .append(a.getKey())
                    .append(": ")
                    .append(quote(a.getValue()))
                    .append('\n');
        }
    }

    // ---- the SLI as PromQL -------------------------------------------------------------------

    static String errors(Slo.Sli sli, String w) {
        if (sli instanceof Slo.Ratio r) {
            return r.errors() != null
                    ? "sum(rate(" + selector(r.errors(), "", null) + "[" + w + "]))"
                    : "(sum(rate("
                            + selector(r.total(), "", null)
                            + "["
                            + w
                            + "])) - sum(rate("
                            + selector(r.good(), "", null)
                            + "["
                            + w
                            + "])))";
        }
        Slo.Latency l = (Slo.Latency) sli;
        return "(sum(rate("
                + selector(l.histogram(), "_count", null)
                + "["
                + w
                + "])) - sum(rate("
                + selector(l.histogram(), "_bucket", l.le())
                + "["
                + w
                + "])))";
    }

    static String total(Slo.Sli sli, String w) {
        if (sli instanceof Slo.Ratio r) {
            return "sum(rate(" + selector(r.total(), "", null) + "[" + w + "]))";
        }
        Slo.Latency l = (Slo.Latency) sli;
        return "sum(rate(" + selector(l.histogram(), "_count", null) + "[" + w + "]))";
    }

    /**
     * A selector as PromQL text, with {@code suffix} added to its metric name and an {@code le}.
     */
    static String selector(Expr.VectorSelector s, String suffix, String le) {
        StringBuilder b = new StringBuilder(s.metricName()).append(suffix).append('{');
        boolean first = true;
        for (Expr.Matcher m : s.matchers()) {
            if (m.name().equals(Labels.NAME) && m.type() == Expr.MatchType.EQUAL) {
                continue;
            }
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append(m);
        }
        if (le != null) {
            b.append(first ? "" : ",").append("le=").append(dq(le));
        }
        return b.append('}').toString();
    }

    // ---- text --------------------------------------------------------------------------------

    /**
     * The budget {@code 1 − objective} written exactly (0.001 for 0.999, not
     * 0.0010000000000000009).
     */
    static String budgetText(Slo slo) {
        return BigDecimal.ONE
                .subtract(new BigDecimal(Double.toString(slo.objective())))
                .stripTrailingZeros()
                .toPlainString();
    }

    static String number(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    static String percent(double ratio) {
        return new BigDecimal(Double.toString(ratio))
                        .movePointRight(2)
                        .stripTrailingZeros()
                        .toPlainString()
                + "%";
    }

    /** A duration as Prometheus writes one: {@code 30d}, {@code 6h}, {@code 5m}, {@code 90s}. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return (ms / units[i]) + names[i];
            }
        }
        return ms + "ms";
    }

    private static String dq(String s) {
        return "\"" + Labels.escapeValue(s) + "\"";
    }

    /** A YAML single-quoted scalar. */
    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
