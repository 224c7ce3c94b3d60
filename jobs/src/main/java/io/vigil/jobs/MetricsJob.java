package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KafkaConnectors;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.anomaly.AnomalyDocuments;
import io.vigil.udfs.anomaly.DefaultDetectors;
import io.vigil.udfs.anomaly.SeriesMonitor;
import io.vigil.udfs.anomaly.flink.AnomalyDetection;
import io.vigil.udfs.deploys.flink.DeployDetection;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.forecast.flink.Forecasting;
import io.vigil.udfs.health.HealthEvent;
import io.vigil.udfs.health.HealthEvents;
import io.vigil.udfs.health.flink.HealthScoring;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.RawMessage;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.rules.flink.RuleEvaluation;
import io.vigil.udfs.rules.flink.RuleRouting;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.slo.Slo;
import io.vigil.udfs.slo.SloRules;
import io.vigil.udfs.slo.flink.SloObserver;
import io.vigil.udfs.traces.TraceDocuments;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The metrics job: {@code otlp_metrics} and {@code vigil.metrics.derived} (RED metrics from the
 * traces job, log rates from the logs job) → metric points (gauge, sum, histogram, exponential
 * histogram, summary) →
 *
 * <ul>
 *   <li>ECS documents in {@code <prefix>-metric-points-*};
 *   <li>anomaly detection per series ({@link AnomalyDetection}, unless {@code anomaly.enabled:
 *       false}): rollups with score, expected value and band in {@code <prefix>-metrics-*}; anomaly
 *       alerts in {@code <prefix>-anomalies-*} and on Kafka {@code vigil.alerts} (schema in {@code
 *       docs/alerts.md});
 *   <li>forecasts per series from those rollups ({@link Forecasting}, unless {@code
 *       forecast.enabled: false}): forecasts and capacity outlooks in {@code <prefix>-forecasts-*};
 *       predictive capacity alerts ({@code source: forecast}) on {@code vigil.alerts} and in {@code
 *       <prefix>-alerts-*} (docs/forecasts.md);
 *   <li>deploys ({@link DeployDetection}: a service's new {@code service.version}) as info alerts
 *       {@code ServiceDeployed} on {@code vigil.alerts}, evidence for the incidents job;
 *   <li>rule alerts ({@code rules.files}, Prometheus alerting and recording rules; {@link
 *       RuleEvaluation}) and SLO burn-rate alerts ({@code slo.files}) on {@code vigil.alerts} and
 *       in {@code <prefix>-alerts-*}; SLO status in {@code <prefix>-slo-*};
 *   <li>a health score per service and minute in {@code <prefix>-health-*}.
 * </ul>
 */
public final class MetricsJob extends ConfiguredJob {
    public MetricsJob(VigilConfig config) {
        super(JobName.METRICS, config);
    }

    /**
     * What the metrics job produces, before the sinks.
     *
     * @param documents every Elasticsearch document (metric points; rollups, anomalies and
     *     forecasts when anomaly detection is on)
     * @param alerts anomaly, deploy, forecast, rule and SLO alerts, for {@code vigil.alerts} (only
     *     rule and SLO alerts when anomaly detection is off; null if there are none)
     */
    public record Outputs(DataStream<EsDocument> documents, DataStream<AlertEvent> alerts) {}

    @Override
    public void build(StreamExecutionEnvironment env) {
        OtlpIngest<MetricPoint> points = points(env);
        DataStream<HealthEvent> incidents = config.health().enabled() ? incidents(env) : null;
        Outputs outputs = derive(points.records(), incidents);
        if (outputs.alerts() != null) {
            JobSinks.alerts(outputs.alerts(), config, "metrics");
        }
        points.writeToElasticsearch(outputs.documents(), config, Signal.METRICS);
    }

    /**
     * Adds everything derived from the metric points to the graph, without sources or sinks; the
     * health scores then leave incidents out.
     */
    public Outputs derive(DataStream<MetricPoint> points) {
        return derive(points, null);
    }

    /**
     * As {@link #derive(DataStream)}, with the incidents (from {@code vigil.incidents}) for the
     * health scores.
     *
     * @param incidents the incidents as health events, or null to leave them out
     */
    public Outputs derive(DataStream<MetricPoint> points, DataStream<HealthEvent> incidents) {
        EcsMapper ecs = new EcsMapper(config.elasticsearch().indexPrefix());
        DataStream<EsDocument> documents =
                JobSinks.documents(points, ecs::metric, "Metric points → ECS", "metrics-ecs");
        // alert documents of every source: anomalies-*, and alerts-* for rules and SLOs
        AnomalyDocuments docs = new AnomalyDocuments(config.elasticsearch().indexPrefix());
        DataStream<AlertEvent> alerts = null;
        // alerts that bear on a service's health: anomalies and rule alerts
        DataStream<AlertEvent> trouble = null;
        if (config.anomaly().enabled()) {
            SingleOutputStreamOperator<MetricRollup> rollups = anomalyDetection(points);
            DataStream<AlertEvent> anomalies = rollups.getSideOutput(AnomalyDetection.ALERTS);
            // deploys (a new service.version in the resource) are evidence for the incidents job
            DataStream<AlertEvent> deploys =
                    points.keyBy(DeployDetection::key, Types.STRING)
                            .process(new DeployDetection())
                            .returns(CodecTypeInfo.ALERT_EVENT)
                            .name("Deploys per service")
                            .uid("metrics-deploys");
            documents =
                    documents.union(
                            JobSinks.documents(
                                    rollups, docs::rollup, "Rollups → ECS", "metrics-rollups-ecs"),
                            JobSinks.documents(
                                    anomalies,
                                    docs::alert,
                                    "Anomalies → ECS",
                                    "metrics-anomalies-ecs"));
            alerts = anomalies.union(deploys);
            trouble = anomalies;
            if (config.forecast().enabled()) {
                SingleOutputStreamOperator<EsDocument> forecasts = forecasting(rollups);
                DataStream<AlertEvent> predicted = forecasts.getSideOutput(Forecasting.ALERTS);
                documents =
                        documents.union(
                                forecasts,
                                JobSinks.documents(
                                        predicted,
                                        docs::alert,
                                        "Forecast alerts → ECS",
                                        "metrics-forecast-alerts-ecs"));
                alerts = alerts.union(predicted);
            }
        }
        DataStream<AlertEvent> rules = ruleAlerts(points);
        if (rules != null) {
            alerts = alerts == null ? rules : alerts.union(rules);
            trouble = trouble == null ? rules : trouble.union(rules);
        }
        SingleOutputStreamOperator<AlertEvent> slo = sloAlerts(points);
        DataStream<EsDocument> sloStatus = null;
        if (slo != null) {
            alerts = alerts == null ? slo : alerts.union(slo);
            sloStatus = slo.getSideOutput(RuleEvaluation.DOCUMENTS);
            documents = documents.union(sloStatus);
        }
        DataStream<AlertEvent> ruleAndSlo = rules;
        if (slo != null) {
            ruleAndSlo = ruleAndSlo == null ? slo : ruleAndSlo.union(slo);
        }
        if (ruleAndSlo != null) {
            documents =
                    documents.union(
                            JobSinks.documents(
                                    ruleAndSlo,
                                    docs::alert,
                                    "Rule and SLO alerts → ECS",
                                    "metrics-rule-alerts-ecs"));
        }
        if (config.health().enabled()) {
            documents = documents.union(health(points, trouble, sloStatus, incidents));
        }
        return new Outputs(documents, alerts);
    }

    private SingleOutputStreamOperator<MetricRollup> anomalyDetection(
            DataStream<MetricPoint> points) {
        VigilConfig.Anomaly anomaly = config.anomaly();
        return points.filter(MetricsJob::modelled)
                .name("Series to model")
                .uid("metrics-anomaly-filter")
                .keyBy(AnomalyDetection::key, Types.STRING)
                .process(
                        new AnomalyDetection(
                                DefaultDetectors.INSTANCE,
                                new SeriesMonitor.Settings(
                                        anomaly.threshold(),
                                        anomaly.resolveAfter(),
                                        anomaly.rollupPeriod()),
                                anomaly.idleTimeout(),
                                anomaly.maxSeriesPerSubtask()))
                .returns(CodecTypeInfo.METRIC_ROLLUP)
                .name("Anomaly detection per series")
                .uid("metrics-anomaly");
    }

    /**
     * Forecasts per series from the rollups ({@link Forecasting}): {@code <prefix>-forecasts-*}
     * documents, with the predictive alerts ({@code source: forecast}) on {@link
     * Forecasting#ALERTS}.
     */
    private SingleOutputStreamOperator<EsDocument> forecasting(DataStream<MetricRollup> rollups) {
        VigilConfig.Anomaly anomaly = config.anomaly();
        return rollups.keyBy(Forecasting::key, Types.STRING)
                .process(
                        new Forecasting(
                                config.forecast().settings(anomaly.rollupPeriod()),
                                config.elasticsearch().indexPrefix(),
                                anomaly.idleTimeout(),
                                anomaly.maxSeriesPerSubtask()))
                .returns(TypeInformation.of(EsDocument.class))
                .name("Forecasts per series")
                .uid("metrics-forecast");
    }

    /**
     * Health scores per service and minute ({@code <prefix>-health-*}, docs/health.md) from the
     * traces job's RED points, the anomaly and rule alerts, the SLO status, and the incidents the
     * incidents job publishes on {@code vigil.incidents}.
     */
    DataStream<EsDocument> health(
            DataStream<MetricPoint> points,
            DataStream<AlertEvent> trouble,
            DataStream<EsDocument> sloStatus,
            DataStream<HealthEvent> incidents) {
        TypeInformation<HealthEvent> type = TypeInformation.of(HealthEvent.class);
        DataStream<HealthEvent> events =
                points.flatMap(
                                (MetricPoint p, Collector<HealthEvent> out) ->
                                        HealthEvents.fromPoint(p).forEach(out::collect))
                        .returns(type)
                        .name("RED → health")
                        .uid("metrics-health-red");
        if (trouble != null) {
            events =
                    events.union(
                            trouble.flatMap(
                                            (AlertEvent a, Collector<HealthEvent> out) ->
                                                    HealthEvents.fromAlert(a).forEach(out::collect))
                                    .returns(type)
                                    .name("Alerts → health")
                                    .uid("metrics-health-alerts"));
        }
        if (sloStatus != null) {
            events =
                    events.union(
                            sloStatus
                                    .flatMap(
                                            (EsDocument d, Collector<HealthEvent> out) ->
                                                    HealthEvents.fromSloStatus(d.json())
                                                            .forEach(out::collect))
                                    .returns(type)
                                    .name("SLO status → health")
                                    .uid("metrics-health-slo"));
        }
        if (incidents != null) {
            events = events.union(incidents);
        }
        return events.keyBy(HealthEvent::service, Types.STRING)
                .process(
                        new HealthScoring(
                                config.elasticsearch().indexPrefix(),
                                config.eventTime().lagTolerance()))
                .returns(TypeInformation.of(EsDocument.class))
                .name("Health per service")
                .uid("metrics-health");
    }

    /**
     * Whether anomaly detection models a point's series: all but the traces job's request-duration
     * histograms ({@code vigil.service.request.duration}, {@code
     * vigil.operation.request.duration}), which repeat its duration summaries ({@code
     * vigil.*.duration}) as buckets for latency SLOs; a second model of the same durations would
     * double every latency alert.
     */
    static boolean modelled(MetricPoint p) {
        return !(TraceDocuments.SCOPE.equals(p.scopeName())
                && p.name().endsWith(".request.duration"));
    }

    /**
     * Alerts of the configured rules ({@code rules.files}), or {@code null} if there are none: each
     * point goes to the rule sets that read its series ({@link RuleRouting}), each set is evaluated
     * in event time ({@link RuleEvaluation}).
     */
    DataStream<AlertEvent> ruleAlerts(DataStream<MetricPoint> points) {
        List<RuleGroup> groups = config.rules().groups();
        if (groups.isEmpty()) {
            return null;
        }
        return points.flatMap(new RuleRouting(groups))
                .returns(Types.TUPLE(Types.STRING, TypeInformation.of(MetricPoint.class)))
                .name("Points → rule sets")
                .uid("metrics-rule-routing")
                .keyBy(routed -> routed.f0, Types.STRING)
                .process(
                        new RuleEvaluation(
                                groups,
                                AlertSource.RULE,
                                null,
                                config.eventTime().maxOutOfOrderness(),
                                config.eventTime().lagTolerance()))
                .returns(CodecTypeInfo.ALERT_EVENT)
                .name("Rule evaluation")
                .uid("metrics-rules");
    }

    /**
     * Burn-rate alerts of the configured SLOs ({@code slo.files}), with their status documents on
     * {@link RuleEvaluation#DOCUMENTS}; {@code null} if there are none. Each SLO is a rule group
     * ({@link SloRules}) evaluated like the rules, with {@code source: slo_burn_rate}.
     */
    SingleOutputStreamOperator<AlertEvent> sloAlerts(DataStream<MetricPoint> points) {
        List<Slo> slos = config.slos().slos();
        if (slos.isEmpty()) {
            return null;
        }
        List<RuleGroup> groups = SloRules.compile(slos, config.slos().evaluationInterval());
        return points.flatMap(new RuleRouting(groups))
                .returns(Types.TUPLE(Types.STRING, TypeInformation.of(MetricPoint.class)))
                .name("Points → SLOs")
                .uid("metrics-slo-routing")
                .keyBy(routed -> routed.f0, Types.STRING)
                .process(
                        new RuleEvaluation(
                                groups,
                                AlertSource.SLO_BURN_RATE,
                                new SloObserver(slos, config.elasticsearch().indexPrefix()),
                                config.eventTime().maxOutOfOrderness(),
                                config.eventTime().lagTolerance()))
                .returns(CodecTypeInfo.ALERT_EVENT)
                .name("SLO evaluation")
                .uid("metrics-slo");
    }

    /**
     * The incidents the incidents job publishes on {@code vigil.incidents}, as health events in
     * event time (for the health scores).
     */
    DataStream<HealthEvent> incidents(StreamExecutionEnvironment env) {
        TypeInformation<HealthEvent> type = TypeInformation.of(HealthEvent.class);
        VigilConfig.Kafka kafka = config.kafka();
        VigilConfig.EventTime eventTime = config.eventTime();
        return env.fromSource(
                        KafkaConnectors.otlpSource(
                                kafka, List.of(kafka.topics().incidents()), "health"),
                        WatermarkStrategy.noWatermarks(),
                        "Kafka " + kafka.topics().incidents())
                .uid("metrics-incidents-source")
                .flatMap(
                        (RawMessage m, Collector<HealthEvent> out) ->
                                HealthEvents.fromIncident(m.value()).forEach(out::collect))
                .returns(type)
                .name("Incidents → health")
                .uid("metrics-health-incidents")
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<HealthEvent>forBoundedOutOfOrderness(
                                        eventTime.maxOutOfOrderness())
                                .withTimestampAssigner((e, ts) -> e.atMillis())
                                .withIdleness(eventTime.idleness()))
                .name("Event time incidents")
                .uid("metrics-incidents-event-time");
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
