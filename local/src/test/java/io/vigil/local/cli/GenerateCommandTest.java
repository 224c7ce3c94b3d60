package io.vigil.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.cli.VigilCli;
import io.vigil.local.IncidentScenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil generate} through the real command tree (the service-loaded extension). */
class GenerateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out, true));
        vigil.setErr(new PrintWriter(err, true));
        return vigil.execute(args);
    }

    /** {@code vigil generate --scenario SCENARIO --out DIR} followed by {@code more}. */
    private int generate(String scenario, Path dir, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of("generate", "--scenario", scenario, "--out", dir.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void listPrintsOneLinePerScenario() {
        assertThat(run("generate", "--list")).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines).hasSize(IncidentScenarios.all().size()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(lines[0].strip()).startsWith("cpu-saturation").contains("60 min");
    }

    @Test
    void helpEndsWithTheScenarios() {
        assertThat(run("generate", "--help")).isZero();
        assertThat(out.toString())
                .contains("--scenario=NAME")
                .contains("--duration=D")
                .contains("Scenarios")
                .contains("flapping")
                .contains("35 %");
    }

    @Test
    void writesAShortDatasetAndSaysWhat(@TempDir Path dir) {
        Path target = dir.resolve("ds");
        int code =
                generate(
                        "dependency-down",
                        target,
                        "--duration",
                        "2m",
                        "--rate",
                        "2",
                        "--seed",
                        "9",
                        "--start",
                        "2025-06-01T00:00:00Z");

        assertThat(code).as(err.toString()).isZero();
        assertThat(target.resolve("traces.jsonl.gz")).exists();
        assertThat(target.resolve("DATASET.md")).exists();
        assertThat(out.toString())
                .contains("dependency-down (seed 9, 2025-06-01T00:00:00Z, PT2M)")
                .contains("fault f-001 dependency_down")
                .contains("cache");
    }

    @Test
    void missingOrUnknownScenarioIsAUsageError(@TempDir Path dir) {
        assertThat(run("generate", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--scenario NAME and --out DIR");
        assertThat(generate("nope", dir)).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'nope'");
        assertThat(generate("quiet", dir, "--duration", "5x")).isEqualTo(2);
        assertThat(err.toString()).contains("--duration 5x");
    }

    @Test
    void durationsReadMinutesHoursSecondsAndIso() {
        assertThat(GenerateCommand.duration("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GenerateCommand.duration("3h")).isEqualTo(Duration.ofHours(3));
        assertThat(GenerateCommand.duration("300s")).isEqualTo(Duration.ofSeconds(300));
        assertThat(GenerateCommand.duration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> GenerateCommand.instant("yesterday"))
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void aDatasetFolderKeepsForeignFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThat(generate("quiet", dir, "--duration", "1m")).isZero();
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("mine");
        assertThat(Files.readString(dir.resolve("faults.jsonl"))).isEmpty();
    }
}
