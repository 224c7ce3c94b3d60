package io.vigil.udfs.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import io.vigil.udfs.otlp.Problems.Problem;
import java.util.List;
import java.util.Set;

/**
 * Decodes an {@code ExportTraceServiceRequest} (wire-identical to {@code TracesData}) into one
 * {@link SpanRecord} per span.
 *
 * <p>A span is rejected, with its path, when its trace id is not 16 bytes or all zero, its span id
 * not 8 bytes or all zero, its parent span id neither empty nor 8 bytes, its start or end time
 * unset (or past 2262), its end before its start, or a link's trace (span) id neither empty nor 16
 * (8) bytes. An all-zero parent span id reads as "root".
 */
public final class OtlpSpanDecoder extends RequestDecoder<ExportTraceServiceRequest, SpanRecord> {

    private static final long serialVersionUID = 1L;

    private static final SpanKind[] KINDS = SpanKind.values();
    private static final StatusCode[] STATUS_CODES = StatusCode.values();

    /** What one unreadable JSON value costs: the span around it. */
    private static final Set<Descriptor> RECORD_TYPES = Set.of(Span.getDescriptor());

    /**
     * What one unreadable protobuf span costs: itself. The path to the records, with the field
     * numbers of the .proto's descriptors.
     */
    private static final ProtobufSalvage<ExportTraceServiceRequest> SALVAGE =
            new ProtobufSalvage<>(
                    ExportTraceServiceRequest.getDefaultInstance(),
                    ExportTraceServiceRequest.getDescriptor().findFieldByName("resource_spans"),
                    ResourceSpans.getDescriptor().findFieldByName("scope_spans"),
                    ScopeSpans.getDescriptor().findFieldByName("spans"));

    public OtlpSpanDecoder(OtlpEncoding encoding) {
        super(encoding);
    }

    @Override
    public String signal() {
        return "spans";
    }

    @Override
    public Class<SpanRecord> recordType() {
        return SpanRecord.class;
    }

    @Override
    ExportTraceServiceRequest fromJson(byte[] json, Problems problems) throws OtlpDecodeException {
        return OtlpJson.mergeRecords(
                        json, ExportTraceServiceRequest.newBuilder(), RECORD_TYPES, problems)
                .build();
    }

    @Override
    Parser<ExportTraceServiceRequest> parser() {
        return ExportTraceServiceRequest.parser();
    }

    @Override
    ProtobufSalvage<ExportTraceServiceRequest> salvage() {
        return SALVAGE;
    }

    @Override
    String recordNoun() {
        return "spans";
    }

    @Override
    void collect(ExportTraceServiceRequest request, List<SpanRecord> out, Problems problems) {
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            Attribute[] resource = OtlpValues.attributes(rs.getResource().getAttributesList());
            String service = OtlpValues.serviceName(resource);
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                String scopeName = ss.getScope().getName();
                String scopeVersion = ss.getScope().getVersion();
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    if (problems.isPlaceholder(span)) {
                        continue;
                    }
                    Problem problem = problem(span);
                    if (problem != null) {
                        problems.add(
                                "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]",
                                problem);
                        continue;
                    }
                    out.add(
                            new SpanRecord(
                                    OtlpValues.hex(span.getTraceId()),
                                    OtlpValues.hex(span.getSpanId()),
                                    OtlpValues.optionalId(span.getParentSpanId()),
                                    span.getTraceState(),
                                    span.getName(),
                                    kind(span.getKindValue()),
                                    span.getStartTimeUnixNano(),
                                    span.getEndTimeUnixNano(),
                                    OtlpValues.attributes(span.getAttributesList()),
                                    events(span.getEventsList()),
                                    links(span.getLinksList()),
                                    statusCode(span.getStatus().getCodeValue()),
                                    span.getStatus().getMessage(),
                                    span.getFlags(),
                                    resource,
                                    scopeName,
                                    scopeVersion,
                                    service));
                }
            }
        }
    }

    /** What makes the span unusable, or {@code null} if nothing does. */
    private static Problem problem(Span span) {
        String p = OtlpValues.requiredIdProblem(span.getTraceId(), OtlpValues.TRACE_ID_BYTES);
        if (p != null) {
            return new Problem("traceId", p);
        }
        p = OtlpValues.requiredIdProblem(span.getSpanId(), OtlpValues.SPAN_ID_BYTES);
        if (p != null) {
            return new Problem("spanId", p);
        }
        p = OtlpValues.optionalIdProblem(span.getParentSpanId(), OtlpValues.SPAN_ID_BYTES);
        if (p != null) {
            return new Problem("parentSpanId", p);
        }
        p = OtlpValues.timeProblem(span.getStartTimeUnixNano());
        if (p != null) {
            return new Problem("startTimeUnixNano", p);
        }
        // Checked like the start: else an end past 2262 (negative as a Java long) would read as
        // "before the start", which is not what is wrong with it.
        p = OtlpValues.timeProblem(span.getEndTimeUnixNano());
        if (p != null) {
            return new Problem("endTimeUnixNano", p);
        }
        // Link ids are checked as OTLP JSON checks them, so that a span is read the same way in
        // both encodings; a link pointing at no valid span could not be followed anyway.
        for (int k = 0; k < span.getLinksCount(); k++) {
            Span.Link link = span.getLinks(k);
            p = OtlpValues.optionalIdProblem(link.getTraceId(), OtlpValues.TRACE_ID_BYTES);
            if (p != null) {
                return new Problem("links[" + k + "].traceId", p);
            }
            p = OtlpValues.optionalIdProblem(link.getSpanId(), OtlpValues.SPAN_ID_BYTES);
            if (p != null) {
                return new Problem("links[" + k + "].spanId", p);
            }
        }
        if (span.getEndTimeUnixNano() < span.getStartTimeUnixNano()) {
            return new Problem(
                    "endTimeUnixNano",
                    Long.toUnsignedString(span.getEndTimeUnixNano())
                            + " is before startTimeUnixNano "
                            + span.getStartTimeUnixNano());
        }
        return null;
    }

    private static SpanEventRecord[] events(List<Span.Event> events) {
        SpanEventRecord[] out = new SpanEventRecord[events.size()];
        for (int i = 0; i < out.length; i++) {
            Span.Event e = events.get(i);
            out[i] =
                    new SpanEventRecord(
                            e.getTimeUnixNano(),
                            e.getName(),
                            OtlpValues.attributes(e.getAttributesList()));
        }
        return out;
    }

    private static SpanLinkRecord[] links(List<Span.Link> links) {
        SpanLinkRecord[] out = new SpanLinkRecord[links.size()];
        for (int i = 0; i < out.length; i++) {
            Span.Link l = links.get(i);
            out[i] =
                    new SpanLinkRecord(
                            OtlpValues.hex(l.getTraceId()),
                            OtlpValues.hex(l.getSpanId()),
                            l.getTraceState(),
                            OtlpValues.attributes(l.getAttributesList()));
        }
        return out;
    }

    /** Wire number to kind; numbers this proto version does not know read as UNSPECIFIED. */
    private static SpanKind kind(int number) {
        return number >= 0 && number < KINDS.length ? KINDS[number] : SpanKind.UNSPECIFIED;
    }

    /** Wire number to status code; unknown numbers read as UNSET. */
    private static StatusCode statusCode(int number) {
        return number >= 0 && number < STATUS_CODES.length
                ? STATUS_CODES[number]
                : StatusCode.UNSET;
    }
}
