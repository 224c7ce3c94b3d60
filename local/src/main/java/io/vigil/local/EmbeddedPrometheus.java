package io.vigil.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus server (the Debian {@code prometheus} binary, 2.42) as a child process: it
 * scrapes and sends what it scraped to a {@code remote_write} URL, such as the bridge's {@link
 * OtlpHttpReceiver#REMOTE_WRITE_PATH}. For the integration test of the remote-write path; the same
 * configuration is what a user's Prometheus needs to feed Vigil.
 *
 * <p>Started as {@code prometheus --config.file=<workDir>/prometheus.yml
 * --storage.tsdb.path=<workDir>/data --web.listen-address=127.0.0.1:<port>} under the stdin
 * watchdog of {@link ChildProcess#ofBinary}, so it never outlives this JVM. Ready once {@code GET
 * /-/ready} answers 200.
 */
public final class EmbeddedPrometheus implements AutoCloseable {

    /** What to tell a user whose machine has no Prometheus binary. */
    public static final String INSTALL_HINT =
            "Prometheus is not installed. On Debian/Ubuntu: `sudo apt-get install -y prometheus`"
                    + " (Vigil starts its own; the service apt may start is not used); elsewhere put"
                    + " a `prometheus` binary (2.x) on PATH.";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPrometheus.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final ChildProcess process;
    private final String url;

    private EmbeddedPrometheus(ChildProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The Prometheus binary: {@code prometheus} on {@code PATH}, else in {@code /usr/bin}. */
    public static Optional<Path> findBinary() {
        return Executables.find(List.of("prometheus"));
    }

    /**
     * A configuration that scrapes Prometheus itself (job {@code prometheus}, target {@code
     * 127.0.0.1:<port>}) every {@code interval} and remote-writes every sample to {@code writeUrl}
     * within about a second (batch send deadline 1 s, backoff 100 ms to 1 s).
     */
    public static String selfScrapeConfig(int port, String writeUrl, Duration interval) {
        String every = interval.toMillis() + "ms";
        return """
                # Written by io.vigil.local.EmbeddedPrometheus.
                global:
                  scrape_interval: %1$s
                  evaluation_interval: %1$s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%2$d']
                remote_write:
                  - url: '%3$s'
                    queue_config:
                      batch_send_deadline: 1s
                      min_backoff: 100ms
                      max_backoff: 1s
                """
                .formatted(every, port, writeUrl);
    }

    /**
     * Starts Prometheus with the configuration {@code configYaml(port)} and waits until it is
     * ready.
     *
     * @param binary the executable, e.g. from {@link #findBinary()}
     * @param port web port on 127.0.0.1; 0 picks a free one
     * @param workDir holds {@code prometheus.yml}, {@code data/} and the log
     * @param configYaml the configuration, given the port chosen (see {@link #selfScrapeConfig})
     * @throws IOException if it is not ready within 30 s (the message carries the end of its log,
     *     e.g. a configuration error)
     */
    public static EmbeddedPrometheus start(
            Path binary, int port, Path workDir, java.util.function.IntFunction<String> configYaml)
            throws IOException {
        workDir = workDir.toAbsolutePath();
        int webPort = Ports.resolve(port, "Prometheus");
        Files.createDirectories(workDir);
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, configYaml.apply(webPort), StandardCharsets.UTF_8);
        Path data = Files.createDirectories(workDir.resolve("data"));
        String url = "http://127.0.0.1:" + webPort;
        List<String> command =
                List.of(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + data,
                        "--web.listen-address=127.0.0.1:" + webPort,
                        "--log.level=info");
        ChildProcess process =
                ChildProcess.ofBinary("prometheus", command, workDir, Duration.ofSeconds(10));
        process.awaitReadyOrStop(
                "Prometheus at " + url,
                STARTUP_TIMEOUT,
                POLL_INTERVAL,
                () -> Readiness.answers200(url + "/-/ready"));
        LOG.info("Prometheus ready at {}", url);
        return new EmbeddedPrometheus(process, url);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url;
    }

    /** {@code 127.0.0.1:<port>}: the {@code instance} label of its own series. */
    public String instance() {
        return url.substring("http://".length());
    }

    /** Stops Prometheus and waits until it has exited. */
    @Override
    public void close() {
        process.close();
    }
}
