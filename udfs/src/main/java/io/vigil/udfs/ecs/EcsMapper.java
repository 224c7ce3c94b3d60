package io.vigil.udfs.ecs;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.DeadLetter;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import io.vigil.udfs.model.Temporality;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Maps the telemetry model to Elasticsearch documents in ECS 1.7 field names, one daily index per
 * family: {@code <prefix>-spans-}, {@code <prefix>-logs-}, {@code <prefix>-metric-points-} and
 * {@code <prefix>-dlq-yyyy.MM.dd}, the UTC day of the document's {@code @timestamp}.
 *
 * <p>Common fields: {@code @timestamp} (ISO-8601 UTC, milliseconds), {@code ecs.version}, {@code
 * event.kind}/{@code event.dataset}, {@code service.name} (always), {@code service.version}, {@code
 * service.node.name} (resource {@code service.instance.id}), {@code service.environment} (resource
 * {@code deployment.environment[.name]}), {@code host.name}, and {@code labels}: every other
 * resource and record attribute, keys with {@code '.'} replaced by {@code '_'} (so that {@code
 * http.method} and {@code http} cannot clash as object and value), values as strings, the record's
 * attribute winning over a resource attribute of the same key. OTLP details without an ECS field go
 * under {@code otel}. Absent values are omitted, never written as {@code ""} or {@code null};
 * non-finite doubles are omitted (ES rejects them), or {@code null} inside arrays so that positions
 * still pair up. Objects are written in a fixed order and labels sorted by key, so equal records
 * give byte-equal documents.
 *
 * <p>Document ids are deterministic, so that a replay (a restart from a checkpoint, or the same
 * telemetry produced to Kafka again at new offsets) overwrites documents instead of duplicating
 * them:
 *
 * <ul>
 *   <li>span: {@code <traceId>-<spanId>}, the span's identity in OTel;
 *   <li>log: a 128-bit hash of every field of the log event, resource included; logs have no
 *       identity of their own, and two records equal in every field are the same event as far as
 *       anyone searching can tell;
 *   <li>metric point: a 128-bit hash of the series identity (resource, scope, name, point
 *       attributes, all as sets), the point time and the metric type; a re-sent point with a
 *       corrected value replaces the earlier one;
 *   <li>dead letter: {@code <topic>-<partition>-<offset>}, the message's identity in Kafka.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class EcsMapper implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The index prefix unless configured otherwise. */
    public static final String DEFAULT_PREFIX = "vigil";

    /** The ECS version the documents follow. */
    public static final String ECS_VERSION = "1.7.0";

    /**
     * Dead-letter payloads are kept up to this many bytes (before base64), enough to see what went
     * wrong without letting one huge message bloat the index.
     */
    public static final int MAX_PAYLOAD_BYTES = 32 * 1024;

    /** Lowercase letters, digits, '-', '_', '.', starting with a letter or digit: ES-safe. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private static final String EXCEPTION_TYPE = "exception.type";
    private static final String EXCEPTION_MESSAGE = "exception.message";
    private static final String EXCEPTION_STACKTRACE = "exception.stacktrace";

    /** Record attributes written to {@code error.*} when present, and then not to labels. */
    private static final Set<String> EXCEPTION_KEYS =
            Set.of(EXCEPTION_TYPE, EXCEPTION_MESSAGE, EXCEPTION_STACKTRACE);

    private final String indexPrefix;

    /** A mapper writing to {@value #DEFAULT_PREFIX}-* indices. */
    public EcsMapper() {
        this(DEFAULT_PREFIX);
    }

    /**
     * @param indexPrefix first part of every index name; lowercase letters, digits, {@code -},
     *     {@code _} or {@code .}, starting with a letter or digit
     * @throws IllegalArgumentException if Elasticsearch would refuse index names with this prefix
     */
    public EcsMapper(String indexPrefix) {
        this.indexPrefix = EsDocument.checkedPrefix(indexPrefix);
    }

    public String indexPrefix() {
        return indexPrefix;
    }

    /**
     * A span document: {@code @timestamp} = start; {@code event.start}/{@code end}/{@code duration}
     * (ns), {@code event.outcome} from the status (ERROR failure, OK success, UNSET unknown);
     * {@code trace.id}, {@code span.id}/{@code name}/{@code kind}/{@code duration.us}, {@code
     * parent.id}; {@code error.*} from the span's {@code exception.*} attributes, else from its
     * first {@code exception} event; {@code otel.status_code}/{@code status_message}/ {@code
     * trace_state}/{@code flags}/{@code scope}/{@code events}/{@code links}.
     */
    public EsDocument span(SpanRecord s) {
        return new EsDocument(
                index("spans", s.startTimeUnixNano()),
                s.traceId() + "-" + s.spanId(),
                EsDocument.source(g -> writeSpan(g, s)));
    }

    /**
     * A log document: {@code @timestamp} = time, else observed time; {@code message} = body; {@code
     * log.level} = severity text lowercased, else the severity number's range name ({@code trace},
     * {@code debug}, {@code info}, {@code warn}, {@code error}, {@code fatal}); {@code log.logger}
     * = scope name; {@code event.severity} = severity number; {@code event.created} = observed
     * time; {@code trace.id}, {@code span.id}; {@code error.*} from the {@code exception.*}
     * attributes; {@code otel.flags}/{@code scope}.
     */
    public EsDocument log(LogEvent l) {
        return log(l, null, null);
    }

    /**
     * A log document with the template the line belongs to: {@code log.template.id} and {@code
     * log.template.pattern} (variables as {@code <*>}). The document id does not depend on the
     * template, so a replay that generalised the template overwrites instead of duplicating.
     *
     * @param templateId the template id, or null for none
     * @param templatePattern the template text, or null for none
     */
    public EsDocument log(LogEvent l, String templateId, String templatePattern) {
        String id =
                new ContentHash()
                        .add(l.timeUnixNano())
                        .add(l.observedTimeUnixNano())
                        .add(l.severityNumber())
                        .add(l.severityText())
                        .add(l.body())
                        .add(l.attributes())
                        .add(l.traceId())
                        .add(l.spanId())
                        .add(l.flags())
                        .add(l.resource())
                        .add(l.scopeName())
                        .add(l.scopeVersion())
                        .add(l.serviceName())
                        .finish();
        return new EsDocument(
                index("logs", l.effectiveTimeUnixNano()),
                id,
                EsDocument.source(g -> writeLog(g, l, templateId, templatePattern)));
    }

    /**
     * A metric point document: {@code @timestamp} = point time, {@code event.start} = start of the
     * aggregation interval; {@code metric.name}/{@code type}/{@code unit}/{@code
     * description}/{@code temporality} ({@code delta}, {@code cumulative})/{@code monotonic}
     * (sums)/{@code value} (gauges, sums)/{@code count}, {@code sum}, {@code min}, {@code max}
     * (distributions); {@code metric.histogram.bounds}/{@code counts}; {@code
     * metric.exponential_histogram.scale}/{@code zero_count}/{@code positive}/{@code negative}
     * ({@code offset}, {@code counts}); {@code metric.quantiles} ({@code quantile}, {@code value});
     * {@code metric.exemplar_trace_ids}; the series' attributes in {@code labels}.
     */
    public EsDocument metric(MetricPoint p) {
        String id =
                new ContentHash()
                        .add(p.resource())
                        .add(p.scopeName())
                        .add(p.scopeVersion())
                        .add(p.name())
                        .add(p.attributes())
                        .add(p.timeUnixNano())
                        .add(p.type().name())
                        .finish();
        return new EsDocument(
                index("metric-points", p.timeUnixNano()),
                id,
                EsDocument.source(g -> writeMetric(g, p)));
    }

    /**
     * A dead-letter document: {@code @timestamp} = the Kafka record time, {@code event.kind} {@code
     * pipeline_error}, {@code error.message} = the reason, {@code vigil.dlq.topic}/{@code
     * partition}/{@code offset}/{@code signal}, and {@code vigil.dlq.payload}: the raw value in
     * base64, cut to {@link #MAX_PAYLOAD_BYTES} ({@code payload_truncated}, {@code payload_size} =
     * the original size in bytes).
     */
    public EsDocument deadLetter(DeadLetter d) {
        long timeNanos = Math.max(0, d.timestamp()) * NANOS_PER_MILLI;
        return new EsDocument(
                index("dlq", timeNanos),
                d.topic() + "-" + d.partition() + "-" + d.offset(),
                EsDocument.source(g -> writeDeadLetter(g, d, timeNanos)));
    }

    /**
     * The dead-letter document of a document Elasticsearch would refuse, or did, in {@code
     * <prefix>-dlq-*} (the day of the refused document's data): {@code error.message} = the reason,
     * {@code error.type} = the stage ({@code guard} or {@code elasticsearch}), {@code
     * vigil.dlq.index}/{@code document_id} = where it was going, {@code vigil.dlq.signal}, and the
     * document's source as the payload (base64, first {@value #MAX_PAYLOAD_BYTES} bytes). The id is
     * a hash of the target index and id: refusing the same document again overwrites.
     */
    public EsDocument refused(RefusedDocument r) {
        long timeNanos = Math.max(0, r.timeMillis()) * NANOS_PER_MILLI;
        String id =
                "refused-"
                        + new ContentHash()
                                .add(r.document().index())
                                .add(r.document().id())
                                .finish();
        return new EsDocument(
                index("dlq", timeNanos), id, EsDocument.source(g -> writeRefused(g, r, timeNanos)));
    }

    /** The concrete daily index of a family for a time in Unix epoch nanoseconds. */
    private String index(String family, long unixNanos) {
        return EsDocument.dailyIndex(indexPrefix, family, instant(unixNanos).toEpochMilli());
    }

    private static void writeSpan(JsonGenerator g, SpanRecord s) throws IOException {
        Attribute[] errorSource = exceptionSource(s);
        EcsFields.header(g, isoNanos(s.startTimeUnixNano()));
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "event");
        g.writeStringField("dataset", "otel.spans");
        g.writeStringField("outcome", outcome(s.statusCode()));
        g.writeStringField("start", isoNanos(s.startTimeUnixNano()));
        g.writeStringField("end", isoNanos(s.endTimeUnixNano()));
        g.writeNumberField("duration", s.durationNanos());
        g.writeEndObject();
        EcsFields.serviceAndHost(g, s.serviceName(), key -> Attribute.find(s.resource(), key));
        EcsFields.nested(g, "trace", "id", s.traceId());
        g.writeObjectFieldStart("span");
        g.writeStringField("id", s.spanId());
        g.writeStringField("name", s.name());
        g.writeStringField("kind", s.kind().name().toLowerCase(Locale.ROOT));
        g.writeObjectFieldStart("duration");
        g.writeNumberField("us", s.durationNanos() / 1_000);
        g.writeEndObject();
        g.writeEndObject();
        EcsFields.nested(g, "parent", "id", s.parentSpanId());
        writeError(g, errorSource);
        EcsFields.labels(
                g,
                s.resource(),
                EcsFields.SERVICE_AND_HOST_KEYS,
                s.attributes(),
                errorSource == s.attributes() ? EXCEPTION_KEYS : Set.of());
        g.writeObjectFieldStart("otel");
        g.writeStringField("status_code", s.statusCode().name());
        writeIfPresent(g, "status_message", s.statusMessage());
        writeIfPresent(g, "trace_state", s.traceState());
        writeFlagsAndScope(g, s.flags(), s.scopeName(), s.scopeVersion());
        writeEvents(g, s.events());
        writeLinks(g, s.links());
        g.writeEndObject();
    }

    private static void writeLog(
            JsonGenerator g, LogEvent l, String templateId, String templatePattern)
            throws IOException {
        boolean hasError = hasAny(l.attributes(), EXCEPTION_KEYS);
        EcsFields.header(g, isoNanos(l.effectiveTimeUnixNano()));
        writeIfPresent(g, "message", l.body());
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "event");
        g.writeStringField("dataset", "otel.logs");
        if (l.severityNumber() > 0) {
            g.writeNumberField("severity", l.severityNumber());
        }
        if (l.observedTimeUnixNano() != 0) {
            g.writeStringField("created", isoNanos(l.observedTimeUnixNano()));
        }
        g.writeEndObject();
        String level = logLevel(l.severityText(), l.severityNumber());
        if (!level.isEmpty() || !l.scopeName().isEmpty() || templateId != null) {
            g.writeObjectFieldStart("log");
            writeIfPresent(g, "level", level);
            writeIfPresent(g, "logger", l.scopeName());
            if (templateId != null) {
                g.writeObjectFieldStart("template");
                g.writeStringField("id", templateId);
                writeIfPresent(g, "pattern", templatePattern == null ? "" : templatePattern);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        EcsFields.serviceAndHost(g, l.serviceName(), key -> Attribute.find(l.resource(), key));
        EcsFields.nested(g, "trace", "id", l.traceId());
        EcsFields.nested(g, "span", "id", l.spanId());
        if (hasError) {
            writeError(g, l.attributes());
        }
        EcsFields.labels(
                g,
                l.resource(),
                EcsFields.SERVICE_AND_HOST_KEYS,
                l.attributes(),
                hasError ? EXCEPTION_KEYS : Set.of());
        writeOtel(g, l.flags(), l.scopeName(), l.scopeVersion());
    }

    private static void writeMetric(JsonGenerator g, MetricPoint p) throws IOException {
        EcsFields.header(g, isoNanos(p.timeUnixNano()));
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "metric");
        g.writeStringField("dataset", "otel.metrics");
        if (p.startTimeUnixNano() != 0) {
            g.writeStringField("start", isoNanos(p.startTimeUnixNano()));
        }
        g.writeEndObject();
        EcsFields.serviceAndHost(g, p.serviceName(), key -> Attribute.find(p.resource(), key));
        writeMetricFields(g, p);
        EcsFields.labels(
                g, p.resource(), EcsFields.SERVICE_AND_HOST_KEYS, p.attributes(), Set.of());
        writeOtel(g, p.flags(), p.scopeName(), p.scopeVersion());
    }

    /**
     * The fields every dead letter starts with, up to an open {@code vigil.dlq} object: header,
     * {@code event.kind: pipeline_error}, {@code error.type} (when given) and {@code
     * error.message}.
     */
    private static void writeDeadLetterHeader(
            JsonGenerator g, long timeNanos, String errorType, String reason) throws IOException {
        EcsFields.header(g, isoNanos(timeNanos));
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", "pipeline_error");
        g.writeStringField("dataset", "vigil.dlq");
        g.writeEndObject();
        g.writeObjectFieldStart("error");
        if (!errorType.isEmpty()) {
            g.writeStringField("type", errorType);
        }
        g.writeStringField("message", reason);
        g.writeEndObject();
        g.writeObjectFieldStart("vigil");
        g.writeObjectFieldStart("dlq");
    }

    private static void writeRefused(JsonGenerator g, RefusedDocument r, long timeNanos)
            throws IOException {
        writeDeadLetterHeader(g, timeNanos, r.stage(), r.reason());
        g.writeStringField("stage", r.stage());
        g.writeStringField("index", r.document().index());
        g.writeStringField("document_id", r.document().id());
        g.writeStringField("signal", r.signal());
        writePayload(g, r.document().json().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeDeadLetter(JsonGenerator g, DeadLetter d, long timeNanos)
            throws IOException {
        byte[] payload = d.payload();
        writeDeadLetterHeader(g, timeNanos, "", d.reason());
        g.writeStringField("topic", d.topic());
        g.writeNumberField("partition", d.partition());
        g.writeNumberField("offset", d.offset());
        g.writeStringField("signal", d.signal());
        writePayload(g, payload);
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * {@code payload} (base64, at most {@value #MAX_PAYLOAD_BYTES} bytes), its size, truncation.
     */
    private static void writePayload(JsonGenerator g, byte[] payload) throws IOException {
        boolean truncated = payload.length > MAX_PAYLOAD_BYTES;
        g.writeStringField(
                "payload",
                Base64.getEncoder()
                        .encodeToString(
                                truncated ? Arrays.copyOf(payload, MAX_PAYLOAD_BYTES) : payload));
        g.writeBooleanField("payload_truncated", truncated);
        g.writeNumberField("payload_size", payload.length);
    }

    /**
     * The ECS {@code log.level}: the sender's severity text lowercased, else the name of the OTLP
     * severity number's range, else {@code ""}.
     */
    static String logLevel(String severityText, int severityNumber) {
        if (!severityText.isEmpty()) {
            return severityText.toLowerCase(Locale.ROOT);
        }
        if (severityNumber < 1 || severityNumber > 24) {
            return "";
        }
        return switch ((severityNumber - 1) / 4) {
            case 0 -> "trace";
            case 1 -> "debug";
            case 2 -> "info";
            case 3 -> "warn";
            case 4 -> "error";
            default -> "fatal";
        };
    }

    private static String outcome(StatusCode code) {
        return switch (code) {
            case ERROR -> "failure";
            case OK -> "success";
            case UNSET -> "unknown";
        };
    }

    private static void writeMetricFields(JsonGenerator g, MetricPoint p) throws IOException {
        g.writeObjectFieldStart("metric");
        g.writeStringField("name", p.name());
        g.writeStringField("type", p.type().name().toLowerCase(Locale.ROOT));
        writeIfPresent(g, "unit", p.unit());
        writeIfPresent(g, "description", p.description());
        if (p.temporality() != Temporality.UNSPECIFIED) {
            g.writeStringField("temporality", p.temporality().name().toLowerCase(Locale.ROOT));
        }
        if (p.type() == MetricType.SUM) {
            g.writeBooleanField("monotonic", p.monotonic());
        }
        EcsFields.number(g, "value", p.value());
        if (p.type() != MetricType.GAUGE && p.type() != MetricType.SUM) {
            g.writeNumberField("count", p.count());
        }
        EcsFields.number(g, "sum", p.sum());
        EcsFields.number(g, "min", p.min());
        EcsFields.number(g, "max", p.max());
        switch (p.type()) {
            case HISTOGRAM -> {
                g.writeObjectFieldStart("histogram");
                writeDoubles(g, "bounds", p.explicitBounds());
                writeLongs(g, "counts", p.bucketCounts());
                g.writeEndObject();
            }
            case EXPONENTIAL_HISTOGRAM -> {
                g.writeObjectFieldStart("exponential_histogram");
                g.writeNumberField("scale", p.scale());
                g.writeNumberField("zero_count", p.zeroCount());
                g.writeObjectFieldStart("positive");
                g.writeNumberField("offset", p.positiveOffset());
                writeLongs(g, "counts", p.positiveBucketCounts());
                g.writeEndObject();
                g.writeObjectFieldStart("negative");
                g.writeNumberField("offset", p.negativeOffset());
                writeLongs(g, "counts", p.negativeBucketCounts());
                g.writeEndObject();
                g.writeEndObject();
            }
            case SUMMARY -> {
                g.writeArrayFieldStart("quantiles");
                for (int i = 0; i < p.quantiles().length; i++) {
                    g.writeStartObject();
                    EcsFields.number(g, "quantile", p.quantiles()[i]);
                    EcsFields.number(g, "value", p.quantileValues()[i]);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case GAUGE, SUM -> {
                // a single value, written above
            }
        }
        if (p.exemplarTraceIds().length > 0) {
            g.writeArrayFieldStart("exemplar_trace_ids");
            for (String id : p.exemplarTraceIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** {@code error.type}/{@code message}/{@code stack_trace} from {@code exception.*}, if any. */
    private static void writeError(JsonGenerator g, Attribute[] source) throws IOException {
        String type = Attribute.find(source, EXCEPTION_TYPE);
        String message = Attribute.find(source, EXCEPTION_MESSAGE);
        String stackTrace = Attribute.find(source, EXCEPTION_STACKTRACE);
        if (type.isEmpty() && message.isEmpty() && stackTrace.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart("error");
        writeIfPresent(g, "type", type);
        writeIfPresent(g, "message", message);
        writeIfPresent(g, "stack_trace", stackTrace);
        g.writeEndObject();
    }

    /**
     * Where a span's {@code error.*} comes from: its own attributes if they hold {@code
     * exception.*}, else the first {@code exception} event's, else none (an empty array).
     */
    private static Attribute[] exceptionSource(SpanRecord s) {
        if (hasAny(s.attributes(), EXCEPTION_KEYS)) {
            return s.attributes();
        }
        for (SpanEventRecord e : s.events()) {
            if (e.name().equals("exception")) {
                return e.attributes();
            }
        }
        return Attribute.NONE;
    }

    private static boolean hasAny(Attribute[] attributes, Set<String> keys) {
        for (Attribute a : attributes) {
            if (keys.contains(a.key())) {
                return true;
            }
        }
        return false;
    }

    private static void writeEvents(JsonGenerator g, SpanEventRecord[] events) throws IOException {
        if (events.length == 0) {
            return;
        }
        g.writeArrayFieldStart("events");
        for (SpanEventRecord e : events) {
            g.writeStartObject();
            g.writeStringField("time", isoNanos(e.timeUnixNano()));
            g.writeStringField("name", e.name());
            EcsFields.attributes(g, "attributes", e.attributes());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeLinks(JsonGenerator g, SpanLinkRecord[] links) throws IOException {
        if (links.length == 0) {
            return;
        }
        g.writeArrayFieldStart("links");
        for (SpanLinkRecord l : links) {
            g.writeStartObject();
            g.writeStringField("trace_id", l.traceId());
            g.writeStringField("span_id", l.spanId());
            writeIfPresent(g, "trace_state", l.traceState());
            EcsFields.attributes(g, "attributes", l.attributes());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code otel.flags} and {@code otel.scope}, omitting {@code otel} when both are unset. */
    private static void writeOtel(JsonGenerator g, int flags, String scopeName, String scopeVersion)
            throws IOException {
        if (flags != 0 || !scopeName.isEmpty() || !scopeVersion.isEmpty()) {
            g.writeObjectFieldStart("otel");
            writeFlagsAndScope(g, flags, scopeName, scopeVersion);
            g.writeEndObject();
        }
    }

    private static void writeFlagsAndScope(
            JsonGenerator g, int flags, String scopeName, String scopeVersion) throws IOException {
        if (flags != 0) {
            g.writeNumberField("flags", Integer.toUnsignedLong(flags));
        }
        if (!scopeName.isEmpty() || !scopeVersion.isEmpty()) {
            g.writeObjectFieldStart("scope");
            writeIfPresent(g, "name", scopeName);
            writeIfPresent(g, "version", scopeVersion);
            g.writeEndObject();
        }
    }

    private static void writeIfPresent(JsonGenerator g, String field, String value)
            throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }

    private static void writeDoubles(JsonGenerator g, String field, double[] values)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (double v : values) {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
        g.writeEndArray();
    }

    private static void writeLongs(JsonGenerator g, String field, long[] values)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (long v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    private static String isoNanos(long unixNanos) {
        return ISO_MILLIS.format(instant(unixNanos));
    }

    private static Instant instant(long unixNanos) {
        return Instant.ofEpochSecond(
                Math.floorDiv(unixNanos, NANOS_PER_SECOND),
                Math.floorMod(unixNanos, NANOS_PER_SECOND));
    }
}
