package io.vigil.bench.rules;

import io.vigil.bench.rules.RuleWorkload.Shape;
import io.vigil.udfs.promql.Evaluator;
import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.Labels;
import io.vigil.udfs.promql.SeriesStore;
import io.vigil.udfs.rules.Rule;
import io.vigil.udfs.rules.RuleEngine;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.rules.RuleGroupState;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rule evaluation against the bare series update rate, on one thread, in event time:
 *
 * <ul>
 *   <li><b>ceiling</b>: every step's samples appended straight into a {@link SeriesStore};
 *   <li><b>full</b>: the same samples appended into the store of a {@link RuleEngine} holding every
 *       rule group, then {@link RuleEngine#advanceTo} at the step's time, which evaluates each
 *       group once (interval = step) and evicts samples older than the rules read.
 * </ul>
 *
 * Both first take {@link #fillSteps} steps untimed (the longest range the rules read plus the
 * lookback), so that the timed steps see full ranges; the timed part is {@code minutes} of event
 * time. CPU time is this thread's ({@link ThreadMXBean#getCurrentThreadCpuTime}); garbage
 * collection and JIT compilation run on other threads and are reported separately (process CPU, GC
 * time). The values of a step are generated before its timer starts.
 */
public final class RuleBench {
    /** Event time of the first step (aligned to the step). */
    public static final long START_MILLIS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    /** Rules per group. */
    public static final int GROUP_SIZE = 10;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final RuleWorkload workload;
    private final List<RuleGroup> groups;
    private final int steps;
    private final int fillSteps;
    private final long keepMillis;
    private final long stepMillis = RuleWorkload.STEP.toMillis();

    /** The bench over {@code workload}, timing {@code minutes} of event time. */
    public RuleBench(RuleWorkload workload, double minutes) {
        this.workload = workload;
        this.groups =
                RuleFiles.parse(
                        workload.rulesYaml(GROUP_SIZE), "bench-rules.yml", RuleWorkload.STEP);
        this.steps = Math.max(1, (int) Math.round(minutes * 60_000 / stepMillis));
        long longest = 0;
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                longest = Math.max(longest, RuleEngine.longestRange(r.expr()));
            }
        }
        this.fillSteps = (int) ((longest + Evaluator.DEFAULT_LOOKBACK_MILLIS) / stepMillis);
        this.keepMillis = longest + Evaluator.DEFAULT_LOOKBACK_MILLIS + stepMillis;
        if (THREADS.isCurrentThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    /** The parsed rule groups. */
    public List<RuleGroup> groups() {
        return groups;
    }

    /** Timed steps. */
    public int steps() {
        return steps;
    }

    /** The event time of the last step. */
    public long lastMillis() {
        return START_MILLIS + (fillSteps + steps - 1) * stepMillis;
    }

    /** Untimed steps before the timed ones. */
    public int fillSteps() {
        return fillSteps;
    }

    /**
     * What one pass measured over its timed steps: this thread's CPU appending, in {@link
     * RuleEngine#advanceTo} (full run), and evicting the bare store (ceiling, not part of its
     * rate); wall time, process CPU and GC time of the timed sections; what the engine did.
     */
    public record Pass(
            long samples,
            int steps,
            long appendCpuNanos,
            long evalCpuNanos,
            long evictCpuNanos,
            long wallNanos,
            long processCpuNanos,
            long gcMillis,
            long groupEvaluations,
            long ruleEvaluations,
            long transitions,
            long errors,
            int firingAtEnd,
            int pendingAtEnd,
            int seriesAtEnd) {
        /** This thread's CPU over the timed steps: appending and evaluating. */
        public long cpuNanos() {
            return appendCpuNanos + evalCpuNanos;
        }

        /** Samples per second of this thread's CPU, appending and evaluating. */
        public double samplesPerCpuSecond() {
            return samples / (cpuNanos() / 1e9);
        }
    }

    /**
     * The ceiling: the samples appended into a bare store. After each step the store drops what the
     * rules would no longer read (not part of its rate, timed apart in {@link Pass#evictCpuNanos}),
     * so that it holds what the full run's store holds and never grows its buffers in a timed step.
     */
    public Pass ceiling() {
        SeriesStore store = new SeriesStore();
        Labels[] labels = workload.labels();
        RuleWorkload.Values values = workload.values();
        double[] v = new double[labels.length];
        for (int s = 0; s < fillSteps; s++) {
            values.next(v);
            long t = START_MILLIS + s * stepMillis;
            append(store, labels, v, t);
            store.evictBefore(t - keepMillis);
        }
        long appendCpu = 0;
        long evictCpu = 0;
        Meter meter = new Meter();
        for (int s = fillSteps; s < fillSteps + steps; s++) {
            values.next(v);
            long t = START_MILLIS + s * stepMillis;
            meter.start();
            long c0 = THREADS.getCurrentThreadCpuTime();
            append(store, labels, v, t);
            long c1 = THREADS.getCurrentThreadCpuTime();
            meter.stop();
            store.evictBefore(t - keepMillis);
            evictCpu += THREADS.getCurrentThreadCpuTime() - c1;
            appendCpu += c1 - c0;
        }
        return new Pass(
                (long) labels.length * steps,
                steps,
                appendCpu,
                0,
                evictCpu,
                meter.wall,
                meter.processCpu,
                meter.gc,
                0,
                0,
                0,
                0,
                0,
                0,
                store.seriesCount());
    }

    /** The full run: samples appended and every group evaluated at every step. */
    public Pass full() {
        return full(engine -> {});
    }

    /**
     * The full run; {@code atEnd} sees the engine after the last timed step (e.g. to count what the
     * rules select), at {@link #lastMillis()}.
     */
    public Pass full(Consumer<RuleEngine> atEnd) {
        RuleEngine engine = new RuleEngine(groups);
        SeriesStore store = engine.store();
        Labels[] labels = workload.labels();
        RuleWorkload.Values values = workload.values();
        double[] v = new double[labels.length];
        long ruleCount = groups.stream().mapToLong(g -> g.rules().size()).sum();
        for (int s = 0; s < fillSteps; s++) {
            values.next(v);
            long t = START_MILLIS + s * stepMillis;
            append(store, labels, v, t);
            engine.advanceTo(t, START_MILLIS);
        }
        long appendCpu = 0;
        long evalCpu = 0;
        long evaluationsBefore = engine.evaluations();
        long transitions = 0;
        long errors = 0;
        Meter meter = new Meter();
        for (int s = fillSteps; s < fillSteps + steps; s++) {
            values.next(v);
            long t = START_MILLIS + s * stepMillis;
            meter.start();
            long c0 = THREADS.getCurrentThreadCpuTime();
            append(store, labels, v, t);
            long c1 = THREADS.getCurrentThreadCpuTime();
            List<RuleEngine.GroupEvaluation> done = engine.advanceTo(t, START_MILLIS);
            long c2 = THREADS.getCurrentThreadCpuTime();
            meter.stop();
            appendCpu += c1 - c0;
            evalCpu += c2 - c1;
            for (RuleEngine.GroupEvaluation g : done) {
                transitions += g.evaluation().transitions().size();
                errors += g.evaluation().errors().size();
            }
        }
        atEnd.accept(engine);
        long groupEvaluations = engine.evaluations() - evaluationsBefore;
        int firing = 0;
        int pending = 0;
        for (RuleGroupState.ActiveAlert a : engine.activeAlerts()) {
            if (a.phase() == io.vigil.udfs.alerts.AlertLifecycle.Phase.FIRING) {
                firing++;
            } else {
                pending++;
            }
        }
        return new Pass(
                (long) labels.length * steps,
                steps,
                appendCpu,
                evalCpu,
                0,
                meter.wall,
                meter.processCpu,
                meter.gc,
                groupEvaluations,
                groupEvaluations * ruleCount / groups.size(),
                transitions,
                errors,
                firing,
                pending,
                store.seriesCount());
    }

    private static void append(SeriesStore store, Labels[] labels, double[] v, long t) {
        for (int i = 0; i < labels.length; i++) {
            store.append(labels[i], t, v[i]);
        }
    }

    /**
     * Wall time, process CPU and GC time summed over the timed sections ({@link #start} to {@link
     * #stop}); values are generated outside them.
     */
    private static final class Meter {
        long wall;
        long processCpu;
        long gc;
        private long wall0;
        private long cpu0;
        private long gc0;

        void start() {
            gc0 = gcMillis();
            cpu0 = OS.getProcessCpuTime();
            wall0 = System.nanoTime();
        }

        void stop() {
            wall += System.nanoTime() - wall0;
            processCpu += OS.getProcessCpuTime() - cpu0;
            gc += gcMillis() - gc0;
        }

        private static long gcMillis() {
            long sum = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                sum += Math.max(0, b.getCollectionTime());
            }
            return sum;
        }
    }

    // ---- what the rules read -----------------------------------------------------------------

    /** Per rule shape: rules, series their selectors match, samples their ranges hold, CPU. */
    public static final class ShapeCost {
        public int rules;
        public long series;
        public long rangeSamples;
        public long cpuNanos;
        public long results;
    }

    /**
     * What each rule reads at {@code t} over the engine's store (series matched by its selectors,
     * samples in its ranges), and the CPU of evaluating it alone ({@link Evaluator#evalVector},
     * {@code repeats} times, averaged), by shape.
     */
    public Map<Shape, ShapeCost> costByShape(RuleEngine engine, long t, int repeats) {
        Map<Shape, ShapeCost> out = new EnumMap<>(Shape.class);
        Map<String, Shape> shapeOf = new java.util.HashMap<>();
        workload.rules().forEach(r -> shapeOf.put(r.name(), r.shape()));
        SeriesStore store = engine.store();
        Evaluator evaluator = new Evaluator(store);
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                ShapeCost c = out.computeIfAbsent(shapeOf.get(r.name()), k -> new ShapeCost());
                c.rules++;
                walk(
                        r.expr(),
                        e -> {
                            if (e instanceof Expr.MatrixSelector m) {
                                for (SeriesStore.StoredSeries s : store.select(m.selector())) {
                                    c.series++;
                                    int first = s.firstAtOrAfter(t - m.rangeMillis());
                                    int last = s.lastAtOrBefore(t);
                                    c.rangeSamples += Math.max(0, last - first + 1);
                                }
                            } else if (e instanceof Expr.VectorSelector vs) {
                                c.series += store.select(vs).size();
                            }
                        });
                long c0 = THREADS.getCurrentThreadCpuTime();
                int n = 0;
                for (int i = 0; i < repeats; i++) {
                    n = evaluator.evalVector(r.expr(), t).size();
                }
                c.cpuNanos += (THREADS.getCurrentThreadCpuTime() - c0) / repeats;
                c.results += n;
            }
        }
        return out;
    }

    /**
     * How many copies of a sample the metrics job stores: each rule set ({@link
     * RuleEngine#components}) is its own keyed engine, and a point goes to every set that selects
     * one of its names. The mean over the workload's series.
     */
    public double copiesPerSampleInTheJob() {
        List<Set<String>> sets = new ArrayList<>();
        for (List<RuleGroup> set : RuleEngine.components(groups)) {
            Set<String> names = RuleEngine.selectedNames(set);
            sets.add(names == null ? null : new HashSet<>(names));
        }
        long copies = 0;
        for (Labels l : workload.labels()) {
            for (Set<String> names : sets) {
                if (names == null || names.contains(l.metricName())) {
                    copies++;
                }
            }
        }
        return (double) copies / workload.labels().length;
    }

    /** How many rule sets the metrics job would key ({@link RuleEngine#components}). */
    public int ruleSetsInTheJob() {
        return RuleEngine.components(groups).size();
    }

    /** Visits {@code e} and its parts; a range's selector is not visited apart from the range. */
    private static void walk(Expr e, Consumer<Expr> visit) {
        visit.accept(e);
        if (e instanceof Expr.Call c) {
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
