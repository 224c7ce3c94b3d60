package io.vigil.udfs.traces.flink;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.traces.ServiceCall;
import io.vigil.udfs.traces.SpanNode;
import io.vigil.udfs.traces.TraceAnalysis;
import io.vigil.udfs.traces.TraceDocuments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Assembles the spans of each trace (keyed by trace id) in event time and, when the trace is
 * complete, emits its {@linkplain TraceAnalysis calls between services} and, on {@link
 * #SLOW_REQUESTS}, a document for each slow request with its critical path.
 *
 * <p><b>Complete</b> means no span of the trace has ended for {@code sessionGap} of event time (an
 * event-time timer at the latest span end plus the gap; spans are in event time by their end). The
 * calls are emitted at that moment, so they are counted in the window in which their trace
 * completed.
 *
 * <p><b>State</b> per open trace: its spans ({@link SpanNode}, about 150 bytes each), the latest
 * end, the count; all cleared when the trace completes. After that a one-flag tombstone lives for
 * another gap, so that a span arriving for a completed trace is counted as <em>late</em> ({@code
 * spansLate}); it starts a new buffer, where its parent is missing and it is counted as
 * <em>unpaired</em> ({@code spansUnpaired}). A trace that reaches {@code maxSpansPerTrace} spans is
 * analysed at once and its buffer emptied ({@code tracesOverflowed}), so a trace that never ends
 * holds at most that many spans. Repeated spans (the same span id again, e.g. on replay) are
 * counted ({@code spansDuplicate}) and ignored.
 */
public final class TraceSessions extends KeyedProcessFunction<String, SpanRecord, ServiceCall> {
    private static final long serialVersionUID = 1L;

    /** One document per slow request, with its critical path. */
    public static final OutputTag<EsDocument> SLOW_REQUESTS =
            new OutputTag<>("slow-requests", TypeInformation.of(EsDocument.class));

    private final long gapMillis;
    private final int maxSpans;
    private final long slowMicros;
    private final TraceDocuments documents;

    private transient MapState<String, SpanNode> spans;
    private transient ValueState<Integer> count;
    private transient ValueState<Long> closeAt;
    private transient ValueState<Long> tombstoneUntil;

    transient Counter tracesCompleted;
    transient Counter tracesOverflowed;
    transient Counter spansLate;
    transient Counter spansUnpaired;
    transient Counter spansDuplicate;
    transient Counter calls;
    transient Counter slowRequests;

    /**
     * @param sessionGap a trace is complete when none of its spans ended for this long
     * @param maxSpansPerTrace the most spans buffered per trace
     * @param slowRequestThreshold requests at least this long get a slow-request document
     */
    public TraceSessions(
            Duration sessionGap,
            int maxSpansPerTrace,
            Duration slowRequestThreshold,
            TraceDocuments documents) {
        if (maxSpansPerTrace < 2) {
            throw new IllegalArgumentException(
                    "maxSpansPerTrace must be at least 2, was " + maxSpansPerTrace);
        }
        this.gapMillis = sessionGap.toMillis();
        this.maxSpans = maxSpansPerTrace;
        this.slowMicros = slowRequestThreshold.toNanos() / 1_000;
        this.documents = documents;
    }

    /** The key: the trace id. */
    public static String key(SpanRecord span) {
        return span.traceId();
    }

    @Override
    public void open(OpenContext context) {
        spans =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "trace-spans",
                                        Types.STRING,
                                        TypeInformation.of(SpanNode.class)));
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("trace-count", Types.INT));
        closeAt =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("trace-close-at", Types.LONG));
        tombstoneUntil =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("trace-tombstone", Types.LONG));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        tracesCompleted = metrics.counter("tracesCompleted", new SimpleCounter());
        tracesOverflowed = metrics.counter("tracesOverflowed", new SimpleCounter());
        spansLate = metrics.counter("spansLate", new SimpleCounter());
        spansUnpaired = metrics.counter("spansUnpaired", new SimpleCounter());
        spansDuplicate = metrics.counter("spansDuplicate", new SimpleCounter());
        calls = metrics.counter("serviceCalls", new SimpleCounter());
        slowRequests = metrics.counter("slowRequests", new SimpleCounter());
    }

    @Override
    public void processElement(SpanRecord span, Context ctx, Collector<ServiceCall> out)
            throws Exception {
        if (spans.contains(span.spanId())) {
            spansDuplicate.inc();
            return;
        }
        if (tombstoneUntil.value() != null) {
            spansLate.inc();
        }
        SpanNode node = SpanNode.of(span);
        spans.put(node.spanId(), node);
        Integer n = count.value();
        int size = n == null ? 1 : n + 1;
        count.update(size);

        long close = Math.floorDiv(node.endMicros(), 1_000L) + gapMillis;
        Long current = closeAt.value();
        if (current == null || close > current) {
            if (current != null) {
                ctx.timerService().deleteEventTimeTimer(current);
            }
            ctx.timerService().registerEventTimeTimer(close);
            closeAt.update(close);
        }
        if (size >= maxSpans) {
            tracesOverflowed.inc();
            analyse(ctx.getCurrentKey(), out, ctx);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ServiceCall> out)
            throws Exception {
        Long close = closeAt.value();
        if (close != null && close == timestamp) {
            analyse(ctx.getCurrentKey(), out, ctx);
            tracesCompleted.inc();
            closeAt.clear();
            long until = timestamp + gapMillis;
            tombstoneUntil.update(until);
            ctx.timerService().registerEventTimeTimer(until);
            return;
        }
        Long tombstone = tombstoneUntil.value();
        if (tombstone != null && tombstone == timestamp) {
            tombstoneUntil.clear();
        }
    }

    /** Analyses the buffered spans, emits the results and empties the buffer. */
    private void analyse(String traceId, Collector<ServiceCall> out, Context ctx) throws Exception {
        List<SpanNode> trace = new ArrayList<>();
        for (SpanNode node : spans.values()) {
            trace.add(node);
        }
        spans.clear();
        count.clear();
        TraceAnalysis analysis = TraceAnalysis.of(trace, slowMicros);
        spansUnpaired.inc(analysis.unpairedSpans());
        for (ServiceCall call : analysis.calls()) {
            out.collect(call);
            calls.inc();
        }
        for (TraceAnalysis.SlowRequest slow : analysis.slowRequests()) {
            ctx.output(SLOW_REQUESTS, documents.slowRequest(traceId, slow, slowMicros));
            slowRequests.inc();
        }
    }
}
