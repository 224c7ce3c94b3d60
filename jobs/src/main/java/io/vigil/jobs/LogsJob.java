package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The logs job: {@code otlp_logs} → log events → ECS log documents in {@code <prefix>-logs-*}.
 * Template mining and log-derived metrics grow from {@link #logs}.
 */
public final class LogsJob implements VigilJob {
    private final VigilConfig config;

    public LogsJob(VigilConfig config) {
        this.config = config;
    }

    @Override
    public JobName name() {
        return JobName.LOGS;
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        OtlpIngest<LogEvent> logs = logs(env);
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        DataStream<EsDocument> documents =
                logs.records()
                        .map(ecs::log)
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Logs → ECS")
                        .uid("logs-ecs");
        logs.writeToElasticsearch(documents, config, Signal.LOGS, ecs);
    }

    /** Decoded log events in event time (the record's time, else its observed time). */
    OtlpIngest<LogEvent> logs(StreamExecutionEnvironment env) {
        return OtlpIngest.read(
                env,
                config,
                Signal.LOGS,
                new OtlpLogDecoder(config.kafka().encoding()),
                LogEvent.class,
                (log, ts) -> log.effectiveTimeUnixNano() / 1_000_000);
    }
}
