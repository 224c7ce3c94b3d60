package io.vigil.bench.cli;

import io.vigil.jobs.cli.CliExtension;
import picocli.CommandLine;

/** Adds {@code vigil bench} when the bench module is on the classpath. */
public final class BenchExtension implements CliExtension {
    @Override
    public void register(CommandLine vigil) {
        vigil.addSubcommand("bench", new BenchCommand());
    }
}
