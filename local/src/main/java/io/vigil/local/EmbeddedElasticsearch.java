package io.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Elasticsearch 7.10.2 node for the demo and the integration tests.
 *
 * <p>Where a Docker engine is available, the node is Testcontainers' {@code elasticsearch-oss}
 * 7.10.2 image; where none is (this machine), it is a child JVM running {@link
 * ElasticsearchNodeMain} around the codelibs cluster runner, from this JVM's classpath, with a 512
 * MB heap. Which one is chosen: system property {@value #MODE_PROPERTY} or environment variable
 * {@value #MODE_ENV}, one of {@code auto} (default: Docker when available, else embedded; also
 * embedded when the container fails to start), {@code docker}, {@code embedded}.
 *
 * <p>Ready once {@code GET /_cluster/health?wait_for_status=yellow} answers yellow or green.
 * Indices created by sinks get one replica by default and stay yellow on one node (pitfall 7):
 * Vigil's index templates set 0 replicas for local use.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    /** System property choosing the backend: {@code auto}, {@code docker} or {@code embedded}. */
    public static final String MODE_PROPERTY = "vigil.elasticsearch.mode";

    /** Environment variable with the same meaning as {@link #MODE_PROPERTY}. */
    public static final String MODE_ENV = "VIGIL_ELASTICSEARCH_MODE";

    /** The image used when Docker is available. */
    public static final String IMAGE = "docker.elastic.co/elasticsearch/elasticsearch-oss:7.10.2";

    /** Backend selection; see {@link #MODE_PROPERTY}. */
    public enum Mode {
        /** Docker when available, else the embedded node. */
        AUTO,
        /** Testcontainers only; fails without a Docker engine. */
        DOCKER,
        /** The embedded node in a child JVM, even where Docker runs. */
        EMBEDDED;

        /** The mode from {@link #MODE_PROPERTY}, else {@link #MODE_ENV}, else {@code AUTO}. */
        public static Mode fromEnvironment() {
            String value = System.getProperty(MODE_PROPERTY, System.getenv(MODE_ENV));
            if (value == null || value.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        MODE_PROPERTY
                                + "/"
                                + MODE_ENV
                                + " must be auto, docker or embedded, was '"
                                + value
                                + "'");
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** ES defaults from its jvm.options that matter outside its own launcher. */
    private static final List<String> ES_SYSTEM_PROPERTIES =
            List.of(
                    "java.locale.providers=SPI,COMPAT",
                    "log4j2.disable.jmx=true",
                    "log4j2.formatMsgNoLookups=true",
                    "io.netty.noUnsafe=true",
                    "io.netty.noKeySetOptimization=true",
                    "io.netty.recycler.maxCapacityPerThread=0",
                    "io.netty.allocator.numDirectArenas=0");

    private final String httpUrl;
    private final Duration startupTime;
    private final ChildProcess child;
    private final ElasticsearchContainer container;
    private final ShutdownSequence.Registration containerRegistration;

    private EmbeddedElasticsearch(
            String httpUrl,
            Duration startupTime,
            ChildProcess child,
            ElasticsearchContainer container) {
        this.httpUrl = httpUrl;
        this.startupTime = startupTime;
        this.child = child;
        this.container = container;
        this.containerRegistration =
                container == null
                        ? () -> {}
                        : ShutdownSequence.register(
                                ShutdownSequence.Stage.INFRASTRUCTURE,
                                "elasticsearch container",
                                container::stop);
    }

    /**
     * Starts a node in the mode given by the environment ({@link Mode#fromEnvironment()}).
     *
     * @param httpPort HTTP port on 127.0.0.1; 0 picks a free one
     * @param workDir data, logs and the child's log file {@code elasticsearch.log}
     */
    public static EmbeddedElasticsearch start(int httpPort, Path workDir) throws IOException {
        return start(httpPort, workDir, Mode.fromEnvironment());
    }

    /**
     * Starts a node with an explicit backend.
     *
     * @throws IOException if the port is taken or the node is not yellow within 120 s; the message
     *     carries the end of the node's log
     */
    public static EmbeddedElasticsearch start(int httpPort, Path workDir, Mode mode)
            throws IOException {
        boolean docker = mode != Mode.EMBEDDED && dockerAvailable();
        if (mode == Mode.DOCKER && !docker) {
            throw new IOException(
                    "Elasticsearch mode 'docker' was requested but no Docker engine is available");
        }
        if (docker) {
            try {
                return startContainer(httpPort);
            } catch (RuntimeException e) {
                if (mode == Mode.DOCKER) {
                    throw new IOException("starting the Elasticsearch container failed", e);
                }
                LOG.warn("Starting the Elasticsearch container failed; using the embedded node", e);
            }
        }
        return startEmbedded(httpPort, workDir);
    }

    /** {@code http://127.0.0.1:<port>} (or the Docker host's address for a container). */
    public String httpUrl() {
        return httpUrl;
    }

    /** Whether the node runs in a Testcontainers container rather than a child JVM. */
    public boolean isContainer() {
        return container != null;
    }

    /** Time from launching the node until it reported yellow health. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The child JVM's process, when the node is embedded. */
    public Optional<ProcessHandle> process() {
        return child == null ? Optional.empty() : Optional.of(child.handle());
    }

    /** Stops the node and waits until its process (or container) is gone. */
    @Override
    public void close() {
        if (child != null) {
            child.close();
        } else {
            containerRegistration.close();
            container.stop();
        }
    }

    private static boolean dockerAvailable() {
        if (!dockerConfigured()) {
            // Testcontainers would log an ERROR with every strategy it tried; there is nothing
            // to find anyway.
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Docker detection failed", e);
            return false;
        }
    }

    /**
     * Whether anything points at a Docker engine: {@code DOCKER_HOST}, a Testcontainers
     * configuration file, or one of the usual engine sockets (system, rootless, Docker Desktop,
     * Colima). Cheap; Testcontainers then makes the real check.
     */
    static boolean dockerConfigured() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        List<Path> candidates =
                new ArrayList<>(
                        List.of(
                                Path.of("/var/run/docker.sock"),
                                home.resolve(".testcontainers.properties"),
                                home.resolve(".docker/run/docker.sock"),
                                home.resolve(".docker/desktop/docker.sock"),
                                home.resolve(".colima/default/docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
        }
        return candidates.stream().anyMatch(Files::exists);
    }

    private static EmbeddedElasticsearch startContainer(int httpPort) throws IOException {
        Instant launched = Instant.now();
        ElasticsearchContainer container =
                new ElasticsearchContainer(DockerImageName.parse(IMAGE))
                        .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
                        .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false");
        if (httpPort != 0) {
            container.setPortBindings(List.of(httpPort + ":9200"));
        }
        container.start();
        String url = "http://" + container.getHost() + ":" + container.getMappedPort(9200);
        try {
            Readiness.await(
                    "Elasticsearch container at " + url,
                    STARTUP_TIMEOUT,
                    POLL_INTERVAL,
                    () -> isYellowOrGreen(url),
                    () ->
                            container.isRunning()
                                    ? Optional.empty()
                                    : Optional.of("the container stopped"));
        } catch (IOException e) {
            container.stop();
            throw e;
        }
        Duration startup = Duration.between(launched, Instant.now());
        LOG.info("Elasticsearch container ready at {} in {} ms", url, startup.toMillis());
        return new EmbeddedElasticsearch(url, startup, null, container);
    }

    private static EmbeddedElasticsearch startEmbedded(int httpPort, Path workDir)
            throws IOException {
        workDir = workDir.toAbsolutePath();
        int http = Ports.resolve(httpPort, "Elasticsearch HTTP");
        int transport = Ports.free();
        Files.createDirectories(workDir);
        String url = "http://127.0.0.1:" + http;
        Instant launched = Instant.now();
        ChildJvm.Builder builder =
                ChildJvm.builder("elasticsearch", ElasticsearchNodeMain.class.getName())
                        .heap("512m")
                        .workDir(workDir)
                        .gracefulStopTimeout(Duration.ofSeconds(30))
                        .args(
                                List.of(
                                        workDir.resolve("node").toString(),
                                        "vigil-local",
                                        String.valueOf(http),
                                        String.valueOf(transport)));
        for (String property : ES_SYSTEM_PROPERTIES) {
            int eq = property.indexOf('=');
            builder.systemProperty(property.substring(0, eq), property.substring(eq + 1));
        }
        ChildProcess child = builder.start();
        child.awaitReadyOrStop(
                "Elasticsearch node at " + url,
                STARTUP_TIMEOUT,
                POLL_INTERVAL,
                () -> isYellowOrGreen(url));
        Duration startup = Duration.between(launched, Instant.now());
        LOG.info("Elasticsearch node ready at {} in {} ms", url, startup.toMillis());
        return new EmbeddedElasticsearch(url, startup, child, null);
    }

    /** One health probe: true when the cluster is yellow or green. */
    static boolean isYellowOrGreen(String url) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        url
                                                + "/_cluster/health?wait_for_status=yellow"
                                                + "&timeout=2s"))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return false;
        }
        JsonNode health = JSON.readTree(response.body());
        String status = health.path("status").asText();
        return "yellow".equals(status) || "green".equals(status);
    }
}
