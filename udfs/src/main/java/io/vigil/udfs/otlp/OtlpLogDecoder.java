package io.vigil.udfs.otlp;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.otlp.Problems.Problem;
import java.util.List;
import java.util.Set;

/**
 * Decodes an {@code ExportLogsServiceRequest} (wire-identical to {@code LogsData}) into one {@link
 * LogEvent} per log record.
 *
 * <p>A record is rejected, with its path, when it has neither a time nor an observed time (it could
 * not be placed in event time), a time past 2262, or a trace id (span id) that is neither empty nor
 * 16 (8) bytes. All-zero trace and span ids read as "none".
 */
public final class OtlpLogDecoder extends RequestDecoder<ExportLogsServiceRequest, LogEvent> {

    private static final long serialVersionUID = 1L;

    /** What one unreadable JSON value costs: the log record around it. */
    private static final Set<Descriptor> RECORD_TYPES = Set.of(LogRecord.getDescriptor());

    /**
     * What one unreadable protobuf log record costs: itself. The path to the records, with the
     * field numbers of the .proto's descriptors.
     */
    private static final ProtobufSalvage<ExportLogsServiceRequest> SALVAGE =
            new ProtobufSalvage<>(
                    ExportLogsServiceRequest.getDefaultInstance(),
                    ExportLogsServiceRequest.getDescriptor().findFieldByName("resource_logs"),
                    ResourceLogs.getDescriptor().findFieldByName("scope_logs"),
                    ScopeLogs.getDescriptor().findFieldByName("log_records"));

    public OtlpLogDecoder(OtlpEncoding encoding) {
        super(encoding);
    }

    @Override
    public String signal() {
        return "logs";
    }

    @Override
    public Class<LogEvent> recordType() {
        return LogEvent.class;
    }

    @Override
    ExportLogsServiceRequest fromJson(byte[] json, Problems problems) throws OtlpDecodeException {
        return OtlpJson.mergeRecords(
                        json, ExportLogsServiceRequest.newBuilder(), RECORD_TYPES, problems)
                .build();
    }

    @Override
    Parser<ExportLogsServiceRequest> parser() {
        return ExportLogsServiceRequest.parser();
    }

    @Override
    ProtobufSalvage<ExportLogsServiceRequest> salvage() {
        return SALVAGE;
    }

    @Override
    String recordNoun() {
        return "log records";
    }

    @Override
    void collect(ExportLogsServiceRequest request, List<LogEvent> out, Problems problems) {
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs rl = request.getResourceLogs(r);
            Attribute[] resource = OtlpValues.attributes(rl.getResource().getAttributesList());
            String service = OtlpValues.serviceName(resource);
            for (int s = 0; s < rl.getScopeLogsCount(); s++) {
                ScopeLogs sl = rl.getScopeLogs(s);
                String scopeName = sl.getScope().getName();
                String scopeVersion = sl.getScope().getVersion();
                for (int i = 0; i < sl.getLogRecordsCount(); i++) {
                    LogRecord log = sl.getLogRecords(i);
                    if (problems.isPlaceholder(log)) {
                        continue;
                    }
                    Problem problem = problem(log);
                    if (problem != null) {
                        problems.add(
                                "resourceLogs["
                                        + r
                                        + "].scopeLogs["
                                        + s
                                        + "].logRecords["
                                        + i
                                        + "]",
                                problem);
                        continue;
                    }
                    out.add(
                            new LogEvent(
                                    log.getTimeUnixNano(),
                                    log.getObservedTimeUnixNano(),
                                    log.getSeverityNumberValue(),
                                    log.getSeverityText(),
                                    OtlpValues.body(log.getBody()),
                                    OtlpValues.attributes(log.getAttributesList()),
                                    OtlpValues.optionalId(log.getTraceId()),
                                    OtlpValues.optionalId(log.getSpanId()),
                                    log.getFlags(),
                                    resource,
                                    scopeName,
                                    scopeVersion,
                                    service));
                }
            }
        }
    }

    /** What makes the record unusable, or {@code null} if nothing does. */
    private static Problem problem(LogRecord log) {
        if (log.getTimeUnixNano() == 0 && log.getObservedTimeUnixNano() == 0) {
            return new Problem("", "neither timeUnixNano nor observedTimeUnixNano is set");
        }
        if (log.getTimeUnixNano() < 0) {
            return new Problem("timeUnixNano", OtlpValues.timeProblem(log.getTimeUnixNano()));
        }
        if (log.getObservedTimeUnixNano() < 0) {
            return new Problem(
                    "observedTimeUnixNano", OtlpValues.timeProblem(log.getObservedTimeUnixNano()));
        }
        String p = OtlpValues.optionalIdProblem(log.getTraceId(), OtlpValues.TRACE_ID_BYTES);
        if (p != null) {
            return new Problem("traceId", p);
        }
        p = OtlpValues.optionalIdProblem(log.getSpanId(), OtlpValues.SPAN_ID_BYTES);
        return p == null ? null : new Problem("spanId", p);
    }
}
