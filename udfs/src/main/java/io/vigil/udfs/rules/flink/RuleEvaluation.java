package io.vigil.udfs.rules.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.promql.SeriesStore;
import io.vigil.udfs.rules.RuleAlerts;
import io.vigil.udfs.rules.RuleEngine;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.rules.RuleGroupState;
import io.vigil.udfs.rules.RuleGroupState.ActiveAlert;
import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a rule set ({@link RuleEngine}) per key ({@link RuleRouting} sends each set the points
 * it reads) in event time, on the set's own clock: when a point arrives, every evaluation time up
 * to the set's newest point less the out-of-orderness bound is evaluated, in order, as Prometheus
 * would. A set's clock is its own data's, not the job's watermark, so rules over a slower input
 * (the traces job's RED metrics behind the raw metrics, say) are evaluated with their data in, not
 * before it arrives. When the set's data goes quiet for {@code quietAfter} (10 minutes by default)
 * of event time while the watermark moves on, the watermark drives its evaluations: series that
 * stopped go stale, alerts resolve and {@code absent()} fires. Alerts that fire or resolve are
 * emitted as {@link AlertEvent}s ({@link RuleAlerts}).
 *
 * <p>At the end of a bounded input (the watermark jumps to the end of time) evaluation stops at the
 * last point: alerts still firing then stay as they are.
 *
 * <p>Late samples (older than the set's clock) are still stored if they are newer than their
 * series' latest; they count from the next evaluation on. Older ones are refused ({@code
 * samplesOutOfOrder}). An evaluation error (a many-to-many match, say) leaves that rule's alerts as
 * they were, is counted ({@code evaluationErrors}) and logged at most once a minute per set.
 *
 * <p><b>State</b> per rule set: the engine (samples within the longest range any rule reads plus 5
 * minutes, the alerts, running totals of delta series) and the first data time; one timer. The
 * state goes when no series and no alert is left.
 */
