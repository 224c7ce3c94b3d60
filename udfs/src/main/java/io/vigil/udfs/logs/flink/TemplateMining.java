package io.vigil.udfs.logs.flink;

import io.vigil.udfs.logs.LogTemplateDocuments;
import io.vigil.udfs.logs.Match;
import io.vigil.udfs.logs.MinedLog;
import io.vigil.udfs.logs.Template;
import io.vigil.udfs.logs.TemplateMiner;
import io.vigil.udfs.logs.TemplateMiners;
import io.vigil.udfs.logs.TemplateMinute;
import io.vigil.udfs.model.LogEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Assigns every log record to a template with one {@link TemplateMiner} per subtask (the records
 * are keyed by service, so a service's lines meet one miner). Template ids are a function of the
 * template's grouping key ({@link io.vigil.udfs.logs.TemplateIds}), so the subtasks agree on them
 * without talking to each other.
 *
 * <p><b>State.</b> The miner lives on the heap (bounded by its template cap; lines beyond it go to
 * the overflow template, counted in {@code templatesOverflowed}). A checkpoint stores each live
 * template's key and example line ({@code key NUL example}); a restore gives them to a fresh miner
 * ({@link TemplateMiner#restore}), which rebuilds the same templates under the same ids and with
 * the same patterns. An entry without NUL (a checkpoint from before keys and patterns were told
 * apart, when the pattern was the key) is fed to {@link TemplateMiner#add} as before. After
 * rescaling, every subtask gets all entries (union state), so each knows every template.
 *
 * <p><b>Log-derived metrics.</b> Per service (the key) and event-time minute, the lines and error
 * lines of each template, emitted on {@link #MINUTES} as one OTLP request ({@link
 * LogTemplateDocuments#metrics}) once the watermark passes the minute. They are counted here, where
 * every line of the service arrives in order with the watermark, and not after a second shuffle:
 * there, per-minute counts emitted on one subtask's timers could reach the next operator after
 * another subtask's watermark had already passed them (after an idle spell, when the subtasks
 * resume at different moments), and a whole minute of a service was lost. A line whose minute the
 * watermark has passed (later than {@code eventTime.maxOutOfOrderness}) is mined and indexed but
 * not counted, counted in {@code linesTooLateForMetrics} instead: its minute has been sent.
 */
public final class TemplateMining extends KeyedProcessFunction<String, LogEvent, MinedLog>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private transient TemplateMiner miner;
    private transient ListState<String> patterns;
    private transient List<String> restored;

    /** Between a template's key and its example line in the state (NUL: not in log text). */
    static final char KEY_EXAMPLE_SEPARATOR = '\u0000';

    /** One OTLP request of log-derived metrics per service and minute. */
    public static final OutputTag<ServiceMinute> MINUTES =
            new OutputTag<>("service-minutes", TypeInformation.of(ServiceMinute.class));

    private static final long MINUTE = 60_000;

    /**
     * The log-derived metrics of one service and minute.
     *
     * @param service the service (the key)
     * @param minuteStartMillis start of the minute, epoch milliseconds
     * @param request the OTLP {@code ExportMetricsServiceRequest}
     */
    public record ServiceMinute(String service, long minuteStartMillis, byte[] request) {}

    /** Lines and error lines per {@code minute NL templateId} of the current service. */
    private transient MapState<String, Long> minuteLines;

    private transient MapState<String, Long> minuteErrors;

    transient Counter linesMined;
    transient Counter linesTooLateForMetrics;
    transient Counter templatesCreated;
    transient Counter templatesGeneralised;
    transient Counter templatesOverflowed;

    /** The key: the record's service. */
    public static String key(LogEvent log) {
        return log.serviceName();
    }

    @Override
    public void open(OpenContext context) {
        miner = TemplateMiners.createDefault();
        if (restored != null) {
            for (String entry : restored) {
                int sep = entry.indexOf(KEY_EXAMPLE_SEPARATOR);
                if (sep < 0) {
                    miner.add(entry); // a snapshot from before keys: the entry is the key
                } else {
                    miner.restore(entry.substring(0, sep), entry.substring(sep + 1));
                }
            }
            restored = null;
        }
        minuteLines =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "service-minute-lines", Types.STRING, Types.LONG));
        minuteErrors =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "service-minute-errors", Types.STRING, Types.LONG));
        var metrics = getRuntimeContext().getMetricGroup();
        linesMined = metrics.counter("linesMined");
        linesTooLateForMetrics = metrics.counter("linesTooLateForMetrics");
        templatesCreated = metrics.counter("templatesCreated");
        templatesGeneralised = metrics.counter("templatesGeneralised");
        templatesOverflowed = metrics.counter("templatesOverflowed");
        metrics.gauge("templates", () -> miner.size());
    }

    @Override
    public void processElement(LogEvent log, Context ctx, Collector<MinedLog> out)
            throws Exception {
        Match m = miner.add(log.body());
        linesMined.inc();
        switch (m.kind()) {
            case NEW -> templatesCreated.inc();
            case CHANGED -> templatesGeneralised.inc();
            case OVERFLOW -> templatesOverflowed.inc();
            case MATCHED -> {}
        }
        MinedLog mined = new MinedLog(log, m.templateId(), m.pattern(), m.kind());
        count(mined, ctx);
        out.collect(mined);
    }

    /** Adds the line to its minute's counts, unless the watermark has passed that minute. */
    private void count(MinedLog m, Context ctx) throws Exception {
        long minute = Math.floorDiv(m.epochMillis(), MINUTE) * MINUTE;
        long end = minute + MINUTE - 1;
        if (end <= ctx.timerService().currentWatermark()) {
            linesTooLateForMetrics.inc();
            return;
        }
        String bucket = minute + "\n" + m.templateId();
        Long lines = minuteLines.get(bucket);
        minuteLines.put(bucket, lines == null ? 1 : lines + 1);
        if (m.isError()) {
            Long errors = minuteErrors.get(bucket);
            minuteErrors.put(bucket, errors == null ? 1 : errors + 1);
        }
        ctx.timerService().registerEventTimeTimer(end);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MinedLog> out)
            throws Exception {
        String service = ctx.getCurrentKey();
        Map<Long, List<TemplateMinute>> over = new TreeMap<>();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Long> e : minuteLines.entries()) {
            String bucket = e.getKey();
            int split = bucket.indexOf('\n');
            long minute = Long.parseLong(bucket.substring(0, split));
            if (minute + MINUTE - 1 <= timestamp) {
                Long errors = minuteErrors.get(bucket);
                over.computeIfAbsent(minute, k -> new ArrayList<>())
                        .add(
                                new TemplateMinute(
                                        service,
                                        bucket.substring(split + 1),
                                        minute,
                                        e.getValue(),
                                        errors == null ? 0 : errors));
                done.add(bucket);
            }
        }
        for (String bucket : done) {
            minuteLines.remove(bucket);
            minuteErrors.remove(bucket);
        }
        for (Map.Entry<Long, List<TemplateMinute>> e : over.entrySet()) {
            List<TemplateMinute> templates = e.getValue();
            templates.sort(Comparator.comparing(TemplateMinute::templateId));
            ctx.output(
                    MINUTES,
                    new ServiceMinute(
                            service,
                            e.getKey(),
                            LogTemplateDocuments.metrics(service, e.getKey(), templates)));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<String> live = new ArrayList<>();
        for (Template t : miner.templates()) {
            live.add(t.key() + KEY_EXAMPLE_SEPARATOR + t.example());
        }
        patterns.update(live);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        patterns =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("template-patterns", Types.STRING));
        if (context.isRestored()) {
            restored = new ArrayList<>();
            for (String p : patterns.get()) {
                restored.add(p);
            }
        }
    }
}
