package io.vigil.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.cli.VigilCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil bench nab --plots N} and {@code --plot-files}, on a small generated corpus. */
class NabPlotsCliTest {

    @Test
    void plotsWritesNRepresentativeFilesAfterScoring(@TempDir Path dir) throws IOException {
        Corpus corpus = corpus(dir);
        Path out = dir.resolve("out");

        Run run = run(corpus, out, "--plots", "2");

        assertThat(run.code()).isZero();
        // No well-known NAB file here: the first file of each category, by key.
        assertThat(pngs(out.resolve("plots"))).containsExactly("a_spike.png", "b_dip.png");
        assertThat(run.out()).contains("plots at the standard threshold");
    }

    @Test
    void plotFilesPlotsExactlyThoseAndNoPlotsIsTheDefault(@TempDir Path dir) throws IOException {
        Corpus corpus = corpus(dir);

        Run chosen = run(corpus, dir.resolve("chosen"), "--plot-files", "b/dip.csv");
        Run none = run(corpus, dir.resolve("none"));

        assertThat(chosen.code()).isZero();
        assertThat(pngs(dir.resolve("chosen/plots"))).containsExactly("b_dip.png");
        assertThat(none.code()).isZero();
        assertThat(dir.resolve("none/plots")).doesNotExist();
        assertThat(none.out()).doesNotContain("plots at");
    }

    @Test
    void anUnknownPlotFileIsAUsageErrorBeforeAnyRun(@TempDir Path dir) throws IOException {
        Corpus corpus = corpus(dir);

        Run run = run(corpus, dir.resolve("out"), "--plot-files", "a/spike.csv,c/nope.csv");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("c/nope.csv");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    private record Corpus(Path data, Path windows) {}

    private record Run(int code, String out, String err) {}

    private static Corpus corpus(Path dir) throws IOException {
        Path data = dir.resolve("data");
        write(data.resolve("a/spike.csv"), 300, 50.0);
        write(data.resolve("a/zz.csv"), -1, 0);
        write(data.resolve("b/dip.csv"), 300, -50.0);
        Path windows = dir.resolve("windows.json");
        Files.writeString(
                windows,
                "{\"a/spike.csv\": [[\"2015-01-01 04:50:00.000000\", \"2015-01-01"
                        + " 05:09:00.000000\"]], \"a/zz.csv\": [], \"b/dip.csv\":"
                        + " [[\"2015-01-01 04:50:00.000000\", \"2015-01-01 05:09:00.000000\"]]}");
        return new Corpus(data, windows);
    }

    private static void write(Path csv, int anomalyRow, double anomaly) throws IOException {
        Files.createDirectories(csv.getParent());
        StringBuilder text = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            double value = i == anomalyRow ? anomaly : Math.sin(i / 5.0);
            text.append(String.format("2015-01-01 %02d:%02d:00,%s%n", i / 60, i % 60, value));
        }
        Files.writeString(csv, text);
    }

    private static Run run(Corpus corpus, Path out, String... extra) {
        CommandLine vigil = VigilCli.commandLine();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        vigil.setOut(new PrintWriter(stdout));
        vigil.setErr(new PrintWriter(stderr));
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "bench",
                                "nab",
                                "--data",
                                corpus.data().toString(),
                                "--windows",
                                corpus.windows().toString(),
                                "--out",
                                out.toString(),
                                "--threads",
                                "1"));
        args.addAll(List.of(extra));
        int code = vigil.execute(args.toArray(String[]::new));
        return new Run(code, stdout.toString(), stderr.toString());
    }

    private static List<String> pngs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
