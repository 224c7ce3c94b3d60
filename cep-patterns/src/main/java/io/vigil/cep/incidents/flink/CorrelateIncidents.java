package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.AlertmanagerAlert;
import io.vigil.cep.incidents.Incident;
import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.cep.incidents.IncidentDocuments;
import io.vigil.cep.incidents.ServiceGraph;
import io.vigil.cep.incidents.TopologyEdge;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.ecs.EsDocument;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The incidents operator: alert events (keyed by {@link #key}, one correlation for the whole
 * system) folded into incidents by {@link IncidentCorrelator}, with the service graph from {@code
 * vigil.topology} as broadcast state. Emits the incident's document ({@link IncidentDocuments})
 * each time it opens, changes or resolves; an event-time tick every {@link #TICK} escalates and
 * resolves incidents while no alert arrives.
 *
 * <p>Event time is the alerts' alone: the graph's input must take no part in it ({@link
 * OutsideEventTime}: idle for good, no watermarks). Holding it back would stop escalation and
 * resolution while the traces are quiet; a maximal watermark on it would be worse: Flink leaves an
 * idle input out of a two-input operator's watermark, so the first time the alerts went quiet the
 * watermark would jump to the end of time and stay there, and no tick after it would ever fire.
 *
 * <p>While no alert arrives the alerts' watermark stands still (the last events are often the
 * resolutions themselves). On a live stream, wall-clock ticks then move the correlator's clock on
 * by the wall time the watermark has stood still, never by more: event time runs at least as fast
 * as wall time on a live stream and faster in a replay, so this clock never gets ahead of event
 * time, and an incident is not resolved before its members stayed resolved {@code resolveAfter} in
 * event time.
 *
 * <p>State: the correlator (open incidents, bounded; the graph) in keyed state, the graph's edges
 * in broadcast state (so edges that arrive before the first alert are not lost). The tick timer is
 * only kept while incidents are open.
 */
public final class CorrelateIncidents
        extends KeyedBroadcastProcessFunction<String, AlertEvent, TopologyEdge, EsDocument> {
    private static final long serialVersionUID = 1L;

    /** The graph's edges, {@code parent -> child} to the window in which it was last seen. */
    public static final MapStateDescriptor<String, Long> EDGES =
            new MapStateDescriptor<>("service-graph-edges", Types.STRING, Types.LONG);

    /**
     * Every change of an incident as the alert Alertmanager gets, followed, when members are sent,
     * by the alert of each of its members ({@link AlertmanagerAlert#members}).
     */
    public static final OutputTag<AlertmanagerAlert> ALERTMANAGER =
            new OutputTag<>("alertmanager", TypeInformation.of(AlertmanagerAlert.class));

    /** How often event time is checked for escalation and resolution. */
    public static final Duration TICK = Duration.ofSeconds(10);

    private static final String ARROW = " -> ";

    private final IncidentCorrelator.Settings settings;
    private final Duration edgeTtl;
    private final IncidentDocuments documents;
    private final AlertmanagerAlert.Links links;
    private final boolean sendMembers;
    private final boolean wallClockWhileQuiet;
    private transient ValueState<IncidentCorrelator> state;

    /** Wall time since which the watermark stood still, {@code -1} while it moves. */
    private transient long quietSinceWallMillis = -1;

    /** The watermark that stood still. */
    private transient long quietWatermark;

    private transient Counter opened;
    private transient Counter resolved;

    /**
     * @param links where the Alertmanager alerts' links point
     * @param indexPrefix the index prefix of the documents
     * @param sendMembers whether each member alert of an incident also goes to Alertmanager as its
     *     own alert, beside the incident's
     */
    public CorrelateIncidents(
            IncidentCorrelator.Settings settings,
            Duration edgeTtl,
            AlertmanagerAlert.Links links,
            String indexPrefix,
            boolean sendMembers) {
        this(settings, edgeTtl, links, indexPrefix, sendMembers, true);
    }

    /**
     * As the other constructor, for a replay when {@code wallClockWhileQuiet} is {@code false}.
     *
     * @param wallClockWhileQuiet whether wall time moves the correlator's clock while the watermark
     *     stands still (live streams); {@code false} for replays, whose result must not depend on
     *     how fast they run
     */
    public CorrelateIncidents(
            IncidentCorrelator.Settings settings,
            Duration edgeTtl,
            AlertmanagerAlert.Links links,
            String indexPrefix,
            boolean sendMembers,
            boolean wallClockWhileQuiet) {
        this.wallClockWhileQuiet = wallClockWhileQuiet;
        this.settings = settings;
        this.edgeTtl = edgeTtl;
        this.documents = new IncidentDocuments(indexPrefix);
        this.links = links;
        this.sendMembers = sendMembers;
    }

    /** The one key: incidents are correlated across every service. */
    public static String key(AlertEvent alert) {
        return "all";
    }

    @Override
    public void open(OpenContext context) {
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "incident-correlator", CorrelatorSerializer.INSTANCE));
        opened = getRuntimeContext().getMetricGroup().counter("incidentsOpened");
        resolved = getRuntimeContext().getMetricGroup().counter("incidentsResolved");
    }

    @Override
    public void processElement(AlertEvent alert, ReadOnlyContext ctx, Collector<EsDocument> out)
            throws Exception {
        IncidentCorrelator correlator = state.value();
        if (correlator == null) {
            // a fresh correlator learns the graph as broadcast so far; later edges reach it as
            // they come (processBroadcastElement)
            correlator = new IncidentCorrelator(settings, new ServiceGraph(edgeTtl.toMillis()));
            for (Map.Entry<String, Long> e : ctx.getBroadcastState(EDGES).immutableEntries()) {
                String[] ends = e.getKey().split(ARROW, 2);
                correlator.graph().addEdge(ends[0], ends[1], e.getValue());
            }
        }
        int before = correlator.openCount();
        emit(correlator, correlator.onAlert(alert), out, ctx::output);
        if (correlator.openCount() > before) {
            opened.inc(correlator.openCount() - before);
        }
        state.update(correlator);
        // the alert's own time: a CEP marker emitted when the input ended carries the final
        // watermark as its timestamp, and no tick lies beyond that
        ctx.timerService().registerEventTimeTimer(nextTick(alert.observedAt().toEpochMilli()));
        quietSinceWallMillis = -1;
        if (wallClockWhileQuiet) {
            ctx.timerService()
                    .registerProcessingTimeTimer(
                            nextTick(ctx.timerService().currentProcessingTime()));
        }
    }

    @Override
    public void processBroadcastElement(TopologyEdge edge, Context ctx, Collector<EsDocument> out)
            throws Exception {
        String key = edge.parent() + ARROW + edge.child();
        Long seen = ctx.getBroadcastState(EDGES).get(key);
        if (seen == null || seen < edge.seenAtMillis()) {
            ctx.getBroadcastState(EDGES).put(key, edge.seenAtMillis());
        }
        if (seen != null && seen >= edge.seenAtMillis()) {
            return; // nothing new
        }
        // a new edge can connect incidents opened before it was known (onEdge merges them); a
        // known one seen again stays in the graph longer
        ctx.applyToKeyedState(
                new ValueStateDescriptor<>("incident-correlator", CorrelatorSerializer.INSTANCE),
                (k, correlatorState) -> {
                    IncidentCorrelator correlator = correlatorState.value();
                    if (correlator != null) {
                        emit(
                                correlator,
                                correlator.onEdge(edge.parent(), edge.child(), edge.seenAtMillis()),
                                out,
                                ctx::output);
                        correlatorState.update(correlator);
                    }
                });
    }

    /**
     * Event-time ticks escalate and resolve. While no alert arrives the alerts' watermark stands
     * still, so wall-clock ticks move the correlator's clock on by the wall time the watermark has
     * stood still (from the watermark, never to the wall clock itself: a replay's event time lies
     * in the past): a quiet system still sees its incidents resolve. Bounded replays end with the
     * maximal watermark, after which the wall clock no longer matters.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EsDocument> out)
            throws Exception {
        IncidentCorrelator correlator = state.value();
        if (correlator == null) {
            return;
        }
        long now = timestamp;
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            long watermark = ctx.timerService().currentWatermark();
            if (watermark == END_OF_TIME) {
                return; // the input ended: event time settled what can resolve
            }
            if (watermark == Long.MIN_VALUE) {
                ctx.timerService().registerProcessingTimeTimer(nextTick(timestamp));
                return; // no event time yet
            }
            if (quietSinceWallMillis < 0 || watermark > quietWatermark) {
                quietSinceWallMillis = timestamp; // the watermark moved: measure quiet from now
                quietWatermark = watermark;
                ctx.timerService().registerProcessingTimeTimer(nextTick(timestamp));
                return;
            }
            now = quietWatermark + (timestamp - quietSinceWallMillis);
        } else if (ctx.timerService().currentWatermark() == END_OF_TIME) {
            // the input ended: everything that can still resolve does, at the time it would
            now = Math.max(now, correlator.settledAt());
        }
        List<Incident> changed = correlator.advance(now);
        resolved.inc(changed.stream().filter(i -> i.status() == Incident.Status.RESOLVED).count());
        emit(correlator, changed, out, ctx::output);
        if (correlator.open().isEmpty()) {
            state.clear();
        } else {
            state.update(correlator);
            if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
                // after the end of a bounded input (the final watermark) an incident still firing
                // stays open: ticking on would never end
                if (ctx.timerService().currentWatermark() < END_OF_TIME) {
                    ctx.timerService().registerEventTimeTimer(nextTick(timestamp + 1));
                }
            } else {
                ctx.timerService().registerProcessingTimeTimer(nextTick(timestamp));
            }
        }
    }

    /** Where side outputs go: the context's {@code output}. */
    private interface SideOutput {
        <X> void output(OutputTag<X> tag, X value);
    }

    private void emit(
            IncidentCorrelator correlator,
            List<Incident> changed,
            Collector<EsDocument> out,
            SideOutput side) {
        for (Incident incident : changed) {
            out.collect(documents.document(incident, correlator.graph()));
            side.output(ALERTMANAGER, AlertmanagerAlert.of(incident, links));
            if (sendMembers) {
                for (AlertmanagerAlert member : AlertmanagerAlert.members(incident, links)) {
                    side.output(ALERTMANAGER, member);
                }
            }
        }
    }

    /** The watermark of an input that ended. */
    private static final long END_OF_TIME = Long.MAX_VALUE;

    /** The next tick after {@code millis}; the end of time has none beyond it. */
    static long nextTick(long millis) {
        long tick = TICK.toMillis();
        if (millis >= END_OF_TIME - tick) {
            return END_OF_TIME;
        }
        return (Math.floorDiv(millis, tick) + 1) * tick;
    }
}
