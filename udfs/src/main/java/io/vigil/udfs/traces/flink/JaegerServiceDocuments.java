package io.vigil.udfs.traces.flink;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.model.SpanRecord;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Writes Jaeger's service index — the only source of the UI's service and operation lists — once
 * per (service, operation, UTC day) instead of once per span. Keyed by {@link #key}; one boolean of
 * state per key, cleared by an event-time timer when the day (plus {@code lateness}) is over. A
 * span arriving after that writes the same document again under the same id: harmless.
 *
 * <p>State: at most one entry per distinct (service, operation) pair per open day; with the default
 * one-hour lateness, two days overlap for one hour after midnight UTC.
 */
public final class JaegerServiceDocuments
        extends KeyedProcessFunction<String, SpanRecord, EsDocument> {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final JaegerMapper mapper;
    private final long latenessMillis;
    private transient ValueState<Boolean> written;
    private transient Counter documents;

    /**
     * @param lateness how long after the end of a UTC day the day's pairs are remembered
     */
    public JaegerServiceDocuments(JaegerMapper mapper, Duration lateness) {
        this.mapper = mapper;
        this.latenessMillis = lateness.toMillis();
    }

    /** The key: service, operation and UTC day of the span's start. */
    public static String key(SpanRecord span) {
        return span.serviceName() + '\n' + span.name() + '\n' + day(span);
    }

    private static long day(SpanRecord span) {
        return Math.floorDiv(span.startTimeUnixNano() / 1_000_000, DAY_MILLIS);
    }

    @Override
    public void open(OpenContext context) {
        written =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "jaeger-service-written", Types.BOOLEAN));
        documents = getRuntimeContext().getMetricGroup().counter("jaegerServiceDocuments");
    }

    @Override
    public void processElement(SpanRecord span, Context ctx, Collector<EsDocument> out)
            throws Exception {
        if (written.value() != null) {
            return;
        }
        out.collect(mapper.service(span));
        documents.inc();
        written.update(true);
        ctx.timerService().registerEventTimeTimer((day(span) + 1) * DAY_MILLIS + latenessMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EsDocument> out) {
        written.clear();
    }
}
