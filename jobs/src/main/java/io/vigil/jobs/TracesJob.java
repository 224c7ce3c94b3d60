package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KeyedMessage;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.flink.NeverIdle;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.RedWindow;
import io.vigil.udfs.traces.ServiceCall;
import io.vigil.udfs.traces.TraceDocuments;
import io.vigil.udfs.traces.flink.DependencyDocuments;
import io.vigil.udfs.traces.flink.JaegerServiceDocuments;
import io.vigil.udfs.traces.flink.TraceAggregates;
import io.vigil.udfs.traces.flink.TraceSessions;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The traces job: {@code otlp_spans} → spans, and from them:
 *
 * <ul>
 *   <li>ECS span documents in {@code <prefix>-spans-*};
 *   <li>Jaeger's own storage ({@code jaeger-span-*}, {@code jaeger-service-*}) for jaeger-query;
 *   <li>the live service graph: calls found per trace ({@link TraceSessions}), counted per edge and
 *       window, as Jaeger's {@code jaeger-dependencies-*} documents and as edge statistics on Kafka
 *       {@code vigil.topology};
 *   <li>RED metrics per service and operation and window in {@code <prefix>-red-*} and as OTLP
 *       metrics on Kafka {@code vigil.metrics.derived};
 *   <li>slow requests with their critical path in {@code <prefix>-slow-requests-*}.
 * </ul>
 *
 * Spans are in event time by their end: a span is exported when it ends, so the watermark follows
 * the export order closely.
 */
public final class TracesJob extends ConfiguredJob {
    public TracesJob(VigilConfig config) {
        super(JobName.TRACES, config);
    }

    /**
     * What the traces job produces, before the sinks.
     *
     * @param documents every Elasticsearch document (ECS spans, Jaeger spans, services and
     *     dependencies, RED, slow requests)
     * @param topology edge statistics per window, for {@code vigil.topology}
     * @param derivedMetrics RED metrics as OTLP, for {@code vigil.metrics.derived}
     */
    public record Outputs(
            DataStream<EsDocument> documents,
            DataStream<KeyedMessage> topology,
            DataStream<KeyedMessage> derivedMetrics) {}

    @Override
    public void build(StreamExecutionEnvironment env) {
        OtlpIngest<SpanRecord> spans = spans(env);
        Outputs outputs = derive(spans.records());
        VigilConfig.Topics topics = config.kafka().topics();
        JobSinks.kafka(outputs.topology(), config, topics.topology(), "traces-topology-kafka");
        JobSinks.kafka(
                outputs.derivedMetrics(),
                config,
                topics.derivedMetrics(),
                "traces-derived-metrics-kafka");
        spans.writeToElasticsearch(outputs.documents(), config, Signal.SPANS);
    }

