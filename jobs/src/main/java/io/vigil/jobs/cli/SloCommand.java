package io.vigil.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.promql.PromQL;
import io.vigil.udfs.rules.RuleFileException;
import io.vigil.udfs.slo.Slo;
import io.vigil.udfs.slo.SloFiles;
import io.vigil.udfs.slo.SloRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil slo validate FILE…}, {@code vigil slo rules FILE…} and {@code vigil slo status
 * --config FILE}: SLO files checked as the metrics job reads them ({@link SloFiles}), the
 * Prometheus rule file they compile to ({@link SloRules}) so that a team can load the same SLOs
 * into a Prometheus server, and the latest status of every SLO from Elasticsearch ({@code
 * <prefix>-slo-*}, written by the metrics job), worst error budget first. Formats and exit codes
 * follow {@code vigil rules} (0 when every file is valid, 1 otherwise).
 */
@Command(
        name = "slo",
        mixinStandardHelpOptions = true,
        description =
                "Check SLO files, print the Prometheus rules they compile to, show their status.",
        subcommands = {SloCommand.Validate.class, SloCommand.Rules.class, SloCommand.Status.class})
public final class SloCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The SLOs of one file, or the problems that keep it from being read. */
    private record Checked(Path file, List<Slo> slos, List<String> problems) {
        boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads each file; an SLO whose name an earlier file already uses is a problem of the later
     * file, as it is for {@code slo.files} in the configuration.
     */
    private static List<Checked> check(List<Path> files) {
        List<Checked> checked = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path file : files) {
            List<String> problems = new ArrayList<>();
            List<Slo> slos = List.of();
            if (!Files.isRegularFile(file)) {
                problems.add(file + ": no such file");
            } else {
                try {
                    slos = SloFiles.load(file);
                    for (Slo slo : slos) {
                        Path other = names.putIfAbsent(slo.name(), file);
                        if (other != null) {
                            problems.add(
                                    file
                                            + ": SLO \""
                                            + slo.name()
                                            + "\" is also in "
                                            + other
                                            + "; SLO names must be unique");
                        }
                    }
                } catch (RuleFileException e) {
                    e.problems().forEach(p -> problems.add(p.toString()));
                } catch (IOException e) {
                    problems.add(file + ": cannot be read: " + e);
                }
            }
            checked.add(new Checked(file, problems.isEmpty() ? slos : List.of(), problems));
        }
        return checked;
    }

    /**
     * {@code Checking FILE}, then {@code SUCCESS: N SLOs found} or {@code FAILED:} and problems.
     */
    private static void report(PrintWriter out, Checked c) {
        out.println("Checking " + c.file());
        if (c.valid()) {
            out.println("  SUCCESS: " + c.slos().size() + " SLOs found");
        } else {
            out.println("  FAILED:");
            c.problems().forEach(out::println);
        }
        out.println();
    }

    /**
     * {@code vigil slo validate FILE…}: per file {@code Checking FILE}, then {@code SUCCESS: N SLOs
     * found} or {@code FAILED:} and every problem as {@code file:line:col: message}, e.g.
     *
     * <pre>
     * Checking slos/checkout.yml
     *   FAILED:
     * slos/checkout.yml:6:16: objective must be between 0 and 100 percent (exclusive), was 100
     * </pre>
     */
    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Check SLO files as the metrics job reads them (slo.files).",
                "Exit code 0 if every file is valid, 1 otherwise."
            })
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "SLO files.")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean valid = true;
            for (Checked c : check(files)) {
                report(out, c);
                valid &= c.valid();
            }
            out.flush();
            return valid ? 0 : 1;
        }
    }

    /**
     * {@code vigil slo rules FILE… [--evaluation-interval 1m]}: the Prometheus rule file of every
     * SLO of the files, one group per SLO ({@link SloRules}), on standard output — the rules the
     * metrics job evaluates, for {@code rule_files} of a Prometheus server. If a file is invalid,
     * nothing is printed on standard output; its report, as {@code validate} writes it, goes to
     * standard error, and the exit code is 1.
     */
    @Command(
            name = "rules",
            mixinStandardHelpOptions = true,
            description = {
                "Print the Prometheus rule file the SLOs compile to (recording rules for the error"
                        + " ratios and budget, burn-rate alerts).",
                "Exit code 0, or 1 if a file is invalid (its problems on standard error)."
            })
    static final class Rules implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "SLO files.")
        List<Path> files;

        @Option(
                names = "--evaluation-interval",
                paramLabel = "DURATION",
                defaultValue = "1m",
                converter = PrometheusDuration.class,
                description =
                        "The groups' interval, as slo.evaluationInterval in the configuration"
                                + " (default: ${DEFAULT-VALUE}).")
        Duration interval;

        @Override
        public Integer call() {
            List<Checked> checked = check(files);
            if (!checked.stream().allMatch(Checked::valid)) {
                PrintWriter err = spec.commandLine().getErr();
                checked.stream().filter(c -> !c.valid()).forEach(c -> report(err, c));
                err.flush();
                return 1;
            }
            List<Slo> slos = checked.stream().flatMap(c -> c.slos().stream()).toList();
            // What the metrics job runs: the text must read back as rule groups.
            SloRules.compile(slos, interval);
            PrintWriter out = spec.commandLine().getOut();
            out.print(SloRules.rulesYaml(slos, interval));
            out.flush();
            return 0;
        }
    }

    /** A Prometheus duration ({@code 30s}, {@code 1m}, {@code 1h30m}), positive. */
    static final class PrometheusDuration implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            long ms = PromQL.durationMillis(text.strip());
            if (ms <= 0) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' must be a positive duration such as 30s or 1m");
            }
            return Duration.ofMillis(ms);
        }
    }

    /**
     * {@code vigil slo status --config FILE [--service S]}: the latest status document of each SLO
     * in {@code <prefix>-slo-*} as one line of a table ({@link #table}), worst budget first.
     */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "The latest status of every SLO (from <prefix>-slo-* in Elasticsearch), worst"
                        + " error budget first: objective, SLI over the window, budget left, burn"
                        + " rates over 5m, 1h and 6h, alerting state."
            })
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Mixin ConfigOption config;

        @Option(
                names = {"-s", "--service"},
                paramLabel = "SERVICE",
                description = "Only the SLOs of this service.")
        String service;

        @Override
        public Integer call() throws IOException {
            VigilConfig vigil = config.load();
            List<JsonNode> hits = latest(vigil, service);
            PrintWriter out = spec.commandLine().getOut();
            if (hits.isEmpty()) {
                out.println(
                        "no SLO status yet"
                                + (service != null ? " for service " + service : "")
                                + " (is the metrics job running with slo.files?)");
            } else {
                out.print(table(hits));
            }
            out.flush();
            return 0;
        }
    }

    /** How many SLOs {@code status} shows at most. */
    static final int MAX_SLOS = 1000;

    /**
     * The search for the latest status document per SLO: a {@code terms} aggregation on {@code
     * vigil.slo.name} with the newest hit of each ({@code top_hits} by {@code @timestamp}).
     */
    static ObjectNode latestQuery(String service) {
        ObjectNode body = JSON.createObjectNode().put("size", 0);
        ArrayNode filters = body.putObject("query").putObject("bool").putArray("filter");
        if (service != null) {
            filters.addObject().putObject("term").put("service.name", service);
        }
        ObjectNode slos = body.putObject("aggs").putObject("slos");
        slos.putObject("terms").put("field", "vigil.slo.name").put("size", MAX_SLOS);
        slos.putObject("aggs")
                .putObject("latest")
                .putObject("top_hits")
                .put("size", 1)
                .putArray("sort")
                .addObject()
                .putObject("@timestamp")
                .put("order", "desc");
        return body;
    }

    private static List<JsonNode> latest(VigilConfig vigil, String service) throws IOException {
        String index = vigil.elasticsearch().indexPrefix() + "-slo-*";
        return LatestDocuments.search(vigil, index, latestQuery(service), "slos");
    }

    /** The burn-rate windows {@code status} shows; every profile has them. */
    static final List<String> BURN_WINDOWS = List.of("5m", "1h", "6h");

    /**
     * The status table of SLO documents ({@code SloDocuments}; search hits, each with its {@code
     * _source}), one line per SLO, worst (lowest) budget first, SLOs without events in their window
     * last, then by name; columns separated by two spaces, numbers right-aligned, a value the
     * document leaves out (no events in the window) as {@code -}. For example:
     *
     * <pre>
     * SLO                    SERVICE   OBJECTIVE  WINDOW      SLI  BUDGET LEFT  BURN 5m  BURN 1h  BURN 6h  ALERTING  AT
     * checkout-availability  checkout      99.9%     30d  92.857%     -7042.9%     0.00    11.90    11.90  warning   2026-01-01T01:14:00.000Z
     * checkout-latency       checkout        99%     30d  99.950%        95.0%     0.00     0.02     0.05  none      2026-01-01T01:14:00.000Z
     * </pre>
     *
     * SLI and budget are over the SLO's window; the budget is negative when overspent; a burn rate
     * of 1 spends the budget exactly over the window.
     */
    static String table(List<JsonNode> hits) {
        List<JsonNode> slos = new ArrayList<>();
        hits.forEach(h -> slos.add(h.path("_source")));
        slos.sort(
                Comparator.comparingDouble(
                                (JsonNode s) -> {
                                    JsonNode b = s.at("/vigil/slo/budget_remaining");
                                    return b.isNumber() ? b.asDouble() : Double.POSITIVE_INFINITY;
                                })
                        .thenComparing(s -> s.at("/vigil/slo/name").asText()));
        List<String> header = new ArrayList<>(List.of("SLO", "SERVICE", "OBJECTIVE", "WINDOW"));
        header.addAll(List.of("SLI", "BUDGET LEFT"));
        BURN_WINDOWS.forEach(w -> header.add("BURN " + w));
        header.addAll(List.of("ALERTING", "AT"));
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (JsonNode s : slos) {
            JsonNode slo = s.at("/vigil/slo");
            List<String> row = new ArrayList<>();
            row.add(slo.path("name").asText());
            row.add(s.at("/service/name").asText());
            row.add(objective(slo.path("objective")));
            row.add(slo.path("window").asText());
            row.add(percent(slo.path("sli"), 3));
            row.add(percent(slo.path("budget_remaining"), 1));
            for (String w : BURN_WINDOWS) {
                JsonNode b = slo.path("burn_rate").path(w);
                row.add(b.isNumber() ? String.format(Locale.ROOT, "%.2f", b.asDouble()) : "-");
            }
            row.add(slo.path("alerting").asText("none"));
            row.add(s.path("@timestamp").asText());
            rows.add(row);
        }
        // left: SLO, SERVICE, ALERTING, AT; right: the numbers and the window
        boolean[] right = new boolean[header.size()];
        for (int c = 2; c < header.size() - 2; c++) {
            right[c] = true;
        }
        return TextTable.format(rows, right);
    }

    /** An objective as the SLO file writes it in percent: 0.999 → {@code 99.9%}. */
    private static String objective(JsonNode v) {
        if (!v.isNumber()) {
            return "-";
        }
        return new BigDecimal(Double.toString(v.asDouble()))
                        .movePointRight(2)
                        .stripTrailingZeros()
                        .toPlainString()
                + "%";
    }

    /** A ratio in percent with {@code decimals} decimals, {@code -} if absent. */
    private static String percent(JsonNode v, int decimals) {
        return v.isNumber()
                ? String.format(Locale.ROOT, "%." + decimals + "f%%", v.asDouble() * 100)
                : "-";
    }
}
