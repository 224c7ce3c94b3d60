package io.vigil.udfs.health.flink;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.health.HealthDocuments;
import io.vigil.udfs.health.HealthEvent;
import io.vigil.udfs.health.HealthModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores each service (the key) every minute of event time, once the watermark passes the minute: a
 * {@code <prefix>-health-*} document per service and minute ({@link HealthDocuments}). Scoring goes
 * on while the service has alerts, incidents or SLOs open, or sent anything in the last hour; then
 * its state is cleared.
 *
 * <p>The model takes its events in event time, not as they arrive: the minute ending at {@code t}
 * is scored from the events before {@code t} only. The inputs run far apart (the incidents job's
 * incidents and the alerts can be an hour or more ahead of the traces job's RED, which holds the
 * watermark back in a fast replay), so an event ahead of the watermark waits, by the minute it
 * belongs to, until the watermark passes that minute. Taken in as it arrived, an incident that
 * opened at 10:45 would count in the score of 08:04. A late event (its minute already scored) is
 * taken in at once and counts from the next minute scored; scores already written stay.
 */
public final class HealthScoring extends KeyedProcessFunction<String, HealthEvent, EsDocument> {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000L;

    /** A service silent this long, with nothing open, is forgotten. */
    static final long FORGET_AFTER_MILLIS = 60 * MINUTE;

    private final HealthDocuments documents;
    private final long freshMillis;
    private transient ValueState<HealthModel> model;

    /** Events ahead of the watermark, by the end of their minute, in the order they arrived. */
    private transient MapState<Long, List<HealthEvent>> pending;

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
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "health-pending",
                                        Types.LONG,
                                        Types.LIST(TypeInformation.of(HealthEvent.class))));
    }

    @Override
    public void processElement(HealthEvent e, Context ctx, Collector<EsDocument> out)
            throws Exception {
        long minuteEnd = Math.floorDiv(e.atMillis(), MINUTE) * MINUTE + MINUTE;
        long watermark = ctx.timerService().currentWatermark();
        if (minuteEnd > watermark) {
            List<HealthEvent> waiting = pending.get(minuteEnd);
            if (waiting == null) {
                waiting = new ArrayList<>();
            }
            waiting.add(e);
            pending.put(minuteEnd, waiting);
            ctx.timerService().registerEventTimeTimer(minuteEnd);
            return;
        }
        // late: its minute is scored already; it counts from the next minute scored
        HealthModel m = model.value();
        if (m == null) {
            m = new HealthModel(ctx.getCurrentKey(), freshMillis);
        }
        m.accept(e);
        model.update(m);
        if (watermark < Long.MAX_VALUE) {
            ctx.timerService()
                    .registerEventTimeTimer(Math.floorDiv(watermark, MINUTE) * MINUTE + MINUTE);
        }
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<EsDocument> out) throws Exception {
        HealthModel m = model.value();
        List<HealthEvent> due = pending.get(t);
        if (due != null) {
            pending.remove(t);
            if (m == null) {
                m = new HealthModel(ctx.getCurrentKey(), freshMillis);
            }
            // in event time; ties (an incident opened and resolved at once) as they arrived
            due.sort(Comparator.comparingLong(HealthEvent::atMillis));
            due.forEach(m::accept);
        }
        if (m == null) {
            return;
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE
                && t > m.lastEventMillis() + MINUTE
                && pending.isEmpty()) {
            model.clear(); // the input ended: no scores for the minutes after it
            return;
        }
        out.collect(documents.score(m.score(t)));
        model.update(m);
        if (!m.isQuiet() || t - m.lastEventMillis() < FORGET_AFTER_MILLIS) {
            ctx.timerService().registerEventTimeTimer(t + MINUTE);
        } else {
            // events still waiting for a later minute bring the service back then
            model.clear();
        }
    }
}
