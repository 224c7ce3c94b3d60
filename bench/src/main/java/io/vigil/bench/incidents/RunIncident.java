package io.vigil.bench.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One incident of a run, as a line of {@code incidents.jsonl} holds it (contract {@code
 * incident-datasets}): when it opened and resolved, how many alert events it grouped, its services
 * and its ranked root causes with their why.
 */
public record RunIncident(
        String id,
        Instant openedAt,
        Optional<Instant> resolvedAt,
        long alerts,
        List<String> services,
        List<RootCause> rootCauses) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A ranked root cause. */
    public record RootCause(String service, double score, String why) {}

    /** The ranked services, best first. */
    public List<String> ranked() {
        return rootCauses.stream().map(RootCause::service).toList();
    }

    /** Reads a line of {@code incidents.jsonl}. */
    public static RunIncident parse(String line, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": not JSON: " + e.getMessage(), e);
        }
        if (!n.hasNonNull("openedAt")) {
            throw new IllegalArgumentException(where + ": an incident needs openedAt");
        }
        return new RunIncident(
                n.path("id").asText(where),
                Times.parse(n.get("openedAt").asText(), where + " openedAt"),
                n.hasNonNull("resolvedAt")
                        ? Optional.of(Times.parse(n.get("resolvedAt").asText(), where))
                        : Optional.empty(),
                n.path("alerts").asLong(0),
                texts(n.path("services")),
                rootCauses(n.path("rootCauses")));
    }

    /**
     * The incident from the {@code vigil.incident} object of its Elasticsearch document (the
     * incidents job's output).
     */
    public static RunIncident fromDocument(String documentJson) {
        JsonNode doc;
        try {
            doc = JSON.readTree(documentJson);
        } catch (IOException e) {
            throw new UncheckedIOException("incident document is not JSON", e);
        }
        JsonNode i = doc.path("vigil").path("incident");
        return new RunIncident(
                i.path("id").asText(),
                Instant.parse(i.path("opened_at").asText()),
                i.hasNonNull("resolved_at")
                        ? Optional.of(Instant.parse(i.get("resolved_at").asText()))
                        : Optional.empty(),
                i.path("alert_events").asLong(),
                texts(i.path("services")),
                rootCauses(i.path("root_causes")));
    }

    /** The texts of a JSON array, in order (none when it is missing). */
    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    /**
     * The root causes of a JSON array of {@code {"service", "score", "why"}} objects, in order;
     * both a line and a document write them so.
     */
    private static List<RootCause> rootCauses(JsonNode array) {
        List<RootCause> causes = new ArrayList<>();
        for (JsonNode r : array) {
            causes.add(
                    new RootCause(
                            r.path("service").asText(),
                            r.path("score").asDouble(),
                            r.path("why").asText("")));
        }
        return causes;
    }

    /** The incident a document's incident was merged into, if it was. */
    public static Optional<String> mergedInto(String documentJson) {
        try {
            JsonNode i = JSON.readTree(documentJson).path("vigil").path("incident");
            return i.hasNonNull("merged_into")
                    ? Optional.of(i.get("merged_into").asText())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("incident document is not JSON", e);
        }
    }

    /** The line of {@code incidents.jsonl}. */
    public String toLine() {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("openedAt", openedAt.toString());
        if (resolvedAt.isPresent()) {
            n.put("resolvedAt", resolvedAt.get().toString());
        } else {
            n.putNull("resolvedAt");
        }
        n.put("alerts", alerts);
        ArrayNode s = n.putArray("services");
        services.forEach(s::add);
        ArrayNode r = n.putArray("rootCauses");
        for (RootCause c : rootCauses) {
            r.addObject().put("service", c.service()).put("score", c.score()).put("why", c.why());
        }
        return n.toString();
    }
}
