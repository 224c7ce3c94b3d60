package io.vigil.jobs.cli;

import io.vigil.jobs.config.ConfigException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vigil} command: {@code setup}, {@code run}, {@code submit}, {@code status}, {@code
 * incidents}, {@code rules}, {@code slo}, {@code capacity-report}, and what extensions add.
 */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = VigilCli.Version.class,
        description = "Observability stream processor on Apache Flink.",
        subcommands = {
            SetupCommand.class,
            RunCommand.class,
            SubmitCommand.class,
            StatusCommand.class,
            IncidentsCommand.class,
            RulesCommand.class,
            SloCommand.class,
            CapacityReportCommand.class
        })
public final class VigilCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command tree with every {@link CliExtension} on the classpath registered. */
    public static CommandLine commandLine() {
        CommandLine vigil = new CommandLine(new VigilCli());
        for (CliExtension extension : ServiceLoader.load(CliExtension.class)) {
            extension.register(vigil);
        }
        vigil.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                        cmd.getErr().println("vigil: " + e.getMessage());
                        return 2;
                    }
                    cmd.getErr().println("vigil " + cmd.getCommandName() + " failed:");
                    e.printStackTrace(cmd.getErr());
                    return 1;
                });
        return vigil;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = VigilCli.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (version == null ? "(development build)" : version)};
        }
    }
}
