package io.vigil.udfs.rules;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertLifecycle.Phase;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.rules.RuleGroupState.ActiveAlert;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@link AlertEvent}s of rule alerts, for {@code vigil.alerts} (docs/alerts.md): the alert's
 * labels, plus {@code source} ({@code rule}, or {@code slo_burn_rate} for SLO rules) and {@code
 * service} (from the labels {@code service}, {@code service_name} or {@code job}, so incidents can
 * place it), with {@code severity} one of Vigil's three. A rule's own severity word is mapped
 * ({@code page}/{@code critical}/{@code error} → critical, {@code ticket}/{@code warning} →
 * warning, {@code info}/{@code none} → info; none given → warning) and, when it differs, kept as
 * {@code rule_severity}. It fires at Prometheus' {@code FiredAt} and ends at the evaluation that
 * resolved it.
 */
public final class RuleAlerts {
    private RuleAlerts() {}

    /** Vigil's severity for a rule's {@code severity} label (null or empty: warning). */
    public static Severity severityOf(String label) {
        if (label == null || label.isEmpty()) {
            return Severity.WARNING;
        }
        return switch (label.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "error", "high", "p1", "emergency", "fatal" ->
                    Severity.CRITICAL;
            case "info", "none", "informational", "low" -> Severity.INFO;
            default -> Severity.WARNING;
        };
    }

    /** The event of a transition ({@link Phase#FIRING} or {@link Phase#RESOLVED}). */
    public static AlertEvent event(
            RuleGroupState.Transition t, String groupName, AlertSource source) {
        ActiveAlert a = t.alert();
        SortedMap<String, String> labels = a.labels().toMap();
        String ruleSeverity = labels.get("severity");
        Severity severity = severityOf(ruleSeverity);
        if (ruleSeverity != null && !ruleSeverity.equals(severity.wireName())) {
            labels.put("rule_severity", ruleSeverity);
        }
        labels.put("severity", severity.wireName());
        labels.put("source", source.wireName());
        if (!labels.containsKey("service")) {
            for (String from : List.of("service_name", "job")) {
                String s = labels.get(from);
                if (s != null && !s.isEmpty()) {
                    labels.put("service", s);
                    break;
                }
            }
        }
        SortedMap<String, String> annotations = new TreeMap<>(a.annotations());
        annotations.putIfAbsent("rule_group", groupName);
        Instant firedAt = Instant.ofEpochMilli(a.firedAtMillis());
        AlertEvent firing =
                AlertEvent.firing(
                        labels,
                        annotations,
                        source,
                        severity,
                        firedAt,
                        null,
                        a.value(),
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        List.of());
        if (t.phase() == Phase.FIRING) {
            return firing;
        }
        Instant at = Instant.ofEpochMilli(t.atMillis());
        return firing.resolve(at, at, a.value(), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
