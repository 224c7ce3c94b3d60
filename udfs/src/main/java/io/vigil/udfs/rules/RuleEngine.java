package io.vigil.udfs.rules;

import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.promql.Evaluator;
import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.PointSamples;
import io.vigil.udfs.promql.SeriesStore;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule groups evaluated together over one {@link SeriesStore}: the plain-Java core that the Flink
 * operator runs per key. Metric points come in ({@link #accept}), as Prometheus samples ({@link
 * PointSamples}); {@link #advanceTo} evaluates every group at each of its evaluation times up to
 * the event time reached (multiples of the group's interval since the epoch, as Prometheus aligns
 * them, without its per-group offset), in order, and returns what fired and resolved. Samples older
 * than the longest range any rule reads, plus the 5-minute lookback and an interval, are dropped
 * after each evaluation.
 *
 * <p>Groups that read series another group records must be in the same engine ({@link #components}
 * splits a rule set so that they are).
 */
public final class RuleEngine implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The most evaluations one group catches up at once; older ones are skipped and counted. */
    public static final int MAX_CATCH_UP = 1_000;

    private transient List<RuleGroup> groups;
    private transient Map<String, Long> keepByName;
    private transient long keepOther;
    private final Map<String, RuleGroupState> states = new LinkedHashMap<>();
    private final Map<String, Long> lastEvaluated = new LinkedHashMap<>();
    private final SeriesStore store = new SeriesStore();
    private final PointSamples samples = new PointSamples();
    private long skippedEvaluations;
    private long evaluations;
    private long lastDataMillis = Long.MIN_VALUE;

    public RuleEngine(List<RuleGroup> groups) {
        bind(groups);
    }

    /** Binds the engine to the current rule groups, after a restore or a change of rule files. */
    public void bind(List<RuleGroup> newGroups) {
        this.groups = List.copyOf(newGroups);
        Set<String> names = new HashSet<>();
        long interval = 0;
        for (RuleGroup g : groups) {
            names.add(g.name());
            RuleGroupState s = states.get(g.name());
            if (s == null) {
                states.put(g.name(), new RuleGroupState(g));
            } else {
                s.rebind(g);
            }
            interval = Math.max(interval, g.interval().toMillis());
        }
        states.keySet().retainAll(names);
        lastEvaluated.keySet().retainAll(names);
        // Each series is kept as long as the longest range any rule reads it over (plus the
        // lookback and an interval); a series no selector names only for the lookback.
        long slack = Evaluator.DEFAULT_LOOKBACK_MILLIS + interval;
        Map<String, Long> ranges = new java.util.HashMap<>();
        long[] unnamed = {-1};
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                walk(
                        r.expr(),
                        n -> {
                            if (n instanceof Expr.MatrixSelector m) {
                                note(ranges, unnamed, m.selector().metricName(), m.rangeMillis());
                            } else if (n instanceof Expr.VectorSelector vs) {
                                note(ranges, unnamed, vs.metricName(), 0);
                            }
                        });
            }
        }
        this.keepOther = Math.max(0, unnamed[0]) + slack;
        this.keepByName = new java.util.HashMap<>();
        ranges.forEach((name, range) -> keepByName.put(name, Math.max(range, unnamed[0]) + slack));
    }

    private static void note(Map<String, Long> ranges, long[] unnamed, String name, long range) {
        if (name.isEmpty()) {
            unnamed[0] = Math.max(unnamed[0], range);
        } else {
            ranges.merge(name, range, Math::max);
        }
    }

    /** The groups this engine evaluates. */
    public List<RuleGroup> groups() {
        return groups;
    }

    /** Takes a metric point's samples into the store. */
    public void accept(MetricPoint point) {
        samples.accept(point, store::append);
        lastDataMillis = Math.max(lastDataMillis, point.timeUnixNano() / 1_000_000);
    }

    /** The latest point time seen, epoch ms ({@link Long#MIN_VALUE} before any). */
    public long lastDataMillis() {
        return lastDataMillis;
    }

    /** The evaluation of one group at one time. */
    public record GroupEvaluation(
            RuleGroup group, long atMillis, RuleGroupState.Evaluation evaluation) {}

    /**
     * The next time at which a group is due, after the last evaluated ones (or the first multiple
     * of each interval at or after {@code from} for groups never evaluated).
     */
    public long nextEvaluation(long from) {
        long next = Long.MAX_VALUE;
        for (RuleGroup g : groups) {
            next = Math.min(next, nextFor(g, from));
        }
        return next;
    }

    private long nextFor(RuleGroup g, long from) {
        long interval = g.interval().toMillis();
        Long last = lastEvaluated.get(g.name());
        if (last != null) {
            return last + interval;
        }
        return Math.floorDiv(from + interval - 1, interval) * interval;
    }

    /**
     * Evaluates every group at each of its evaluation times up to {@code t} not yet evaluated, in
     * time order across groups.
     *
     * @param firstDataMillis where a group never evaluated starts (the first sample's time)
     */
    public List<GroupEvaluation> advanceTo(long t, long firstDataMillis) {
        List<GroupEvaluation> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            long interval = g.interval().toMillis();
            long next = nextFor(g, firstDataMillis);
            if (next <= t && (t - next) / interval >= MAX_CATCH_UP) {
                long skipTo = next + ((t - next) / interval - MAX_CATCH_UP + 1) * interval;
                skippedEvaluations += (skipTo - next) / interval;
                lastEvaluated.put(g.name(), skipTo - interval);
            }
        }
        while (true) {
            RuleGroup due = null;
            long dueAt = Long.MAX_VALUE;
            for (RuleGroup g : groups) {
                long n = nextFor(g, firstDataMillis);
                if (n <= t && n < dueAt) {
                    due = g;
                    dueAt = n;
                }
            }
            if (due == null) {
                break;
            }
            RuleGroupState.Evaluation e = states.get(due.name()).evaluate(dueAt, store);
            lastEvaluated.put(due.name(), dueAt);
            evaluations++;
            out.add(new GroupEvaluation(due, dueAt, e));
        }
        if (!out.isEmpty()) {
            store.evictBefore(
                    labels -> t - keepByName.getOrDefault(labels.metricName(), keepOther),
                    samples::forget);
        }
        return out;
    }

    /** The store (for inspection and tests). */
    public SeriesStore store() {
        return store;
    }

    /** Evaluations skipped because event time jumped more than {@link #MAX_CATCH_UP} intervals. */
    public long skippedEvaluations() {
        return skippedEvaluations;
    }

    /** Group evaluations done. */
    public long evaluations() {
        return evaluations;
    }

    /** Every pending or firing alert. */
    public List<RuleGroupState.ActiveAlert> activeAlerts() {
        List<RuleGroupState.ActiveAlert> out = new ArrayList<>();
        states.values().forEach(s -> out.addAll(s.activeAlerts()));
        return out;
    }

    /** The pending or firing alerts of one group. */
    public List<RuleGroupState.ActiveAlert> activeAlerts(RuleGroup group) {
        RuleGroupState s = states.get(group.name());
        return s == null ? List.of() : s.activeAlerts();
    }

    // ---- what the rules read -----------------------------------------------------------------

    /** The longest range ({@code [d]}) an expression reads, 0 if none. */
    public static long longestRange(Expr e) {
        long[] max = {0};
        walk(
                e,
                n -> {
                    if (n instanceof Expr.MatrixSelector m) {
                        max[0] = Math.max(max[0], m.rangeMillis());
                    }
                });
        return max[0];
    }

    /**
     * The metric names the rules select, or {@code null} if some selector has no fixed name (then
     * every series may matter).
     */
    public static Set<String> selectedNames(List<RuleGroup> groups) {
        Set<String> names = new HashSet<>();
        boolean[] any = {false};
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                walk(
                        r.expr(),
                        n -> {
                            if (n instanceof Expr.VectorSelector vs) {
                                if (vs.metricName().isEmpty()) {
                                    any[0] = true;
                                } else {
                                    names.add(vs.metricName());
                                }
                            }
                        });
            }
        }
        return any[0] ? null : names;
    }

    /**
     * Splits groups into sets that must be evaluated together: a group that selects a series
     * another group records joins that group's set. Each set keeps file order.
     */
    public static List<List<RuleGroup>> components(List<RuleGroup> groups) {
        int n = groups.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        Map<String, Integer> recordedBy = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            for (Rule r : groups.get(i).rules()) {
                if (r instanceof Rule.Recording) {
                    Integer other = recordedBy.putIfAbsent(r.name(), i);
                    if (other != null) {
                        union(parent, i, other);
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Set<String> selected = selectedNames(List.of(groups.get(i)));
            for (Map.Entry<String, Integer> e : recordedBy.entrySet()) {
                if (selected == null || selected.contains(e.getKey())) {
                    union(parent, i, e.getValue());
                }
            }
        }
        Map<Integer, List<RuleGroup>> sets = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            sets.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(groups.get(i));
        }
        return new ArrayList<>(sets.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    private static void walk(Expr e, java.util.function.Consumer<Expr> visit) {
        visit.accept(e);
        if (e instanceof Expr.MatrixSelector m) {
            walk(m.selector(), visit);
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(a -> walk(a, visit));
        } else if (e instanceof Expr.Aggregate a) {
            walk(a.expr(), visit);
        } else if (e instanceof Expr.Binary b) {
            walk(b.lhs(), visit);
            walk(b.rhs(), visit);
        } else if (e instanceof Expr.Negate n) {
            walk(n.expr(), visit);
        }
    }
}
