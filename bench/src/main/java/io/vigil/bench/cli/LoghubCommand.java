package io.vigil.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.bench.loghub.DrainPublished;
import io.vigil.bench.loghub.LoghubRun;
import io.vigil.bench.loghub.LoghubSystem;
import io.vigil.udfs.logs.TemplateMiners;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench loghub}: runs every system of a corpus in Loghub-2k layout through Vigil's
 * default template miner ({@code TemplateMiners.createDefault()}, one fresh miner per system, one
 * streaming pass) and prints grouping accuracy (GA) and parsing accuracy (PA) per system and the
 * mean, beside Drain's published GA.
 */
@Command(
        name = "loghub",
        mixinStandardHelpOptions = true,
        description = {
            "Score Vigil's default log template miner on Loghub-2k (GA and PA as in"
                    + " METRICS.md).",
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
                    "Write {\"systems\": {\"<System>\": {\"ga\": …, \"pa\": …}, …},"
                            + " \"mean_ga\": …, \"mean_pa\": …} here.")
    Path out;

    @Option(
            names = "--assignments",
            paramLabel = "DIR",
            description = "Write DIR/<System>.csv with LineId,TemplateId,Template per line.")
    Path assignments;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        List<LoghubSystem> systems = LoghubSystem.loadAll(data);
        w.printf(
                Locale.ROOT,
                "Loghub-2k: %d systems from %s; miner TemplateMiners.createDefault(), one per"
                        + " system, one streaming pass%n%n",
                systems.size(),
                data);
        w.printf(
                Locale.ROOT,
                "%-12s %6s %9s %8s %8s %11s%n",
                "system",
                "lines",
                "templates",
                "GA",
                "PA",
                "Drain GA");
        if (assignments != null) {
            Files.createDirectories(assignments);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode bySystem = root.putObject("systems");
        List<LoghubRun.Result> results = new ArrayList<>();
        double gaSum = 0;
        double paSum = 0;
        long nanos = 0;
        long lines = 0;
        for (LoghubSystem system : systems) {
            LoghubRun.Result r = LoghubRun.run(system, TemplateMiners::createDefault);
            results.add(r);
            gaSum += r.score().ga();
            paSum += r.score().pa();
            nanos += r.nanos();
            lines += system.size();
            Double drain = DrainPublished.GA.get(system.name());
            w.printf(
                    Locale.ROOT,
                    "%-12s %6d %4d/%-4d %8.4f %8.4f %11s%n",
                    system.name(),
                    system.size(),
                    r.score().predictedGroups(),
                    r.score().truthGroups(),
                    r.score().ga(),
                    r.score().pa(),
                    drain == null ? "-" : String.format(Locale.ROOT, "%.4f", drain));
            ObjectNode s = bySystem.putObject(system.name());
            s.put("ga", r.score().ga());
            s.put("pa", r.score().pa());
            s.put("templates", r.score().predictedGroups());
            s.put("truth_templates", r.score().truthGroups());
            if (assignments != null) {
                r.writeAssignments(assignments.resolve(system.name() + ".csv"));
            }
        }
        double meanGa = gaSum / systems.size();
        double meanPa = paSum / systems.size();
        root.put("mean_ga", meanGa);
        root.put("mean_pa", meanPa);
        w.printf(
                Locale.ROOT,
                "%-12s %6d %9s %8.4f %8.4f %11s%n",
                "mean",
                lines,
                "",
                meanGa,
                meanPa,
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
}
