package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.cep.incidents.TopologyEdge;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KeyedMessage;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.AlertFixtures;
import io.vigil.udfs.testing.OtlpFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each job's graph ({@code derive()}: everything but sources and sinks) on a Flink MiniCluster with
 * collecting sinks, where Kafka and Elasticsearch are not the point: bounded fixture input in,
 * exact counts of what each output holds.
 */
class JobGraphsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final VigilConfig CONFIG =
            VigilConfig.parse(
                    "kafka: {bootstrapServers: 'localhost:9092'}\n"
                            + "elasticsearch: {hosts: [http://localhost:9200], indexPrefix: g}\n"
                            + "jaeger: {indexPrefix: g}\n"
                            + "flink: {parallelism: 2}\n",
                    "test");

    @Test
    void metricsJobDocumentsRollupsAndAlerts() throws Exception {
        List<MetricPoint> points =
                decodeFour(
                        new OtlpMetricDecoder(OtlpEncoding.AUTO),
                        seed -> OtlpFixtures.metricsRequest(50, seed, false));
        StreamExecutionEnvironment env = env();
        MetricsJob.Outputs out =
                new MetricsJob(CONFIG)
                        .derive(timed(env, points, MetricPoint.class, p -> p.timeUnixNano()));
        CloseableIterator<EsDocument> docs = out.documents().collectAsync();
        CloseableIterator<AlertEvent> alerts = out.alerts().collectAsync();
        env.execute("metrics graph");
        List<EsDocument> documents = drain(docs);
        List<AlertEvent> alertEvents = drain(alerts);

        assertThat(count(documents, d -> d.index().startsWith("g-metric-points-")))
                .isEqualTo(points.size());
        assertThat(count(documents, d -> d.index().startsWith("g-metrics-"))).isPositive();
        assertThat(count(documents, d -> d.index().startsWith("g-anomalies-")))
                .as("one anomaly document per alert event")
                .isEqualTo(alertEvents.size());
    }

    @Test
    void logsJobDocumentsTemplatesAndDerivedMetrics() throws Exception {
        List<LogEvent> logs =
                decodeFour(
                        new OtlpLogDecoder(OtlpEncoding.AUTO),
                        seed -> OtlpFixtures.logsRequest(100, seed, false));
        StreamExecutionEnvironment env = env();
        LogsJob.Outputs out =
                new LogsJob(CONFIG)
                        .derive(timed(env, logs, LogEvent.class, LogEvent::effectiveTimeUnixNano));
        CloseableIterator<EsDocument> docs = out.documents().collectAsync();
        CloseableIterator<KeyedMessage> metrics = out.derivedMetrics().collectAsync();
        CloseableIterator<AlertEvent> alerts = out.alerts().collectAsync();
        env.execute("logs graph");
        List<EsDocument> documents = drain(docs);
        List<KeyedMessage> derived = drain(metrics);
        List<AlertEvent> alertEvents = drain(alerts);

        List<EsDocument> logDocs =
                documents.stream().filter(d -> d.index().startsWith("g-logs-")).toList();
        assertThat(logDocs).hasSize(logs.size());
        assertThat(logDocs).allMatch(d -> d.json().contains("\"template\":{\"id\""));
        Set<String> templates =
                documents.stream()
                        .filter(d -> d.index().equals("g-log-templates"))
                        .map(EsDocument::id)
                        .collect(Collectors.toSet());
        assertThat(templates).isNotEmpty();
        assertThat(
                        alertEvents.stream()
                                .filter(a -> a.state() == AlertState.FIRING)
                                .map(a -> a.labels().get("template_id"))
                                .toList())
                .as("one new-template alert per template")
                .containsExactlyInAnyOrderElementsOf(templates);
        assertThat(derived).isNotEmpty();
    }

    @Test
    void tracesJobSpansInBothFormatsAndRed() throws Exception {
        List<SpanRecord> spans =
                decodeFour(
                        new OtlpSpanDecoder(OtlpEncoding.AUTO),
                        seed -> OtlpFixtures.tracesRequest(100, seed, false));
        StreamExecutionEnvironment env = env();
        TracesJob.Outputs out =
                new TracesJob(CONFIG)
                        .derive(timed(env, spans, SpanRecord.class, SpanRecord::endTimeUnixNano));
        CloseableIterator<EsDocument> docs = out.documents().collectAsync();
        CloseableIterator<KeyedMessage> red = out.derivedMetrics().collectAsync();
        env.execute("traces graph");
        List<EsDocument> documents = drain(docs);

        assertThat(count(documents, d -> d.index().startsWith("g-spans-"))).isEqualTo(spans.size());
        assertThat(count(documents, d -> d.index().startsWith("g-jaeger-span-")))
                .isEqualTo(spans.size());
        assertThat(count(documents, d -> d.index().startsWith("g-red-"))).isPositive();
        assertThat(drain(red)).isNotEmpty();
    }

    @Test
    void incidentsJobKeepsAFlappingAlertOneMemberAndItsIncidentOpen() throws Exception {
        Instant t0 = OtlpFixtures.BASE_TIME;
        AlertEvent payment = AlertFixtures.anomaly("payment", "http.server.request.duration", t0);
        List<AlertEvent> flaps = new ArrayList<>();
        for (int flap = 0; flap < 3; flap++) {
            AlertEvent fire =
                    AlertFixtures.anomaly(
                            "payment", "http.server.request.duration", t0.plusSeconds(20 * flap));
            flaps.add(fire);
            flaps.add(AlertFixtures.resolved(fire, t0.plusSeconds(20 * flap + 10)));
        }
        assertThat(flaps).extracting(AlertEvent::fingerprint).containsOnly(payment.fingerprint());
        List<EsDocument> documents = incidents(flaps, t0, "incidents graph");

        JsonNode last =
                new ObjectMapper()
                        .readTree(documents.get(documents.size() - 1).json())
                        .at("/vigil/incident");
        assertThat(documents).extracting(EsDocument::id).containsOnly(documents.get(0).id());
        assertThat(last.path("members")).hasSize(1);
        assertThat(last.path("alert_events").asInt())
                .as("six events, markers not counted")
                .isEqualTo(6);
        assertThat(last.path("timeline").toString()).contains("is flapping");
        assertThat(last.path("status").asText()).isEqualTo("resolved");
        assertThat(last.path("resolved_at").asText())
                .as("held open for the flap window (10 min) after the last flap at +50 s")
                .isEqualTo(t0.plusSeconds(50 + 600).toString());
    }

    @Test
    void incidentsJobEscalatesAnAlertStillFiringAndNotOneResolvedInTime() throws Exception {
        Instant t0 = OtlpFixtures.BASE_TIME;
        // payment fires and stays firing; auth fires and resolves after 5 min; an alert at
        // +20 min moves event time past both escalation deadlines (15 min)
        AlertEvent payment = AlertFixtures.anomaly("payment", "http.server.request.duration", t0);
        AlertEvent paymentCpu = AlertFixtures.anomaly("payment", "process.cpu.utilization", t0);
        AlertEvent auth = AlertFixtures.anomaly("auth", "process.cpu.utilization", t0);
        AlertEvent authLatency = AlertFixtures.anomaly("auth", "http.server.request.duration", t0);
        List<AlertEvent> events =
                List.of(
                        payment,
                        paymentCpu,
                        auth,
                        authLatency,
                        AlertFixtures.resolved(paymentCpu, t0.plusSeconds(60)),
                        AlertFixtures.resolved(auth, t0.plusSeconds(300)),
                        AlertFixtures.resolved(authLatency, t0.plusSeconds(300)),
                        AlertFixtures.anomaly(
                                "search", "http.server.request.duration", t0.plusSeconds(1200)));
        Map<String, JsonNode> last = new java.util.LinkedHashMap<>();
        for (EsDocument d : incidents(events, t0, "incidents escalation")) {
            JsonNode i = new ObjectMapper().readTree(d.json()).at("/vigil/incident");
            last.put(i.path("services").get(0).asText(), i);
        }

        assertThat(last.get("payment").path("escalations").asInt()).isEqualTo(1);
        assertThat(last.get("payment").path("severity").asText()).isEqualTo("critical");
        assertThat(last.get("payment").path("timeline").toString())
                .contains("escalated to critical");
        assertThat(last.get("auth").path("escalations").asInt())
                .as("resolved within 15 min: the CEP pattern's notFollowedBy cancels it")
                .isZero();
    }

    /**
     * The incidents job's documents, in the order it wrote them, for {@code events} in one task in
     * event time (each event's observation time) and one topology edge, checkout → payment, known
     * since {@code t0}.
     */
    private static List<EsDocument> incidents(List<AlertEvent> events, Instant t0, String jobName)
            throws Exception {
        StreamExecutionEnvironment env = env();
        env.setParallelism(1);
        DataStream<AlertEvent> alerts =
                env.fromData(events, CodecTypeInfo.ALERT_EVENT)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<AlertEvent>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (a, ts) -> a.observedAt().toEpochMilli()));
        DataStream<TopologyEdge> edges =
                env.fromData(
                        List.of(new TopologyEdge("checkout", "payment", t0.toEpochMilli())),
                        TypeInformation.of(TopologyEdge.class));
        CloseableIterator<EsDocument> docs =
                new IncidentsJob(CONFIG).derive(alerts, edges).collectAsync();
        env.execute(jobName);
        return drain(docs);
    }

    /** The records of four fixture requests (seeds 1 to 4). */
    private static <T> List<T> decodeFour(
            io.vigil.udfs.otlp.OtlpDecoder<T> decoder,
            java.util.function.LongFunction<byte[]> request) {
        List<T> records = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            records.addAll(decoder.decode(request.apply(seed)).records());
        }
        return records;
    }

    private static StreamExecutionEnvironment env() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        VigilJobs.flinkConfiguration(CONFIG));
        env.setParallelism(2);
        return env;
    }

    /** The records as a bounded stream in event time (nanoseconds of each record). */
    private static <T> DataStream<T> timed(
            StreamExecutionEnvironment env, List<T> records, Class<T> type, Nanos<T> nanos) {
        SerializableTimestampAssigner<T> assigner = (r, ts) -> nanos.of(r) / 1_000_000;
        return env.fromData(records, TypeInformation.of(type))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<T>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                                .withTimestampAssigner(assigner));
    }

    /** A record's event time in Unix nanoseconds; serializable, as Flink ships it. */
    private interface Nanos<T> extends java.io.Serializable {
        long of(T record);
    }

    private static <T> List<T> drain(CloseableIterator<T> it) throws Exception {
        List<T> all = new ArrayList<>();
        try (it) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    private static long count(List<EsDocument> documents, Predicate<EsDocument> which) {
        return documents.stream().filter(which).count();
    }
}
