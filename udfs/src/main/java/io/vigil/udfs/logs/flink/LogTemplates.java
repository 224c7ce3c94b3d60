package io.vigil.udfs.logs.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.logs.LogTemplateDocuments;
import io.vigil.udfs.logs.Match;
import io.vigil.udfs.logs.MinedLog;
import io.vigil.udfs.logs.TemplateAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the life of each log template (keyed by template id): counts, first and last seen, the
 * services that log it. Emits, per template and event-time minute with lines, the template's
 * document for {@code <prefix>-log-templates} (one document per template, rewritten once a minute
 * with lines is over; the log-derived metrics are counted upstream, in {@link TemplateMining}). The
 * first line of a template the miner created (not one it generalised) fires an info alert "new log
 * template" on {@link #ALERTS}, resolved {@code newTemplateAlert} later.
 *
 * <p><b>State</b> per template: a handful of values, the per-service line counts, the open minutes'
 * counts. Cleared by an event-time timer when the template has not been seen for {@code
 * idleTimeout} (a template back after that counts as new again).
 */
public final class LogTemplates extends KeyedProcessFunction<String, MinedLog, EsDocument> {
    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000;

    /** "New log template" alerts as they fire and resolve. */
    public static final OutputTag<AlertEvent> ALERTS =
            new OutputTag<>("new-template-alerts", CodecTypeInfo.ALERT_EVENT);

    private final LogTemplateDocuments documents;
    private final long alertMillis;
    private final long idleMillis;

    private transient ValueState<String> pattern;
    private transient ValueState<String> example;
    private transient ValueState<Long> firstSeen;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> errors;
    private transient ValueState<Long> idleDeadline;
    private transient ValueState<byte[]> openAlert;
    private transient MapState<String, Long> linesPerService;
    private transient MapState<String, Long> minuteLines;

    transient Counter newTemplates;

    /**
     * @param newTemplateAlert how long after its first line a new-template alert resolves
     * @param idleTimeout a template not seen for this long is forgotten
     */
    public LogTemplates(
            LogTemplateDocuments documents, Duration newTemplateAlert, Duration idleTimeout) {
        this.documents = documents;
        this.alertMillis = newTemplateAlert.toMillis();
        this.idleMillis = idleTimeout.toMillis();
    }

    /** The key: the template id. */
    public static String key(MinedLog log) {
        return log.templateId();
    }

