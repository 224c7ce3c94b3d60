package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.kibana.KibanaFiles;
import io.vigil.local.OtlpHttpReceiver;
import io.vigil.local.TelemetryGenerator;
import io.vigil.local.cli.DemoCommand;
import io.vigil.udfs.kibana.KibanaLinks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every panel of Vigil's Kibana dashboards has data once the demo's kind of telemetry went through
 * the real jobs. Kibana cannot run on the build machines, so the test does what Kibana would: it
 * turns each panel's saved objects into the search Kibana sends ({@link KibanaPanels}) and runs it
 * on the real Elasticsearch node the jobs wrote to.
 *
 * <p>The data: the demo's generator (seed 42) sends an hour of quiet history and then 120 simulated
 * minutes with the demo's five scripted faults ({@link DemoCommand#script}, the disk filling from
 * 10 % in) through the OTLP/HTTP receiver to Kafka, as the demo with its defaults does but at 2
 * requests a second instead of 5; one unreadable log message goes to the dead letters. The jobs run
 * unbounded, as in production (they feed each other through Kafka), with the demo's rule and SLO
 * files ({@code deploy/rules/shop.yml}, {@code deploy/slo/shop.yml}) and its {@code
 * eventTime.lagTolerance} of 2 h, the slow-request threshold at 40 ms (the shop's requests take 15
 * to 65 ms), on a Flink MiniCluster; forecasts and capacity outlooks are on by default. The test
 * polls the panels until every one has data (at most 25 minutes), stops the jobs, and asserts on
 * the final state: every panel has a row with a value. A metric column may be empty only where its
 * data cannot exist: MTTR while no incident has resolved. Before it stops the jobs it also waits
 * (at most 10 minutes) until every incident whose member alerts all ended has resolved, and asserts
 * that: an incident stays open only while a member fires or flaps. The health scores count an
 * incident only from the minute after it opened.
 *
 * <p>Also checked on the real node: every index pattern's time field is a date in the indices
 * ({@code _field_caps}), and every field a panel aggregates is aggregatable there. The data of each
 * dashboard is drawn to {@code target/kibana-pictures/<dashboard>.png} (or the folder of {@code
 * -Dkibana.pictures=DIR}; {@code docs/img/kibana} holds the committed ones).
 */
