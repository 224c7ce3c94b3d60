package io.vigil.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.cli.VigilCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil bench loghub} through the real command tree on two hand-made systems in Loghub
 * layout: GA, PA, FGA and FTA per system and their means in the output and the JSON, and the
 * leave-one-system-out section with {@code --loso}.
 */
class LoghubBenchCliTest {

    private static void system(Path data, String name, String... rows) throws IOException {
        Path dir = Files.createDirectories(data.resolve(name));
        StringBuilder csv = new StringBuilder("LineId,Content,EventId,EventTemplate\n");
        for (int i = 0; i < rows.length; i++) {
            csv.append(i + 1).append(',').append(rows[i]).append('\n');
        }
        Files.writeString(dir.resolve(name + "_2k.log_structured_corrected.csv"), csv);
    }

    @Test
    void printsAndWritesAllFourScoresAndTheLeaveOneOutMean(@TempDir Path tmp) throws IOException {
        Path data = tmp.resolve("loghub");
        // Alpha: two kinds, labelled with the text the miner writes: every score 1.
        system(
                data,
                "Alpha",
                "Connection closed by 10.0.0.1 port 22,E1,Connection closed by <*> port <*>",
                "Connection closed by 10.0.0.2 port 23,E1,Connection closed by <*> port <*>",
                "Connection closed by 10.0.0.3 port 24,E1,Connection closed by <*> port <*>",
                "session opened for user root,E2,session opened for user root",
                "session opened for user root,E2,session opened for user root");
        // Beta: grouped right, but the labels write the block id with its prefix, the miner
        // "<*>": GA 1, PA 2/5 (the two "Disk full" lines), FTA 2·1/(2+2) = 0.5.
        system(
                data,
                "Beta",
                "Received block blk_1 of size 5,E1,Received block blk_<*> of size <*>",
                "Received block blk_2 of size 6,E1,Received block blk_<*> of size <*>",
                "Received block blk_3 of size 7,E1,Received block blk_<*> of size <*>",
                "Disk full,E2,Disk full",
                "Disk full,E2,Disk full");
        Path json = tmp.resolve("loghub.json");
        CommandLine vigil = VigilCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        vigil.setOut(new PrintWriter(out));
        vigil.setErr(new PrintWriter(err));
        int code =
                vigil.execute(
                        "bench",
                        "loghub",
                        "--data",
                        data.toString(),
                        "--out",
                        json.toString(),
                        "--loso");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("FGA")
                .contains("FTA")
                .contains("LOSO mean")
                .contains("strict mean");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.at("/systems/Alpha/ga").asDouble()).isEqualTo(1.0);
        assertThat(r.at("/systems/Alpha/pa").asDouble()).isEqualTo(1.0);
        assertThat(r.at("/systems/Alpha/fga").asDouble()).isEqualTo(1.0);
        assertThat(r.at("/systems/Alpha/fta").asDouble()).isEqualTo(1.0);
        assertThat(r.at("/systems/Beta/ga").asDouble()).isEqualTo(1.0);
        assertThat(r.at("/systems/Beta/pa").asDouble()).isCloseTo(2.0 / 5, within(1e-12));
        assertThat(r.at("/systems/Beta/fta").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(r.at("/mean_fta").asDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(r.at("/mean_pa").asDouble()).isCloseTo(0.7, within(1e-12));
        assertThat(r.at("/loso/mean_ga").isNumber()).isTrue();
        assertThat(r.at("/loso/all_in_mean_ga").asDouble()).isEqualTo(1.0);
        assertThat(r.at("/loso/systems/Beta/chosen").asText()).isNotEmpty();
        assertThat(r.at("/loso/single_changes/default/ga").asDouble()).isEqualTo(1.0);
    }
}