    /** Adds everything derived from the spans to the graph, without sinks. */
    public Outputs derive(DataStream<SpanRecord> spans) {
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        DataStream<EsDocument> documents =
                JobSinks.documents(spans, ecs::span, "Spans → ECS", "spans-ecs");
        // Jaeger's own storage, so jaeger-query and the Jaeger UI read Vigil's Elasticsearch.
        JaegerMapper jaeger = new JaegerMapper(config.jaeger().indexPrefix());
        DataStream<EsDocument> jaegerSpans =
                JobSinks.documents(spans, jaeger::span, "Spans → Jaeger", "spans-jaeger");
        DataStream<EsDocument> jaegerServices =
                spans.keyBy(JaegerServiceDocuments::key, Types.STRING)
                        .process(
                                new JaegerServiceDocuments(
                                        jaeger, config.eventTime().maxOutOfOrderness()))
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Jaeger service/operation pairs")
                        .uid("spans-jaeger-services");

        VigilConfig.Traces traces = config.traces();
        TraceDocuments derived = new TraceDocuments(config.elasticsearch().indexPrefix());
        TumblingEventTimeWindows windows = TumblingEventTimeWindows.of(traces.window());

        // The service graph: calls found per completed trace, counted per edge and window.
        SingleOutputStreamOperator<ServiceCall> calls =
                spans.keyBy(TraceSessions::key, Types.STRING)
                        .process(
                                new TraceSessions(
                                        traces.sessionGap(),
                                        traces.maxSpansPerTrace(),
                                        traces.slowRequestThreshold(),
                                        derived))
                        .returns(TypeInformation.of(ServiceCall.class))
                        .name("Traces → calls, critical paths")
                        .uid("traces-sessions");
        OutputTag<ServiceCall> callsTooLate =
                new OutputTag<>("edges-too-late", TypeInformation.of(ServiceCall.class));
        // Never idle for the edge windows: after an idle spell the subtask that resumed first
        // would set their watermark alone, and the others' calls for the same minutes come late.
        SingleOutputStreamOperator<EdgeWindow> edges =
                NeverIdle.of(calls)
                        .uid("traces-calls-never-idle")
                        .keyBy(ServiceCall::edge, Types.STRING)
                        .window(windows)
                        // Calls can come late, from a trace whose spans came late. The window then
                        // fires again with the complete count; later ones are counted.
                        .allowedLateness(traces.allowedLateness())
                        .sideOutputLateData(callsTooLate)
                        .aggregate(
                                new TraceAggregates.Calls(),
                                new TraceAggregates.EdgeWindowTime(),
                                CodecTypeInfo.RED_STATS,
                                CodecTypeInfo.RED_STATS,
                                CodecTypeInfo.EDGE_WINDOW)
                        .name("Calls per edge and window")
                        .uid("traces-edges");
        edges.getSideOutput(callsTooLate)
                .process(new CountTooLate<ServiceCall>("edgeCallsTooLate"))
                .returns(Types.VOID)
                .name("Service graph: count calls too late")
                .uid("traces-edges-too-late");
        DataStream<EsDocument> dependencies =
                edges.keyBy(DependencyDocuments::key, Types.LONG)
                        .process(new DependencyDocuments(jaeger, traces.allowedLateness()))
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Jaeger dependencies")
                        .uid("traces-dependencies");
        DataStream<KeyedMessage> topology =
                edges.map(
                                e ->
                                        new KeyedMessage(
                                                e.parent() + "->" + e.child(),
                                                TraceDocuments.topology(e)))
                        .returns(TypeInformation.of(KeyedMessage.class))
                        .name("Edges → topology")
                        .uid("traces-topology");

        // RED per service and operation; late spans within the allowed lateness rewrite the
        // window's documents, later ones are counted.
        OutputTag<SpanRecord> tooLate =
                new OutputTag<>("red-too-late", TypeInformation.of(SpanRecord.class));
        SingleOutputStreamOperator<RedWindow> red =
                spans.filter(RedWindow::isRequest)
                        .name("Requests")
                        .uid("traces-requests")
                        .keyBy(SpanRecord::serviceName, Types.STRING)
                        .window(windows)
                        .allowedLateness(traces.allowedLateness())
                        .sideOutputLateData(tooLate)
                        .aggregate(
                                new TraceAggregates.Red(),
                                new TraceAggregates.RedWindowTime(),
                                CodecTypeInfo.RED_WINDOW,
                                CodecTypeInfo.RED_WINDOW,
                                CodecTypeInfo.RED_WINDOW)
                        .name("RED per service and window")
                        .uid("traces-red");
        red.getSideOutput(tooLate)
                .process(new CountTooLate<SpanRecord>("redSpansTooLate"))
                .returns(Types.VOID)
                .name("RED: count spans too late")
                .uid("traces-red-too-late");
        DataStream<EsDocument> redDocuments =
                red.flatMap(
                                (RedWindow w, Collector<EsDocument> out) ->
                                        derived.red(w).forEach(out::collect))
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("RED → ECS")
                        .uid("traces-red-ecs");
        DataStream<KeyedMessage> derivedMetrics =
                red.map(w -> new KeyedMessage(w.service(), TraceDocuments.derivedMetrics(w)))
                        .returns(TypeInformation.of(KeyedMessage.class))
                        .name("RED → OTLP metrics")
                        .uid("traces-red-otlp");

        return new Outputs(
                documents.union(
                        jaegerSpans,
                        jaegerServices,
                        dependencies,
                        redDocuments,
                        calls.getSideOutput(TraceSessions.SLOW_REQUESTS)),
                topology,
                derivedMetrics);
    }

    /** Decoded spans in event time (the span's end). */
    OtlpIngest<SpanRecord> spans(StreamExecutionEnvironment env) {
        return OtlpIngest.read(
                env,
                config,
                Signal.SPANS,
                new OtlpSpanDecoder(config.kafka().encoding()),
                SpanRecord.class,
                (span, ts) -> span.endTimeUnixNano() / 1_000_000);
    }

    /**
     * Counts what came after its window's allowed lateness, in the metric named: request spans
     * ({@code redSpansTooLate}; they are in the span indices, only not in RED) and calls ({@code
     * edgeCallsTooLate}; their spans are indexed, only the call is not in the service graph).
     */
    static final class CountTooLate<T> extends ProcessFunction<T, Void> {
        private static final long serialVersionUID = 1L;
        private final String metric;
        private transient Counter tooLate;

        CountTooLate(String metric) {
            this.metric = metric;
        }

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            tooLate = getRuntimeContext().getMetricGroup().counter(metric);
        }

        @Override
        public void processElement(T late, Context ctx, Collector<Void> out) {
            tooLate.inc();
        }
    }
}
