package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The metrics job: {@code otlp_metrics} → metric points (gauge, sum, histogram, exponential
 * histogram, summary) → ECS documents in {@code <prefix>-metric-points-*}. Later stages (rollups,
 * anomaly detection, forecasts, rule alerts) grow from {@link #points}.
 */
public final class MetricsJob implements VigilJob {
    private final VigilConfig config;

    public MetricsJob(VigilConfig config) {
        this.config = config;
    }

    @Override
    public JobName name() {
        return JobName.METRICS;
    }

    @Override
    public void build(StreamExecutionEnvironment env) {
        OtlpIngest<MetricPoint> points = points(env);
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        DataStream<EsDocument> documents =
                points.records()
                        .map(ecs::metric)
                        .returns(TypeInformation.of(EsDocument.class))
                        .name("Metric points → ECS")
                        .uid("metrics-ecs");
        points.writeToElasticsearch(documents, config, Signal.METRICS, ecs);
    }

    /** Decoded metric points in event time (the point's timestamp). */
    OtlpIngest<MetricPoint> points(StreamExecutionEnvironment env) {
        return OtlpIngest.read(
                env,
                config,
                Signal.METRICS,
                new OtlpMetricDecoder(config.kafka().encoding()),
                MetricPoint.class,
                (point, ts) -> point.timeUnixNano() / 1_000_000);
    }
}
