package io.vigil.udfs.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.AttributeType;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Maps spans to Jaeger v1 Elasticsearch documents (contract {@code shared/contracts/jaeger-es/},
 * Jaeger 1.21–1.57, default mode: no tags-as-fields), following the OpenTelemetry Collector's
 * OTLP→Jaeger translation ({@code pkg/translator/jaeger}) for the OTel-specific parts.
 *
 * <p>Span document ({@code [P-]jaeger-span-YYYY-MM-DD}, the UTC day of the span start):
 *
 * <ul>
 *   <li>{@code traceID}: lowercase hex, 16 characters when the high 64 bits are zero, else 32 (as
 *       Jaeger's {@code TraceID.String()} writes it); {@code spanID}: 16 lowercase hex;
 *   <li>{@code flags}: 1 (sampled) when bit 0 of the W3C trace flags is set, omitted otherwise. The
 *       other W3C bits are not copied: bit 1 is W3C "random", which Jaeger would read as "debug";
 *   <li>{@code operationName} = span name;
 *   <li>{@code references}: a {@code CHILD_OF} the parent first (none for a root span), then one
 *       {@code FOLLOWS_FROM} per link; {@code parentSpanID} is not written (deprecated, as current
 *       Jaeger writers do);
 *   <li>{@code startTime} (µs), {@code startTimeMillis} (= startTime / 1000), {@code duration} (µs,
 *       (end − start) / 1000);
 *   <li>{@code tags}: {@code otel.scope.name}/{@code otel.scope.version} (current collector names;
 *       older translators wrote {@code otel.library.*}), the span attributes, {@code span.kind}
 *       ({@code client}, {@code server}, {@code producer}, {@code consumer}, {@code internal}; none
 *       for unspecified), {@code otel.status_code} ({@code OK}/{@code ERROR}; none for unset),
 *       {@code error=true} (bool) for an error status, {@code otel.status_description} (the status
 *       message of an error status) and {@code w3c.tracestate}, in that order. A generated tag is
 *       left out when a span attribute already has its key, so a tag key never appears twice;
 *   <li>{@code logs}: one per span event, {@code timestamp} µs, {@code fields} = an {@code event}
 *       field with the event name (unless empty or an attribute is named {@code event}) then the
 *       event attributes;
 *   <li>{@code process}: {@code serviceName} and {@code tags} = the resource attributes except
 *       {@code service.name}.
 * </ul>
 *
 * <p>Tags are {@code {"key", "type", "value"}} with {@code value} always a string: STRING as-is,
 * BOOL {@code true}/{@code false}, INT64 decimal, FLOAT64 as the model writes it, BINARY as
 * lowercase hex (the model's base64 re-encoded), ARRAY and KVLIST as type {@code string} holding
 * their compact JSON (Jaeger has no such types; the collector does the same).
 *
 * <p>Service document ({@code [P-]jaeger-service-YYYY-MM-DD}): {@code {"serviceName",
 * "operationName"}}.
 *
 * <p>Document ids are deterministic, so that a replay overwrites instead of duplicating:
 *
 * <ul>
 *   <li>span: {@code <traceId>-<spanId>} with the 32-character trace id (Jaeger itself lets ES pick
 *       ids; no reader looks at {@code _id});
 *   <li>service: Jaeger's own id, hex FNV-64a of the service name bytes followed by the operation
 *       name bytes, unpadded (Go {@code %x}), so there is one document per pair and day even
 *       alongside a Jaeger collector writing the same index.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class JaegerMapper implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Lowercase letters, digits, '-', '_', '.', starting with a letter or digit: ES-safe. */
    private static final DateTimeFormatter INDEX_DAY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final String ZERO_HALF = "0000000000000000";

    private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV64_PRIME = 0x100000001b3L;

    private static final String SERVICE_NAME = "service.name";
    static final String SPAN_KIND = "span.kind";
    static final String STATUS_CODE = "otel.status_code";
    static final String STATUS_DESCRIPTION = "otel.status_description";
    static final String ERROR = "error";
    static final String SCOPE_NAME = "otel.scope.name";
    static final String SCOPE_VERSION = "otel.scope.version";
    static final String TRACE_STATE = "w3c.tracestate";
    static final String EVENT = "event";

    /**
     * The {@code source} of every dependency link: links derived from Jaeger spans, as Jaeger's
     * model names them (the other source it knows is a service mesh).
     */
    static final String DEPENDENCY_SOURCE = "jaeger";

    private final String indexPrefix;

    /**
     * @param indexPrefix Jaeger's {@code es.index-prefix}: {@code ""} for none, else lowercase
     *     letters, digits, {@code -}, {@code _} or {@code .}, starting with a letter or digit;
     *     index names are then {@code <prefix>-jaeger-span-…}
     * @throws IllegalArgumentException if Elasticsearch would refuse index names with this prefix
     */
    public JaegerMapper(String indexPrefix) {
        if (indexPrefix == null
                || !(indexPrefix.isEmpty()
                        || EsDocument.INDEX_PREFIX.matcher(indexPrefix).matches())) {
            throw new IllegalArgumentException(
                    "Jaeger index prefix '"
                            + indexPrefix
                            + "' cannot start an Elasticsearch index name: use \"\" for none, or"
                            + " lowercase letters, digits, '-', '_' or '.', starting with a letter"
                            + " or digit (e.g. 'vigil')");
        }
        this.indexPrefix = indexPrefix;
    }

    /** The configured prefix, {@code ""} for none. */
    public String indexPrefix() {
        return indexPrefix;
    }

    /** The span document of {@code s}, for {@code [P-]jaeger-span-<UTC day of start>}. */
    public EsDocument span(SpanRecord s) {
        return new EsDocument(
                index("jaeger-span-", s.startTimeUnixNano()),
                s.traceId() + "-" + s.spanId(),
                EsDocument.source(g -> writeSpan(g, s)));
    }

    /**
     * The service/operation document of {@code s}, for {@code [P-]jaeger-service-<UTC day of
     * start>}; the same pair on the same day always gives the same index and id.
     */
    public EsDocument service(SpanRecord s) {
        return new EsDocument(
                index("jaeger-service-", s.startTimeUnixNano()),
                serviceId(s.serviceName(), s.name()),
                EsDocument.source(
                        g -> {
                            g.writeStringField("serviceName", s.serviceName());
                            g.writeStringField("operationName", s.name());
                        }));
    }

    /**
     * One document of Jaeger's dependency graph for {@code [P-]jaeger-dependencies-<UTC day of
     * period>}: {@code {"timestamp": RFC 3339, "dependencies": [{parent, child, callCount,
     * source}]}}, links sorted by parent then child. The id is the period's start, so rewriting a
     * period as it grows replaces its document. jaeger-query reads every document whose {@code
     * timestamp} is in its look-back window and adds up the call counts of equal links.
     *
     * @param periodStartMillis start of the period the links cover (epoch ms); names index and id
     * @param timestampMillis the document's {@code timestamp} (epoch ms), inside the period
     */
    public EsDocument dependencies(
            long periodStartMillis, long timestampMillis, List<DependencyLink> links) {
        List<DependencyLink> sorted = new ArrayList<>(links);
        sorted.sort(
                Comparator.comparing(DependencyLink::parent).thenComparing(DependencyLink::child));
        Instant period = Instant.ofEpochMilli(periodStartMillis);
        return new EsDocument(
                index("jaeger-dependencies-", periodStartMillis * 1_000_000),
                "vigil-" + period,
                EsDocument.source(
                        g -> {
                            g.writeStringField(
                                    "timestamp", Instant.ofEpochMilli(timestampMillis).toString());
                            g.writeArrayFieldStart("dependencies");
                            for (DependencyLink link : sorted) {
                                g.writeStartObject();
                                g.writeStringField("parent", link.parent());
                                g.writeStringField("child", link.child());
                                g.writeNumberField("callCount", link.callCount());
                                g.writeStringField("source", DEPENDENCY_SOURCE);
                                g.writeEndObject();
                            }
                            g.writeEndArray();
                        }));
    }

    /**
     * Jaeger's service document id: hex FNV-64a of {@code service} then {@code operation} (UTF-8),
     * without zero padding.
     */
    static String serviceId(String service, String operation) {
        long h = FNV64_OFFSET;
        for (String part : new String[] {service, operation}) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= FNV64_PRIME;
            }
        }
        return Long.toHexString(h);
    }

    /**
     * A trace id as Jaeger writes it: lowercase, the high half dropped when it is all zeros.
     * Anything other than 32 characters (only from an invalid link) is kept, lowercased.
     */
    static String jaegerTraceId(String traceId) {
        String id = traceId.toLowerCase(Locale.ROOT);
        if (id.length() == 32 && id.startsWith(ZERO_HALF)) {
            return id.substring(16);
        }
        return id;
    }

    private String index(String family, long unixNanos) {
        String day =
                INDEX_DAY.format(
                        Instant.ofEpochSecond(
                                Math.floorDiv(unixNanos, NANOS_PER_SECOND),
                                Math.floorMod(unixNanos, NANOS_PER_SECOND)));
        return indexPrefix.isEmpty() ? family + day : indexPrefix + "-" + family + day;
    }

    private static void writeSpan(JsonGenerator g, SpanRecord s) throws IOException {
        String traceId = jaegerTraceId(s.traceId());
        long startMicros = s.startTimeUnixNano() / NANOS_PER_MICRO;
        g.writeStringField("traceID", traceId);
        g.writeStringField("spanID", s.spanId().toLowerCase(Locale.ROOT));
        if ((s.flags() & 0x01) != 0) {
            g.writeNumberField("flags", 1);
        }
        g.writeStringField("operationName", s.name());
        g.writeArrayFieldStart("references");
        if (!s.isRoot()) {
            writeReference(g, "CHILD_OF", traceId, s.parentSpanId());
        }
        for (SpanLinkRecord link : s.links()) {
            writeReference(g, "FOLLOWS_FROM", jaegerTraceId(link.traceId()), link.spanId());
        }
        g.writeEndArray();
        g.writeNumberField("startTime", startMicros);
        g.writeNumberField("startTimeMillis", startMicros / 1000);
        g.writeNumberField("duration", s.durationNanos() / NANOS_PER_MICRO);
        writeKeyValues(g, "tags", spanTags(s));
        g.writeArrayFieldStart("logs");
        for (SpanEventRecord e : s.events()) {
            g.writeStartObject();
            g.writeNumberField("timestamp", e.timeUnixNano() / NANOS_PER_MICRO);
            List<Attribute> fields = new ArrayList<>(e.attributes().length + 1);
            if (!e.name().isEmpty() && !hasKey(e.attributes(), EVENT)) {
                fields.add(Attribute.string(EVENT, e.name()));
            }
            fields.addAll(List.of(e.attributes()));
            writeKeyValues(g, "fields", fields);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("process");
        g.writeStringField("serviceName", s.serviceName());
        List<Attribute> processTags = new ArrayList<>(s.resource().length);
        for (Attribute a : s.resource()) {
            if (!a.key().equals(SERVICE_NAME)) {
                processTags.add(a);
            }
        }
        writeKeyValues(g, "tags", processTags);
        g.writeEndObject();
    }

    private static List<Attribute> spanTags(SpanRecord s) {
        Attribute[] attrs = s.attributes();
        List<Attribute> tags = new ArrayList<>(attrs.length + 7);
        addGenerated(tags, attrs, SCOPE_NAME, s.scopeName());
        addGenerated(tags, attrs, SCOPE_VERSION, s.scopeVersion());
        tags.addAll(List.of(attrs));
        addGenerated(tags, attrs, SPAN_KIND, kind(s.kind()));
        if (s.statusCode() != StatusCode.UNSET) {
            addGenerated(tags, attrs, STATUS_CODE, s.statusCode().name());
        }
        if (s.statusCode() == StatusCode.ERROR) {
            if (!hasKey(attrs, ERROR)) {
                tags.add(new Attribute(ERROR, AttributeType.BOOL, "true"));
            }
            addGenerated(tags, attrs, STATUS_DESCRIPTION, s.statusMessage());
        }
        addGenerated(tags, attrs, TRACE_STATE, s.traceState());
        return tags;
    }

    /** Adds a string tag unless its value is empty or an attribute already has the key. */
    private static void addGenerated(
            List<Attribute> tags, Attribute[] attrs, String key, String value) {
        if (!value.isEmpty() && !hasKey(attrs, key)) {
            tags.add(Attribute.string(key, value));
        }
    }

    private static boolean hasKey(Attribute[] attrs, String key) {
        for (Attribute a : attrs) {
            if (a.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static String kind(SpanKind kind) {
        return switch (kind) {
            case UNSPECIFIED -> "";
            case INTERNAL -> "internal";
            case SERVER -> "server";
            case CLIENT -> "client";
            case PRODUCER -> "producer";
            case CONSUMER -> "consumer";
        };
    }

    private static void writeReference(
            JsonGenerator g, String refType, String traceId, String spanId) throws IOException {
        g.writeStartObject();
        g.writeStringField("refType", refType);
        g.writeStringField("traceID", traceId);
        g.writeStringField("spanID", spanId.toLowerCase(Locale.ROOT));
        g.writeEndObject();
    }

    private static void writeKeyValues(JsonGenerator g, String field, List<Attribute> attrs)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (Attribute a : attrs) {
            g.writeStartObject();
            g.writeStringField("key", a.key());
            g.writeStringField("type", tagType(a.type()));
            g.writeStringField("value", tagValue(a));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String tagType(AttributeType type) {
        return switch (type) {
            case STRING, ARRAY, KVLIST -> "string";
            case BOOL -> "bool";
            case INT64 -> "int64";
            case FLOAT64 -> "float64";
            case BINARY -> "binary";
        };
    }

    private static String tagValue(Attribute a) {
        if (a.type() != AttributeType.BINARY) {
            return a.value();
        }
        try {
            return HexFormat.of().formatHex(Base64.getDecoder().decode(a.value()));
        } catch (IllegalArgumentException e) {
            // Not base64 (decoders never produce that): keep the bytes of the text itself.
            return HexFormat.of().formatHex(a.value().getBytes(StandardCharsets.UTF_8));
        }
    }
}
