package io.vigil.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, combined broker and controller, one node) in a child JVM started from
 * this JVM's classpath, for the demo and the integration tests.
 *
 * <p>Layout under {@code workDir}: {@code server.properties}, {@code cluster.id}, {@code data/}
 * (the log directory; the next start with the same {@code workDir} keeps its topics and records)
 * and {@code kafka.log}. The client listener is {@code PLAINTEXT://127.0.0.1:<port>}; the
 * controller listens on another free port, never 9093 (Alertmanager's default, VERSIONS.md pitfall
 * 1). Replication factors are 1, automatic topic creation is off (topics come from {@link
 * #createTopics}), retention is by size only (1 GiB per partition) because generated telemetry may
 * carry timestamps far in the past, and {@code transaction.max.timeout.ms} is one hour so Flink's
 * exactly-once Kafka sink works with its default transaction timeout.
 *
 * <p>Ready once the broker answers {@code DescribeCluster} with itself, typically 3–5 s after the
 * launch on two cores.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final long RETENTION_BYTES_PER_PARTITION = 1L << 30;

    private final ChildProcess process;
    private final int port;
    private final int controllerPort;
    private final Admin admin;
    private final Duration startupTime;

    private EmbeddedKafka(
            ChildProcess process, int port, int controllerPort, Admin admin, Duration startupTime) {
        this.process = process;
        this.port = port;
        this.controllerPort = controllerPort;
        this.admin = admin;
        this.startupTime = startupTime;
    }

    /**
     * Starts the broker and waits until it serves clients.
     *
     * @param port client port on 127.0.0.1; 0 picks a free one
     * @param workDir directory for properties, data and log; created if missing
     * @throws IOException if the port is taken or the broker is not ready within 90 s (the message
     *     carries the end of {@code kafka.log}); the child is stopped in that case
     */
    public static EmbeddedKafka start(int port, Path workDir) throws IOException {
        workDir = workDir.toAbsolutePath();
        int clientPort = Ports.resolve(port, "Kafka");
        int controllerPort = Ports.free();
        Files.createDirectories(workDir);
        Path properties = workDir.resolve("server.properties");
        writeProperties(
                properties, brokerProperties(clientPort, controllerPort, workDir.resolve("data")));

        Instant launched = Instant.now();
        ChildProcess process =
                ChildJvm.builder("kafka", KafkaBrokerMain.class.getName())
                        .heap("512m")
                        .args(List.of(properties.toString(), clusterId(workDir)))
                        .workDir(workDir)
                        .gracefulStopTimeout(Duration.ofSeconds(30))
                        .start();
        String bootstrap = "127.0.0.1:" + clientPort;
        // The admin client is created once the port accepts connections: before, it would log
        // a warning for every failed connection attempt.
        Admin[] admin = new Admin[1];
        try {
            process.awaitReady(
                    "Kafka broker on " + bootstrap,
                    STARTUP_TIMEOUT,
                    POLL_INTERVAL,
                    () -> {
                        if (admin[0] == null) {
                            if (!Ports.accepts(clientPort)) {
                                return false;
                            }
                            admin[0] = Admin.create(adminProperties(bootstrap));
                        }
                        return !admin[0].describeCluster()
                                .nodes()
                                .get(2, TimeUnit.SECONDS)
                                .isEmpty();
                    });
        } catch (IOException | RuntimeException e) {
            if (admin[0] != null) {
                admin[0].close(Duration.ZERO);
            }
            process.close();
            throw e;
        }
        Duration startup = Duration.between(launched, Instant.now());
        LOG.info("Kafka ready on {} in {} ms", bootstrap, startup.toMillis());
        return new EmbeddedKafka(process, clientPort, controllerPort, admin[0], startup);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Port of the KRaft controller listener (internal; never 9093). */
    public int controllerPort() {
        return controllerPort;
    }

    /** Time from launching the child JVM until the broker served {@code DescribeCluster}. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The broker's process, e.g. for tests that check nothing outlives {@link #close()}. */
    public ProcessHandle process() {
        return process.handle();
    }

    /**
     * Creates the topics with {@code partitions} partitions and replication factor 1, and waits
     * until every partition has a leader. Idempotent: existing topics are left as they are
     * (whatever their partition count).
     *
     * @throws IllegalStateException if the broker rejects a topic or does not elect leaders within
     *     30 s
     */
    public void createTopics(int partitions, String... topics) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        List<NewTopic> requests = new ArrayList<>();
        for (String topic : topics) {
            requests.add(new NewTopic(topic, partitions, (short) 1));
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(requests).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "creating topic " + result.getKey() + " failed", e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "creating topic " + result.getKey() + " timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topics", e);
            }
        }
        try {
            Readiness.await(
                    "leaders of topics " + String.join(",", topics),
                    TOPIC_TIMEOUT,
                    POLL_INTERVAL,
                    () -> allPartitionsLed(new LinkedHashSet<>(List.of(topics))),
                    Optional::empty);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean allPartitionsLed(Set<String> topics) throws Exception {
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        for (TopicDescription description : descriptions.values()) {
            for (TopicPartitionInfo partition : description.partitions()) {
                if (partition.leader() == null || partition.leader().isEmpty()) {
                    return false;
                }
            }
        }
        return descriptions.size() == topics.size();
    }

    /** Stops the broker (controlled shutdown) and waits until its JVM has exited. */
    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            process.close();
        }
    }

    /**
     * The cluster id of the broker in {@code workDir}: made up at the first start and kept in
     * {@code cluster.id}, because formatted storage only accepts its own id on the next start.
     */
    static String clusterId(Path workDir) throws IOException {
        Path file = workDir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    static Map<String, String> brokerProperties(int port, int controllerPort, Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "8");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("transaction.max.timeout.ms", String.valueOf(Duration.ofHours(1).toMillis()));
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", String.valueOf(RETENTION_BYTES_PER_PARTITION));
        p.put("log.segment.bytes", String.valueOf(64L << 20));
        return p;
    }

    private static void writeProperties(Path file, Map<String, String> properties)
            throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            writer.write("# Written by io.vigil.local.EmbeddedKafka; rewritten at every start.\n");
            for (Map.Entry<String, String> e : properties.entrySet()) {
                writer.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
    }

    private static Properties adminProperties(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-local-admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        // The broker is still starting while we probe: reconnect quickly.
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        return p;
    }
}
