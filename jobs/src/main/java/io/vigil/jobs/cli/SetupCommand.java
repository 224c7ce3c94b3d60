package io.vigil.jobs.cli;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vigil setup}: applies the index templates (idempotently) to the configured cluster. */
@Command(
        name = "setup",
        mixinStandardHelpOptions = true,
        description = "Apply Vigil's index templates to Elasticsearch (idempotent).")
public final class SetupCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
        applyTemplates(config.load());
        return 0;
    }

    /** Applies the templates and says what happened to each. */
    static void applyTemplates(VigilConfig vigil) throws java.io.IOException {
        for (IndexTemplates.Result result : IndexTemplates.apply(vigil)) {
            System.out.println("index template " + result);
        }
    }
}
