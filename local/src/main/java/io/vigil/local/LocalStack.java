package io.vigil.local;

import io.vigil.jobs.config.VigilConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local stack: Kafka, Elasticsearch, optionally Alertmanager, the topics, and the OTLP
 * receiver in front of Kafka. Used by {@code vigil demo} and by integration tests.
 *
 * <p>Alertmanager, Kafka and Elasticsearch start, each waiting for its own readiness (in parallel
 * on machines with four or more cores, see {@link #startThreads()}); then the topics are created
 * and the receiver starts. {@link #close()} stops the parts in reverse order: receiver (drains into
 * Kafka), Alertmanager, Elasticsearch, Kafka. Files live under {@link Options#workDir()}: {@code
 * kafka/}, {@code elasticsearch/}, {@code alertmanager/}, each with the part's data and log.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests(tempDir))) {
 *     String bootstrap = stack.kafkaBootstrap();
 *     ...
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    /**
     * Topics created at start: every topic the jobs read or write with the default configuration
     * (OTLP input, dead letters, topology, derived metrics, alerts, incidents) and the ground
     * truth. The broker does not create topics on first use, so a missing one would block a sink.
     */
    public static final List<String> DEFAULT_TOPICS =
            java.util.stream.Stream.concat(
                            VigilConfig.Topics.defaults().all().stream(),
                            java.util.stream.Stream.of(GroundTruth.DEFAULT_TOPIC))
                    .toList();

    /**
     * What to start and where.
     *
     * @param kafkaPort Kafka client port (0 = free port)
     * @param esPort Elasticsearch HTTP port (0 = free port)
     * @param alertmanagerPort Alertmanager port (0 = free port)
     * @param receiverPort OTLP/HTTP receiver port (0 = free port)
     * @param workDir data and logs of every part
     * @param topicPartitions partitions of each created topic (≥ 1)
     * @param withAlertmanager whether to start Alertmanager (when its binary is installed)
     * @param topics topics to create; the receiver writes to the OTLP defaults among them
     */
    public record Options(
            int kafkaPort,
            int esPort,
            int alertmanagerPort,
            int receiverPort,
            Path workDir,
            int topicPartitions,
            boolean withAlertmanager,
            List<String> topics) {

        public Options {
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(topics, "topics");
            if (topicPartitions < 1) {
                throw new IllegalArgumentException(
                        "topicPartitions must be >= 1, was " + topicPartitions);
            }
            topics = List.copyOf(topics);
        }

        /** As the canonical constructor, creating {@link #DEFAULT_TOPICS}. */
        public Options(
                int kafkaPort,
                int esPort,
                int alertmanagerPort,
                int receiverPort,
                Path workDir,
                int topicPartitions,
                boolean withAlertmanager) {
            this(
                    kafkaPort,
                    esPort,
                    alertmanagerPort,
                    receiverPort,
                    workDir,
                    topicPartitions,
                    withAlertmanager,
                    DEFAULT_TOPICS);
        }

        /** Free ports everywhere, 2 partitions, Alertmanager on, {@link #DEFAULT_TOPICS}. */
        public static Options forTests(Path workDir) {
            return new Options(0, 0, 0, 0, workDir, 2, true, DEFAULT_TOPICS);
        }

        /**
         * The demo's well-known ports: Kafka 9092, Elasticsearch 9200, Alertmanager 9093, OTLP
         * 4318; 2 partitions; Alertmanager on.
         */
        public static Options demo(Path workDir) {
            return new Options(9092, 9200, 9093, 4318, workDir, 2, true, DEFAULT_TOPICS);
        }

        public Options withAlertmanager(boolean on) {
            return with(topicPartitions, on, topics);
        }

        /** These options, creating {@code topics} instead (include the OTLP topics). */
        public Options withTopics(List<String> topics) {
            return with(topicPartitions, withAlertmanager, topics);
        }

        public Options withTopicPartitions(int partitions) {
            return with(partitions, withAlertmanager, topics);
        }

        /** These ports and folder with the other settings given. */
        private Options with(int partitions, boolean alertmanager, List<String> topics) {
            return new Options(
                    kafkaPort,
                    esPort,
                    alertmanagerPort,
                    receiverPort,
                    workDir,
                    partitions,
                    alertmanager,
                    topics);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedElasticsearch elasticsearch;
    private final EmbeddedAlertmanager alertmanager;
    private final WebhookReceiver webhook;
    private final OtlpHttpReceiver receiver;

    private LocalStack(
            EmbeddedKafka kafka,
            EmbeddedElasticsearch elasticsearch,
            EmbeddedAlertmanager alertmanager,
            WebhookReceiver webhook,
            OtlpHttpReceiver receiver) {
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.alertmanager = alertmanager;
        this.webhook = webhook;
        this.receiver = receiver;
    }

    /**
     * Starts every part and waits until all are ready. On failure, whatever did start is stopped
     * again before the exception propagates.
     *
     * @throws IOException naming the part that failed (with the end of its log)
     */
    public static LocalStack start(Options o) throws IOException {
        Optional<Path> alertmanagerBinary =
                o.withAlertmanager() ? EmbeddedAlertmanager.findBinary() : Optional.empty();
        if (o.withAlertmanager() && alertmanagerBinary.isEmpty()) {
            LOG.warn("Not starting Alertmanager. {}", EmbeddedAlertmanager.INSTALL_HINT);
        }
        ExecutorService starter =
                Executors.newFixedThreadPool(
                        startThreads(),
                        r -> {
                            Thread t = new Thread(r, "vigil-local-start");
                            t.setDaemon(true);
                            return t;
                        });
        // Alertmanager routes to a webhook receiver: what on-call would have received.
        WebhookReceiver webhook = alertmanagerBinary.isEmpty() ? null : WebhookReceiver.start(0);
        // Submitted cheapest first: with one start thread they run in this order.
        Future<EmbeddedAlertmanager> amStart =
                alertmanagerBinary.isEmpty()
                        ? CompletableFuture.completedFuture(null)
                        : starter.submit(
                                () ->
                                        EmbeddedAlertmanager.start(
                                                alertmanagerBinary.get(),
                                                o.alertmanagerPort(),
                                                o.workDir().resolve("alertmanager"),
                                                EmbeddedAlertmanager.onCallConfig(webhook.url())));
        Future<EmbeddedKafka> kafkaStart =
                starter.submit(
                        () -> EmbeddedKafka.start(o.kafkaPort(), o.workDir().resolve("kafka")));
        Future<EmbeddedElasticsearch> esStart =
                starter.submit(
                        () ->
                                EmbeddedElasticsearch.start(
                                        o.esPort(), o.workDir().resolve("elasticsearch")));
        starter.shutdown();

        List<Future<?>> starts = List.of(amStart, kafkaStart, esStart);
        EmbeddedAlertmanager am = null;
        EmbeddedKafka kafka = null;
        EmbeddedElasticsearch es = null;
        OtlpHttpReceiver receiver = null;
        IOException failure = null;
        try {
            am = await(amStart);
        } catch (IOException e) {
            failure = cancelRest(starts, e);
        }
        try {
            kafka = await(kafkaStart);
        } catch (IOException e) {
            failure = merge(failure, cancelRest(starts, e));
        }
        try {
            es = await(esStart);
        } catch (IOException e) {
            failure = merge(failure, cancelRest(starts, e));
        }
        if (failure == null) {
            try {
                kafka.createTopics(o.topicPartitions(), o.topics().toArray(String[]::new));
                receiver =
                        OtlpHttpReceiver.start(
                                o.receiverPort(),
                                kafka.bootstrapServers(),
                                OtlpSignal.TRACES.defaultTopic(),
                                OtlpSignal.METRICS.defaultTopic(),
                                OtlpSignal.LOGS.defaultTopic());
            } catch (IOException | RuntimeException e) {
                failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        LocalStack stack = new LocalStack(kafka, es, am, webhook, receiver);
        if (failure != null) {
            stack.close();
            throw failure;
        }
        LOG.info("Local stack ready: {}", stack.describe());
        return stack;
    }

    /**
     * Parts started at the same time. Kafka and Elasticsearch each keep about two cores busy while
     * they start (class loading, JIT); on two cores starting them together took 15 s against 10 s
     * one after the other, so they overlap only with four cores or more.
     */
    static int startThreads() {
        return Runtime.getRuntime().availableProcessors() >= 4 ? 3 : 1;
    }

    /** {@code bootstrap.servers} of the Kafka broker. */
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    /** Base URL of Elasticsearch, {@code http://127.0.0.1:<port>}. */
    public String elasticsearchUrl() {
        return elasticsearch.httpUrl();
    }

    /** Base URL of Alertmanager; empty when it was not requested or is not installed. */
    public Optional<String> alertmanagerUrl() {
        return alertmanager == null ? Optional.empty() : Optional.of(alertmanager.url());
    }

    /** What Alertmanager delivered (to the webhook it routes to), when Alertmanager runs. */
    public Optional<WebhookReceiver> webhook() {
        return Optional.ofNullable(webhook);
    }

    /** Port of the OTLP/HTTP receiver on 127.0.0.1. */
    public int receiverPort() {
        return receiver.port();
    }

    /** OTLP/HTTP base endpoint, {@code http://127.0.0.1:<port>}. */
    public String otlpEndpoint() {
        return receiver.url();
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedElasticsearch elasticsearch() {
        return elasticsearch;
    }

    public Optional<EmbeddedAlertmanager> alertmanager() {
        return Optional.ofNullable(alertmanager);
    }

    public OtlpHttpReceiver receiver() {
        return receiver;
    }

    /** One line per part: address and start-up time, for progress output. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("\n  Kafka          ")
                .append(kafka.bootstrapServers())
                .append("  (ready in ")
                .append(kafka.startupTime().toMillis())
                .append(" ms)");
        s.append("\n  Elasticsearch  ")
                .append(elasticsearch.httpUrl())
                .append(elasticsearch.isContainer() ? "  (container" : "  (embedded node")
                .append(", ready in ")
                .append(elasticsearch.startupTime().toMillis())
                .append(" ms)");
        if (alertmanager != null) {
            s.append("\n  Alertmanager   ")
                    .append(alertmanager.url())
                    .append("  (ready in ")
                    .append(alertmanager.startupTime().toMillis())
                    .append(" ms)");
        } else {
            s.append("\n  Alertmanager   not running");
        }
        s.append("\n  OTLP/HTTP      ").append(receiver.url());
        s.append("\n  remote write   ")
                .append(receiver.url())
                .append(OtlpHttpReceiver.REMOTE_WRITE_PATH)
                .append("  (Prometheus remote_write url)");
        return s.toString();
    }

    /** Stops receiver, Alertmanager, Elasticsearch and Kafka, in this order; idempotent. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable part :
                new AutoCloseable[] {receiver, alertmanager, webhook, elasticsearch, kafka}) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the local stack failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The result of a start, or null if it was cancelled because another part failed. */
    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting the local stack");
        }
    }

    /** Cancels starts that have not begun yet: one part failed, the stack will not come up. */
    private static IOException cancelRest(List<Future<?>> starts, IOException failure) {
        for (Future<?> start : starts) {
            start.cancel(false);
        }
        return failure;
    }

    private static IOException merge(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
