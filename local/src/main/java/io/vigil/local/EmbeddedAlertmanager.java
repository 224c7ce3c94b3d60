package io.vigil.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus Alertmanager (the Debian {@code prometheus-alertmanager} binary, 0.25) as a
 * child process, for the demo and the integration tests.
 *
 * <p>Started as {@code prometheus-alertmanager --config.file=<workDir>/am.yml
 * --storage.path=<workDir>/data --web.listen-address=127.0.0.1:<port> --cluster.listen-address=}
 * (empty: no gossip, no second port), under the stdin watchdog of {@link ChildProcess#ofBinary}, so
 * it never outlives this JVM. The default configuration ({@link #defaultConfig()}) routes
 * everything to one receiver without notifiers and groups by {@code alertname} and {@code service}
 * with short waits (1 s group wait, 5 s group interval) so tests see groups quickly. Ready once
 * {@code GET /-/ready} answers 200, typically within half a second.
 */
public final class EmbeddedAlertmanager implements AutoCloseable {

    /** What to tell a user whose machine has no Alertmanager binary. */
    public static final String INSTALL_HINT =
            "Alertmanager is not installed. On Debian/Ubuntu: `sudo apt-get install -y"
                    + " prometheus-alertmanager` (apt does not start it as a service here; Vigil"
                    + " starts its own); elsewhere put an `alertmanager` binary (0.25 or newer) on"
                    + " PATH.";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAlertmanager.class);
    private static final List<String> BINARY_NAMES =
            List.of("prometheus-alertmanager", "alertmanager");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

    private final ChildProcess process;
    private final String url;
    private final Duration startupTime;

    private EmbeddedAlertmanager(ChildProcess process, String url, Duration startupTime) {
        this.process = process;
        this.url = url;
        this.startupTime = startupTime;
    }

    /**
     * The Alertmanager binary: {@code prometheus-alertmanager} or {@code alertmanager} on {@code
     * PATH}, else in {@code /usr/bin}.
     */
    public static Optional<Path> findBinary() {
        return Executables.find(BINARY_NAMES);
    }

    /** Starts Alertmanager with {@link #defaultConfig()}. */
    public static EmbeddedAlertmanager start(Path binary, int port, Path workDir)
            throws IOException {
        return start(binary, port, workDir, defaultConfig());
    }

    /**
     * Starts Alertmanager with the given configuration and waits until it is ready.
     *
     * @param binary the executable, e.g. from {@link #findBinary()}
     * @param port web port on 127.0.0.1; 0 picks a free one
     * @param workDir holds {@code am.yml}, {@code data/} and {@code alertmanager.log}
     * @param configYaml the Alertmanager configuration file's content
     * @throws IOException if the port is taken, or it is not ready within 30 s (the message carries
     *     the end of its log, e.g. a configuration error)
     */
    public static EmbeddedAlertmanager start(Path binary, int port, Path workDir, String configYaml)
            throws IOException {
        workDir = workDir.toAbsolutePath();
        int webPort = Ports.resolve(port, "Alertmanager");
        Files.createDirectories(workDir);
        Path config = workDir.resolve("am.yml");
        Files.writeString(config, configYaml, StandardCharsets.UTF_8);
        Path data = Files.createDirectories(workDir.resolve("data"));
        String url = "http://127.0.0.1:" + webPort;
        List<String> command =
                List.of(
                        binary.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + data,
                        "--web.listen-address=127.0.0.1:" + webPort,
                        "--web.external-url=" + url,
                        "--cluster.listen-address=",
                        "--log.level=info");
        Instant launched = Instant.now();
        ChildProcess process =
                ChildProcess.ofBinary("alertmanager", command, workDir, Duration.ofSeconds(10));
        process.awaitReadyOrStop(
                "Alertmanager at " + url,
                STARTUP_TIMEOUT,
                POLL_INTERVAL,
                () -> Readiness.answers200(url + "/-/ready"));
        Duration startup = Duration.between(launched, Instant.now());
        LOG.info("Alertmanager ready at {} in {} ms", url, startup.toMillis());
        return new EmbeddedAlertmanager(process, url, startup);
    }

    /**
     * The configuration {@link #start(Path, int, Path)} uses: one receiver without notifiers
     * ({@code vigil-default}), grouped by {@code alertname} and {@code service}, group wait 1 s,
     * group interval 5 s, repeat interval 1 h, resolve timeout 5 m.
     */
    public static String defaultConfig() {
        return """
                # Written by io.vigil.local.EmbeddedAlertmanager for the local stack.
                global:
                  resolve_timeout: 5m
                route:
                  receiver: vigil-default
                  group_by: ['alertname', 'service']
                  group_wait: 1s
                  group_interval: 5s
                  repeat_interval: 1h
                receivers:
                  - name: vigil-default
                """;
    }

    /**
     * On-call routing for the local stack, by the {@code severity} label Vigil's alerts carry:
     * {@code critical} pages (receiver {@code page}, webhook {@code <webhook>/page}), {@code
     * warning} opens a ticket (receiver {@code ticket}, {@code <webhook>/ticket}), everything else
     * ({@code info}, or no severity) goes to the default receiver, the on-call channel ({@code
     * on-call}, {@code <webhook>/on-call}). Each alert goes to the first matching route only.
     * Alerts grouped by {@code incident_id}; resolved notifications on; group wait 5 s, group
     * interval 30 s, repeat interval 4 h, resolve timeout 5 m.
     *
     * @param webhookUrl where the three webhooks point, e.g. {@link WebhookReceiver#url()}, which
     *     records each delivery's path as its receiver
     */
    public static String onCallConfig(String webhookUrl) {
        return """
                # Written by io.vigil.local.EmbeddedAlertmanager for the local stack: on-call routing.
                global:
                  resolve_timeout: 5m
                route:
                  receiver: on-call
                  group_by: ['incident_id']
                  group_wait: 5s
                  group_interval: 30s
                  repeat_interval: 4h
                  routes:
                    - receiver: page
                      matchers: ['severity="critical"']
                    - receiver: ticket
                      matchers: ['severity="warning"']
                receivers:
                  - name: page
                    webhook_configs:
                      - url: '%1$s/page'
                        send_resolved: true
                  - name: ticket
                    webhook_configs:
                      - url: '%1$s/ticket'
                        send_resolved: true
                  - name: on-call
                    webhook_configs:
                      - url: '%1$s/on-call'
                        send_resolved: true
                """
                .formatted(webhookUrl);
    }

    /** {@code http://127.0.0.1:<port>}; the API is under {@code /api/v2}. */
    public String url() {
        return url;
    }

    /** Time from launching the binary until {@code /-/ready} answered 200. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The watchdog shell's process; Alertmanager itself is its child. */
    public ProcessHandle process() {
        return process.handle();
    }

    /** Stops Alertmanager and waits until it has exited. */
    @Override
    public void close() {
        process.close();
    }
}
