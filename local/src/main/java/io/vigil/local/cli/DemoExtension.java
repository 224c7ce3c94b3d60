package io.vigil.local.cli;

import io.vigil.jobs.cli.CliExtension;
import picocli.CommandLine;

/** Adds {@code vigil demo} when the local module is on the classpath. */
public final class DemoExtension implements CliExtension {
    @Override
    public void register(CommandLine vigil) {
        vigil.addSubcommand("demo", new DemoCommand());
    }
}
