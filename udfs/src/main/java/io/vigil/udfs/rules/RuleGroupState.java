package io.vigil.udfs.rules;

import io.vigil.udfs.alerts.AlertLifecycle;
import io.vigil.udfs.alerts.AlertLifecycle.Phase;
import io.vigil.udfs.promql.Evaluator;
import io.vigil.udfs.promql.Evaluator.Sample;
import io.vigil.udfs.promql.Labels;
import io.vigil.udfs.promql.PromQLException;
import io.vigil.udfs.promql.SeriesStore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Evaluates one {@link RuleGroup} at event times, in order, and keeps its alerts, with Prometheus'
 * semantics:
 *
 * <ul>
 *   <li>rules run in file order; a recording rule's result is written to the {@link SeriesStore} at
 *       the evaluation time (so later rules see it), and a series it no longer returns gets a stale
 *       marker;
 *   <li>each series an alerting rule returns is an alert, identified by its labels (the series'
 *       labels without the metric name, plus the rule's labels, plus {@code alertname}); it is
 *       pending from the first evaluation that returns it and fires once it has been returned for
 *       {@code for}; a pending alert not returned is dropped; a firing alert not returned resolves,
 *       or keeps firing for {@code keep_firing_for} first ({@link AlertLifecycle});
 *   <li>annotations and the value are refreshed at every evaluation that returns the series;
 *   <li>an evaluation that fails (a many-to-many match, say) leaves the rule's alerts as they were
 *       and is reported in {@link Evaluation#errors()}.
 * </ul>
 */
public final class RuleGroupState implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient RuleGroup group;
    private List<String> ruleIds = new ArrayList<>();
    private List<Map<Labels, ActiveAlert>> active = new ArrayList<>();
    private List<Set<Labels>> recorded = new ArrayList<>();

    public RuleGroupState(RuleGroup group) {
        rebind(group);
    }

    /**
     * Binds the state to {@code group}'s rules, e.g. after a restore or a change of the rule file:
     * a rule keeps its alerts if a rule with the same name, expression and {@code for} was there
     * before; the state of rules that changed or went away is dropped.
     */
    public void rebind(RuleGroup newGroup) {
        List<String> ids = new ArrayList<>();
        List<Map<Labels, ActiveAlert>> newActive = new ArrayList<>();
        List<Set<Labels>> newRecorded = new ArrayList<>();
        for (Rule r : newGroup.rules()) {
            String id = ruleId(r);
            int old = ruleIds.indexOf(id);
            ids.add(id);
            if (old >= 0 && !ids.subList(0, ids.size() - 1).contains(id)) {
                newActive.add(active.get(old));
                newRecorded.add(recorded.get(old));
            } else {
                newActive.add(new LinkedHashMap<>());
                newRecorded.add(new HashSet<>());
            }
        }
        this.group = newGroup;
        this.ruleIds = ids;
        this.active = newActive;
        this.recorded = newRecorded;
    }

    private static String ruleId(Rule r) {
        String timing =
                r instanceof Rule.Alerting a ? a.forDuration() + "/" + a.keepFiringFor() : "";
        return (r instanceof Rule.Alerting ? "alert:" : "record:")
                + r.name()
                + "\n"
                + r.exprText()
                + "\n"
                + timing;
    }

    /** The group evaluated. */
    public RuleGroup group() {
        return group;
    }

    /** An alert of an alerting rule: pending or firing. */
    public static final class ActiveAlert implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String ruleName;
        private final Labels labels;
        private SortedMap<String, String> annotations;
        private double value;
        private final AlertLifecycle lifecycle = new AlertLifecycle();
        private long firedAtMillis = Long.MIN_VALUE;

        ActiveAlert(String ruleName, Labels labels) {
            this.ruleName = ruleName;
            this.labels = labels;
        }

        /** The name of the alerting rule ({@code alertname}). */
        public String ruleName() {
            return ruleName;
        }

        /** The alert's labels: {@code alertname}, the series' labels and the rule's. */
        public Labels labels() {
            return labels;
        }

        /** The expanded annotations, as of the latest evaluation that returned the series. */
        public SortedMap<String, String> annotations() {
            return annotations;
        }

        /** The value of the series at the latest evaluation that returned it. */
        public double value() {
            return value;
        }

        /** Where the alert is. */
        public Phase phase() {
            return lifecycle.phase();
        }

        /** When the series was first returned in this episode (Prometheus' {@code activeAt}). */
        public long activeAtMillis() {
            return lifecycle.activeSinceMillis();
        }

        /** When the alert fired, {@link Long#MIN_VALUE} if it has not. */
        public long firedAtMillis() {
            return firedAtMillis;
        }

        /**
         * When the alert's condition stopped holding, if it did: the resolution time once resolved
         * ({@link Long#MIN_VALUE} otherwise).
         */
        public long quietSinceMillis() {
            return lifecycle.quietSinceMillis();
        }
    }

    /** A change an evaluation made to an alert: it fired, or it resolved. */
    public record Transition(ActiveAlert alert, Phase phase, long atMillis) {}

    /** What one evaluation of the group did. */
    public record Evaluation(List<Transition> transitions, List<String> errors) {}

    /**
     * Evaluates every rule of the group at {@code t} (epoch milliseconds) over {@code store}.
     * Evaluation times must increase.
     */
    public Evaluation evaluate(long t, SeriesStore store) {
        Evaluator evaluator = new Evaluator(store);
        List<Transition> transitions = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < group.rules().size(); i++) {
            Rule rule = group.rules().get(i);
            List<Sample> result;
            try {
                result = evaluator.evalVector(rule.expr(), t);
            } catch (PromQLException e) {
                errors.add(group.name() + "/" + rule.name() + ": " + e.getMessage());
                continue;
            }
            if (rule instanceof Rule.Recording r) {
                record(r, result, recorded.get(i), store, t, errors);
            } else {
                alert((Rule.Alerting) rule, result, active.get(i), t, transitions, errors);
            }
        }
        return new Evaluation(transitions, errors);
    }

    private void record(
            Rule.Recording r,
            List<Sample> result,
            Set<Labels> previous,
            SeriesStore store,
            long t,
            List<String> errors) {
        Set<Labels> now = new HashSet<>();
        for (Sample s : result) {
            Map<String, String> l = s.labels().toMap();
            l.putAll(r.labels());
            l.put(Labels.NAME, r.name());
            Labels labels = Labels.of(l);
            if (!now.add(labels)) {
                errors.add(
                        group.name()
                                + "/"
                                + r.name()
                                + ": vector contains metrics with the same labelset after applying rule labels");
                return;
            }
        }
        now.clear();
        for (Sample s : result) {
            Map<String, String> l = s.labels().toMap();
            l.putAll(r.labels());
            l.put(Labels.NAME, r.name());
            Labels labels = Labels.of(l);
            now.add(labels);
            store.append(labels, t, s.value());
        }
        for (Labels gone : previous) {
            if (!now.contains(gone)) {
                store.markStale(gone, t);
            }
        }
        previous.clear();
        previous.addAll(now);
    }

    private void alert(
            Rule.Alerting rule,
            List<Sample> result,
            Map<Labels, ActiveAlert> alerts,
            long t,
            List<Transition> transitions,
            List<String> errors) {
        AlertLifecycle.Rule timing =
                new AlertLifecycle.Rule(rule.forDuration(), rule.keepFiringFor());
        Map<Labels, Sample> returned = new HashMap<>();
        Map<Labels, SortedMap<String, String>> annotations = new HashMap<>();
        for (Sample s : result) {
            Map<String, String> l = s.labels().withoutName().toMap();
            rule.labels().forEach((k, v) -> l.put(k, v.expand(s.labels(), s.value())));
            l.put("alertname", rule.name());
            Labels labels = Labels.of(l);
            if (returned.put(labels, s) != null) {
                errors.add(
                        group.name()
                                + "/"
                                + rule.name()
                                + ": vector contains metrics with the same labelset after applying alert labels");
                return;
            }
            SortedMap<String, String> a = new TreeMap<>();
            rule.annotations().forEach((k, v) -> a.put(k, v.expand(s.labels(), s.value())));
            annotations.put(labels, a);
        }
        for (Map.Entry<Labels, Sample> e : returned.entrySet()) {
            ActiveAlert a =
                    alerts.computeIfAbsent(e.getKey(), k -> new ActiveAlert(rule.name(), k));
            a.value = e.getValue().value();
            a.annotations = annotations.get(e.getKey());
        }
        Iterator<ActiveAlert> it = alerts.values().iterator();
        while (it.hasNext()) {
            ActiveAlert a = it.next();
            Phase before = a.lifecycle.phase();
            Phase after = a.lifecycle.observe(t, returned.containsKey(a.labels), timing);
            if (after == Phase.FIRING && before != Phase.FIRING) {
                a.firedAtMillis = t;
                transitions.add(new Transition(a, Phase.FIRING, t));
            } else if (after == Phase.RESOLVED) {
                transitions.add(new Transition(a, Phase.RESOLVED, t));
                it.remove();
            } else if (after == Phase.INACTIVE) {
                it.remove();
            }
        }
    }

    /** Every pending or firing alert of the group. */
    public List<ActiveAlert> activeAlerts() {
        List<ActiveAlert> out = new ArrayList<>();
        active.forEach(m -> out.addAll(m.values()));
        return out;
    }
}
