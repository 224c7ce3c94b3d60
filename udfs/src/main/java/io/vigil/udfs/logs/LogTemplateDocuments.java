package io.vigil.udfs.logs;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.vigil.udfs.ecs.EcsFields;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.otlp.OtlpMetrics;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the logs job derives from templates:
 *
 * <ul>
 *   <li>{@code <prefix>-log-templates}: one document per template, id = the template id ({@link
 *       #template}): {@code log.template.{id,pattern,example,count,error_count,first_seen,
 *       last_seen,services}};
 *   <li>log-derived metrics for {@code vigil.metrics.derived} ({@link #metrics}): per service and
 *       minute {@code vigil.logs.records} and {@code vigil.logs.errors}, and per template {@code
 *       vigil.log_template.records} and {@code vigil.log_template.errors} with attribute {@code
 *       log.template.id} — delta monotonic sums with start = minute start, time = minute end.
 * </ul>
 */
public final class LogTemplateDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The instrumentation scope of the derived metrics. */
    public static final String SCOPE = "io.vigil.logs";

    private final String index;

    public LogTemplateDocuments(String indexPrefix) {
        this.index = EsDocument.checkedPrefix(indexPrefix) + "-log-templates";
    }

    /** The template's document (rewritten in place as it changes). */
    public EsDocument template(
            String id,
            String pattern,
            String example,
            long count,
            long errors,
            long firstSeenMillis,
            long lastSeenMillis,
            Map<String, Long> linesPerService) {
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, Instant.ofEpochMilli(lastSeenMillis).toString());
                            g.writeObjectFieldStart("event");
                            g.writeStringField("kind", "state");
                            g.writeStringField("dataset", "vigil.log_template");
                            g.writeStringField(
                                    "start", Instant.ofEpochMilli(firstSeenMillis).toString());
                            g.writeStringField(
                                    "end", Instant.ofEpochMilli(lastSeenMillis).toString());
                            g.writeEndObject();
                            g.writeObjectFieldStart("log");
                            g.writeObjectFieldStart("template");
                            g.writeStringField("id", id);
                            g.writeStringField("pattern", pattern);
                            g.writeStringField("example", example);
                            g.writeNumberField("count", count);
                            g.writeNumberField("error_count", errors);
                            g.writeStringField(
                                    "first_seen", Instant.ofEpochMilli(firstSeenMillis).toString());
                            g.writeStringField(
                                    "last_seen", Instant.ofEpochMilli(lastSeenMillis).toString());
                            g.writeArrayFieldStart("services");
                            for (String s : linesPerService.keySet()) {
                                g.writeString(s);
                            }
                            g.writeEndArray();
                            g.writeObjectFieldStart("lines_per_service");
                            for (Map.Entry<String, Long> e :
                                    linesPerServiceField(linesPerService).entrySet()) {
                                g.writeNumberField(e.getKey(), e.getValue());
                            }
                            g.writeEndObject();
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        return new EsDocument(index, id, json);
    }

    /**
     * Lines per service as the fields of {@code lines_per_service}: service names become field
     * names, so they are made safe as label keys are ({@link EcsFields#labelKey}; a blank name
     * counts as {@code unknown_service}), and names that become equal add up instead of repeating a
     * field.
     */
    static Map<String, Long> linesPerServiceField(Map<String, Long> linesPerService) {
        Map<String, Long> fields = new TreeMap<>();
        linesPerService.forEach(
                (service, lines) -> {
                    String key = EcsFields.labelKey(service);
                    fields.merge(key.isEmpty() ? "unknown_service" : key, lines, Long::sum);
                });
        return fields;
    }

    /**
     * The log-derived metrics of one service and minute, as an OTLP request (protobuf).
     *
     * @param minutes the service's templates in that minute
     */
    public static byte[] metrics(
            String service, long minuteStartMillis, List<TemplateMinute> minutes) {
        long start = minuteStartMillis * 1_000_000;
        long end = (minuteStartMillis + 60_000) * 1_000_000;
        long lines = 0;
        long errors = 0;
        List<Metric> metrics = new ArrayList<>();
        for (TemplateMinute m : minutes) {
            lines += m.lines();
            errors += m.errors();
            OtlpMetrics.Interval template =
                    new OtlpMetrics.Interval(
                            List.of(OtlpMetrics.attribute("log.template.id", m.templateId())),
                            start,
                            end);
            metrics.add(
                    template.deltaSum(
                            "vigil.log_template.records",
                            "{line}",
                            "Log lines of the template",
                            m.lines()));
            metrics.add(
                    template.deltaSum(
                            "vigil.log_template.errors",
                            "{line}",
                            "Error lines of the template",
                            m.errors()));
        }
        OtlpMetrics.Interval minute = new OtlpMetrics.Interval(List.of(), start, end);
        metrics.add(0, minute.deltaSum("vigil.logs.records", "{line}", "Log lines", lines));
        metrics.add(1, minute.deltaSum("vigil.logs.errors", "{line}", "Error log lines", errors));
        return OtlpMetrics.request(service, SCOPE, metrics);
    }
}
