package io.vigil.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.cli.VigilCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil bench forecast} through the real command tree on a tiny folder in NAB layout: two
 * real* series and an artificial one (left out), seeded; checks the printed tables, summary.json
 * and series.csv. No timing is asserted.
 */
class ForecastBenchCliTest {
    private static final long SEED = 11;

    /** 600 rows at 5 min from 2015-01-01: a daily wave, noise and a few spikes. */
    private static void writeSeries(Path file, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 600; i++) {
            int minutes = i * 5;
            double value =
                    50
                            + 10 * Math.sin(2 * Math.PI * i / 288)
                            + random.nextGaussian()
                            + (i % 97 == 0 ? 30 : 0);
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "2015-01-%02d %02d:%02d:00,%.3f%n",
                            1 + minutes / 1440,
                            minutes % 1440 / 60,
                            minutes % 60,
                            value));
        }
        Files.writeString(file, csv);
    }

    private static Path corpus(Path dir) throws IOException {
        Path data = dir.resolve("data");
        writeSeries(data.resolve("realA/a.csv"), SEED);
        writeSeries(data.resolve("realB/b.csv"), SEED + 1);
        writeSeries(data.resolve("artificialX/c.csv"), SEED + 2);
        Files.writeString(data.resolve("README.md"), "not data");
        return data;
    }

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out));
        vigil.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        full[0] = "bench";
        full[1] = "forecast";
        System.arraycopy(args, 0, full, 2, args.length);
        return vigil.execute(full);
    }

    @Test
    void tinyRunWritesSummaryAndSeries(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        Path outDir = dir.resolve("out");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                run(
                        out,
                        err,
                        "--data",
                        data.toString(),
                        "--out",
                        outDir.toString(),
                        "--threads",
                        "1");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("2 series, 1,200 rows")
                .contains("other categories left out")
                .contains("mean MASE")
                .contains("statsmodels ARIMA(1,1,1)")
                .contains("always")
                .contains("not measured");
        JsonNode summary = new ObjectMapper().readTree(outDir.resolve("summary.json").toFile());
        assertThat(summary.get("series").asInt()).isEqualTo(2);
        // Vigil's forecaster is the headline: its figures at the top level.
        assertThat(summary.get("method").asText()).isEqualTo("vigil");
        for (String field :
                List.of(
                        "mase_mean",
                        "mase_median",
                        "cpu_ms_per_refit",
                        "crossing_precision",
                        "crossing_recall",
                        "crossing_median_lead_min")) {
            assertThat(summary.has(field)).as(field).isTrue();
        }
        assertThat(summary.get("mase_mean").asDouble())
                .isEqualTo(summary.at("/methods/vigil/mase_mean").asDouble());
        assertThat(summary.get("refits").asLong()).isPositive();
        JsonNode naive = summary.at("/methods/naive");
        assertThat(naive.get("mase_mean").asDouble()).isPositive();
        assertThat(naive.get("mase_median").asDouble()).isPositive();
        assertThat(naive.get("cpu_ms_per_refit").asDouble()).isNotNegative();
        assertThat(naive.get("crossing_precision").isNull())
                .as("naive is not a predictor")
                .isTrue();
        JsonNode always = summary.at("/methods/always");
        assertThat(always.get("crossing_recall").asDouble()).isBetween(0.0, 1.0);
        assertThat(always.get("crossing_median_lead_min").asDouble()).isBetween(5.0, 60.0);
        assertThat(always.get("crossing_precision").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("events").asInt()).isPositive();
        assertThat(summary.at("/reference/events").asInt()).isEqualTo(1351);

        List<String> rows = Files.readAllLines(outDir.resolve("series.csv"));
        assertThat(rows.get(0)).startsWith("series,rows,dt_seconds");
        // 2 series × 11 methods (vigil, vigil_c0.4, vigil_c0.3, naive, snaive, linear_1h,
        // linear_1d, always, naive_z1, naive_z2, naive_z3)
        assertThat(rows).hasSize(1 + 2 * 11);
        assertThat(rows.get(1)).startsWith("realA/a.csv,600,300,90,");
        assertThat(rows).noneMatch(r -> r.contains("artificialX"));
        int columns = rows.get(0).split(",", -1).length;
        assertThat(rows).allMatch(r -> r.split(",", -1).length == columns);
    }

    @Test
    void methodsSelectsByNameAndAllCategoriesKeepsArtificial(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        Path outDir = dir.resolve("out");
        StringWriter out = new StringWriter();
        int code =
                run(
                        out,
                        new StringWriter(),
                        "--data",
                        data.toString(),
                        "--out",
                        outDir.toString(),
                        "--methods",
                        "naive,always",
                        "--all-categories");
        assertThat(code).as(out.toString()).isZero();
        List<String> rows = Files.readAllLines(outDir.resolve("series.csv"));
        assertThat(rows).hasSize(1 + 3 * 2);
        assertThat(rows).anyMatch(r -> r.startsWith("artificialX/c.csv,"));
    }

    @Test
    void plotsDrawsForecastPlotsAndOneCrossingPlotIntoOutPlots(@TempDir Path dir)
            throws IOException {
        Path data = corpus(dir);
        Path outDir = dir.resolve("out");
        StringWriter out = new StringWriter();
        int code =
                run(
                        out,
                        new StringWriter(),
                        "--data",
                        data.toString(),
                        "--out",
                        outDir.toString(),
                        "--methods",
                        "vigil",
                        "--plots",
                        "1");

        assertThat(code).as(out.toString()).isZero();
        try (var pngs = Files.list(outDir.resolve("plots"))) {
            assertThat(pngs.map(p -> p.getFileName().toString()).sorted())
                    .hasSize(2)
                    .contains("forecast_realA_a.png")
                    .anyMatch(name -> name.startsWith("crossing_real"));
        }
        assertThat(out.toString()).contains("plots (").contains("forecast_realA_a.png");
    }

    @Test
    void plotsWithoutOutIsAUsageErrorBeforeAnyRun(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "--data", data.toString(), "--plots", "2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--plots").contains("--out");
        assertThat(out.toString()).doesNotContain("Forecast protocol");
    }

    @Test
    void unknownMethodIsAUsageError(@TempDir Path dir) throws IOException {
        Path data = corpus(dir);
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "--data", data.toString(), "--methods", "ets");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no method named 'ets'").contains("naive");
    }
}
