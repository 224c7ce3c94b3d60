package io.vigil.udfs.anomaly.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.anomaly.DetectorFactory;
import io.vigil.udfs.anomaly.SeriesMonitor;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.series.SeriesKeys;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Anomaly detection per metric series, keyed by {@link SeriesKeys#key} (the series written out,
 * never a hash). Emits a {@link MetricRollup} per series and rollup period when event time passes
 * the period's end, and on {@link #ALERTS} an {@link AlertEvent} whenever an anomaly alert fires or
 * resolves — at the point that causes it, without waiting for the period to end.
 *
 * <p>Points are taken in arrival order. A point older than the series' latest one is counted
 * ({@code pointsOutOfOrder}) and skipped; one whose period was already written reaches the detector
 * but not the rollups ({@code pointsLateForRollup}); one that yields no value (a cumulative
 * baseline, see {@link SeriesMonitor}) is counted ({@code pointsWithoutValue}). The points
 * themselves are all indexed by the metrics job anyway: nothing here is the only copy.
 *
 * <p><b>State</b> per series: the {@link SeriesMonitor} (detector state plus about 150 bytes and
 * the key), and the idle deadline. Cleared by an event-time timer when the series has sent nothing
 * for {@code idleTimeout} (an open alert is resolved then). Timers: one for the open rollup period,
 * one for the idle deadline.
 *
 * <p><b>Cap</b>: at most {@code maxSeries} series per subtask. Points of a new series beyond it are
 * counted ({@code seriesOverflowed}) and not modelled. The count is operator state; after rescaling
 * it is re-split evenly, so the cap holds approximately until idle series expire.
 */
public final class AnomalyDetection extends KeyedProcessFunction<String, MetricPoint, MetricRollup>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Anomaly alerts as they fire and resolve. */
    public static final OutputTag<AlertEvent> ALERTS =
            new OutputTag<>("anomaly-alerts", CodecTypeInfo.ALERT_EVENT);

    private final DetectorFactory detectors;
    private final SeriesMonitor.Settings settings;
    private final long idleMillis;
    private final long maxSeries;

    private transient ValueState<byte[]> monitor;
    private transient ValueState<Long> idleDeadline;
    private transient ListState<Long> seriesCountState;
    private transient long seriesCount;

    transient Counter seriesCreated;
    transient Counter seriesExpired;
    transient Counter seriesOverflowed;
    transient Counter pointsObserved;
    transient Counter pointsWithoutValue;
    transient Counter pointsOutOfOrder;
    transient Counter pointsLateForRollup;
    transient Counter alertsFired;
    transient Counter alertsResolved;

    /**
     * @param idleTimeout a series that sends nothing for this long (event time) is forgotten
     * @param maxSeries the most series one subtask models
     */
    public AnomalyDetection(
            DetectorFactory detectors,
            SeriesMonitor.Settings settings,
            Duration idleTimeout,
            long maxSeries) {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1, was " + maxSeries);
        }
        if (idleTimeout.compareTo(settings.rollupPeriod()) < 0) {
            throw new IllegalArgumentException(
                    "idleTimeout " + idleTimeout + " must be at least the rollup period");
        }
        this.detectors = detectors;
        this.settings = settings;
        this.idleMillis = idleTimeout.toMillis();
        this.maxSeries = maxSeries;
    }

    /** The key of a point: its series. */
    public static String key(MetricPoint point) {
        return SeriesKeys.key(point);
    }

    @Override
    public void open(OpenContext context) {
        monitor =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "series-monitor",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        idleDeadline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("series-idle-deadline", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        seriesCreated = metrics.counter("seriesCreated");
        seriesExpired = metrics.counter("seriesExpired");
        seriesOverflowed = metrics.counter("seriesOverflowed");
        pointsObserved = metrics.counter("pointsObserved");
        pointsWithoutValue = metrics.counter("pointsWithoutValue");
        pointsOutOfOrder = metrics.counter("pointsOutOfOrder");
        pointsLateForRollup = metrics.counter("pointsLateForRollup");
        alertsFired = metrics.counter("alertsFired");
        alertsResolved = metrics.counter("alertsResolved");
        metrics.gauge("series", () -> seriesCount);
    }

    @Override
    public void processElement(MetricPoint point, Context ctx, Collector<MetricRollup> out)
            throws Exception {
        byte[] bytes = monitor.value();
        SeriesMonitor m;
        if (bytes == null) {
            if (seriesCount >= maxSeries) {
                seriesOverflowed.inc();
                return;
            }
            m = SeriesMonitor.of(point, detectors.create());
            seriesCount++;
            seriesCreated.inc();
        } else {
            m = SeriesMonitor.fromBytes(bytes, detectors::restore);
        }
        long at = point.timeUnixNano() / 1_000_000;
        if (!m.inOrder(at)) {
            pointsOutOfOrder.inc();
            return;
        }
        double value = m.valueOf(point);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            pointsWithoutValue.inc();
            monitor.update(m.toBytes());
            armIdle(ctx, at);
            return;
        }
        SeriesMonitor.Step step =
                m.observe(at, value, Arrays.asList(point.exemplarTraceIds()), settings);
        pointsObserved.inc();
        if (step.lateForRollup()) {
            pointsLateForRollup.inc();
        }
        if (step.closed() != null) {
            out.collect(step.closed());
        }
        emit(ctx, step.alert());
        long rollupEnd = m.rollupEndMillis(settings);
        if (rollupEnd != Long.MIN_VALUE) {
            ctx.timerService().registerEventTimeTimer(rollupEnd);
        }
        monitor.update(m.toBytes());
        armIdle(ctx, at);
    }

    /** Keeps one idle timer per series, moved on lazily when it fires. */
    private void armIdle(Context ctx, long at) throws Exception {
        if (idleDeadline.value() == null) {
            long deadline = at + idleMillis;
            idleDeadline.update(deadline);
            ctx.timerService().registerEventTimeTimer(deadline);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricRollup> out)
            throws Exception {
        byte[] bytes = monitor.value();
        if (bytes == null) {
            return;
        }
        SeriesMonitor m = SeriesMonitor.fromBytes(bytes, detectors::restore);
        MetricRollup closed = m.closeRollup(timestamp, settings);
        if (closed != null) {
            out.collect(closed);
        }
        Long deadline = idleDeadline.value();
        if (deadline != null && timestamp >= deadline) {
            long due = m.lastMillis() + idleMillis;
            if (due > timestamp) {
                idleDeadline.update(due);
                ctx.timerService().registerEventTimeTimer(due);
            } else {
                emit(ctx, m.expire(timestamp));
                MetricRollup last = m.closeRollup(Long.MAX_VALUE, settings);
                if (last != null) {
                    out.collect(last);
                }
                long rollupEnd = m.rollupEndMillis(settings);
                if (rollupEnd != Long.MIN_VALUE) {
                    ctx.timerService().deleteEventTimeTimer(rollupEnd);
                }
                monitor.clear();
                idleDeadline.clear();
                seriesCount--;
                seriesExpired.inc();
                return;
            }
        }
        if (closed != null) {
            monitor.update(m.toBytes());
        }
    }

    private void emit(Context ctx, AlertEvent alert) {
        if (alert == null) {
            return;
        }
        ctx.output(ALERTS, alert);
        if (alert.endsAt() == null) {
            alertsFired.inc();
        } else {
            alertsResolved.inc();
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        seriesCountState.update(java.util.List.of(seriesCount));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        seriesCountState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("series-count", Types.LONG));
        seriesCount = 0;
        for (Long n : seriesCountState.get()) {
            seriesCount += n;
        }
    }
}
