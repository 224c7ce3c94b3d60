package io.vigil.udfs.health.flink;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.health.HealthDocuments;
import io.vigil.udfs.health.HealthEvent;
import io.vigil.udfs.health.HealthModel;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores each service (the key) every minute of event time, once the watermark passes the minute: a
 * {@code <prefix>-health-*} document per service and minute ({@link HealthDocuments}). Scoring goes
 * on while the service has alerts, incidents or SLOs open, or sent anything in the last hour; then
 * its state is cleared.
 */
public final class HealthScoring extends KeyedProcessFunction<String, HealthEvent, EsDocument> {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000L;

    /** A service silent this long, with nothing open, is forgotten. */
    static final long FORGET_AFTER_MILLIS = 60 * MINUTE;

    private final HealthDocuments documents;
    private final long freshMillis;
    private transient ValueState<HealthModel> model;

    /**
     * @param lagTolerance how old (behind the minute scored) a RED measurement may be and still
     *     count: the traces job's RED lags the other inputs
     */
    public HealthScoring(String indexPrefix, java.time.Duration lagTolerance) {
        this.documents = new HealthDocuments(indexPrefix);
        this.freshMillis = lagTolerance.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        model =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "health-model", HealthModelSerializer.INSTANCE));
    }

    @Override
    public void processElement(HealthEvent e, Context ctx, Collector<EsDocument> out)
            throws Exception {
        HealthModel m = model.value();
        if (m == null) {
            m = new HealthModel(ctx.getCurrentKey(), freshMillis);
        }
        m.accept(e);
        model.update(m);
        ctx.timerService()
                .registerEventTimeTimer(Math.floorDiv(e.atMillis(), MINUTE) * MINUTE + MINUTE);
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<EsDocument> out) throws Exception {
        HealthModel m = model.value();
        if (m == null) {
            return;
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE
                && t > m.lastEventMillis() + MINUTE) {
            model.clear(); // the input ended: no scores for the minutes after it
            return;
        }
        out.collect(documents.score(m.score(t)));
        model.update(m);
        if (!m.isQuiet() || t - m.lastEventMillis() < FORGET_AFTER_MILLIS) {
            ctx.timerService().registerEventTimeTimer(t + MINUTE);
        } else {
            model.clear();
        }
    }
}
