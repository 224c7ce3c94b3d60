package io.vigil.udfs.alerts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JSON form of an {@link AlertEvent} on Kafka {@code vigil.alerts} (the message key is the
 * fingerprint, so one alert's events stay in order on one partition). Fields in a fixed order;
 * times as ISO-8601 UTC with milliseconds; numbers that do not apply ({@code NaN}) and a missing
 * {@code endsAt} or {@code series} are left out. See {@code docs/alerts.md}.
 */
public final class AlertJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    /** The event as compact UTF-8 JSON. */
    public static byte[] write(AlertEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schema", AlertEvent.SCHEMA_VERSION);
            g.writeStringField("id", e.id());
            g.writeStringField("fingerprint", e.fingerprint());
            g.writeStringField("source", e.source().wireName());
            g.writeStringField("severity", e.severity().wireName());
            g.writeStringField("state", e.state().wireName());
            g.writeStringField("startsAt", e.startsAt().toString());
            if (e.endsAt() != null) {
                g.writeStringField("endsAt", e.endsAt().toString());
            }
            g.writeStringField("observedAt", e.observedAt().toString());
            writeMap(g, "labels", e.labels());
            writeMap(g, "annotations", e.annotations());
            if (e.series() != null) {
                g.writeObjectFieldStart("series");
                g.writeStringField("key", e.series().key());
                g.writeStringField("metric", e.series().metric());
                g.writeStringField("unit", e.series().unit());
                writeMap(g, "attributes", e.series().attributes());
                g.writeEndObject();
            }
            writeNumber(g, "value", e.value());
            writeNumber(g, "expected", e.expected());
            writeNumber(g, "lower", e.lower());
            writeNumber(g, "upper", e.upper());
            writeNumber(g, "score", e.score());
            g.writeArrayFieldStart("traceIds");
            for (String t : e.traceIds()) {
                g.writeString(t);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to memory cannot fail", ex);
        }
        return out.toByteArray();
    }

    /**
     * Reads an event written by {@link #write} (or by any producer following {@code
     * docs/alerts.md}).
     *
     * @throws IllegalArgumentException naming the field when the JSON is not a valid alert event
     */
    public static AlertEvent read(byte[] json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("alert event is not JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("alert event must be a JSON object");
        }
        int schema = n.path("schema").asInt(-1);
        if (schema != AlertEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    "alert event schema "
                            + n.path("schema")
                            + " is not supported: expected "
                            + AlertEvent.SCHEMA_VERSION);
        }
        JsonNode s = n.path("series");
        AlertEvent.Series series =
                s.isMissingNode() || s.isNull()
                        ? null
                        : new AlertEvent.Series(
                                text(s, "series.key"),
                                text(s, "series.metric"),
                                s.path("unit").asText(""),
                                map(s.path("attributes"), "series.attributes"));
        List<String> traceIds = new ArrayList<>();
        n.path("traceIds").forEach(t -> traceIds.add(t.asText()));
        try {
            return new AlertEvent(
                    text(n, "id"),
                    text(n, "fingerprint"),
                    map(n.path("labels"), "labels"),
                    map(n.path("annotations"), "annotations"),
                    AlertSource.fromWire(text(n, "source")),
                    Severity.fromWire(text(n, "severity")),
                    AlertState.fromWire(text(n, "state")),
                    instant(n, "startsAt"),
                    n.hasNonNull("endsAt") ? instant(n, "endsAt") : null,
                    instant(n, "observedAt"),
                    series,
                    number(n, "value"),
                    number(n, "expected"),
                    number(n, "lower"),
                    number(n, "upper"),
                    number(n, "score"),
                    traceIds);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException("alert event lacks field " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).startsWith("alert event")) {
                throw e;
            }
            // the event's own checks (labels, times of a resolved alert): said as what they are
            throw new IllegalArgumentException("alert event is invalid: " + e.getMessage(), e);
        }
    }

    private static void writeMap(JsonGenerator g, String field, Map<String, String> map)
            throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeNumber(JsonGenerator g, String field, double v) throws IOException {
        if (!Double.isNaN(v)) {
            g.writeNumberField(field, v);
        }
    }

    private static String text(JsonNode n, String path) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(
                    "alert event field '" + path + "' must be a non-empty string, was " + v);
        }
        return v.asText();
    }

    /** The latest time an alert may carry: what epoch nanoseconds (OTLP's times) can hold. */
    static final Instant LATEST = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private static Instant instant(JsonNode n, String field) {
        String text = text(n, field);
        try {
            Instant at = Instant.parse(text);
            // Instant reaches the year 1,000,000,000, past what epoch milliseconds hold: such a
            // time would stop the incidents job where it takes the alert's event time
            if (at.isBefore(Instant.EPOCH) || at.isAfter(LATEST)) {
                throw new IllegalArgumentException(
                        "alert event field '"
                                + field
                                + "' must lie between 1970 and "
                                + LATEST
                                + ", was '"
                                + text
                                + "'");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "alert event field '"
                            + field
                            + "' must be an ISO-8601 UTC time like 2026-01-01T00:00:00Z, was '"
                            + text
                            + "'",
                    e);
        }
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(
                    "alert event field '" + field + "' must be a number, was " + v);
        }
        return v.asDouble();
    }

    private static SortedMap<String, String> map(JsonNode n, String path) {
        SortedMap<String, String> out = new TreeMap<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(
                    "alert event field '" + path + "' must be an object of strings");
        }
        n.fields()
                .forEachRemaining(
                        e -> {
                            if (!e.getValue().isValueNode()) {
                                throw new IllegalArgumentException(
                                        "alert event field '"
                                                + path
                                                + "."
                                                + e.getKey()
                                                + "' must be a string");
                            }
                            out.put(e.getKey(), e.getValue().asText());
                        });
        return out;
    }
}
