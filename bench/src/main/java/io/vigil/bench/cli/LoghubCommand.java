package io.vigil.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.bench.loghub.DrainPublished;
import io.vigil.bench.loghub.GroupingScore;
import io.vigil.bench.loghub.LeaveOneSystemOut;
import io.vigil.bench.loghub.LoghubRun;
import io.vigil.bench.loghub.LoghubSystem;
import io.vigil.udfs.logs.MinerConfig;
import io.vigil.udfs.logs.MinerRule;
import io.vigil.udfs.logs.TemplateMiners;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench loghub}: runs every system of a corpus in Loghub-2k layout through Vigil's
 * default template miner ({@code TemplateMiners.createDefault()}, one fresh miner per system, one
 * streaming pass) and prints grouping accuracy (GA), parsing accuracy (PA), FGA and FTA per system
 * and the mean, beside Drain's published GA. With {@code --loso}, also the leave-one-system-out
 * scores ({@link LeaveOneSystemOut}).
 */
@Command(
        name = "loghub",
        mixinStandardHelpOptions = true,
        description = {
            "Score Vigil's default log template miner on Loghub-2k (GA, PA, FGA and FTA as in"
                    + " METRICS.md), optionally leave-one-system-out (--loso).",
            "Example: vigil bench loghub --data ../shared/data/loghub --out loghub.json"
        })
