package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.JaegerServiceDocuments;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The traces job: {@code otlp_spans} → spans → ECS span documents in {@code <prefix>-spans-*}, and
 * the same spans in Jaeger's own storage ({@code jaeger-span-*}, {@code jaeger-service-*}) for
 * jaeger-query. RED metrics and the dependency graph grow from {@link #spans}.
 */
public final class TracesJob implements VigilJob {
    private final VigilConfig config;

    public TracesJob(VigilConfig config) {
        this.config = config;
    }

    @Override
    public JobName name() {
        return JobName.TRACES;
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        OtlpIngest<SpanRecord> spans = spans(env);
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        DataStream<EsDocument> documents =
                spans.records()
                        .map(ecs::span)
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Spans → ECS")
                        .uid("spans-ecs");
        // Jaeger's own storage, so jaeger-query and the Jaeger UI read Vigil's Elasticsearch.
        JaegerMapper jaeger = new JaegerMapper(config.jaeger().indexPrefix());
        DataStream<EsDocument> jaegerSpans =
                spans.records()
                        .map(jaeger::span)
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Spans → Jaeger")
                        .uid("spans-jaeger");
        DataStream<EsDocument> jaegerServices =
                spans.records()
                        .keyBy(JaegerServiceDocuments::key, Types.STRING)
                        .process(
                                new JaegerServiceDocuments(
                                        jaeger, config.eventTime().maxOutOfOrderness()))
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Jaeger service/operation pairs")
                        .uid("spans-jaeger-services");
        spans.writeToElasticsearch(
                documents.union(jaegerSpans, jaegerServices), config, Signal.SPANS, ecs);
    }

    /** Decoded spans in event time (the span's start). */
    OtlpIngest<SpanRecord> spans(StreamExecutionEnvironment env) {
        return OtlpIngest.read(
                env,
                config,
                Signal.SPANS,
                new OtlpSpanDecoder(config.kafka().encoding()),
                SpanRecord.class,
                (span, ts) -> span.startTimeUnixNano() / 1_000_000);
    }
}
