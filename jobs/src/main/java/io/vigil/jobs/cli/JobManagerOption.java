package io.vigil.jobs.cli;

import io.vigil.jobs.flink.FlinkRestClient;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The {@code --jobmanager URL} option of the commands that talk to a Flink cluster. */
final class JobManagerOption {
    @Option(
            names = "--jobmanager",
            required = true,
            paramLabel = "URL",
            description = "The JobManager's REST address, e.g. http://localhost:8081.")
    String url;

    FlinkRestClient client() {
        return new FlinkRestClient(url);
    }

    /** The cluster in one line: its address, Flink version, TaskManagers and free slots. */
    static String describe(FlinkRestClient flink, FlinkRestClient.Overview overview) {
        return String.format(
                Locale.ROOT,
                "cluster %s: Flink %s, %d TaskManagers, %d of %d slots free",
                flink.url(),
                overview.version(),
                overview.taskManagers(),
                overview.slotsAvailable(),
                overview.slotsTotal());
    }
}
