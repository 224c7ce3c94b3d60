package io.vigil.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.cli.VigilCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil bench nab} through the real command tree, on a small generated corpus. */
class BenchCliTest {

    @Test
    void benchNabPrintsScoresCategoriesAndScoreboard(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("synthetic"));
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            double value = i == 300 ? 50.0 : Math.sin(i / 5.0);
            csv.append(String.format("2015-01-01 %02d:%02d:00,%s%n", i / 60, i % 60, value));
        }
        Files.writeString(data.resolve("synthetic").resolve("spike.csv"), csv);
        Path windows = dir.resolve("windows.json");
        Files.writeString(
                windows,
                "{\"synthetic/spike.csv\": [[\"2015-01-01 04:50:00.000000\","
                        + " \"2015-01-01 05:09:00.000000\"]]}");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = benchNab(data, windows, dir.resolve("out"), out, err, "--threads", "1");

        assertThat(code).isZero();
        String printed = out.toString();
        assertThat(printed)
                .contains("1 files, 400 rows, 1 windows")
                .contains("standard")
                .contains("reward_low_FP_rate")
                .contains("reward_low_FN_rate")
                .contains("synthetic")
                .contains("Windowed Gaussian")
                .contains("> Vigil (this run");
        assertThat(dir.resolve("out/vigil/synthetic/vigil_spike.csv")).exists();
        assertThat(dir.resolve("out/scores.json")).exists();
    }

    @Test
    void benchNabPrintsTheTwoFoldHeldOutScores(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("synthetic"));
        StringBuilder windows = new StringBuilder("{");
        for (String name : List.of("one", "two")) {
            StringBuilder csv = new StringBuilder("timestamp,value\n");
            for (int i = 0; i < 400; i++) {
                double value = i == 300 ? 50.0 : Math.sin(i / 5.0);
                csv.append(String.format("2015-01-01 %02d:%02d:00,%s%n", i / 60, i % 60, value));
            }
            Files.writeString(data.resolve("synthetic").resolve(name + ".csv"), csv);
            windows.append(windows.length() > 1 ? ", " : "")
                    .append("\"synthetic/")
                    .append(name)
                    .append(".csv\": [[\"2015-01-01 04:50:00.000000\",")
                    .append(" \"2015-01-01 05:09:00.000000\"]]");
        }
        Path windowsFile = dir.resolve("windows.json");
        Files.writeString(windowsFile, windows.append("}"));

        StringWriter out = new StringWriter();
        int code =
                benchNab(
                        data,
                        windowsFile,
                        dir.resolve("out"),
                        out,
                        new StringWriter(),
                        "--threads",
                        "1");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("two-fold held-out")
                .contains("A: 1 files, 1 windows; B: 1 files, 1 windows")
                .containsPattern("standard +A→B +default")
                .containsPattern("standard +mean +[0-9.-]+")
                .containsPattern("standard +fixed +default \\(not tuned\\) +A→B [0-9.-]+, B→A")
                .contains("candidates (standard)");
    }

    @Test
    void badInputIsAUsageErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("c"));
        Files.writeString(
                data.resolve("c").resolve("x.csv"), "timestamp,value\n2015-01-01 00:00:00,oops\n");
        Path windows = dir.resolve("w.json");
        Files.writeString(windows, "{\"c/x.csv\": []}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = benchNab(data, windows, dir.resolve("out"), out, err);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("x.csv:2:").contains("value 'oops'");
    }

    /**
     * Runs {@code vigil bench nab} through the real command tree on {@code data} and {@code
     * windows}, writing to {@code outDir}, with stdout and stderr captured; returns the exit code.
     */
    private static int benchNab(
            Path data,
            Path windows,
            Path outDir,
            StringWriter out,
            StringWriter err,
            String... extra) {
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out));
        vigil.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>();
        Collections.addAll(
                args,
                "bench",
                "nab",
                "--data",
                data.toString(),
                "--windows",
                windows.toString(),
                "--out",
                outDir.toString());
        Collections.addAll(args, extra);
        return vigil.execute(args.toArray(String[]::new));
    }
}
