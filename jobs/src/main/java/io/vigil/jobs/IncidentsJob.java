package io.vigil.jobs;

import io.vigil.cep.incidents.AlertDecoder;
import io.vigil.cep.incidents.AlertmanagerAlert;
import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.cep.incidents.TopologyEdge;
import io.vigil.cep.incidents.flink.CorrelateIncidents;
import io.vigil.cep.incidents.flink.EscalatingAlerts;
import io.vigil.cep.incidents.flink.FlappingAlerts;
import io.vigil.cep.incidents.flink.OutsideEventTime;
import io.vigil.jobs.alertmanager.AlertmanagerSink;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.jobs.kafka.KeyedMessage;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.flink.OtlpDecodeFunction;
import io.vigil.udfs.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The incidents job: {@code vigil.alerts} (every alert source) and {@code vigil.topology} (the live
 * service graph) → incidents ({@link CorrelateIncidents}: dedup, grouping along the graph, ranked
 * root causes with why, escalation, lifecycle with MTTD/MTTR) →
 *
 * <ul>
 *   <li>one document per incident in {@code <prefix>-incidents}, rewritten as it changes;
 *   <li>the same JSON on Kafka {@code vigil.incidents}, keyed by incident id;
 *   <li>one alert per incident to Alertmanager when {@code alertmanager.url} is set ({@link
 *       AlertmanagerSink}), and one per member alert of it with {@code alertmanager.sendMembers}.
 * </ul>
 *
 * Event time is the alerts' {@code observedAt} alone: the graph's input takes no part in it ({@link
 * OutsideEventTime}). Unreadable alert messages are dead letters with the reason.
 */
public final class IncidentsJob extends ConfiguredJob {
    public IncidentsJob(VigilConfig config) {
        super(JobName.INCIDENTS, config);
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        VigilConfig.Kafka kafka = config.kafka();
        DataStream<RawMessage> rawAlerts =
                env.fromSource(
                                KafkaConnectors.otlpSource(
                                        kafka, List.of(kafka.topics().alerts()), "incidents"),
                                WatermarkStrategy.noWatermarks(),
                                "Kafka " + kafka.topics().alerts())
                        .uid("incidents-alerts-source");
        SingleOutputStreamOperator<AlertEvent> decoded =
                rawAlerts
                        .process(new OtlpDecodeFunction<>(new AlertDecoder()))
                        .returns(CodecTypeInfo.ALERT_EVENT)
                        .name("Read alerts")
                        .uid("incidents-decode");
        DataStream<AlertEvent> alerts =
                decoded.assignTimestampsAndWatermarks(
                                WatermarkStrategy.<AlertEvent>forBoundedOutOfOrderness(
                                                config.eventTime().maxOutOfOrderness())
                                        .withTimestampAssigner(
                                                (a, ts) -> a.observedAt().toEpochMilli())
                                        .withIdleness(config.eventTime().idleness()))
                        .name("Event time alerts")
                        .uid("incidents-event-time");
        DataStream<TopologyEdge> edgeRecords =
                env.fromSource(
                                KafkaConnectors.otlpSource(
                                        kafka,
                                        List.of(kafka.topics().topology()),
                                        "incidents-graph"),
                                WatermarkStrategy.noWatermarks(),
                                "Kafka " + kafka.topics().topology())
                        .uid("incidents-topology-source")
                        .flatMap(
                                (RawMessage m, Collector<TopologyEdge> out) ->
                                        TopologyEdge.read(m.value()).ifPresent(out::collect))
                        .returns(TypeInformation.of(TopologyEdge.class))
                        .name("Read edges")
                        .uid("incidents-edges");
        // the graph's input neither holds back nor pushes the alerts' event time: it is idle for
        // the correlator (a maximal watermark there made the correlator's clock jump to the end
        // of time whenever the alerts went idle)
        DataStream<TopologyEdge> edges =
                OutsideEventTime.of(edgeRecords, (edge, ts) -> edge.seenAtMillis())
                        .name("Edges outside event time")
                        .uid("incidents-edges-time");

        SingleOutputStreamOperator<EsDocument> incidents = derive(alerts, edges);
        VigilConfig.Alertmanager alertmanager = config.alertmanager();
        if (!alertmanager.url().isEmpty()) {
            incidents
                    .getSideOutput(CorrelateIncidents.ALERTMANAGER)
                    .sinkTo(
                            new AlertmanagerSink(
                                    alertmanager.url(),
                                    alertmanager.resendInterval(),
                                    alertmanager.maxBackoff(),
                                    alertmanager.maxPending()))
                    .name("Alertmanager " + alertmanager.url())
                    .uid("incidents-alertmanager")
                    // its state, the firing alerts, must stay with the one writer that receives
                    // their resolution: one correlation, one writer
                    .setParallelism(1);
        }
        JobSinks.kafka(
                incidents
                        .map(
                                d ->
                                        new KeyedMessage(
                                                d.id(), d.json().getBytes(StandardCharsets.UTF_8)))
                        .returns(TypeInformation.of(KeyedMessage.class))
                        .name("Incidents → JSON")
                        .uid("incidents-json"),
                config,
                kafka.topics().incidents(),
                "incidents-kafka");
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        decoded.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS)
                .sinkTo(KafkaConnectors.deadLetterSink(kafka))
                .name("Dead letters alerts → " + kafka.topics().deadLetters())
                .uid("incidents-dlq-kafka");
        JobSinks.elasticsearch(
                incidents.union(
                        JobSinks.documents(
                                decoded.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS),
                                ecs::deadLetter,
                                "Dead letters alerts → ECS",
                                "incidents-dlq-ecs")),
                config,
                "incidents");
    }

    /** The incidents' documents from alerts and graph edges, without sinks. */
    public SingleOutputStreamOperator<EsDocument> derive(
            DataStream<AlertEvent> alerts, DataStream<TopologyEdge> edges) {
        return derive(alerts, edges, true);
    }

    /**
     * As {@link #derive(DataStream, DataStream)}; a replay passes {@code live = false}: only event
     * time moves the correlator's clock, so the result does not depend on the replay's speed.
     */
    public SingleOutputStreamOperator<EsDocument> derive(
            DataStream<AlertEvent> alerts, DataStream<TopologyEdge> edges, boolean live) {
        VigilConfig.Incidents settings = config.incidents();
        // flapping alerts and alerts still firing after escalateAfter (Flink CEP) come back as
        // markers beside the alerts themselves
        DataStream<AlertEvent> withMarkers =
                alerts.union(
                        FlappingAlerts.markers(alerts, settings.flapCount(), settings.flapWindow()),
                        EscalatingAlerts.markers(alerts, settings.escalateAfter()));
        return withMarkers
                .keyBy(CorrelateIncidents::key, org.apache.flink.api.common.typeinfo.Types.STRING)
                .connect(edges.broadcast(CorrelateIncidents.EDGES))
                .process(
                        new CorrelateIncidents(
                                new IncidentCorrelator.Settings(
                                        settings.window(),
                                        settings.resolveAfter(),
                                        settings.escalateAfter(),
                                        settings.maxOpen(),
                                        settings.minAlerts()),
                                settings.edgeTtl(),
                                new AlertmanagerAlert.Links(
                                        config.alertmanager().kibanaUrl(),
                                        config.alertmanager().jaegerUrl()),
                                config.elasticsearch().indexPrefix(),
                                config.alertmanager().sendMembers(),
                                live))
                .returns(TypeInformation.of(EsDocument.class))
                .name("Incidents: correlation, root cause, lifecycle")
                .uid("incidents-correlate");
    }
}
