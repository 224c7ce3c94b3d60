package io.vigil.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil incidents [--open] [--since DURATION]}: the incidents in Elasticsearch, newest
 * first, each with its first root cause and why; {@code vigil incidents show ID}: one incident's
 * root causes, members, call path and timeline. Without {@code --config} it reads the local demo's
 * Elasticsearch ({@code http://localhost:9200}, prefix {@code vigil}).
 */
@Command(
        name = "incidents",
        mixinStandardHelpOptions = true,
        description = "List the incidents (newest first) with their root cause and why.",
        subcommands = IncidentsCommand.Show.class)
public final class IncidentsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "The Vigil configuration file; default: the local demo's Elasticsearch.")
    Path config;

    @Option(names = "--open", description = "Only incidents still open.")
    boolean open;

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            description = "Only incidents opened this long ago or later, e.g. 2h, 30m, 7d.")
    String since;

    @Override
    public Integer call() throws IOException {
        VigilConfig vigil = load(config);
        ObjectNode body = JSON.createObjectNode().put("size", 100);
        body.putArray("sort").addObject().put("@timestamp", "desc");
        ArrayNode filters = body.putObject("query").putObject("bool").putArray("filter");
        if (open) {
            filters.addObject().putObject("term").put("vigil.incident.status", "open");
        }
        if (since != null) {
            Duration d = duration(since);
            filters.addObject()
                    .putObject("range")
                    .putObject("vigil.incident.opened_at")
                    .put("gte", "now-" + d.toSeconds() + "s");
        }
        JsonNode hits = search(vigil, body);
        PrintWriter out = spec.commandLine().getOut();
        if (hits.isEmpty()) {
            out.println(
                    "no incidents"
                            + (open ? " open" : "")
                            + (since != null ? " since " + since : ""));
        }
        for (JsonNode hit : hits) {
            JsonNode i = hit.at("/_source/vigil/incident");
            out.printf(
                    "%s  %-8s %-8s opened %s  %s%n",
                    text(i, "id", "status", "severity", "opened_at", "services"));
            out.printf("    look at %s first%n", i.at("/root_causes/0/why").asText());
        }
        out.flush();
        return 0;
    }

    /** {@code vigil incidents show ID}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "One incident: root causes with why, members, call path, timeline.")
    static final class Show implements Callable<Integer> {
        @CommandLine.ParentCommand IncidentsCommand parent;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The incident id (inc-…).")
        String id;

        @Override
        public Integer call() throws IOException {
            VigilConfig vigil = load(parent.config);
            PrintWriter out = spec.commandLine().getOut();
            JsonNode doc;
            try (RestClient client = IndexTemplates.restClient(vigil.elasticsearch())) {
                Response response =
                        client.performRequest(
                                new Request(
                                        "GET",
                                        "/"
                                                + index(vigil)
                                                + "/_doc/"
                                                + java.net.URLEncoder.encode(
                                                        id, StandardCharsets.UTF_8)));
                doc = JSON.readTree(EntityUtils.toString(response.getEntity()));
            } catch (ResponseException e) {
                if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                    throw new IllegalArgumentException("no incident " + id + " in " + index(vigil));
                }
                throw e;
            }
            JsonNode i = doc.at("/_source/vigil/incident");
            out.printf(
                    "%s  %s  %s  opened %s  started %s%n",
                    text(i, "id", "status", "severity", "opened_at", "started_at"));
            if (i.has("resolved_at")) {
                out.println("resolved " + i.path("resolved_at").asText());
            }
            out.printf(
                    "MTTD %s  MTTR %s  alert events %d  escalations %d%n",
                    Duration.ofMillis(i.path("mttd_ms").asLong()),
                    i.has("mttr_ms") ? Duration.ofMillis(i.path("mttr_ms").asLong()) : "—",
                    i.path("alert_events").asInt(),
                    i.path("escalations").asInt());
            out.println("root causes, most likely first:");
            for (JsonNode r : i.path("root_causes")) {
                out.printf(
                        "  %d. %-14s %.3f  %s%n",
                        r.path("rank").asInt(),
                        r.path("service").asText(),
                        r.path("score").asDouble(),
                        r.path("why").asText());
            }
            out.println("call path: " + String.join(", ", texts(i.path("path"))));
            out.println("members:");
            for (JsonNode m : i.path("members")) {
                out.printf(
                        "  %-14s %-8s %-16s %s → %s  %s%n",
                        text(m, "service", "severity", "kind", "starts_at", "ends_at", "summary"));
            }
            out.println("timeline:");
            for (JsonNode line : i.path("timeline")) {
                out.println("  " + line.asText());
            }
            out.flush();
            return 0;
        }
    }

    static VigilConfig load(Path config) {
        return config != null
                ? VigilConfig.load(config)
                : VigilConfig.local("localhost:9092", "http://localhost:9200");
    }

    private static String index(VigilConfig vigil) {
        return vigil.elasticsearch().indexPrefix() + "-incidents";
    }

    private static JsonNode search(VigilConfig vigil, JsonNode body) throws IOException {
        try (RestClient client = IndexTemplates.restClient(vigil.elasticsearch())) {
            Request request =
                    new Request("POST", "/" + index(vigil) + "/_search?ignore_unavailable=true");
            request.setJsonEntity(body.toString());
            Response response = client.performRequest(request);
            return JSON.readTree(EntityUtils.toString(response.getEntity())).at("/hits/hits");
        }
    }

    /**
     * The named fields of a document as text, for {@code printf}: arrays joined with commas, an
     * absent {@code ends_at} as {@code firing}.
     */
    private static Object[] text(JsonNode node, String... fields) {
        Object[] values = new Object[fields.length];
        for (int k = 0; k < fields.length; k++) {
            JsonNode v = node.path(fields[k]);
            values[k] =
                    v.isArray()
                            ? String.join(", ", texts(v))
                            : v.isMissingNode() && fields[k].equals("ends_at")
                                    ? "firing"
                                    : v.asText();
        }
        return values;
    }

    private static java.util.List<String> texts(JsonNode array) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}. */
    static Duration duration(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "--since " + text + ": use a number and s, m, h or d, e.g. 2h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
