package io.vigil.bench.cli;

import io.vigil.bench.incidents.IncidentDataset;
import io.vigil.bench.incidents.IncidentScores;
import io.vigil.bench.incidents.RunIncident;
import io.vigil.bench.incidents.flink.IncidentReplay;
import io.vigil.jobs.config.VigilConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil bench incidents}: replays incident datasets ({@code contracts/incident-datasets})
 * through the jobs' operators ({@link IncidentReplay}), writes each run's {@code incidents.jsonl}
 * and, where faults are labelled, prints the contract's scores per dataset and over all faults.
 */
@Command(
        name = "incidents",
        mixinStandardHelpOptions = true,
        description = {
            "Replay incident datasets through Vigil's jobs in event time and score the incidents"
                    + " (contract incident-datasets).",
            "Example: vigil bench incidents --data ../shared/data/incidents --out runs/incidents"
        })
public final class IncidentsBenchCommand implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description =
                    "A dataset (a folder holding metrics/traces/logs .jsonl[.gz]) or a folder of"
                            + " datasets, each replayed with fresh state.")
    Path data;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Writes DIR/<dataset>/incidents.jsonl and DIR/scores.txt.")
    Path out;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Vigil configuration whose detection and incident settings to use (Kafka and"
                            + " Elasticsearch are not contacted); default: the defaults.")
    Path config;

    @Option(
            names = "--alerts",
            description =
                    "Also write DIR/<dataset>/alerts.jsonl: every alert event the detectors raised.")
    boolean alerts;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        VigilConfig settings =
                config != null
                        ? VigilConfig.load(config)
                        : VigilConfig.local("replay.invalid:9092", "http://replay.invalid:9200");
        List<IncidentDataset> datasets = IncidentDataset.discover(data);
        List<IncidentScores> scored = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (IncidentDataset dataset : datasets) {
            long started = System.nanoTime();
            Path dir = out.resolve(dataset.name());
            IncidentReplay replay =
                    new IncidentReplay(settings, alerts ? dir.resolve("alerts.jsonl") : null);
            IncidentReplay.Result result = replay.run(dataset);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Files.createDirectories(dir);
            List<String> lines = result.incidents().stream().map(RunIncident::toLine).toList();
            Files.write(dir.resolve("incidents.jsonl"), lines, StandardCharsets.UTF_8);
            StringBuilder section = new StringBuilder();
            section.append(
                    String.format(
                            Locale.ROOT,
                            "== %s: %d incidents from %d alert events, %d dead letters; replayed"
                                    + " in %d s -> %s%n",
                            dataset.name(),
                            result.incidents().size(),
                            result.alertEvents(),
                            result.deadLetters(),
                            took.toSeconds(),
                            dir.resolve("incidents.jsonl")));
            if (dataset.labelled()) {
                IncidentScores scores =
                        IncidentScores.score(
                                dataset.faults(), result.incidents(), dataset.telemetrySpan());
                scored.add(scores);
                section.append(scores.report());
                section.append(perFault(scores));
            }
            w.print(section);
            w.flush();
            report.append(section).append(System.lineSeparator());
        }
        if (scored.size() > 1) {
            String all =
                    "== all "
                            + scored.size()
                            + " datasets, every fault"
                            + System.lineSeparator()
                            + IncidentScores.pooled(scored).report();
            w.print(all);
            report.append(all);
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("scores.txt"), report.toString(), StandardCharsets.UTF_8);
        w.flush();
        return 0;
    }

    private static String perFault(IncidentScores scores) {
        StringBuilder b = new StringBuilder();
        for (IncidentScores.FaultOutcome o : scores.perFault()) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            "  %-24s %-16s %-22s %s%n",
                            o.fault().id(),
                            o.fault().kind(),
                            o.fault().service(),
                            o.incident().isEmpty()
                                    ? "missed"
                                    : String.format(
                                            Locale.ROOT,
                                            "%s after %.0f s, rank %s",
                                            o.incident().get(),
                                            o.ttdSeconds().orElse(Double.NaN),
                                            o.rank() == 0 ? "-" : String.valueOf(o.rank()))));
        }
        return b.toString();
    }
}
