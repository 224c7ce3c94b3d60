package io.vigil.local.it;

import io.vigil.jobs.JobName;
import io.vigil.jobs.VigilJobs;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import io.vigil.local.EmbeddedKafka;
import io.vigil.local.OtlpHttpReceiver;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;

/**
 * One test's own slice of the real stack: its own topics, consumer group and index prefix (so tests
 * never see each other's data), a producer, and the Vigil jobs built from a real config.
 */
final class JobsHarness implements AutoCloseable {
    final String name;
    final VigilConfig bounded;
    final VigilConfig unbounded;

    /** The YAML {@link #unbounded} was parsed from, e.g. to write a file for a cluster's jobs. */
    final String unboundedYaml;

    /**
     * A {@code flink.configuration} for tests that take a part of the stack away: the job restarts
     * from its checkpoint, backing off up to 2 s, until the part is back.
     */
    static final String RESTART_WITH_BACKOFF =
            "{restart-strategy.type: exponential-delay,"
                    + " restart-strategy.exponential-delay.initial-backoff: 200ms,"
                    + " restart-strategy.exponential-delay.max-backoff: 2s}";

    final ElasticsearchQueries es;
    private final String kafkaBootstrap;
    private final KafkaProducer<byte[], byte[]> producer;

    /** Writes to the shared Elasticsearch node; a failure fails the job (no restarts). */
    JobsHarness(String name) {
        this(name, Duration.ofSeconds(5));
    }

    /**
     * As {@link #JobsHarness(String)}, with another out-of-orderness bound: for inputs that are out
     * of order by more than 5 s on purpose (the bound is a property of the input, not of how fast
     * the job happens to read it).
     */
    JobsHarness(String name, Duration maxOutOfOrderness) {
        this(name, maxOutOfOrderness, Duration.ofSeconds(5));
    }

    /**
     * With another idleness timeout too: for tests whose input pauses between phases. A partition
     * that pauses longer than the timeout is idle, and when it resumes, a subtask downstream can be
     * behind another whose watermark already moved on, so its records come late; a timeout longer
     * than the pauses keeps a phased test deterministic.
     */
    JobsHarness(String name, Duration maxOutOfOrderness, Duration idleness) {
        this(
                name,
                RealStack.parts().elasticsearch().httpUrl(),
                "{restart-strategy.type: none}",
                maxOutOfOrderness,
                idleness,
                2,
                "");
    }

    /**
     * With more configuration (YAML appended to the harness's own, e.g. an {@code alertmanager:}
     * section), restart strategy none.
     */
    static JobsHarness withConfig(String name, String extraYaml) {
        return new JobsHarness(
                name,
                RealStack.parts().elasticsearch().httpUrl(),
                "{restart-strategy.type: none}",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                2,
                extraYaml);
    }

    /**
     * For jobs submitted to a Flink cluster: no parallelism and no restart strategy of its own in
     * the configuration, so the submit request's parallelism and the cluster's restart strategy
     * apply, as in production.
     */
    static JobsHarness forCluster(String name) {
        return new JobsHarness(
                name,
                RealStack.parts().elasticsearch().httpUrl(),
                "{}",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                0,
                "");
    }

    /**
     * With more configuration (YAML appended to the harness's own; an {@code eventTime:} mapping in
     * it replaces the harness's) and another {@code flink.configuration} mapping (YAML flow text).
     */
    static JobsHarness withConfig(String name, String flinkConfiguration, String extraYaml) {
        return new JobsHarness(
                name,
                RealStack.parts().elasticsearch().httpUrl(),
                flinkConfiguration,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                2,
                extraYaml);
    }

    /** With another job parallelism (default 2). */
    JobsHarness(String name, int parallelism) {
        this(
                name,
                RealStack.parts().elasticsearch().httpUrl(),
                "{restart-strategy.type: none}",
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                parallelism,
                "");
    }

