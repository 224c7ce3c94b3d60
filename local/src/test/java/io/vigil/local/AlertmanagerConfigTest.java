package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Alertmanager configurations Vigil ships, checked by Alertmanager's own tool, {@code amtool}
 * 0.25 ({@code check-config}, and {@code config routes test} for where each severity goes): the
 * embedded stack's ({@link EmbeddedAlertmanager#defaultConfig()}, {@link
 * EmbeddedAlertmanager#onCallConfig(String)}) and docker-compose's ({@code
 * deploy/compose/alertmanager.yml}). No Alertmanager is started. {@code amtool} comes with the
 * Debian package {@code prometheus-alertmanager}; without it these tests fail and say so.
 */
class AlertmanagerConfigTest {
    private static final String WEBHOOK = "http://127.0.0.1:9099";
    private static Path amtool;

    @TempDir Path dir;

    @BeforeAll
    static void findAmtool() {
        amtool = Executables.find(List.of("amtool")).orElse(null);
        if (amtool == null) {
            fail(
                    "amtool is not installed, so Alertmanager configurations cannot be checked."
                            + " On Debian/Ubuntu: `sudo apt-get install -y prometheus-alertmanager`"
                            + " (it ships amtool).");
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private Run amtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(amtool.toString());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "amtool", ".out");
        Path stderr = Files.createTempFile(dir, "amtool", ".err");
        Process p =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("amtool did not finish within 60 s: " + command);
        }
        return new Run(
                p.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private Path write(String name, String config) throws IOException {
        return Files.writeString(dir.resolve(name), config, StandardCharsets.UTF_8);
    }

    /** {@code amtool check-config FILE}: exit 0 and SUCCESS, or the test fails with its output. */
    private void assertValid(Path file, int receivers) throws Exception {
        Run run = amtool("check-config", file.toString());
        assertThat(run.exitCode())
                .as("amtool check-config %s:%n%s%s", file, run.stdout(), run.stderr())
                .isZero();
        assertThat(run.stdout()).contains("SUCCESS").contains(" - " + receivers + " receivers");
    }

    /** The receiver {@code amtool config routes test} picks for an alert with these labels. */
    private String receiverOf(Path file, String... labels) throws Exception {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test"));
        args.add("--config.file=" + file);
        args.addAll(List.of(labels));
        Run run = amtool(args.toArray(String[]::new));
        assertThat(run.exitCode()).as("amtool %s: %s", args, run.stderr()).isZero();
        return run.stdout().strip();
    }

    private static Path composeConfig() {
        Path file =
                Path.of(
                                System.getProperty("vigil.repo.dir", ".."),
                                "deploy/compose/alertmanager.yml")
                        .toAbsolutePath();
        assertThat(file).isRegularFile();
        return file;
    }

    @Test
    void defaultConfigIsValid() throws Exception {
        Path file = write("default.yml", EmbeddedAlertmanager.defaultConfig());
        assertValid(file, 1);
        assertThat(receiverOf(file, "severity=critical")).isEqualTo("vigil-default");
    }

    @Test
    void onCallConfigIsValid() throws Exception {
        assertValid(write("on-call.yml", EmbeddedAlertmanager.onCallConfig(WEBHOOK)), 3);
    }

    @Test
    void onCallConfigSendsEachReceiverToItsOwnWebhookPath() {
        String config = EmbeddedAlertmanager.onCallConfig(WEBHOOK);
        assertThat(config)
                .contains("- name: page\n    webhook_configs:\n      - url: '" + WEBHOOK + "/page'")
                .contains(
                        "- name: ticket\n    webhook_configs:\n      - url: '"
                                + WEBHOOK
                                + "/ticket'")
                .contains(
                        "- name: on-call\n    webhook_configs:\n      - url: '"
                                + WEBHOOK
                                + "/on-call'");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "severity=critical, page",
        "severity=warning, ticket",
        "severity=info, on-call",
        "service=checkout, on-call"
    })
    void onCallConfigRoutesBySeverity(String label, String receiver) throws Exception {
        Path file = write("on-call.yml", EmbeddedAlertmanager.onCallConfig(WEBHOOK));
        assertThat(receiverOf(file, "alertname=VigilIncident", "incident_id=inc-1", label))
                .isEqualTo(receiver);
    }

    @Test
    void composeConfigIsValid() throws Exception {
        assertValid(composeConfig(), 3);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "severity=critical, page",
        "severity=warning, ticket",
        "severity=info, default",
        "service=checkout, default"
    })
    void composeConfigRoutesBySeverity(String label, String receiver) throws Exception {
        assertThat(receiverOf(composeConfig(), "alertname=VigilIncident", label))
                .isEqualTo(receiver);
    }
}
