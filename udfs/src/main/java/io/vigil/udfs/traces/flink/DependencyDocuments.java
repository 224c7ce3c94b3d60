package io.vigil.udfs.traces.flink;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.jaeger.DependencyLink;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.traces.EdgeWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps Jaeger's dependency graph live: one {@code jaeger-dependencies-*} document per UTC hour,
 * rewritten after every window with the hour's call counts so far. Keyed by {@link #key} (the
 * hour), so one subtask holds an hour's edges: a few per pair of services.
 *
 * <p>The document's {@code timestamp} is the start of the latest window with calls, so a
 * jaeger-query look-back of a few minutes already sees the current hour. State per hour: the call
 * count per edge and window (an edge window fired again for late calls replaces its count, so it is
 * never counted twice) and the latest window; cleared by an event-time timer one {@code lateness}
 * after the hour.
 */
public final class DependencyDocuments extends KeyedProcessFunction<Long, EdgeWindow, EsDocument> {
    private static final long serialVersionUID = 1L;

    /** The period one document covers. */
    public static final long PERIOD_MILLIS = Duration.ofHours(1).toMillis();

    private final JaegerMapper mapper;
    private final long latenessMillis;
    private transient MapState<String, Long> callCounts;
    private transient ValueState<Long> latestWindow;

    /**
     * @param lateness how long after the end of an hour its edges are kept for late windows
     */
    public DependencyDocuments(JaegerMapper mapper, Duration lateness) {
        this.mapper = mapper;
        this.latenessMillis = lateness.toMillis();
    }

    /** The key: the start of the UTC hour of the window. */
    public static long key(EdgeWindow edge) {
        return Math.floorDiv(edge.windowStartMillis(), PERIOD_MILLIS) * PERIOD_MILLIS;
    }

    @Override
    public void open(OpenContext context) {
        callCounts =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "dependency-call-counts", Types.STRING, Types.LONG));
        latestWindow =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("dependency-latest", Types.LONG));
    }

    @Override
    public void processElement(EdgeWindow edge, Context ctx, Collector<EsDocument> out)
            throws Exception {
        // Per edge and window: a window fired again for late calls replaces its earlier count.
        callCounts.put(edge.edge() + '\n' + edge.windowStartMillis(), edge.stats().requests());
        Long latest = latestWindow.value();
        if (latest == null) {
            ctx.timerService()
                    .registerEventTimeTimer(ctx.getCurrentKey() + PERIOD_MILLIS + latenessMillis);
        }
        if (latest == null || edge.windowStartMillis() > latest) {
            latestWindow.update(edge.windowStartMillis());
        }
        // One document per window, not per edge: written when the window's watermark passes.
        ctx.timerService().registerEventTimeTimer(ctx.timestamp());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EsDocument> out)
            throws Exception {
        long hour = ctx.getCurrentKey();
        if (timestamp >= hour + PERIOD_MILLIS + latenessMillis) {
            callCounts.clear();
            latestWindow.clear();
            return;
        }
        Long latest = latestWindow.value();
        if (latest == null) {
            return;
        }
        Map<String, Long> perEdge = new TreeMap<>();
        for (Map.Entry<String, Long> e : callCounts.entries()) {
            String edge = e.getKey().substring(0, e.getKey().lastIndexOf('\n'));
            perEdge.merge(edge, e.getValue(), Long::sum);
        }
        List<DependencyLink> links = new ArrayList<>();
        for (Map.Entry<String, Long> e : perEdge.entrySet()) {
            int split = e.getKey().indexOf('\n');
            links.add(
                    new DependencyLink(
                            e.getKey().substring(0, split),
                            e.getKey().substring(split + 1),
                            e.getValue()));
        }
        out.collect(mapper.dependencies(hour, latest, links));
    }
}
