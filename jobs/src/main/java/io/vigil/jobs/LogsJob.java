package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KeyedMessage;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.logs.LogTemplateDocuments;
import io.vigil.udfs.logs.MinedLog;
import io.vigil.udfs.logs.flink.LogTemplates;
import io.vigil.udfs.logs.flink.TemplateMining;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The logs job: {@code otlp_logs} → log events → template mining ({@link TemplateMining}, keyed by
 * service) →
 *
 * <ul>
 *   <li>ECS log documents with {@code log.template.id} and {@code log.template.pattern} in {@code
 *       <prefix>-logs-*};
 *   <li>one document per template in {@code <prefix>-log-templates} ({@link LogTemplates}, keyed by
 *       template id);
 *   <li>log-derived metrics per service and per template and minute (lines, error lines) as OTLP on
 *       {@code vigil.metrics.derived}, where the metrics job's anomaly detection reads them
 *       (counted in {@link TemplateMining}, keyed by service: see there why not after another
 *       shuffle);
 *   <li>a "new log template" info alert on {@code vigil.alerts} (schema: {@code docs/alerts.md}).
 * </ul>
 */
public final class LogsJob extends ConfiguredJob {
    public LogsJob(VigilConfig config) {
        super(JobName.LOGS, config);
    }

    /**
     * What the logs job produces, before the sinks.
     *
     * @param documents every Elasticsearch document (log records with their template, one per
     *     template)
     * @param derivedMetrics log-derived metrics as OTLP, for {@code vigil.metrics.derived}
     * @param alerts new-template alerts, for {@code vigil.alerts}
     */
    public record Outputs(
            DataStream<EsDocument> documents,
            DataStream<KeyedMessage> derivedMetrics,
            DataStream<AlertEvent> alerts) {}

    @Override
    public void build(StreamExecutionEnvironment env) {
        OtlpIngest<LogEvent> logs = logs(env);
        Outputs outputs = derive(logs.records());
        JobSinks.kafka(
                outputs.derivedMetrics(),
                config,
                config.kafka().topics().derivedMetrics(),
                "logs-derived-metrics-kafka");
        JobSinks.alerts(outputs.alerts(), config, "logs");
        logs.writeToElasticsearch(outputs.documents(), config, Signal.LOGS);
    }

    /** Adds everything derived from the log records to the graph, without sinks. */
    public Outputs derive(DataStream<LogEvent> logs) {
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        SingleOutputStreamOperator<MinedLog> mined =
                logs.keyBy(TemplateMining::key, Types.STRING)
                        .process(new TemplateMining())
                        .returns(TypeInformation.of(MinedLog.class))
                        .name("Log templates: mining")
                        .uid("logs-template-mining");
        DataStream<EsDocument> documents =
                JobSinks.documents(
                        mined,
                        m -> ecs.log(m.log(), m.templateId(), m.pattern()),
                        "Logs → ECS",
                        "logs-ecs");

        VigilConfig.Logs settings = config.logs();
        SingleOutputStreamOperator<EsDocument> templates =
                mined.keyBy(LogTemplates::key, Types.STRING)
                        .process(
                                new LogTemplates(
                                        new LogTemplateDocuments(
                                                config.elasticsearch().indexPrefix()),
                                        settings.newTemplateAlert(),
                                        settings.templateIdleTimeout()))
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Log templates: documents, minutes, new-template alerts")
                        .uid("logs-templates");
        DataStream<KeyedMessage> derivedMetrics =
                mined.getSideOutput(TemplateMining.MINUTES)
                        .map(m -> new KeyedMessage(m.service(), m.request()))
                        .returns(TypeInformation.of(KeyedMessage.class))
                        .name("Log-derived metrics per service and minute")
                        .uid("logs-service-minutes");
        return new Outputs(
                documents.union(templates),
                derivedMetrics,
                templates.getSideOutput(LogTemplates.ALERTS));
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
