package io.vigil.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.JobName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubmitCommandTest {

    @Test
    void eachNamedJobIsItsOwnFlinkJobAndAllIsOneGraph() {
        assertThat(SubmitCommand.graphs(List.of()))
                .containsExactly(
                        EnumSet.of(JobName.METRICS),
                        EnumSet.of(JobName.LOGS),
                        EnumSet.of(JobName.TRACES),
                        EnumSet.of(JobName.INCIDENTS));
        assertThat(SubmitCommand.graphs(List.of("traces", "logs")))
                .containsExactly(EnumSet.of(JobName.LOGS), EnumSet.of(JobName.TRACES));
        assertThat(SubmitCommand.graphs(List.of("all")))
                .containsExactly(EnumSet.allOf(JobName.class));
        assertThatThrownBy(() -> SubmitCommand.graphs(List.of("all", "traces")))
                .hasMessageContaining("'all' runs every job in one graph");
        assertThatThrownBy(() -> SubmitCommand.graphs(List.of("tracez")))
                .hasMessageContaining("unknown job 'tracez'");
    }

    @Test
    void theJobManagerRunsVigilRunWithTheConfigAndTheJob() {
        assertThat(SubmitCommand.programArgs("/opt/vigil/vigil.yaml", Set.of(JobName.TRACES)))
                .containsExactly("run", "--config", "/opt/vigil/vigil.yaml", "traces");
        assertThat(SubmitCommand.programArgs("/c.yaml", EnumSet.allOf(JobName.class)))
                .containsExactly("run", "--config", "/c.yaml", "all");
    }

    @Test
    void aRelativeConfigPathThatIsNotHereIsRefusedBeforeAnythingIsUploaded() {
        StringWriter err = new StringWriter();
        CommandLine cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code =
                cli.execute(
                        "submit",
                        "--jobmanager",
                        "http://127.0.0.1:1",
                        "--config",
                        "no-such-dir/vigil.yaml",
                        "traces");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--config: no-such-dir/vigil.yaml is not readable here")
                .contains("give the absolute path the JobManager and TaskManagers see");
    }

    @Test
    void aSavepointBelongsToOneJob() {
        StringWriter err = new StringWriter();
        CommandLine cli = VigilCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int code =
                cli.execute(
                        "submit",
                        "--jobmanager",
                        "http://127.0.0.1:1",
                        "--from-savepoint",
                        "/sp/savepoint-1",
                        "traces",
                        "logs");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--from-savepoint restores one job");
    }
}