    @Override
    public void open(OpenContext context) {
        var rc = getRuntimeContext();
        pattern = rc.getState(new ValueStateDescriptor<>("template-pattern", Types.STRING));
        example = rc.getState(new ValueStateDescriptor<>("template-example", Types.STRING));
        firstSeen = rc.getState(new ValueStateDescriptor<>("template-first", Types.LONG));
        lastSeen = rc.getState(new ValueStateDescriptor<>("template-last", Types.LONG));
        errors = rc.getState(new ValueStateDescriptor<>("template-errors", Types.LONG));
        idleDeadline = rc.getState(new ValueStateDescriptor<>("template-idle", Types.LONG));
        openAlert =
                rc.getState(
                        new ValueStateDescriptor<>(
                                "template-alert",
                                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        linesPerService =
                rc.getMapState(
                        new MapStateDescriptor<>("template-services", Types.STRING, Types.LONG));
        minuteLines =
                rc.getMapState(
                        new MapStateDescriptor<>(
                                "template-minute-lines", Types.STRING, Types.LONG));
        newTemplates = rc.getMetricGroup().counter("newTemplates");
    }

    @Override
    public void processElement(MinedLog m, Context ctx, Collector<EsDocument> out)
            throws Exception {
        long at = m.epochMillis();
        String service = m.log().serviceName();
        boolean error = m.isError();
        if (firstSeen.value() == null) {
            firstSeen.update(at);
            example.update(m.log().body());
            errors.update(0L);
            if (m.kind() == Match.Kind.NEW) {
                AlertEvent fired = newTemplateAlert(m, at);
                openAlert.update(AlertJson.write(fired));
                ctx.output(ALERTS, fired);
                newTemplates.inc();
                ctx.timerService().registerEventTimeTimer(at + alertMillis);
            }
            idleDeadline.update(at + idleMillis);
            ctx.timerService().registerEventTimeTimer(at + idleMillis);
        } else if (at < firstSeen.value()) {
            firstSeen.update(at);
        }
        pattern.update(m.pattern());
        if (lastSeen.value() == null || at > lastSeen.value()) {
            lastSeen.update(at);
        }
        if (error) {
            errors.update(errors.value() + 1);
        }
        Long n = linesPerService.get(service);
        linesPerService.put(service, n == null ? 1 : n + 1);

        long minute = Math.floorDiv(at, MINUTE) * MINUTE;
        String bucket = minute + "\n" + service;
        Long lines = minuteLines.get(bucket);
        minuteLines.put(bucket, lines == null ? 1 : lines + 1);
        ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
    }

    private AlertEvent newTemplateAlert(MinedLog m, long at) {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", "NewLogTemplate");
        labels.put("severity", Severity.INFO.wireName());
        labels.put("source", AlertSource.LOG_TEMPLATE.wireName());
        labels.put("service", m.log().serviceName());
        labels.put("template_id", m.templateId());
        if (m.isError()) {
            labels.put(TemplateAlerts.ERROR_LEVEL_LABEL, TemplateAlerts.ERROR_LEVEL);
        }
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put("summary", "New kind of log message in " + m.log().serviceName());
        annotations.put(
                "description",
                "First line of template "
                        + m.templateId()
                        + " ("
                        + m.pattern()
                        + "): "
                        + m.log().body());
        List<String> traces = m.log().traceId().isEmpty() ? List.of() : List.of(m.log().traceId());
        return AlertEvent.firing(
                labels,
                annotations,
                AlertSource.LOG_TEMPLATE,
                Severity.INFO,
                Instant.ofEpochMilli(at),
                traces);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EsDocument> out)
            throws Exception {
        if (firstSeen.value() == null) {
            return;
        }
        // Minutes that are over: the document is rewritten.
        boolean flushed = false;
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Long> e : minuteLines.entries()) {
            String bucket = e.getKey();
            long minute = Long.parseLong(bucket.substring(0, bucket.indexOf('\n')));
            if (minute + MINUTE - 1 <= timestamp) {
                done.add(bucket);
                flushed = true;
            }
        }
        for (String bucket : done) {
            minuteLines.remove(bucket);
        }
        if (flushed) {
            Map<String, Long> services = new TreeMap<>();
            long count = 0;
            for (Map.Entry<String, Long> e : linesPerService.entries()) {
                services.put(e.getKey(), e.getValue());
                count += e.getValue();
            }
            out.collect(
                    documents.template(
                            ctx.getCurrentKey(),
                            pattern.value(),
                            example.value(),
                            count,
                            errors.value(),
                            firstSeen.value(),
                            lastSeen.value(),
                            services));
        }
        byte[] alert = openAlert.value();
        if (alert != null && timestamp >= firstSeen.value() + alertMillis) {
            AlertEvent fired = AlertJson.read(alert);
            Instant end = Instant.ofEpochMilli(firstSeen.value() + alertMillis);
            ctx.output(
                    ALERTS,
                    fired.resolve(
                            end, end, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
            openAlert.clear();
        }
        Long deadline = idleDeadline.value();
        if (deadline != null && timestamp >= deadline) {
            long due = lastSeen.value() + idleMillis;
            if (due > timestamp) {
                idleDeadline.update(due);
                ctx.timerService().registerEventTimeTimer(due);
            } else {
                pattern.clear();
                example.clear();
                firstSeen.clear();
                lastSeen.clear();
                errors.clear();
                idleDeadline.clear();
                linesPerService.clear();
                minuteLines.clear();
                openAlert.clear();
            }
        }
    }
}
