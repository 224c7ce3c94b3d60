package io.vigil.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.cli.VigilCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil bench rules} through the real command tree on a tiny workload: it runs, every rule
 * evaluates without error, and the summary has its numbers. No timing is asserted.
 */
class RulesBenchCliTest {

    @Test
    void tinyRunWritesTheSummary(@TempDir Path dir) throws IOException {
        CommandLine vigil = VigilCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        vigil.setOut(new PrintWriter(out));
        vigil.setErr(new PrintWriter(err));
        int code =
                vigil.execute(
                        "bench",
                        "rules",
                        "--series",
                        "2000",
                        "--rules",
                        "40",
                        "--minutes",
                        "1",
                        "--out",
                        dir.toString());

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("ratio full/ceiling")
                .contains("series touched per rule")
                .contains("same as the warm-up pass: yes");
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.at("/config/series").asInt()).isEqualTo(2000);
        assertThat(summary.at("/config/rules").asInt()).isEqualTo(40);
        assertThat(summary.at("/full/group_evaluations").asLong()).isEqualTo(4 * 4);
        assertThat(summary.at("/ceiling/samples").asLong()).isEqualTo(2000L * 4);
        assertThat(summary.at("/alerts/errors").asLong()).isZero();
        assertThat(summary.has("ratio_full_to_ceiling")).isTrue();
        assertThat(summary.at("/evaluation_round/series_touched_per_rule").asDouble()).isPositive();
        assertThat(dir.resolve("rules.yml")).exists();
    }
}
