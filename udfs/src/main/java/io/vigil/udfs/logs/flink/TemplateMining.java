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
 * template's pattern, so the subtasks agree on them without talking to each other.
 *
 * <p><b>State.</b> The miner lives on the heap (bounded by its template cap; lines beyond it go to
 * the overflow template, counted in {@code templatesOverflowed}). A checkpoint stores the live
 * templates' patterns; a restore feeds them back to a fresh miner, which rebuilds the same
 * templates under the same ids. After rescaling, every subtask gets all patterns (union state), so
 * each knows every template.
 */
public final class TemplateMining extends KeyedProcessFunction<String, LogEvent, MinedLog>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private transient TemplateMiner miner;
    private transient ListState<String> patterns;
    private transient List<String> restored;

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
            for (String pattern : restored) {
                miner.add(pattern);
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
            live.add(t.pattern());
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
