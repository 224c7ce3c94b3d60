package io.vigil.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VigilCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out, true));
        vigil.setErr(new PrintWriter(err, true));
        return vigil.execute(args);
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("setup").contains("run");
    }

    @Test
    void everyHelpTextFormatsWithoutAWarning() {
        // picocli formats descriptions with String.format and warns on System.err when one does
        // not format (a bare '%' in "95% interval" did)
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true));
        try {
            helpOfEveryCommand(VigilCli.commandLine(), new java.util.ArrayList<>());
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString()).isEmpty();
        assertThat(out.toString()).contains("with its 95% interval");
    }

    /** Runs {@code <path> --help} for the command at {@code path} and every command below it. */
    private void helpOfEveryCommand(CommandLine command, java.util.List<String> path) {
        java.util.List<String> args = new java.util.ArrayList<>(path);
        args.add("--help");
        assertThat(run(args.toArray(String[]::new))).as(String.join(" ", args)).isZero();
        command.getSubcommands()
                .forEach(
                        (name, sub) -> {
                            java.util.List<String> below = new java.util.ArrayList<>(path);
                            below.add(name);
                            helpOfEveryCommand(sub, below);
                        });
    }

    @Test
    void badConfigurationExitsWithTheMessageAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(
                config, "kafka: {bootstrapServers: k:9092}\nelasticsearch: {hosts: [es]}\n");

        assertThat(run("run", "--config", config.toString(), "traces")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo(
                        "vigil: "
                                + config
                                + ": elasticsearch.hosts[0]: 'es' is not an http(s) URL; write e.g."
                                + " http://elasticsearch:9200"
                                + System.lineSeparator());
    }

    @Test
    void unknownJobNamesTheKnownOnes(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("vigil.yaml");
        Files.writeString(
                config,
                "kafka: {bootstrapServers: k:9092}\nelasticsearch: {hosts: [http://es:9200]}\n");

        assertThat(run("run", "--config", config.toString(), "spans")).isEqualTo(2);
        assertThat(err.toString())
                .contains("unknown job 'spans'; choose from all, metrics, logs, traces");
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        assertThat(run("run", "traces")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void setupWithNeitherConfigNorKibanaIsAUsageError() {
        assertThat(run("setup")).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "give --config FILE (index templates), --kibana URL (saved objects), or"
                                + " both");
    }
}
