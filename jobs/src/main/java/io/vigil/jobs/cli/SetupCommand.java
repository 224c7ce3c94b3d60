package io.vigil.jobs.cli;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil setup}: applies the index templates (idempotently) to the configured cluster. */
@Command(
        name = "setup",
        mixinStandardHelpOptions = true,
        description = "Apply Vigil's index templates to Elasticsearch (idempotent).")
public final class SetupCommand implements Callable<Integer> {
    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "The Vigil configuration file (YAML).")
    Path config;

    @Override
    public Integer call() throws Exception {
        VigilConfig vigil = VigilConfig.load(config);
        for (IndexTemplates.Result result : IndexTemplates.apply(vigil.elasticsearch())) {
            System.out.println("index template " + result);
        }
        return 0;
    }
}
