package io.vigil.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.udfs.otlp.OtlpJson;
import io.vigil.udfs.remotewrite.RemoteWrite;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * An OTLP/HTTP receiver that puts every accepted export request on Kafka in the OpenTelemetry
 * Collector kafka exporter's format, so any OpenTelemetry SDK (or Collector) can send to the local
 * stack: {@code OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318}.
 *
 * <p><b>Endpoints.</b> {@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}, bound to
 * 127.0.0.1, with {@code Content-Type} {@code application/x-protobuf} (parsed, so garbage is
 * rejected) or {@code application/json} (OTLP JSON: hex ids, integer enums; decoded with {@link
 * OtlpJson}), optionally {@code Content-Encoding: gzip}; bodies up to {@value #MAX_BODY_BYTES}
 * bytes (the Collector's default limit).
 *
 * <p><b>Kafka format.</b> Values are {@code otlp_proto}: the serialized {@code
 * Export*ServiceRequest}, whatever the request's encoding. Spans are split per trace and keyed by
 * the 32-char lowercase hex trace id ({@code partition_traces_by_id}); metrics and logs are
 * unkeyed. No message exceeds {@value #MAX_MESSAGE_BYTES} bytes (large requests are split).
 *
 * <p><b>Responses</b> (OTLP/HTTP specification): 200 with an empty {@code Export*ServiceResponse}
 * in the request's encoding, sent only after Kafka acknowledged every message of the request
 * ({@code acks=all}, idempotent producer), so a 200 never loses data; 400 with a {@code
 * google.rpc.Status} body naming what is wrong; 413 when too large; 415 for other content types or
 * encodings; 503 with {@code Retry-After} when Kafka did not take the data (clients retry; the
 * write either failed or was never sent, so a retry does not duplicate); 404 and 405 for other
 * paths and methods.
 *
 * <p><b>Prometheus remote-write.</b> {@code POST /api/v1/write} takes remote-write 1.0 ({@code
 * Content-Type: application/x-protobuf}, {@code Content-Encoding: snappy}, a {@code WriteRequest})
 * and puts its series on the metrics topic as OTLP ({@link RemoteWrite} has the mapping), so a
 * Prometheus server's {@code remote_write} can feed Vigil. Answers: 204 once Kafka acknowledged
 * everything; 400 (plain text) for a body that is not snappy or not a {@code WriteRequest}, or when
 * series were refused (the others are written first, and the sender does not retry a 400); 415 for
 * remote-write 2.0 or another encoding; 413 and 503 as above.
 */
public final class OtlpHttpReceiver implements AutoCloseable {

    /** Largest accepted request body, before and after decompression: 20 MiB. */
    public static final int MAX_BODY_BYTES = 20 << 20;

    /** Largest Kafka message written (the Collector's {@code producer.max_message_bytes}). */
    public static final int MAX_MESSAGE_BYTES = 1_000_000;

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    /** Where Prometheus' {@code remote_write} points: the path Prometheus itself serves it at. */
    public static final String REMOTE_WRITE_PATH = "/api/v1/write";

    /**
     * Largest remote-write body once decompressed: 8 MiB. Prometheus sends a few hundred KiB (2,000
     * samples) at a time; the cap bounds what one request costs in memory (about 100 bytes per
     * sample while it is converted).
     */
    public static final int MAX_REMOTE_WRITE_BYTES = 8 << 20;

    /** How many refused series a 400 answer to a remote write names. */
    static final int MAX_PROBLEMS_SHOWN = 10;

    private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpReceiver.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int HANDLER_THREADS = 4;

    /** Producer's bound on a send; a future always completes within it. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

    // google.rpc.Code values used in error bodies.
    private static final int INVALID_ARGUMENT = 3;
    private static final int NOT_FOUND = 5;
    private static final int RESOURCE_EXHAUSTED = 8;
    private static final int UNIMPLEMENTED = 12;
    private static final int INTERNAL = 13;
    private static final int UNAVAILABLE = 14;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Producer<byte[], byte[]> producer;
    private final Map<OtlpSignal, String> topics;
    private final Map<OtlpSignal, LongAdder> acceptedRequests = new EnumMap<>(OtlpSignal.class);
    private final Map<OtlpSignal, LongAdder> acceptedItems = new EnumMap<>(OtlpSignal.class);
    private final Map<OtlpSignal, LongAdder> rejectedRequests = new EnumMap<>(OtlpSignal.class);
    private final LongAdder remoteWriteSamples = new LongAdder();
    private final LongAdder remoteWriteSeriesRefused = new LongAdder();
    private final CloseOnce closeOnce;

    private OtlpHttpReceiver(
            HttpServer server,
            ExecutorService handlers,
            Producer<byte[], byte[]> producer,
            Map<OtlpSignal, String> topics) {
        this.server = server;
        this.handlers = handlers;
        this.producer = producer;
        this.topics = topics;
        for (OtlpSignal signal : OtlpSignal.values()) {
            acceptedRequests.put(signal, new LongAdder());
            acceptedItems.put(signal, new LongAdder());
            rejectedRequests.put(signal, new LongAdder());
        }
        this.closeOnce = new CloseOnce(ShutdownSequence.Stage.INGEST, "OTLP receiver", this);
    }

    /**
     * Starts the receiver; it accepts requests when this returns.
     *
     * @param port port on 127.0.0.1 (4318 is OTLP/HTTP's); 0 picks a free one
     * @param kafkaBootstrap {@code bootstrap.servers} of the Kafka cluster
     * @param tracesTopic topic for spans, usually {@code otlp_spans}
     * @param metricsTopic topic for metrics, usually {@code otlp_metrics}
     * @param logsTopic topic for logs, usually {@code otlp_logs}
     * @throws IOException if the port cannot be bound
     */
    public static OtlpHttpReceiver start(
            int port,
            String kafkaBootstrap,
            String tracesTopic,
            String metricsTopic,
            String logsTopic)
            throws IOException {
        return start(
                port, producerProperties(kafkaBootstrap), tracesTopic, metricsTopic, logsTopic);
    }

    /**
     * As {@link #start(int, String, String, String, String)}, with full producer properties (e.g.
     * security settings); serializers are always byte arrays.
     */
    public static OtlpHttpReceiver start(
            int port,
            Properties producerProperties,
            String tracesTopic,
            String metricsTopic,
            String logsTopic)
            throws IOException {
        Map<OtlpSignal, String> topics = new EnumMap<>(OtlpSignal.class);
        topics.put(OtlpSignal.TRACES, Objects.requireNonNull(tracesTopic, "tracesTopic"));
        topics.put(OtlpSignal.METRICS, Objects.requireNonNull(metricsTopic, "metricsTopic"));
        topics.put(OtlpSignal.LOGS, Objects.requireNonNull(logsTopic, "logsTopic"));
        int bindPort = port == 0 ? 0 : Ports.resolve(port, "OTLP receiver");
        Producer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        producerProperties, new ByteArraySerializer(), new ByteArraySerializer());
        HttpServer server;
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), bindPort), 128);
        } catch (IOException e) {
            producer.close(Duration.ZERO);
            throw new IOException("OTLP receiver: cannot bind 127.0.0.1:" + bindPort, e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService handlers =
                Executors.newFixedThreadPool(
                        HANDLER_THREADS,
                        r -> {
                            Thread t = new Thread(r, "otlp-http-" + threads.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        OtlpHttpReceiver receiver = new OtlpHttpReceiver(server, handlers, producer, topics);
        server.createContext("/", receiver::handle);
        server.createContext(REMOTE_WRITE_PATH, receiver::handleRemoteWrite);
        server.setExecutor(handlers);
        server.start();
        LOG.info(
                "OTLP/HTTP receiver on http://127.0.0.1:{} -> Kafka {} (topics {})",
                receiver.port(),
                producerProperties.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
                topics.values());
        return receiver;
    }

    /**
     * The producer settings of the bridge: {@code acks=all} and idempotence (no loss, no duplicates
     * from producer retries), lz4, 5 ms linger; sends fail within 5 s when Kafka has no metadata
     * and within {@link #DELIVERY_TIMEOUT} otherwise, so a request waits boundedly.
     */
    public static Properties producerProperties(String kafkaBootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-otlp-bridge");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                String.valueOf(DELIVERY_TIMEOUT.toMillis()));
        return p;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the OTLP/HTTP base endpoint for SDKs. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Requests accepted (answered 200) for a signal: {@code spans} (or {@code traces}), {@code
     * metrics}, {@code logs}.
     */
    public long requests(String signal) {
        return acceptedRequests.get(OtlpSignal.fromName(signal)).sum();
    }

    /** Items accepted for a signal: spans, metric data points or log records. */
    public long items(String signal) {
        return acceptedItems.get(OtlpSignal.fromName(signal)).sum();
    }

    /** Requests answered with an error status for a signal. */
    public long rejected(String signal) {
        return rejectedRequests.get(OtlpSignal.fromName(signal)).sum();
    }

    /** Samples taken from Prometheus remote writes (also counted as metric items). */
    public long remoteWriteSamples() {
        return remoteWriteSamples.sum();
    }

    /** Series of remote writes refused (their request was answered 400). */
    public long remoteWriteSeriesRefused() {
        return remoteWriteSeriesRefused.sum();
    }

    /**
     * Stops accepting requests, lets running ones finish (up to a second), then flushes and closes
     * the Kafka producer. Idempotent.
     */
    @Override
    public void close() {
        if (!closeOnce.first()) {
            return;
        }
        server.stop(1);
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(DELIVERY_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        producer.flush();
        producer.close(Duration.ofSeconds(10));
        LOG.info(
                "OTLP receiver stopped; accepted {} span, {} metric, {} log requests",
                requests("spans"),
                requests("metrics"),
                requests("logs"));
    }

    // ----------------------------------------------------------------------------------------
    // Request handling

    /** An error answer: HTTP status, google.rpc.Code and message. */
    private static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;
        final int httpStatus;
        final int rpcCode;

        Reject(int httpStatus, int rpcCode, String message) {
            super(message);
            this.httpStatus = httpStatus;
            this.rpcCode = rpcCode;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        OtlpSignal signal = null;
        boolean json = false;
        try (exchange) {
            try {
                signal = signalFor(exchange.getRequestURI().getPath());
                requirePost(exchange);
                json = isJson(exchange.getRequestHeaders().getFirst("Content-Type"));
                byte[] body = readBody(exchange);
                Message request = decode(signal, body, json);
                send(signal, split(signal, request));
                acceptedRequests.get(signal).increment();
                acceptedItems.get(signal).add(signal.countItems(request));
                respond(exchange, 200, json, encodeSuccess(signal, json));
            } catch (Reject e) {
                if (signal != null) {
                    rejectedRequests.get(signal).increment();
                }
                LOG.debug(
                        "Rejected {} {}: {}",
                        exchange.getRequestMethod(),
                        exchange.getRequestURI(),
                        e.getMessage());
                if (e.httpStatus == 503) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                respond(
                        exchange,
                        e.httpStatus,
                        json,
                        encodeStatus(e.rpcCode, e.getMessage(), json));
            } catch (RuntimeException e) {
                if (signal != null) {
                    rejectedRequests.get(signal).increment();
                }
                LOG.error("Handling {} failed", exchange.getRequestURI(), e);
                respond(exchange, 500, json, encodeStatus(INTERNAL, e.toString(), json));
            }
        }
    }

    /** {@code POST /api/v1/write}: Prometheus remote-write 1.0, answered in plain text. */
    private void handleRemoteWrite(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if (!exchange.getRequestURI().getPath().equals(REMOTE_WRITE_PATH)) {
                    throw new Reject(
                            404, NOT_FOUND, "no endpoint at " + exchange.getRequestURI().getPath());
                }
                requirePost(exchange);
                checkRemoteWriteHeaders(
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Content-Encoding"),
                        exchange.getRequestHeaders().getFirst("X-Prometheus-Remote-Write-Version"));
                byte[] body = unsnappy(readLimited(exchange, exchange.getRequestBody()));
                RemoteWrite.Converted converted;
                try {
                    converted = RemoteWrite.convert(body);
                } catch (InvalidProtocolBufferException e) {
                    throw new Reject(400, INVALID_ARGUMENT, e.getMessage());
                }
                if (converted.request().getResourceMetricsCount() > 0) {
                    send(OtlpSignal.METRICS, split(OtlpSignal.METRICS, converted.request()));
                    acceptedRequests.get(OtlpSignal.METRICS).increment();
                    acceptedItems.get(OtlpSignal.METRICS).add(converted.samples());
                    remoteWriteSamples.add(converted.samples());
                }
                if (!converted.problems().isEmpty()) {
                    remoteWriteSeriesRefused.add(converted.problems().size());
                    throw new Reject(400, INVALID_ARGUMENT, refusal(converted));
                }
                exchange.sendResponseHeaders(204, -1);
            } catch (Reject e) {
                rejectedRequests.get(OtlpSignal.METRICS).increment();
                LOG.debug("Rejected remote write: {}", e.getMessage());
                if (e.httpStatus == 503) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                respondText(exchange, e.httpStatus, e.getMessage());
            } catch (RuntimeException e) {
                rejectedRequests.get(OtlpSignal.METRICS).increment();
                LOG.error("Handling a remote write failed", e);
                respondText(exchange, 500, e.toString());
            }
        }
    }

    /**
     * Remote-write 1.0 only: protobuf, snappy, version 0.1.x (or none given). A 2.0 sender sends
     * {@code proto=io.prometheus.write.v2.Request}, is answered 415 and may fall back to 1.0.
     */
    static void checkRemoteWriteHeaders(String contentType, String encoding, String version)
            throws Reject {
        if (contentType == null) {
            throw new Reject(415, INVALID_ARGUMENT, "Content-Type is missing; use " + PROTOBUF);
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(PROTOBUF)) {
            throw new Reject(
                    415,
                    INVALID_ARGUMENT,
                    "unsupported Content-Type " + contentType + "; use " + PROTOBUF);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2
                    && kv[0].trim().equalsIgnoreCase("proto")
                    && !kv[1].trim().equals("prometheus.WriteRequest")) {
                throw new Reject(
                        415,
                        INVALID_ARGUMENT,
                        "unsupported remote-write message "
                                + kv[1].trim()
                                + "; send remote-write 1.0 (prometheus.WriteRequest)");
            }
        }
        if (encoding == null || !encoding.trim().equalsIgnoreCase("snappy")) {
            throw new Reject(
                    415,
                    INVALID_ARGUMENT,
                    "unsupported Content-Encoding "
                            + (encoding == null ? "(none)" : encoding)
                            + "; remote write is snappy-compressed");
        }
        if (version != null && !version.trim().startsWith("0.1.")) {
            throw new Reject(
                    415,
                    INVALID_ARGUMENT,
                    "unsupported remote-write version " + version + "; send 0.1.0 (1.0)");
        }
    }

    /** The snappy block format's content, at most {@link #MAX_REMOTE_WRITE_BYTES}. */
    static byte[] unsnappy(byte[] compressed) throws Reject {
        try {
            if (!Snappy.isValidCompressedBuffer(compressed)) {
                throw new Reject(400, INVALID_ARGUMENT, "body is not snappy (block format)");
            }
            int length = Snappy.uncompressedLength(compressed);
            if (length > MAX_REMOTE_WRITE_BYTES) {
                throw new Reject(
                        413,
                        RESOURCE_EXHAUSTED,
                        "remote write of "
                                + length
                                + " bytes uncompressed; at most "
                                + MAX_REMOTE_WRITE_BYTES
                                + ": lower queue_config.max_samples_per_send");
            }
            return Snappy.uncompress(compressed);
        } catch (IOException e) {
            throw new Reject(400, INVALID_ARGUMENT, "body is not snappy: " + e.getMessage());
        }
    }

    /** What a 400 to a remote write says: how many series were refused, and the first ones. */
    static String refusal(RemoteWrite.Converted converted) {
        List<String> problems = converted.problems();
        StringBuilder b =
                new StringBuilder()
                        .append(problems.size())
                        .append(" series refused (")
                        .append(converted.series())
                        .append(" others written):");
        for (int i = 0; i < Math.min(problems.size(), MAX_PROBLEMS_SHOWN); i++) {
            b.append('\n').append(problems.get(i));
        }
        if (problems.size() > MAX_PROBLEMS_SHOWN) {
            b.append("\n… and ").append(problems.size() - MAX_PROBLEMS_SHOWN).append(" more");
        }
        return b.toString();
    }

    private static void respondText(HttpExchange exchange, int status, String message)
            throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Every endpoint takes POST only; anything else is a 405 with {@code Allow: POST}. */
    private static void requirePost(HttpExchange exchange) throws Reject {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw new Reject(
                    405, UNIMPLEMENTED, exchange.getRequestMethod() + " is not allowed; use POST");
        }
    }

    private static OtlpSignal signalFor(String path) throws Reject {
        String normalized =
                path.endsWith("/") && path.length() > 1
                        ? path.substring(0, path.length() - 1)
                        : path;
        for (OtlpSignal signal : OtlpSignal.values()) {
            if (signal.path().equals(normalized)) {
                return signal;
            }
        }
        throw new Reject(
                404,
                NOT_FOUND,
                "no OTLP endpoint at " + path + "; use /v1/traces, /v1/metrics or /v1/logs");
    }

    /** True for JSON, false for protobuf; anything else is a 415. */
    static boolean isJson(String contentType) throws Reject {
        if (contentType == null) {
            throw new Reject(
                    415,
                    INVALID_ARGUMENT,
                    "Content-Type is missing; use " + PROTOBUF + " or " + JSON);
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals(PROTOBUF)) {
            return false;
        }
        if (mediaType.equals(JSON)) {
            return true;
        }
        throw new Reject(
                415,
                INVALID_ARGUMENT,
                "unsupported Content-Type " + contentType + "; use " + PROTOBUF + " or " + JSON);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException, Reject {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream in = exchange.getRequestBody();
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            if (!encoding.trim().equalsIgnoreCase("gzip")) {
                throw new Reject(
                        415,
                        INVALID_ARGUMENT,
                        "unsupported Content-Encoding " + encoding + "; use gzip or none");
            }
        }
        try {
            if (encoding != null && encoding.trim().equalsIgnoreCase("gzip")) {
                in = new GZIPInputStream(in);
            }
            return readLimited(exchange, in);
        } catch (ZipException e) {
            throw new Reject(400, INVALID_ARGUMENT, "body is not valid gzip: " + e.getMessage());
        } catch (EOFException e) {
            throw new Reject(400, INVALID_ARGUMENT, "request body ended early: " + e.getMessage());
        }
    }

    /** At most {@link #MAX_BODY_BYTES} of {@code in}; a larger body (or Content-Length) is 413. */
    private static byte[] readLimited(HttpExchange exchange, InputStream in)
            throws IOException, Reject {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw new Reject(400, INVALID_ARGUMENT, "invalid Content-Length " + length);
            }
        }
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    private static Reject tooLarge() {
        return new Reject(
                413,
                RESOURCE_EXHAUSTED,
                "request body larger than " + MAX_BODY_BYTES + " bytes; send smaller batches");
    }

    private static Message decode(OtlpSignal signal, byte[] body, boolean json) throws Reject {
        if (json) {
            Message.Builder builder = signal.newRequestBuilder();
            try {
                OtlpJson.merge(body, builder);
            } catch (Exception e) {
                // OtlpDecodeException, or any runtime failure of the decoder on hostile input.
                throw new Reject(
                        400,
                        INVALID_ARGUMENT,
                        "invalid OTLP JSON "
                                + signal.newRequestBuilder().getDescriptorForType().getName()
                                + ": "
                                + e.getMessage());
            }
            return builder.build();
        }
        try {
            return signal.parseRequest(body);
        } catch (InvalidProtocolBufferException e) {
            throw new Reject(
                    400,
                    INVALID_ARGUMENT,
                    "invalid protobuf "
                            + signal.emptyResponse()
                                    .getDescriptorForType()
                                    .getName()
                                    .replace("Response", "Request")
                            + ": "
                            + e.getMessage());
        }
    }

    private static List<OtlpBatches.Payload> split(OtlpSignal signal, Message request)
            throws Reject {
        try {
            return OtlpBatches.split(signal, request, MAX_MESSAGE_BYTES);
        } catch (OtlpBatches.InvalidRequestException e) {
            throw new Reject(400, INVALID_ARGUMENT, e.getMessage());
        } catch (OtlpBatches.ItemTooLargeException e) {
            throw new Reject(413, RESOURCE_EXHAUSTED, e.getMessage());
        }
    }

    /** Sends all payloads, then waits for every acknowledgement. */
    private void send(OtlpSignal signal, List<OtlpBatches.Payload> payloads) throws Reject {
        String topic = topics.get(signal);
        List<Future<RecordMetadata>> acks = new ArrayList<>(payloads.size());
        try {
            for (OtlpBatches.Payload payload : payloads) {
                byte[] key =
                        payload.key() == null
                                ? null
                                : payload.key().getBytes(StandardCharsets.UTF_8);
                acks.add(producer.send(new ProducerRecord<>(topic, key, payload.value())));
            }
            for (Future<RecordMetadata> ack : acks) {
                // The producer completes each future within delivery.timeout.ms; the margin
                // only guards against a bug there.
                ack.get(DELIVERY_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw kafkaFailure(topic, e.getCause());
        } catch (KafkaException e) {
            throw kafkaFailure(topic, e);
        } catch (TimeoutException e) {
            throw new Reject(503, UNAVAILABLE, "Kafka did not acknowledge the write to " + topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Reject(503, UNAVAILABLE, "receiver is shutting down");
        }
    }

    private static Reject kafkaFailure(String topic, Throwable cause) {
        if (cause instanceof RecordTooLargeException) {
            return new Reject(
                    413,
                    RESOURCE_EXHAUSTED,
                    "Kafka rejected a message to "
                            + topic
                            + " as too large: "
                            + cause.getMessage());
        }
        if (cause instanceof RetriableException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof IllegalStateException) {
            return new Reject(
                    503,
                    UNAVAILABLE,
                    "Kafka did not accept the write to " + topic + ": " + cause.getMessage());
        }
        LOG.error("Kafka write to {} failed", topic, cause);
        return new Reject(500, INTERNAL, "Kafka write to " + topic + " failed: " + cause);
    }

    // ----------------------------------------------------------------------------------------
    // Encoding of answers

    private static byte[] encodeSuccess(OtlpSignal signal, boolean json) {
        // An empty Export*ServiceResponse: no partial_success means everything was accepted.
        return json ? "{}".getBytes(StandardCharsets.UTF_8) : signal.emptyResponse().toByteArray();
    }

    /** A {@code google.rpc.Status} with {@code code} and {@code message}, no details. */
    static byte[] encodeStatus(int code, String message, boolean json) {
        if (json) {
            ObjectNode status = MAPPER.createObjectNode();
            status.put("code", code);
            status.put("message", message);
            return status.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: writing to memory", e);
        }
    }

    private static void respond(HttpExchange exchange, int status, boolean json, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", json ? JSON : PROTOBUF);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
