package io.vigil.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil bench}: the benchmarks. Prints its subcommands when run alone. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmarks: accuracy on public data sets (NAB, Loghub-2k, incident datasets),"
                        + " rule evaluation throughput and the forecast protocol.",
        subcommands = {
            NabCommand.class,
            LoghubCommand.class,
            IncidentsBenchCommand.class,
            RulesBenchCommand.class,
            ForecastBenchCommand.class
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