public final class RuleEvaluation
        extends KeyedProcessFunction<String, Tuple2<String, MetricPoint>, AlertEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluation.class);

    /** Documents the {@link Observer} writes after evaluations (SLO status, say). */
    public static final OutputTag<EsDocument> DOCUMENTS =
            new OutputTag<>("rule-documents", TypeInformation.of(EsDocument.class));

    /** Looks at a group right after each of its evaluations and returns documents to write. */
    @FunctionalInterface
    public interface Observer extends Serializable {
        List<EsDocument> evaluated(
                RuleGroup group, long atMillis, SeriesStore store, List<ActiveAlert> alerts);
    }

    /** The default of how long a set's data may be quiet before the watermark drives it. */
    public static final Duration DEFAULT_QUIET = Duration.ofMinutes(10);

    private final Map<String, List<RuleGroup>> sets = new HashMap<>();
    private final AlertSource source;
    private final Observer observer;
    private final long outOfOrdernessMillis;
    private final long quietMillis;

    private transient ValueState<RuleEngine> engine;
    private transient ValueState<Long> firstData;
    private transient Map<String, Long> lastErrorLog;
    transient Counter evaluations;
    transient Counter evaluationErrors;
    transient Counter alertsFired;
    transient Counter alertsResolved;
    transient Counter samplesOutOfOrder;

    /**
     * @param groups every rule group (split into sets as {@link RuleRouting} does)
     * @param source the source the alerts carry: {@code RULE}, or {@code SLO_BURN_RATE}
     */
    public RuleEvaluation(List<RuleGroup> groups, AlertSource source) {
        this(groups, source, null, Duration.ZERO, DEFAULT_QUIET);
    }

    /**
     * @param observer called after each group evaluation; its documents go to {@link #DOCUMENTS}
     *     (null: none)
     * @param maxOutOfOrderness how far a point may come after a later one of the same set: a set is
     *     evaluated up to its newest point less this bound
     */
    public RuleEvaluation(
            List<RuleGroup> groups,
            AlertSource source,
            Observer observer,
            Duration maxOutOfOrderness,
            Duration quietAfter) {
        for (List<RuleGroup> set : RuleEngine.components(groups)) {
            sets.put(RuleRouting.keyOf(set), List.copyOf(set));
        }
        this.source = source;
        this.observer = observer;
        this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
        this.quietMillis = quietAfter.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        engine =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "rule-engine", RuleEngineSerializer.INSTANCE));
        firstData =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("rule-first-data", Types.LONG));
        lastErrorLog = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        evaluations = metrics.counter("evaluations");
        evaluationErrors = metrics.counter("evaluationErrors");
        alertsFired = metrics.counter("alertsFired");
        alertsResolved = metrics.counter("alertsResolved");
        samplesOutOfOrder = metrics.counter("samplesOutOfOrder");
    }

    private RuleEngine engine(String key) throws Exception {
        RuleEngine e = engine.value();
        List<RuleGroup> groups = sets.get(key);
        if (e == null) {
            e = new RuleEngine(groups);
        } else if (e.groups() == null) {
            e.bind(groups); // restored from a checkpoint: the rules come from the configuration
        }
        return e;
    }

    @Override
    public void processElement(
            Tuple2<String, MetricPoint> in, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        String key = ctx.getCurrentKey();
        if (!sets.containsKey(key)) {
            return; // a rule set that no longer exists (restored state of an older configuration)
        }
        RuleEngine e = engine(key);
        long before = e.store().outOfOrder();
        e.accept(in.f1);
        samplesOutOfOrder.inc(e.store().outOfOrder() - before);
        Long first = firstData.value();
        if (first == null) {
            first = in.f1.timeUnixNano() / 1_000_000;
            firstData.update(first);
        }
        // The set's own clock: its newest point, less the out-of-orderness bound.
        evaluate(e, e.lastDataMillis() - outOfOrdernessMillis, first, key, ctx, out);
        engine.update(e);
        ctx.timerService().registerEventTimeTimer(e.lastDataMillis() + quietMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        String key = ctx.getCurrentKey();
        Long first = firstData.value();
        if (first == null || !sets.containsKey(key)) {
            return;
        }
        RuleEngine e = engine(key);
        if (timestamp < e.lastDataMillis() + quietMillis) {
            return; // data came since this timer was set; a later one is pending
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // The input ended (a bounded replay): event time jumped to the end of time. Evaluate
            // up to the last point and stop: days of emptiness would only resolve everything.
            evaluate(e, e.lastDataMillis(), first, key, ctx, out);
            engine.clear();
            firstData.clear();
            return;
        }
        // The set's data went quiet while time moved on: evaluate on the watermark, so that
        // series that stopped go stale, alerts resolve and absent() fires.
        evaluate(e, timestamp, first, key, ctx, out);
        if (e.store().seriesCount() > 0 || !e.activeAlerts().isEmpty()) {
            engine.update(e);
            ctx.timerService().registerEventTimeTimer(e.nextEvaluation(first));
        } else {
            // Nothing left to read or to resolve: the next point starts the chain again.
            engine.clear();
            firstData.clear();
        }
    }

    /** Evaluates the set up to {@code upTo} and emits what fired and resolved. */
    private void evaluate(
            RuleEngine e,
            long upTo,
            long first,
            String key,
            Context ctx,
            Collector<AlertEvent> out) {
        for (RuleEngine.GroupEvaluation g : e.advanceTo(upTo, first)) {
            evaluations.inc();
            for (RuleGroupState.Transition t : g.evaluation().transitions()) {
                out.collect(RuleAlerts.event(t, g.group().name(), source));
                (t.phase() == io.vigil.udfs.alerts.AlertLifecycle.Phase.FIRING
                                ? alertsFired
                                : alertsResolved)
                        .inc();
            }
            if (observer != null) {
                for (EsDocument d :
                        observer.evaluated(
                                g.group(), g.atMillis(), e.store(), e.activeAlerts(g.group()))) {
                    ctx.output(DOCUMENTS, d);
                }
            }
            if (!g.evaluation().errors().isEmpty()) {
                evaluationErrors.inc(g.evaluation().errors().size());
                Long last = lastErrorLog.get(key);
                if (last == null || g.atMillis() - last >= 60_000) {
                    lastErrorLog.put(key, g.atMillis());
                    LOG.warn(
                            "rule evaluation at {} failed: {}",
                            g.atMillis(),
                            g.evaluation().errors());
                }
            }
        }
    }
}
