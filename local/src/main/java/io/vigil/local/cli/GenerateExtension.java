package io.vigil.local.cli;

import io.vigil.jobs.cli.CliExtension;
import picocli.CommandLine;

/** Adds {@code vigil generate} when the local module is on the classpath. */
public final class GenerateExtension implements CliExtension {
    @Override
    public void register(CommandLine vigil) {
        vigil.addSubcommand("generate", GenerateCommand.withScenariosInHelp());
    }
}