    /**
     * @param elasticsearchUrl the node the jobs write to
     * @param flinkConfiguration the {@code flink.configuration} mapping, as YAML flow text
     */
    JobsHarness(String name, String elasticsearchUrl, String flinkConfiguration) {
        this(
                name,
                elasticsearchUrl,
                flinkConfiguration,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                2,
                "");
    }

    private JobsHarness(
            String name,
            String elasticsearchUrl,
            String flinkConfiguration,
            Duration maxOutOfOrderness,
            Duration idleness,
            int parallelism,
            String extraYaml) {
        this(
                name,
                RealStack.parts().kafka(),
                elasticsearchUrl,
                flinkConfiguration,
                maxOutOfOrderness,
                idleness,
                parallelism,
                extraYaml);
    }

    /**
     * On a broker of the test's own (one it can stop), writing to the shared Elasticsearch node,
     * with another {@code flink.configuration} mapping (YAML flow text).
     */
    static JobsHarness onKafka(String name, EmbeddedKafka kafka, String flinkConfiguration) {
        return new JobsHarness(
                name,
                kafka,
                RealStack.parts().elasticsearch().httpUrl(),
                flinkConfiguration,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                2,
                "");
    }

    private JobsHarness(
            String name,
            EmbeddedKafka kafka,
            String elasticsearchUrl,
            String flinkConfiguration,
            Duration maxOutOfOrderness,
            Duration idleness,
            int parallelism,
            String extraYaml) {
        this.name = name;
        this.kafkaBootstrap = kafka.bootstrapServers();
        kafka.createTopics(2, TOPICS.stream().map(this::topic).toArray(String[]::new));
        this.bounded =
                VigilConfig.parse(
                        yaml(
                                elasticsearchUrl,
                                flinkConfiguration,
                                maxOutOfOrderness,
                                idleness,
                                parallelism,
                                true,
                                extraYaml),
                        "it-" + name);
        this.unboundedYaml =
                yaml(
                        elasticsearchUrl,
                        flinkConfiguration,
                        maxOutOfOrderness,
                        idleness,
                        parallelism,
                        false,
                        extraYaml);
        this.unbounded = VigilConfig.parse(unboundedYaml, "it-" + name);
        this.es = new ElasticsearchQueries(elasticsearchUrl);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // On two busy cores the broker can take longer than the client's 30 s to answer; a
        // request that times out is resent with a sequence the broker then refuses
        // (OutOfOrderSequenceException, seen in a CI run): wait longer instead, one request at a
        // time.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The Flink MiniCluster every jobs test runs on: one TaskManager, two slots. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /** This test's topic (base name, see {@link #topic}) of each {@code kafka.topics} key. */
    private static final String[][] TOPIC_KEYS = {
        {"metrics", "otlp_metrics"},
        {"logs", "otlp_logs"},
        {"spans", "otlp_spans"},
        {"deadLetters", "dlq"},
        {"topology", "topology"},
        {"derivedMetrics", "metrics_derived"},
        {"alerts", "alerts"},
        {"incidents", "incidents"}
    };

    /** The base names of the test's topics. */
    private static final List<String> TOPICS =
            java.util.Arrays.stream(TOPIC_KEYS).map(k -> k[1]).toList();

    /** The {@code kafka.topics} mapping as YAML flow text. */
    private String topics() {
        StringBuilder yaml = new StringBuilder("{");
        for (String[] k : TOPIC_KEYS) {
            yaml.append(yaml.length() > 1 ? ", " : "")
                    .append(k[0])
                    .append(": '")
                    .append(topic(k[1]))
                    .append("'");
        }
        return yaml.append("}").toString();
    }

    String topic(String base) {
        return name + "." + base;
    }

    /** The OTLP/HTTP receiver on a free port, writing to this test's three OTLP topics. */
    OtlpHttpReceiver otlpReceiver() throws IOException {
        return OtlpHttpReceiver.start(
                0, kafkaBootstrap, topic("otlp_spans"), topic("otlp_metrics"), topic("otlp_logs"));
    }

    /** Index pattern of one family for this test, e.g. {@code it-golden-logs-*}. */
    String indices(String family) {
        return "it-" + name + "-" + family + "-*";
    }

    private String yaml(
            String esUrl,
            String flinkConfiguration,
            Duration maxOutOfOrderness,
            Duration idleness,
            int parallelism,
            boolean bounded,
            String extraYaml) {
        return """
                kafka:
                  bootstrapServers: '%s'
                  groupId: 'it-%s'
                  startingOffsets: committed
                  bounded: %s
                  topics: %s
                elasticsearch:
                  hosts: ['%s']
                  indexPrefix: 'it-%s'
                  bulk: {flushInterval: 200ms}
                jaeger: {indexPrefix: 'it-%s', shards: 1, replicas: 0}
                flink:
                  parallelism: %d
                  checkpointInterval: 1s
                  configuration: %s
                %s
                %s
                """
                .formatted(
                        kafkaBootstrap,
                        name,
                        bounded,
                        topics(),
                        esUrl,
                        name,
                        name,
                        parallelism,
                        flinkConfiguration,
                        // extra YAML with an eventTime mapping of its own replaces this
                        extraYaml.lines().anyMatch(l -> l.startsWith("eventTime:"))
                                ? ""
                                : "eventTime: {maxOutOfOrderness: "
                                        + maxOutOfOrderness.toSeconds()
                                        + "s, idleness: "
                                        + idleness.toSeconds()
                                        + "s}",
                        extraYaml);
    }

    /** Produces the messages to a topic and waits until the broker acknowledged all of them. */
    void produce(String topic, List<byte[]> messages) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (byte[] message : messages) {
            sent.add(producer.send(new ProducerRecord<>(topic, message)));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get();
        }
    }

