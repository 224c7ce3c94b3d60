package io.vigil.udfs.logs.flink;

import io.vigil.udfs.logs.Match;
import io.vigil.udfs.logs.MinedLog;
import io.vigil.udfs.logs.Template;
import io.vigil.udfs.logs.TemplateMiner;
import io.vigil.udfs.logs.TemplateMiners;
import io.vigil.udfs.model.LogEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

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
 */
public final class TemplateMining extends KeyedProcessFunction<String, LogEvent, MinedLog>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private transient TemplateMiner miner;
    private transient ListState<String> patterns;
    private transient List<String> restored;

    /** Between a template's key and its example line in the state (NUL: not in log text). */
    static final char KEY_EXAMPLE_SEPARATOR = '\u0000';

    transient Counter linesMined;
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
        var metrics = getRuntimeContext().getMetricGroup();
        linesMined = metrics.counter("linesMined");
        templatesCreated = metrics.counter("templatesCreated");
        templatesGeneralised = metrics.counter("templatesGeneralised");
        templatesOverflowed = metrics.counter("templatesOverflowed");
        metrics.gauge("templates", () -> miner.size());
    }

    @Override
    public void processElement(LogEvent log, Context ctx, Collector<MinedLog> out) {
        Match m = miner.add(log.body());
        linesMined.inc();
        switch (m.kind()) {
            case NEW -> templatesCreated.inc();
            case CHANGED -> templatesGeneralised.inc();
            case OVERFLOW -> templatesOverflowed.inc();
            case MATCHED -> {}
        }
        out.collect(new MinedLog(log, m.templateId(), m.pattern(), m.kind()));
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
