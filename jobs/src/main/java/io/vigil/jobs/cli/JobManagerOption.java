package io.vigil.jobs.cli;

import io.vigil.jobs.flink.FlinkRestClient;
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
}
