package io.vigil.local.cli;

import io.vigil.local.IncidentScenario;
import io.vigil.local.IncidentScenarios;
import io.vigil.local.ScenarioDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil generate --scenario NAME --out DIR}: writes one incident dataset (OTLP/JSON
 * telemetry of the simulated shop, labelled faults, DATASET.md) of a named scenario; {@code vigil
 * generate --list} prints the scenarios, one a line.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description =
                "Write one incident dataset of a scenario: metrics/traces/logs.jsonl.gz"
                        + " (OTLP/JSON), faults.jsonl and DATASET.md, as in"
                        + " shared/contracts/incident-datasets. Same options, same bytes.")
public final class GenerateCommand implements Callable<Integer> {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)([smh])");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "The scenario to write.")
    String scenario;

    @Option(names = "--out", paramLabel = "DIR", description = "The dataset folder (created).")
    Path out;

    @Option(
            names = "--seed",
            defaultValue = "" + ScenarioDataset.DEFAULT_SEED,
            description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--start",
            paramLabel = "ISO",
            description = "First instant of simulated time, e.g. 2025-03-03T08:00:00Z (default).")
    String start;

    @Option(
            names = "--duration",
            paramLabel = "D",
            description =
                    "Simulated time, e.g. 90m, 3h, 300s or PT1H; the scenario's timeline (lead-in,"
                            + " faults, tail) is scaled to it (default: the scenario's own).")
    String duration;

    @Option(
            names = "--rate",
            defaultValue = "" + ScenarioDataset.DEFAULT_REQUESTS_PER_SECOND,
            description = "Mean simulated requests per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--no-gzip",
            description = "Write .jsonl instead of .jsonl.gz (about ten times larger).")
    boolean noGzip;

    @Option(names = "--list", description = "Print the scenarios, one a line, and exit.")
    boolean list;

    /** A command line for this command whose usage help ends with the scenarios. */
    static CommandLine withScenariosInHelp() {
        CommandLine generate = new CommandLine(new GenerateCommand());
        // Wide enough that each scenario stays on one line.
        generate.getCommandSpec().usageMessage().width(120);
        // Picocli formats help text: a literal % must be doubled.
        generate.getCommandSpec()
                .usageMessage()
                .footer(
                        "",
                        "Scenarios (default length, what happens):",
                        scenarioLines().replace("%", "%%").stripTrailing(),
                        "",
                        "Example: vigil generate --scenario cascade --out datasets/cascade");
        return generate;
    }

    /** The scenario lines of {@code --list} and of the usage help. */
    static String scenarioLines() {
        StringBuilder lines = new StringBuilder();
        for (IncidentScenario s : IncidentScenarios.all()) {
            lines.append(
                    String.format(
                            Locale.ROOT,
                            "  %-20s %-8s %s%n",
                            s.name(),
                            s.defaultDuration().toMinutes() + " min",
                            s.summary()));
        }
        return lines.toString();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (list) {
            stdout.print(scenarioLines());
            stdout.flush();
            return 0;
        }
        if (scenario == null || out == null) {
            throw new IllegalArgumentException(
                    "generate needs --scenario NAME and --out DIR (--list shows the scenarios)");
        }
        IncidentScenario chosen = IncidentScenarios.named(scenario);
        ScenarioDataset.Settings settings =
                new ScenarioDataset.Settings(
                        chosen,
                        seed,
                        start == null ? ScenarioDataset.DEFAULT_START : instant(start),
                        duration == null ? chosen.defaultDuration() : duration(duration),
                        rate,
                        !noGzip);
        long t0 = System.nanoTime();
        ScenarioDataset.Summary summary = ScenarioDataset.write(settings, out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        stdout.printf(
                Locale.ROOT,
                "vigil generate: %s (seed %d, %s, %s) → %s in %.1f s%n",
                chosen.name(),
                settings.seed(),
                settings.start(),
                settings.duration(),
                out,
                seconds);
        for (ScenarioDataset.FileSummary file : summary.files()) {
            stdout.printf(
                    Locale.ROOT,
                    "  %-18s %,8d lines %,11d items %,13d bytes%n",
                    file.name(),
                    file.lines(),
                    file.items(),
                    file.bytes());
        }
        for (IncidentScenario.Placed fault : summary.faults()) {
            stdout.printf(
                    Locale.ROOT,
                    "  fault %s %-18s %-9s %s → %s%n",
                    fault.id(),
                    fault.fault().label(),
                    fault.fault().service(),
                    fault.start(),
                    fault.end());
        }
        if (summary.faults().isEmpty()) {
            stdout.println("  no fault (faults.jsonl is empty)");
        }
        stdout.flush();
        return 0;
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--start " + text + ": use an ISO-8601 instant, e.g. 2025-03-03T08:00:00Z");
        }
    }

    static Duration duration(String text) {
        String t = text.trim();
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "--duration " + text + ": use a number and s, m or h (90m) or ISO-8601 (PT1H)");
        }
    }
}
