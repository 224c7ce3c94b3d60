package io.vigil.jobs.cli;

import io.vigil.jobs.config.VigilConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command that talks to Kafka or Elasticsearch takes. */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "The Vigil configuration file (YAML); see vigil.example.yaml.")
    Path file;

    VigilConfig load() {
        return VigilConfig.load(file);
    }
}