@ExtendWith(RealStack.class)
class KibanaPanelsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final long SEED = 42;
    private static final double RATE = 2;
    private static final Instant HISTORY_START = Instant.parse("2026-03-02T08:00:00Z");
    private static final Duration HISTORY = Duration.ofMinutes(60);
    private static final Duration LIVE = Duration.ofMinutes(120);
    private static final String PREFIX = "it-kibana";

    /** The key of the saved searches on their own in the results by dashboard. */
    private static final String SEARCHES = "saved searches";

    @Test
    void everyPanelOfEveryDashboardHasData() throws Exception {
        Instant liveStart = HISTORY_START.plus(HISTORY);
        Instant end = liveStart.plus(LIVE);
        Path rules = Path.of("..", "deploy", "rules", "shop.yml").toAbsolutePath().normalize();
        Path slos = Path.of("..", "deploy", "slo", "shop.yml").toAbsolutePath().normalize();
        try (JobsHarness it =
                JobsHarness.withConfig(
                        "kibana",
                        // checkpoints on disk, as the demo: the fast history's open traces can
                        // outgrow the JobManager's 5 MB of checkpoint memory
                        // and, on two shared cores, checkpoints may expire without failing the job
                        "{restart-strategy.type: none,"
                                + " execution.checkpointing.tolerable-failed-checkpoints: 1000,"
                                + " state.checkpoints.dir: '"
                                + RealStack.parts()
                                        .workDir()
                                        .resolve("kibana-checkpoints")
                                        .toAbsolutePath()
                                        .toUri()
                                + "'}",
                        "rules: {files: ['"
                                + rules
                                + "']}\nslo: {files: ['"
                                + slos
                                + "']}\n"
                                // the shop's requests take 15 to 65 ms: a threshold they cross
                                + "traces: {slowRequestThreshold: 40ms}\n"
                                // as the demo: the traces job's RED, which the SLOs read, lags
                                // the raw metrics by tens of minutes of event time in a fast run
                                + "eventTime: {maxOutOfOrderness: 5s, idleness: 5s,"
                                + " lagTolerance: 2h}\n")) {
            KibanaPanels kibana =
                    new KibanaPanels(
                            new ArrayList<>(KibanaFiles.shipped().values()),
                            KibanaPanelsITCase::indices);
            Instant from = HISTORY_START.minus(Duration.ofMinutes(5));
            Instant to = end.plus(Duration.ofMinutes(30));
            // unbounded, as in production: the jobs feed each other through Kafka (derived
            // metrics, alerts), which a bounded run would read only up to where they were at its
            // start
            JobClient job = it.startUnbounded();
            Map<String, List<KibanaPanels.Result>> byDashboard;
            try {
                try (OtlpHttpReceiver receiver = it.otlpReceiver()) {
                    generate(receiver, HISTORY_START, HISTORY, List.of());
                    generate(receiver, liveStart, LIVE, DemoCommand.script(liveStart, LIVE));
                }
                it.produce(
                        it.topic("otlp_logs"),
                        List.of("{not otlp".getBytes(StandardCharsets.UTF_8)));
                // the jobs are done with the input when every panel has data, or never: then the
                // final check names the empty panels
                try {
                    Awaitility.await()
                            .atMost(Duration.ofMinutes(25))
                            .pollInterval(Duration.ofSeconds(15))
                            // an index the jobs have only just created can refuse a search
                            .ignoreExceptions()
                            .until(
                                    () -> {
                                        if (job.getJobStatus().get().isGloballyTerminalState()) {
                                            return true;
                                        }
                                        List<String> waiting =
                                                empty(query(kibana, it.es, from, to)).stream()
                                                        .map(e -> e.substring(0, e.indexOf('\n')))
                                                        .toList();
                                        System.out.println(
                                                "KibanaPanelsITCase: waiting for " + waiting);
                                        return waiting.isEmpty();
                                    });
                } catch (ConditionTimeoutException e) {
                    // reported by the assertions below, with the requests
                }
                // incidents resolve once every member stayed resolved incidents.resolveAfter: in
                // event time while later alerts move the watermark on, and after the last alerts
                // (often the resolutions themselves) by the wall time the watermark stood still
                try {
                    Awaitility.await()
                            .atMost(Duration.ofMinutes(10))
                            .pollInterval(Duration.ofSeconds(15))
                            .ignoreExceptions()
                            .until(
                                    () ->
                                            job.getJobStatus().get().isGloballyTerminalState()
                                                    || incidents(it.es)
                                                            .openAfterMembersEnded()
                                                            .isEmpty());
                } catch (ConditionTimeoutException e) {
                    // reported by the assertion below
                }
            } finally {
                JobsHarness.stop(job); // throws the job's failure if it failed
            }
            byDashboard = query(kibana, it.es, from, to);
            List<String> empty = empty(byDashboard);
            int panels = 0;
            int withData = 0;
            for (Map.Entry<String, List<KibanaPanels.Result>> d : byDashboard.entrySet()) {
                for (KibanaPanels.Result r : d.getValue()) {
                    if (r.panel().type().equals("markdown")) {
                        continue;
                    }
                    panels++;
                    String why = r.empty();
                    withData += why == null ? 1 : 0;
                    System.out.printf(
                            "KibanaPanelsITCase: %-32s %-60s %6d hits %4d rows%s%n",
                            d.getKey(),
                            r.panel().title(),
                            r.hits(),
                            r.rows().size(),
                            why == null ? "" : "  EMPTY: " + why);
                }
            }
            System.out.printf(
                    "KibanaPanelsITCase: %d dashboards and the saved searches: %d data panels"
                            + " (markdown left out), %d with data%n",
                    byDashboard.size() - 1, panels, withData);
            Map<String, List<KibanaPanels.Result>> dashboardsOnly =
                    new LinkedHashMap<>(byDashboard);
            dashboardsOnly.remove(SEARCHES);
            DashboardPictures.write(kibana, dashboardsOnly, pictureDir());

            assertThat(empty).as("panels without data").isEmpty();
            // A column may be empty where its data does not exist yet: MTTR while no incident
            // has resolved. Any other empty column is a failure.
            List<String> emptyColumns = new ArrayList<>();
            byDashboard.forEach(
                    (id, results) ->
                            results.forEach(
                                    r ->
                                            r.emptyColumns()
                                                    .forEach(
                                                            c ->
                                                                    emptyColumns.add(
                                                                            id
                                                                                    + " / "
                                                                                    + r.panel()
                                                                                            .title()
                                                                                    + " / "
                                                                                    + c))));
            System.out.println("KibanaPanelsITCase: columns without a value: " + emptyColumns);
            if (!emptyColumns.isEmpty()) {
                assertThat(emptyColumns)
                        .allMatch(c -> c.endsWith("MTTR") || c.endsWith("mean time to resolve"));
                assertThat(
                                it.es.count(
                                        indices("vigil-incidents"),
                                        "{\"exists\":{\"field\":\"vigil.incident.resolved_at\"}}"))
                        .as("MTTR is empty only while no incident has resolved")
                        .isZero();
            }
            assertThat(byDashboard).hasSize(7);
            assertThat(byDashboard.get(SEARCHES)).hasSize(6);
            assertThat(withData).isEqualTo(panels).isGreaterThanOrEqualTo(40);

            fieldsOnTheRealNode(kibana, it.es);
            incidentLinksOpenTheirIncident(kibana, it.es);
            healthCountsIncidentsInEventTime(it.es);

            Incidents incidents = incidents(it.es);
            System.out.println("KibanaPanelsITCase: incidents " + incidents);
            assertThat(incidents.openAfterMembersEnded())
                    .as("incidents left open although every member alert had ended")
                    .isEmpty();
            assertThat(incidents.resolved()).as("incidents resolved").isPositive();
        }
    }

    /**
     * The incidents the job wrote, by what became of them.
     *
     * @param resolved resolved ones (merged ones included)
     * @param firing open ones with a member alert still firing
     * @param flapping open ones held open by a flapping member (until a time of their own)
     * @param openAfterMembersEnded open ones whose member alerts all ended: id and services
     */
    private record Incidents(
            int resolved, int firing, int flapping, List<String> openAfterMembersEnded) {}

    private static Incidents incidents(ElasticsearchQueries es) throws Exception {
        int resolved = 0;
        int firing = 0;
        int flapping = 0;
        List<String> ended = new ArrayList<>();
        for (JsonNode hit : es.search(indices("vigil-incidents"), "{\"match_all\":{}}", 1000)) {
            JsonNode incident = hit.at("/_source/vigil/incident");
            if (incident.path("status").asText().equals("resolved")) {
                resolved++;
                continue;
            }
            boolean stillFiring = false;
            for (JsonNode m : incident.path("members")) {
                // information (deploys, new log templates) never holds an incident open
                stillFiring |= !m.path("severity").asText().equals("info") && !m.has("ends_at");
            }
            if (stillFiring) {
                firing++;
            } else if (incident.path("timeline").toString().contains(" is flapping: ")) {
                flapping++;
            } else {
                ended.add(incident.path("id").asText() + " " + incident.path("services"));
            }
        }
        return new Incidents(resolved, firing, flapping, ended);
    }

    /**
     * The link an incident's Alertmanager alert carries ({@link KibanaLinks}, as {@code
     * AlertmanagerAlert} builds it) opens the Incidents dashboard with a time range and query under
     * which its incident list shows that incident.
     */
    private static void incidentLinksOpenTheirIncident(KibanaPanels kibana, ElasticsearchQueries es)
            throws Exception {
        List<JsonNode> incidents = es.search(indices("vigil-incidents"), "{\"match_all\":{}}", 100);
        assertThat(incidents).isNotEmpty();
        JsonNode dashboard = kibana.objects.get(KibanaLinks.INCIDENTS_DASHBOARD);
        KibanaPanels.Panel list =
                kibana.panels(dashboard).stream()
                        .filter(p -> p.title().equals("Incidents (open first)"))
                        .findFirst()
                        .orElseThrow();
        int checked = 0;
        for (JsonNode hit : incidents) {
            JsonNode incident = hit.at("/_source/vigil/incident");
            String service = hit.at("/_source/service/name").asText("");
            if (service.isEmpty()) {
                continue;
            }
            Instant started = Instant.parse(incident.path("started_at").asText());
            Instant resolved =
                    incident.has("resolved_at")
                            ? Instant.parse(incident.path("resolved_at").asText())
                            : null;
            String link =
                    KibanaLinks.dashboard(
                            "http://kibana:5601",
                            KibanaLinks.INCIDENTS_DASHBOARD,
                            started.minus(Duration.ofMinutes(15)),
                            resolved == null ? null : resolved.plus(Duration.ofMinutes(15)),
                            KibanaLinks.kqlEquals("service.name", service));
            String state =
                    java.net.URLDecoder.decode(
                            java.net.URI.create(link).getRawFragment(), StandardCharsets.UTF_8);
            java.util.regex.Matcher time =
                    java.util.regex.Pattern.compile("time:\\(from:'([^']*)',to:('([^']*)'|now)\\)")
                            .matcher(state);
            java.util.regex.Matcher query =
                    java.util.regex.Pattern.compile("query:'((?:[^'!]|!.)*)'").matcher(state);
            assertThat(time.find()).as(state).isTrue();
            assertThat(query.find()).as(state).isTrue();
            Instant from = Instant.parse(time.group(1));
            // "now" in a test of simulated time: the end of the data
            Instant to =
                    time.group(3) == null
                            ? HISTORY_START.plus(HISTORY).plus(LIVE).plus(Duration.ofHours(1))
                            : Instant.parse(time.group(3));
            String kql = query.group(1).replace("!'", "'").replace("!!", "!");
            KibanaPanels.Result r = kibana.run(list, es, from, to, kql);
            int rootCause = -1;
            for (int c = 0; c < r.columns().size(); c++) {
                if (r.columns().get(c).label().equals("first root cause")) {
                    rootCause = c;
                }
            }
            int column = rootCause;
            assertThat(column).isNotNegative();
            assertThat(r.rows())
                    .as("the incident list opened by %s", link)
                    .anyMatch(row -> row.contains(incident.path("id").asText()))
                    .allMatch(row -> service.equals(row.get(column)));
            checked++;
        }
        System.out.println(
                "KibanaPanelsITCase: " + checked + " incident links open their incident");
        assertThat(checked).isPositive();
    }

    /** The indices an index pattern title reads in this test: its prefix for vigil's. */
    private static String indices(String title) {
        return title.startsWith("vigil-")
                ? PREFIX + title.substring("vigil".length())
                : PREFIX + "-" + title;
    }

    /** Every panel's data, by dashboard id. */
    private static Map<String, List<KibanaPanels.Result>> query(
            KibanaPanels kibana, ElasticsearchQueries es, Instant from, Instant to)
            throws Exception {
        Map<String, List<KibanaPanels.Result>> byDashboard = new LinkedHashMap<>();
        for (JsonNode dashboard : kibana.dashboards()) {
            List<KibanaPanels.Result> results = new ArrayList<>();
            for (KibanaPanels.Panel panel : kibana.panels(dashboard)) {
                results.add(kibana.run(panel, es, from, to));
            }
            byDashboard.put(dashboard.path("id").asText(), results);
        }
        // every saved search on its own too (as Discover opens it); the dead letters carry the
        // Kafka record's time, which is now, not the generator's simulated time
        List<KibanaPanels.Result> searches = new ArrayList<>();
        for (JsonNode o : kibana.objects.values()) {
            if (o.path("type").asText().equals("search")) {
                searches.add(
                        kibana.run(
                                new KibanaPanels.Panel(o, 0, 0, 48, 10),
                                es,
                                from,
                                Instant.now().plus(Duration.ofHours(1))));
            }
        }
        byDashboard.put(SEARCHES, searches);
        return byDashboard;
    }

    /** The panels without data, each with why and the request. */
    private static List<String> empty(Map<String, List<KibanaPanels.Result>> byDashboard) {
        List<String> empty = new ArrayList<>();
        byDashboard.forEach(
                (id, results) -> {
                    for (KibanaPanels.Result r : results) {
                        String why = r.empty();
                        if (why != null) {
                            empty.add(
                                    id
                                            + " / "
                                            + r.panel().title()
                                            + " ("
                                            + r.indexPattern()
                                            + "): "
                                            + why
                                            + "\n    "
                                            + r.request());
                        }
                    }
                });
        return empty;
    }

    private static Path pictureDir() {
        return Path.of(System.getProperty("kibana.pictures", "target/kibana-pictures"));
    }

    private static void generate(
            OtlpHttpReceiver receiver,
            Instant start,
            Duration duration,
            List<io.vigil.local.Incident> incidents)
            throws Exception {
        try (TelemetryGenerator generator =
                TelemetryGenerator.start(
                        TelemetryGenerator.Options.builder()
                                .seed(SEED)
                                .start(start)
                                .duration(duration)
                                .requestsPerSecond(RATE)
                                .pacing(TelemetryGenerator.Pacing.FAST)
                                .incidents(incidents)
                                .otlpEndpoint(receiver.url())
                                .build())) {
            assertThat(generator.awaitCompletion(Duration.ofMinutes(10))).isTrue();
            assertThat(generator.itemsFailed()).isZero();
        }
    }

    /**
     * The index patterns against the indices the jobs made: the time field is a date, and every
     * field a visualization aggregates is aggregatable ({@code _field_caps}).
     */
    private static void fieldsOnTheRealNode(KibanaPanels kibana, ElasticsearchQueries es)
            throws Exception {
        TreeSet<String> checked = new TreeSet<>();
        for (JsonNode o : kibana.objects.values()) {
            if (!o.path("type").asText().equals("index-pattern")) {
                continue;
            }
            String title = o.at("/attributes/title").asText();
            String indices = indices(title);
            JsonNode caps = es.get("/" + indices + "/_field_caps?fields=*&allow_no_indices=true");
            assertThat(caps.path("indices").size()).as("indices of %s", title).isPositive();
            String time = o.at("/attributes/timeFieldName").asText("");
            if (!time.isEmpty()) {
                assertThat(caps.at("/fields/" + time.replace("/", "~1")).has("date"))
                        .as(
                                "%s: time field %s is a date in %s",
                                title, time, caps.at("/fields/" + time))
                        .isTrue();
            }
            for (JsonNode vis : kibana.objects.values()) {
                if (!vis.path("type").asText().equals("visualization")
                        || !vis.path("references")
                                .toString()
                                .contains("\"" + o.path("id").asText() + "\"")) {
                    continue;
                }
                for (JsonNode agg :
                        KibanaPanels.parse(vis.at("/attributes/visState").asText()).path("aggs")) {
                    String field = agg.at("/params/field").asText("");
                    if (field.isEmpty()) {
                        continue;
                    }
                    JsonNode types = caps.path("fields").path(field);
                    assertThat(types.size()).as("%s: %s in the indices", title, field).isPositive();
                    types.forEach(
                            t ->
                                    assertThat(t.path("aggregatable").asBoolean())
                                            .as("%s: %s aggregatable", title, field)
                                            .isTrue());
                    checked.add(title + " " + field);
                }
            }
        }
        System.out.println(
                "KibanaPanelsITCase: "
                        + checked.size()
                        + " aggregated fields aggregatable on the node");
        assertThat(checked).hasSizeGreaterThan(30);
    }

    /**
     * The health scores count an incident only from the minute after it opened (docs/health.md):
     * every {@code incident} factor of every {@code vigil-health-*} document names an incident of
     * {@code vigil-incidents} that had opened by the document's minute. The health scoring reads
     * the incidents far ahead of the RED that holds its watermark back: taken in as they arrived,
     * they held checkout at 15 from 08:04 for an incident that opened at 10:45. (That a resolved
     * incident leaves the scores is not checked here: in this fast replay the incidents job
     * resolves some incidents only after the data ended, when no minute is scored any more.) Prints
     * the incidents and each service's score whenever it changes, with its worst factor.
     */
    private static void healthCountsIncidentsInEventTime(ElasticsearchQueries es) throws Exception {
        Map<String, Instant> openedAt = new LinkedHashMap<>();
        for (JsonNode hit : es.search(indices("vigil-incidents"), "{\"match_all\":{}}", 1000)) {
            JsonNode incident = hit.at("/_source/vigil/incident");
            String id = incident.path("id").asText();
            Instant opened = Instant.parse(incident.path("opened_at").asText());
            openedAt.put(id, opened);
            System.out.println(
                    "KibanaPanelsITCase: incident "
                            + id
                            + " "
                            + incident.path("severity").asText()
                            + " "
                            + incident.path("services")
                            + " opened "
                            + opened
                            + " resolved "
                            + incident.path("resolved_at").asText("-")
                            + (incident.has("merged_into")
                                    ? " merged into " + incident.path("merged_into").asText()
                                    : ""));
        }
        List<JsonNode> hits = es.search(indices("vigil-health-*"), "{\"match_all\":{}}", 10000);
        Map<String, java.util.TreeMap<Instant, JsonNode>> byService = new java.util.TreeMap<>();
        List<String> early = new ArrayList<>();
        for (JsonNode hit : hits) {
            JsonNode d = hit.path("_source");
            Instant minute = Instant.parse(d.path("@timestamp").asText());
            String service = d.at("/service/name").asText();
            byService.computeIfAbsent(service, k -> new java.util.TreeMap<>()).put(minute, d);
            for (JsonNode f : d.at("/vigil/health/factors")) {
                if (!f.path("name").asText().equals("incident")) {
                    continue;
                }
                // "incident <id> (<severity>) is open"
                String id = f.path("reason").asText().split(" ")[1];
                Instant opened = openedAt.get(id);
                if (opened == null || !opened.isBefore(minute)) {
                    early.add(service + " " + minute + ": " + id + " opened " + opened);
                }
            }
        }
        byService.forEach(
                (service, minutes) -> {
                    String last = "";
                    for (Map.Entry<Instant, JsonNode> m : minutes.entrySet()) {
                        JsonNode h = m.getValue().at("/vigil/health");
                        String line =
                                h.path("score").asInt()
                                        + " "
                                        + h.at("/factors/0/name").asText("")
                                        + " "
                                        + h.at("/factors/0/reason").asText("");
                        if (!line.equals(last)) {
                            System.out.println(
                                    "KibanaPanelsITCase: health "
                                            + service
                                            + " "
                                            + m.getKey()
                                            + " "
                                            + line);
                            last = line;
                        }
                    }
                });
        System.out.println(
                "KibanaPanelsITCase: "
                        + hits.size()
                        + " health documents, "
                        + byService.size()
                        + " services");
        assertThat(hits).isNotEmpty();
        assertThat(early)
                .as("health scores counting an incident before it opened (or one never published)")
                .isEmpty();
    }
}