    /**
     * Produces the messages, in order, to one partition of a topic (so that their order is the
     * order a job reads them in) and waits until the broker acknowledged all of them.
     */
    void produce(String topic, int partition, List<byte[]> messages) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (byte[] message : messages) {
            sent.add(producer.send(new ProducerRecord<>(topic, partition, null, message)));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get();
        }
    }

    /**
     * Reads a topic from the beginning until {@code done} holds for what was read (at most two
     * minutes), then returns every record read.
     */
    List<ConsumerRecord<byte[], byte[]>> consumeUntil(
            String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                consumerFromStart(kafkaBootstrap, topic, "it-reader-" + name + "-" + topic)) {
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .until(
                            () -> {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                                return done.test(records);
                            });
        }
        return records;
    }

    /**
     * A consumer on the real stack's broker, subscribed to {@code topic} and reading it from the
     * beginning as consumer group {@code group}; the caller closes it.
     */
    static KafkaConsumer<byte[], byte[]> consumerFromStart(String topic, String group) {
        return consumerFromStart(RealStack.parts().kafka().bootstrapServers(), topic, group);
    }

    private static KafkaConsumer<byte[], byte[]> consumerFromStart(
            String bootstrapServers, String topic, String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Applies the templates and runs every job over what the topics hold now, to the end. */
    void runBounded() throws Exception {
        StreamExecutionEnvironment env = environment(bounded);
        env.execute("it " + name);
    }

    /** Starts every job on unbounded input; the caller cancels it. */
    JobClient startUnbounded() throws Exception {
        return environment(unbounded).executeAsync("it " + name + " (unbounded)");
    }

    /**
     * Cancels a job started with {@link #startUnbounded()}. A job that already ended on its own (it
     * failed) is not cancelled: its own failure is thrown, so a test reports the cause, not "the
     * job terminated without cancellation".
     */
    static void stop(JobClient job) throws Exception {
        if (job.getJobStatus().get().isGloballyTerminalState()) {
            job.getJobExecutionResult().get();
            return;
        }
        job.cancel().get();
    }

    private static StreamExecutionEnvironment environment(VigilConfig config) throws Exception {
        IndexTemplates.apply(config);
        StreamExecutionEnvironment env = VigilJobs.environment(config);
        VigilJobs.build(env, config, EnumSet.allOf(JobName.class));
        return env;
    }

    @Override
    public void close() {
        producer.close();
    }
}
