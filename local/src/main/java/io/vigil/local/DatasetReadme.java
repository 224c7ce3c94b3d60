package io.vigil.local;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code DATASET.md} of a generated scenario: what it is, how to regenerate it, the services
 * and their instances, the faults with what the telemetry shows, the files. Everything in it
 * follows from the settings, so it is as repeatable as the telemetry.
 */
final class DatasetReadme {

    /** What each service of the shop is. */
    private static final Map<String, String> ROLES =
            Map.of(
                    "frontend", "HTTP API, `POST /api/checkout`",
                    "checkout", "HTTP service, `POST /checkout`; calls cache, payment, the queue",
                    "payment", "HTTP service, `POST /payments`; writes to the database",
                    "shipping", "consumer of the `orders` queue (Kafka)",
                    "database", "PostgreSQL (no spans of its own; host metrics and logs)",
                    "cache", "Redis (no spans of its own; host metrics)");

    private DatasetReadme() {}

    static String render(ScenarioDataset.Settings settings, ScenarioDataset.Summary summary) {
        IncidentScenario scenario = settings.scenario();
        StringBuilder md = new StringBuilder();
        md.append("# Incident dataset `").append(scenario.name()).append("` (generated)\n\n");
        md.append(scenario.summary()).append(".\n\n");
        md.append(
                "Made by Vigil's telemetry generator: a simulated shop of six services, each"
                        + " instrumented with the OpenTelemetry Java SDK and run in simulated time,"
                        + " with the faults below injected by script. No recorded system and no"
                        + " third-party data are in it. The same command gives the same bytes:\n\n");
        md.append("```bash\n")
                .append("./vigil generate --scenario ")
                .append(scenario.name())
                .append(" --seed ")
                .append(settings.seed())
                .append(" --start ")
                .append(settings.start())
                .append(" --duration ")
                .append(durationOption(settings.duration()))
                .append(" --rate ")
                .append(number(settings.requestsPerSecond()))
                .append(settings.gzip() ? "" : " --no-gzip")
                .append(" --out DIR\n```\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "seed", String.valueOf(settings.seed()));
        row(md, "start", settings.start().toString());
        row(md, "end", settings.start().plus(settings.duration()).toString());
        row(
                md,
                "duration",
                ScenarioDataset.minutes(settings.duration())
                        + (settings.duration().equals(scenario.defaultDuration())
                                ? " (the scenario's default)"
                                : " (scenario timeline scaled from its default "
                                        + ScenarioDataset.minutes(scenario.defaultDuration())
                                        + ")"));
        row(
                md,
                "requests",
                String.format(
                        Locale.ROOT,
                        "%,d simulated (Poisson arrivals, %s per second on average)",
                        summary.requests(),
                        number(settings.requestsPerSecond())));
        row(md, "metric interval", "10 s (every service's metrics collected at each boundary)");
        md.append('\n');

        md.append("## Services\n\n");
        md.append(
                "Calls: `frontend → checkout`; `checkout → cache`; `checkout → payment →"
                        + " database`; `checkout → shipping` through the `orders` queue"
                        + " (asynchronous). Every pair of services is connected through `checkout`."
                        + " Resources carry `service.name`, `service.version`,"
                        + " `service.instance.id`, `host.name` and"
                        + " `deployment.environment=demo`.\n\n");
        md.append("| service | what | version | service.instance.id | host.name | since |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (TelemetryGenerator.Instance instance : summary.instances()) {
            md.append("| ")
                    .append(instance.service())
                    .append(" | ")
                    .append(ROLES.getOrDefault(instance.service(), ""))
                    .append(" | ")
                    .append(instance.version())
                    .append(" | `")
                    .append(instance.instanceId())
                    .append("` | `")
                    .append(instance.hostName())
                    .append("` | ")
                    .append(
                            instance.since().equals(settings.start())
                                    ? "start"
                                    : instance.since().toString())
                    .append(" |\n");
        }
        md.append('\n');

        md.append("## Faults (`faults.jsonl`)\n\n");
        List<IncidentScenario.Placed> faults = summary.faults();
        if (faults.isEmpty()) {
            md.append(
                    "None: `faults.jsonl` is empty. Every incident opened on this dataset is a"
                            + " false one.\n\n");
        } else {
            md.append(
                    "`start`/`end` are exactly when the injected effect begins and ends;"
                            + " `rootCause.instance` is the `service.instance.id` running at the"
                            + " start.\n\n");
            md.append("| id | kind | root cause | start | end | length |\n");
            md.append("|---|---|---|---|---|---|\n");
            for (IncidentScenario.Placed placed : faults) {
                md.append("| ")
                        .append(placed.id())
                        .append(" | ")
                        .append(placed.fault().label())
                        .append(" | ")
                        .append(placed.fault().service())
                        .append(" (`")
                        .append(ScenarioDataset.instanceAt(summary, placed).instanceId())
                        .append("`) | ")
                        .append(placed.start())
                        .append(" | ")
                        .append(placed.end())
                        .append(" | ")
                        .append(
                                ScenarioDataset.minutes(
                                        Duration.between(placed.start(), placed.end())))
                        .append(" |\n");
            }
            md.append('\n');
            for (IncidentScenario.Placed placed : faults) {
                md.append("- **")
                        .append(placed.id())
                        .append("** ")
                        .append(placed.fault().description())
                        .append(" What the telemetry shows: ")
                        .append(placed.fault().shows());
                if (placed.incidents().size() > 1) {
                    md.append(" Windows in effect:");
                    for (Incident incident : placed.incidents()) {
                        md.append(' ')
                                .append(incident.start())
                                .append('–')
                                .append(incident.end())
                                .append(';');
                    }
                    md.setLength(md.length() - 1);
                    md.append('.');
                }
                md.append('\n');
            }
            md.append('\n');
        }

        if (!scenario.notes().isEmpty()) {
            md.append(scenario.notes()).append("\n\n");
        }
        appendExhaustion(md, faults);

        md.append("## Files\n\n");
        md.append(
                "OTLP/JSON as the OpenTelemetry Collector's `file` exporter writes it (ids as"
                        + " lowercase hex, 64-bit integers as strings, enums as numbers), one"
                        + " `Export*ServiceRequest` per line: what one service instance exported in"
                        + " one 10-s interval. Lines are in non-decreasing time order (first span"
                        + " end / log time / metric point), spans and log records in time order"
                        + " inside a line. Metric temporality is cumulative.\n\n");
        md.append("| file | lines | items | bytes |\n|---|---|---|---|\n");
        for (ScenarioDataset.FileSummary file : summary.files()) {
            String noun =
                    file.name().startsWith("metrics")
                            ? "points"
                            : file.name().startsWith("traces") ? "spans" : "log records";
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| `%s` | %,d | %,d %s | %,d |%n",
                            file.name(),
                            file.lines(),
                            file.items(),
                            noun,
                            file.bytes()));
        }
        md.append(String.format(Locale.ROOT, "| `faults.jsonl` | %d | | |%n", faults.size()));
        md.append('\n');
        md.append(
                "Metrics of every service: `system.cpu.utilization`, `system.memory.usage`"
                        + " (bytes, `system.memory.state=used`), `system.memory.limit` (bytes),"
                        + " `system.memory.utilization` (usage / limit,"
                        + " `system.memory.state=used`), `system.filesystem.utilization`; of"
                        + " frontend, checkout and payment also"
                        + " `http.server.request.duration` (histogram, seconds) and"
                        + " `http.server.requests`; of shipping `messaging.queue.depth`. A"
                        + " successful request is a trace of 9 spans (frontend server and client,"
                        + " checkout server, its cache call, its payment call, payment server, its"
                        + " database INSERT, checkout's publish, shipping's consume) with one log"
                        + " record per service involved; failures carry status ERROR, an"
                        + " `exception` event and an ERROR log in the span's context.\n");
        return md.toString();
    }

    /**
     * The table of when each fault that fills a resource crosses 0.80, 0.90 and full, if there is
     * one, with a line on how the points scatter around that trend.
     */
    private static void appendExhaustion(StringBuilder md, List<IncidentScenario.Placed> faults) {
        StringBuilder rows = new StringBuilder();
        for (IncidentScenario.Placed placed : faults) {
            ScenarioDataset.exhaustion(placed)
                    .ifPresent(
                            e -> {
                                rows.append("| ")
                                        .append(placed.id())
                                        .append(" | `")
                                        .append(e.metric())
                                        .append("` of ")
                                        .append(placed.fault().service());
                                for (ResourceExhaustion.Crossing crossing : e.crossings()) {
                                    rows.append(" | ").append(crossing.at());
                                }
                                rows.append(String.format(Locale.ROOT, " | %.3f |%n", e.full()));
                            });
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("## Exhaustion (`exhaustion` in `faults.jsonl`)\n\n");
        md.append(
                "When the resource's trend (the model's mean, without noise) reaches each level;"
                        + " it climbs monotonically, so each is crossed once, and full is reached"
                        + " at the fault's end. The 10-s points scatter around the trend: a"
                        + " filesystem by σ 0.001, memory by σ ≈ 1.2 % of the base times (1 −"
                        + " progress), so a single point may cross a level an interval or two"
                        + " early or late.\n\n");
        md.append("| fault | series | 0.80 | 0.90 | full | full level |\n");
        md.append("|---|---|---|---|---|---|\n");
        md.append(rows).append('\n');
    }

    /** {@code 90m} for whole minutes, else {@code 95s}. */
    private static String durationOption(Duration d) {
        long seconds = d.toSeconds();
        return seconds % 60 == 0 ? (seconds / 60) + "m" : seconds + "s";
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(value).append(" |\n");
    }

    private static String number(double value) {
        return value == Math.rint(value)
                ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
