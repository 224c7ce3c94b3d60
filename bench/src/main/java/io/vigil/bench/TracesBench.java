package io.vigil.bench;

import io.vigil.jobs.JobName;
import io.vigil.jobs.TracesJob;
import io.vigil.jobs.VigilJobs;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import io.vigil.local.EmbeddedElasticsearch;
import io.vigil.local.EmbeddedKafka;
import io.vigil.local.Ports;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.OtlpDecodeFunction;
import io.vigil.udfs.model.RawMessage;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput of the traces job, each figure against a ceiling measured in the same run:
 *
 * <ol>
 *   <li><b>In process, discarding sinks</b> (parallelism 1, Flink local environment): spans/s and
 *       spans per CPU-second of the whole JVM for the full traces job (ECS and Jaeger documents,
 *       trace sessions, edges, dependencies, RED, slow requests), against decode alone.
 *   <li><b>End to end</b> on a real Kafka broker and Elasticsearch node: the traces job (bounded,
 *       parallelism 1) from the topic into Elasticsearch, in documents/s, against the raw {@code
 *       _bulk} rate of exactly the documents it writes (same templates, 1,000 per request, one
 *       request in flight — as the job's sink).
 * </ol>
 *
 * Usage: {@code TracesBench [spans [in-process spans]]} (default 200,000 end to end and five times
 * as many in process). Prints a Markdown table.
 */
public final class TracesBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path CHECKPOINTS = tempDir("vigil-bench-checkpoints");

    private TracesBench() {}

    public static void main(String[] args) throws Exception {
        int target = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int inProcessTarget = args.length > 1 ? Integer.parseInt(args[1]) : 5 * target;
        List<byte[]> requests = SyntheticTraces.requests(target, 42);
        int spans = SyntheticTraces.count(requests);
        System.out.printf(Locale.ROOT, "%,d spans in %,d OTLP requests%n", spans, requests.size());
        VigilConfig inProcess = config("localhost:1", "http://localhost:1", "bench");

        // In process, more spans (so the job's start-up weighs less): warm up the JIT on a tenth
        // of the input, then measure.
        List<byte[]> many = SyntheticTraces.requests(inProcessTarget, 43);
        inProcess(many.subList(0, many.size() / 10), inProcess, true);
        ThroughputRun decode = inProcess(many, inProcess, false);
        ThroughputRun full = inProcess(many, inProcess, true);

        Path work = Files.createTempDirectory("vigil-bench-traces");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Ports.free(), work.resolve("kafka"));
                EmbeddedElasticsearch es =
                        EmbeddedElasticsearch.start(Ports.free(), work.resolve("elasticsearch"))) {
            VigilConfig e2e = config(kafka.bootstrapServers(), es.httpUrl(), "bench");
            kafka.createTopics(
                    1, "bench.otlp_spans", "bench.dlq", "bench.topology", "bench.metrics_derived");
            produce(kafka.bootstrapServers(), "bench.otlp_spans", requests);

            // The documents the job writes, computed in process, bulk-indexed raw: the ceiling.
            List<EsDocument> documents = documents(requests, inProcess);
            Set<String> distinct = new HashSet<>();
            documents.forEach(d -> distinct.add(d.index() + "/" + d.id()));
            // Elasticsearch warms up (JIT, first indices) on a fifth of them first, under another
            // prefix, so that neither measured run pays for it.
            IndexTemplates.apply(config(kafka.bootstrapServers(), es.httpUrl(), "warm"));
            bulk(es.httpUrl(), documents.subList(0, documents.size() / 5), "warm");
            VigilConfig raw = config(kafka.bootstrapServers(), es.httpUrl(), "raw");
            IndexTemplates.apply(raw);
            ThroughputRun bulk = bulk(es.httpUrl(), documents, "raw");

            IndexTemplates.apply(e2e);
            StreamExecutionEnvironment env = VigilJobs.environment(e2e);
            VigilJobs.build(env, e2e, EnumSet.of(JobName.TRACES));
            ThroughputRun endToEnd =
                    ThroughputRun.measure(
                            documents.size(), () -> env.execute("bench traces end to end"));
            long indexed = count(es.httpUrl(), "bench-*");
            long rawIndexed = count(es.httpUrl(), "raw-*");

            System.out.println();
            System.out.println("| measured | items | seconds | rate/s | per CPU-second | ratio |");
            System.out.println("|---|---|---|---|---|---|");
            row("decode only, discarding sink (ceiling)", "spans", decode, decode);
            row("traces job, discarding sinks", "spans", full, decode);
            row("raw _bulk of the job's documents (ceiling)", "docs", bulk, bulk);
            row("traces job Kafka → Elasticsearch", "docs", endToEnd, bulk);
            System.out.printf(
                    Locale.ROOT,
                    "%n%,d spans → %,d documents written (%,d distinct ids); in Elasticsearch:"
                            + " %,d (job), %,d (raw bulk)%n",
                    spans,
                    documents.size(),
                    distinct.size(),
                    indexed,
                    rawIndexed);
            if (indexed != distinct.size() || rawIndexed != distinct.size()) {
                throw new IllegalStateException(
                        "document counts differ: expected " + distinct.size() + " in both runs");
            }
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void row(String what, String unit, ThroughputRun run, ThroughputRun ceiling) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d %s | %.1f | %,.0f | %,.0f | %.2f |%n",
                what,
                run.items(),
                unit,
                run.seconds(),
                run.perSecond(),
                run.perCpuSecond(),
                run.perSecond() / ceiling.perSecond());
    }

    private static VigilConfig config(String kafka, String es, String prefix) {
        return VigilConfig.parse(
                """
                kafka:
                  bootstrapServers: '%s'
                  groupId: bench
                  startingOffsets: earliest
                  bounded: true
                  encoding: otlp_proto
                  topics: {spans: bench.otlp_spans, deadLetters: bench.dlq, topology: bench.topology,
                           derivedMetrics: bench.metrics_derived}
                elasticsearch: {hosts: ['%s'], indexPrefix: %s}
                jaeger: {indexPrefix: %s, shards: 1, replicas: 0}
                flink: {parallelism: 1, checkpointInterval: 10s,
                        configuration: {restart-strategy.type: none,
                                        state.checkpoints.dir: '%s'}}
                eventTime: {maxOutOfOrderness: 5s, idleness: 5s}
                """
                        .formatted(kafka, es, prefix, prefix, CHECKPOINTS.toUri()),
                "bench");
    }

    private static DataStream<SpanRecord> spans(
            StreamExecutionEnvironment env, List<byte[]> requests) {
        List<RawMessage> raw = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            raw.add(new RawMessage("bench.otlp_spans", 0, i, 0, new byte[0], requests.get(i)));
        }
        return env.fromData(raw)
                .process(new OtlpDecodeFunction<>(new OtlpSpanDecoder(OtlpEncoding.PROTO)))
                .returns(TypeInformation.of(SpanRecord.class))
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<SpanRecord>forBoundedOutOfOrderness(
                                        Duration.ofSeconds(5))
                                .withTimestampAssigner((s, ts) -> s.endTimeUnixNano() / 1_000_000));
    }

    private static ThroughputRun inProcess(List<byte[]> requests, VigilConfig config, boolean full)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<SpanRecord> spans = spans(env, requests);
        if (full) {
            TracesJob.Outputs out = new TracesJob(config).derive(spans);
            out.documents().sinkTo(new DiscardingSink<>());
            out.topology().sinkTo(new DiscardingSink<>());
            out.derivedMetrics().sinkTo(new DiscardingSink<>());
        } else {
            spans.sinkTo(new DiscardingSink<>());
        }
        return ThroughputRun.measure(
                SyntheticTraces.count(requests), () -> env.execute("bench traces in process"));
    }

    private static List<EsDocument> documents(List<byte[]> requests, VigilConfig config)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        TracesJob.Outputs out = new TracesJob(config).derive(spans(env, requests));
        List<EsDocument> documents = new ArrayList<>();
        try (CloseableIterator<EsDocument> it = out.documents().executeAndCollect()) {
            it.forEachRemaining(documents::add);
        }
        return documents;
    }

    private static void produce(String bootstrap, String topic, List<byte[]> messages)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "10485760");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] m : messages) {
                producer.send(new ProducerRecord<>(topic, 0, null, m));
            }
            producer.flush();
        }
    }

    /**
     * Bulk-indexes the documents under {@code prefix} instead of {@code bench}, 1,000 per request,
     * one request at a time.
     */
    private static ThroughputRun bulk(String es, List<EsDocument> documents, String prefix)
            throws Exception {
        return ThroughputRun.measure(documents.size(), () -> bulkIndex(es, documents, prefix));
    }

    private static void bulkIndex(String es, List<EsDocument> documents, String prefix)
            throws Exception {
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        for (int i = 0; i < documents.size(); i++) {
            EsDocument d = documents.get(i);
            String index = prefix + "-" + d.index().substring("bench-".length());
            body.append("{\"index\":{\"_index\":\"")
                    .append(index)
                    .append("\",\"_id\":\"")
                    .append(d.id())
                    .append("\"}}\n")
                    .append(d.json())
                    .append('\n');
            if (++inBody == 1000 || i == documents.size() - 1) {
                HttpResponse<String> response =
                        HTTP.send(
                                HttpRequest.newBuilder(URI.create(es + "/_bulk"))
                                        .header("Content-Type", "application/x-ndjson")
                                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200
                        || response.body().startsWith("{\"took\"")
                                && response.body().contains("\"errors\":true")) {
                    throw new IllegalStateException(
                            "bulk failed: "
                                    + response.body()
                                            .substring(0, Math.min(500, response.body().length())));
                }
                body.setLength(0);
                inBody = 0;
            }
        }
    }

    private static long count(String es, String pattern) throws Exception {
        HTTP.send(
                HttpRequest.newBuilder(URI.create(es + "/" + pattern + "/_refresh"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String body =
                HTTP.send(
                                HttpRequest.newBuilder(URI.create(es + "/" + pattern + "/_count"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
    }
}
