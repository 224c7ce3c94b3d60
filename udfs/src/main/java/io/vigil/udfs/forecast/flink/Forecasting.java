package io.vigil.udfs.forecast.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.forecast.CapacityPoint;
import io.vigil.udfs.forecast.ForecastDocuments;
import io.vigil.udfs.forecast.ForecastPoint;
import io.vigil.udfs.forecast.ForecastSettings;
import io.vigil.udfs.forecast.SeriesForecast;
import io.vigil.udfs.series.MetricRollup;
import java.time.Duration;
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
 * Forecasting per metric series over anomaly detection's rollups, keyed by the series key (the
 * series written out, never a hash): each rollup's average is the series' next step ({@link
 * SeriesForecast}). Emits the {@code <prefix>-forecasts-*} documents ({@link ForecastDocuments})
 * every {@link ForecastSettings#every()} of event time per series, and on {@link #ALERTS} the
 * predictive alerts ({@code source: forecast}) as they fire and resolve.
 *
 * <p>Rollups of a series arrive in order (anomaly detection writes each period once, in order); one
 * that is not after the series' latest step is counted ({@code rollupsLate}) and left out.
 *
 * <p><b>State</b> per series: the {@link SeriesForecast} (at most about 5 KB with the default
 * settings, 6 KB while an alert is open) and the idle deadline. Cleared by an event-time timer when
 * the series has had no rollup for {@code idleTimeout} (an open alert is resolved then). One timer
 * per series.
 *
 * <p><b>Cap</b>: at most {@code maxSeries} series per subtask; rollups of a new series beyond it
 * are counted ({@code seriesOverflowed}) and not forecast. The count is operator state, re-split
 * evenly after rescaling, as in anomaly detection.
 */
public final class Forecasting extends KeyedProcessFunction<String, MetricRollup, EsDocument>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Predictive alerts as they fire and resolve. */
    public static final OutputTag<AlertEvent> ALERTS =
            new OutputTag<>("forecast-alerts", CodecTypeInfo.ALERT_EVENT);

    private final ForecastSettings settings;
    private final ForecastDocuments documents;
    private final Duration idleTimeout;
    private final long maxSeries;

    private transient ValueState<byte[]> model;
    private transient ValueState<Long> idleDeadline;
    private transient ListState<Long> seriesCountState;
    private transient long seriesCount;

    transient Counter seriesCreated;
    transient Counter seriesExpired;
    transient Counter seriesOverflowed;
    transient Counter rollupsObserved;
    transient Counter rollupsLate;
    transient Counter forecastDocuments;
    transient Counter capacityDocuments;
    transient Counter alertsFired;
    transient Counter alertsResolved;

    /**
     * @param indexPrefix the documents' index prefix
     * @param idleTimeout a series without a rollup for this long (event time) is forgotten
     * @param maxSeries the most series one subtask forecasts
     */
    public Forecasting(
            ForecastSettings settings, String indexPrefix, Duration idleTimeout, long maxSeries) {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1, was " + maxSeries);
        }
        if (idleTimeout.compareTo(settings.step()) < 0) {
            throw new IllegalArgumentException(
                    "idleTimeout " + idleTimeout + " must be at least the step " + settings.step());
        }
        this.settings = settings;
        this.documents = new ForecastDocuments(indexPrefix);
        this.idleTimeout = idleTimeout;
        this.maxSeries = maxSeries;
    }

    /** The key of a rollup: its series. */
    public static String key(MetricRollup rollup) {
        return rollup.series().key();
    }

    @Override
    public void open(OpenContext context) {
        model =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "series-forecast",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        idleDeadline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("forecast-idle-deadline", Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        seriesCreated = metrics.counter("seriesCreated");
        seriesExpired = metrics.counter("seriesExpired");
        seriesOverflowed = metrics.counter("seriesOverflowed");
        rollupsObserved = metrics.counter("rollupsObserved");
        rollupsLate = metrics.counter("rollupsLate");
        forecastDocuments = metrics.counter("forecastDocuments");
        capacityDocuments = metrics.counter("capacityDocuments");
        alertsFired = metrics.counter("alertsFired");
        alertsResolved = metrics.counter("alertsResolved");
        metrics.gauge("series", () -> seriesCount);
    }

    @Override
    public void processElement(MetricRollup r, Context ctx, Collector<EsDocument> out)
            throws Exception {
        byte[] bytes = model.value();
        SeriesForecast m;
        if (bytes == null) {
            if (seriesCount >= maxSeries) {
                seriesOverflowed.inc();
                return;
            }
            m = new SeriesForecast(r.series(), settings.stepMillis());
            seriesCount++;
            seriesCreated.inc();
        } else {
            m = SeriesForecast.fromBytes(bytes);
        }
        SeriesForecast.Step step = m.observe(r.startMillis(), r.avg(), settings);
        if (step.late()) {
            rollupsLate.inc(); // never for a new series: it has no latest step
            return;
        }
        rollupsObserved.inc();
        for (ForecastPoint p : step.forecasts()) {
            out.collect(documents.forecast(p));
            forecastDocuments.inc();
        }
        CapacityPoint capacity = step.capacity();
        if (capacity != null) {
            out.collect(documents.capacity(capacity));
            capacityDocuments.inc();
        }
        emit(ctx, step.alert());
        model.update(m.toBytes());
        if (idleDeadline.value() == null) {
            long deadline = m.lastStepEndMillis() + idleTimeout.toMillis();
            idleDeadline.update(deadline);
            ctx.timerService().registerEventTimeTimer(deadline);
        }
    }

    /** The idle timer, moved on lazily: it fires, and is set again if rollups came since. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EsDocument> out)
            throws Exception {
        byte[] bytes = model.value();
        if (bytes == null) {
            idleDeadline.clear();
            return;
        }
        SeriesForecast m = SeriesForecast.fromBytes(bytes);
        long due = m.lastStepEndMillis() + idleTimeout.toMillis();
        if (due > timestamp) {
            idleDeadline.update(due);
            ctx.timerService().registerEventTimeTimer(due);
            return;
        }
        emit(ctx, m.expire(timestamp, idleTimeout));
        model.clear();
        idleDeadline.clear();
        seriesCount--;
        seriesExpired.inc();
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
                        .getListState(
                                new ListStateDescriptor<>("forecast-series-count", Types.LONG));
        seriesCount = 0;
        for (Long n : seriesCountState.get()) {
            seriesCount += n;
        }
    }
}
