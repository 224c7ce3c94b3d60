package io.vigil.jobs.cli;

import io.vigil.udfs.rules.RuleFileException;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.rules.promtool.PromtoolTests;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil rules validate FILE…} and {@code vigil rules test FILE…}: Prometheus rule files
 * checked, and promtool's rule unit tests run, by Vigil's own rule engine — the counterparts of
 * {@code promtool check rules} and {@code promtool test rules}, with the same kind of output and
 * exit codes (0 when every file passes, 1 otherwise), so a rule file can be checked against the
 * PromQL subset Vigil evaluates before it is deployed. Unlike promtool, which writes failures to
 * standard error, everything goes to standard output, in file order.
 */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description =
                "Check Prometheus rule files and run promtool unit tests with Vigil's engine.",
        subcommands = {RulesCommand.Validate.class, RulesCommand.Test.class})
public final class RulesCommand implements Runnable {
    /**
     * The interval of groups that set none. Validation does not depend on it; it only has to be
     * positive.
     */
    private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code vigil rules validate FILE…}: per file {@code Checking FILE}, then {@code SUCCESS: N
     * rules found} (rules of all groups) or {@code FAILED:} and every problem as {@code
     * file:line:col: message}, e.g.
     *
     * <pre>
     * Checking rules/api.yml
     *   FAILED:
     * rules/api.yml:7:23: could not parse expression: group_left (many-to-one matching) is not supported
     * </pre>
     */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Check rule files as promtool check rules does, against Vigil's PromQL subset.",
                "Exit code 0 if every file is valid, 1 otherwise."
            })
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Prometheus rule files.")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean valid = true;
            for (Path file : files) {
                out.println("Checking " + file);
                String problem = null;
                if (!Files.isRegularFile(file)) {
                    problem = file + ": no such file";
                } else {
                    try {
                        List<RuleGroup> groups = RuleFiles.load(file, DEFAULT_INTERVAL);
                        int rules = groups.stream().mapToInt(g -> g.rules().size()).sum();
                        out.println("  SUCCESS: " + rules + " rules found");
                    } catch (RuleFileException e) {
                        out.println("  FAILED:");
                        e.problems().forEach(out::println);
                        valid = false;
                    } catch (IOException e) {
                        problem = file + ": cannot be read: " + e;
                    }
                }
                if (problem != null) {
                    out.println("  FAILED:");
                    out.println(problem);
                    valid = false;
                }
                out.println();
            }
            out.flush();
            return valid ? 0 : 1;
        }
    }

    /**
     * {@code vigil rules test FILE…}: runs promtool's rule unit-test files ({@code rule_files},
     * {@code input_series}, {@code alert_rule_test}, {@code promql_expr_test}) with Vigil's engine
     * ({@link PromtoolTests}) and prints each file's report: {@code Unit Testing: FILE}, then
     * {@code SUCCESS} or {@code FAILED:} with each failing check, e.g. {@code alertname:
     * ReplicationLag, time: 7m} with the expected and the firing alerts.
     */
    @Command(
            name = "test",
            mixinStandardHelpOptions = true,
            description = {
                "Run promtool rule unit-test files with Vigil's rule engine.",
                "Exit code 0 if every test passes, 1 otherwise."
            })
    static final class Test implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(
                arity = "1..*",
                paramLabel = "FILE",
                description = "promtool unit-test files (rule_files are relative to each file).")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean passed = true;
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    out.print(
                            "Unit Testing: "
                                    + file
                                    + "\n  FAILED:\n    "
                                    + file
                                    + ": no such file\n");
                    passed = false;
                    continue;
                }
                PromtoolTests.FileResult result = PromtoolTests.run(file);
                out.print(result.report());
                passed &= result.passed();
            }
            out.flush();
            return passed ? 0 : 1;
        }
    }
}