public final class LoghubCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Systems as DIR/<System>/<System>_2k.log_structured_corrected.csv.")
    Path data;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description =
                    "Write {\"systems\": {\"<System>\": {\"ga\": …, \"pa\": …, \"fga\": …,"
                            + " \"fta\": …}, …}, \"mean_ga\": …, …, \"loso\": {…}} here.")
    Path out;

    @Option(
            names = "--assignments",
            paramLabel = "DIR",
            description = "Write DIR/<System>.csv with LineId,TemplateId,Template per line.")
    Path assignments;

    @Option(
            names = "--loso",
            description =
                    "Also run leave-one-system-out: for each system, choose the rules and"
                            + " thresholds by mean GA on the other systems (ablation of each rule,"
                            + " then a threshold grid) and score it with that choice.")
    boolean loso;

    @Option(
            names = "--rules",
            paramLabel = "+RULE,-RULE",
            split = ",",
            description =
                    "Switch rules on (+) or off (-) relative to the default, e.g."
                            + " -FIRST_WORD,+WHOLE_IDS (names as in MinerRule).")
    List<String> ruleChanges = List.of();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        List<LoghubSystem> systems = LoghubSystem.loadAll(data);
        MinerConfig config = MinerConfig.DEFAULT;
        for (String change : ruleChanges) {
            config = config.with(rule(change.substring(1)), change.startsWith("+"));
            if (!change.startsWith("+") && !change.startsWith("-")) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--rules: write +RULE or -RULE, got '" + change + "'");
            }
        }
        MinerConfig chosen = config;
        w.printf(
                Locale.ROOT,
                "Loghub-2k: %d systems from %s; miner TemplateMiners.create(%s), one per"
                        + " system, one streaming pass%n%n",
                systems.size(),
                data,
                config.equals(MinerConfig.DEFAULT)
                        ? "MinerConfig.DEFAULT"
                        : LeaveOneSystemOut.describe(config, MinerConfig.DEFAULT));
        w.printf(
                Locale.ROOT,
                "%-12s %6s %9s %8s %8s %8s %8s %10s%n",
                "system",
                "lines",
                "templates",
                "GA",
                "PA",
                "FGA",
                "FTA",
                "Drain GA");
        if (assignments != null) {
            Files.createDirectories(assignments);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("config", LeaveOneSystemOut.describe(config, MinerConfig.DEFAULT));
        ObjectNode bySystem = root.putObject("systems");
        double[] sums = new double[4];
        long nanos = 0;
        long lines = 0;
        for (LoghubSystem system : systems) {
            LoghubRun.Result r = LoghubRun.run(system, () -> TemplateMiners.create(chosen));
            GroupingScore sc = r.score();
            accumulate(sums, sc);
            nanos += r.nanos();
            lines += system.size();
            Double drain = DrainPublished.GA.get(system.name());
            w.printf(
                    Locale.ROOT,
                    "%-12s %6d %4d/%-4d %8.4f %8.4f %8.4f %8.4f %10s%n",
                    system.name(),
                    system.size(),
                    sc.predictedGroups(),
                    sc.truthGroups(),
                    sc.ga(),
                    sc.pa(),
                    sc.fga(),
                    sc.fta(),
                    drain == null ? "-" : String.format(Locale.ROOT, "%.4f", drain));
            ObjectNode s = bySystem.putObject(system.name());
            put(s, sc);
            if (assignments != null) {
                r.writeAssignments(assignments.resolve(system.name() + ".csv"));
            }
        }
        int n = systems.size();
        root.put("mean_ga", sums[0] / n);
        root.put("mean_pa", sums[1] / n);
        root.put("mean_fga", sums[2] / n);
        root.put("mean_fta", sums[3] / n);
        w.printf(
                Locale.ROOT,
                "%-12s %6d %9s %8.4f %8.4f %8.4f %8.4f %10s%n",
                "mean",
                lines,
                "",
                sums[0] / n,
                sums[1] / n,
                sums[2] / n,
                sums[3] / n,
                String.format(Locale.ROOT, "%.4f", DrainPublished.MEAN_GA));
        w.println();
        w.printf(
                Locale.ROOT,
                "Drain GA: logparser README (ICSE'19), as listed in METRICS.md; not re-run here.%n");
        w.printf(
                Locale.ROOT,
                "%d lines mined in %.1f ms (cold JVM, first pass; see TemplateMinerBenchmark for"
                        + " steady-state throughput)%n",
                lines,
                nanos / 1e6);
        if (loso) {
            leaveOneSystemOut(w, systems, config, sums[0] / n, root.putObject("loso"));
        }
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            json.writeValue(out.toFile(), root);
            w.printf(Locale.ROOT, "wrote %s%n", out);
        }
        if (assignments != null) {
            w.printf(Locale.ROOT, "wrote %s/<System>.csv%n", assignments);
        }
        return 0;
    }

    private void leaveOneSystemOut(
            PrintWriter w,
            List<LoghubSystem> systems,
            MinerConfig base,
            double allInGa,
            ObjectNode node) {
        long start = System.nanoTime();
        LeaveOneSystemOut protocol =
                new LeaveOneSystemOut(
                        base,
                        systems.size(),
                        (c, i) ->
                                LoghubRun.run(systems.get(i), () -> TemplateMiners.create(c))
                                        .score());
        List<LeaveOneSystemOut.Fold> folds = protocol.run();
        w.println();
        w.printf(
                Locale.ROOT,
                "Leave-one-system-out: each system scored with the rules and thresholds chosen by"
                        + " mean GA on the other %d%n%n",
                systems.size() - 1);
        w.printf(
                Locale.ROOT,
                "%-12s %8s %8s %8s %8s %9s %9s  %s%n",
                "held out",
                "GA",
                "PA",
                "FGA",
                "FTA",
                "train GA",
                "(default)",
                "chosen");
        double[] sums = new double[4];
        ObjectNode bySystem = node.putObject("systems");
        for (LeaveOneSystemOut.Fold f : folds) {
            GroupingScore sc = f.score();
            accumulate(sums, sc);
            String chosen = LeaveOneSystemOut.describe(f.chosen(), base);
            String name = systems.get(f.heldOut()).name();
            w.printf(
                    Locale.ROOT,
                    "%-12s %8.4f %8.4f %8.4f %8.4f %9.4f %9.4f  %s%n",
                    name,
                    sc.ga(),
                    sc.pa(),
                    sc.fga(),
                    sc.fta(),
                    f.trainGa(),
                    f.defaultTrainGa(),
                    chosen);
            ObjectNode s = bySystem.putObject(name);
            put(s, sc);
            s.put("chosen", chosen);
            s.put("train_ga", f.trainGa());
            s.put("default_train_ga", f.defaultTrainGa());
        }
        int n = folds.size();
        w.printf(
                Locale.ROOT,
                "%-12s %8.4f %8.4f %8.4f %8.4f%n",
                "LOSO mean",
                sums[0] / n,
                sums[1] / n,
                sums[2] / n,
                sums[3] / n);
        w.printf(Locale.ROOT, "%-12s %8.4f (default on all systems)%n", "all-in mean", allInGa);
        w.println();
        w.printf(
                Locale.ROOT,
                "Strict leave-one-system-out: a rule stays on only if it raises GA (or FTA) on at"
                        + " least %d of the other systems%n%n",
                LeaveOneSystemOut.MIN_SUPPORT);
        w.printf(
                Locale.ROOT,
                "%-12s %8s %8s %8s %8s  %s%n",
                "held out",
                "GA",
                "PA",
                "FGA",
                "FTA",
                "rules off / changes");
        double[] strict = new double[4];
        ObjectNode strictNode = node.putObject("strict");
        ObjectNode strictSystems = strictNode.putObject("systems");
        for (int i = 0; i < systems.size(); i++) {
            LeaveOneSystemOut.Fold f = protocol.strictFold(i);
            GroupingScore sc = f.score();
            accumulate(strict, sc);
            String chosen = LeaveOneSystemOut.describe(f.chosen(), base);
            w.printf(
                    Locale.ROOT,
                    "%-12s %8.4f %8.4f %8.4f %8.4f  %s%n",
                    systems.get(i).name(),
                    sc.ga(),
                    sc.pa(),
                    sc.fga(),
                    sc.fta(),
                    chosen);
            ObjectNode s = strictSystems.putObject(systems.get(i).name());
            put(s, sc);
            s.put("chosen", chosen);
        }
        w.printf(
                Locale.ROOT,
                "%-12s %8.4f %8.4f %8.4f %8.4f%n",
                "strict mean",
                strict[0] / n,
                strict[1] / n,
                strict[2] / n,
                strict[3] / n);
        strictNode.put("mean_ga", strict[0] / n);
        strictNode.put("mean_pa", strict[1] / n);
        strictNode.put("mean_fga", strict[2] / n);
        strictNode.put("mean_fta", strict[3] / n);
        w.println();
        w.printf(
                Locale.ROOT,
                "Single changes to the default, scored on all %d systems (mean; ablation, not a"
                        + " selection)%n%n",
                systems.size());
        w.printf(
                Locale.ROOT,
                "%-28s %8s %8s %8s %8s  %s%n",
                "change",
                "GA",
                "PA",
                "FGA",
                "FTA",
                "systems whose GA moves (Δ×1000)");
        GroupingScore[] defaults = protocol.scores(base);
        ObjectNode ablation = node.putObject("single_changes");
        for (MinerConfig c : LeaveOneSystemOut.singleChanges(base)) {
            GroupingScore[] all = protocol.scores(c);
            double[] m = new double[4];
            for (GroupingScore sc : all) {
                m[0] += sc.ga() / all.length;
                m[1] += sc.pa() / all.length;
                m[2] += sc.fga() / all.length;
                m[3] += sc.fta() / all.length;
            }
            String name = LeaveOneSystemOut.describe(c, base);
            StringBuilder moved = new StringBuilder();
            for (int i = 0; i < all.length; i++) {
                double d = all[i].ga() - defaults[i].ga();
                if (Math.abs(d) > 1e-9) {
                    moved.append(
                            String.format(
                                    Locale.ROOT, " %s %+.1f", systems.get(i).name(), d * 1000));
                }
            }
            w.printf(
                    Locale.ROOT,
                    "%-28s %8.4f %8.4f %8.4f %8.4f %s%n",
                    name,
                    m[0],
                    m[1],
                    m[2],
                    m[3],
                    moved);
            ObjectNode a = ablation.putObject(name);
            a.put("ga", m[0]);
            a.put("pa", m[1]);
            a.put("fga", m[2]);
            a.put("fta", m[3]);
        }
        w.printf(
                Locale.ROOT,
                "%d configurations scored on %d systems in %.1f s%n",
                protocol.evaluated(),
                systems.size(),
                (System.nanoTime() - start) / 1e9);
        node.put("mean_ga", sums[0] / n);
        node.put("mean_pa", sums[1] / n);
        node.put("mean_fga", sums[2] / n);
        node.put("mean_fta", sums[3] / n);
        node.put("all_in_mean_ga", allInGa);
        node.put("configurations", protocol.evaluated());
    }

    private static void put(ObjectNode s, GroupingScore sc) {
        s.put("ga", sc.ga());
        s.put("pa", sc.pa());
        s.put("fga", sc.fga());
        s.put("fta", sc.fta());
        s.put("templates", sc.predictedGroups());
        s.put("truth_templates", sc.truthGroups());
    }

    private MinerRule rule(String name) {
        try {
            return MinerRule.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--rules: no rule '"
                            + name
                            + "'; rules: "
                            + java.util.Arrays.toString(MinerRule.values()));
        }
    }

    /** Adds a system's GA, PA, FGA and FTA to running sums, in that order. */
    private static void accumulate(double[] sums, GroupingScore sc) {
        sums[0] += sc.ga();
        sums[1] += sc.pa();
        sums[2] += sc.fga();
        sums[3] += sc.fta();
    }
}
