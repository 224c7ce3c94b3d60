package io.vigil.udfs.elastic.flink;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.ecs.RefusedDocument;
import io.vigil.udfs.elastic.DocumentGuard;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The last step before the Elasticsearch sink: documents {@link DocumentGuard} passes go on; the
 * ones Elasticsearch would refuse leave on {@link #REFUSED} with the reason, counted in {@code
 * documentsRefused}, so that one bad record can never fail the sink, and with it the job.
 */
public final class GuardDocuments extends ProcessFunction<EsDocument, EsDocument> {
    private static final long serialVersionUID = 1L;

    /** Documents Elasticsearch would refuse, with the reason. */
    public static final OutputTag<RefusedDocument> REFUSED =
            new OutputTag<>("refused-documents", TypeInformation.of(RefusedDocument.class));

    private final DocumentGuard guard;
    private final String signal;
    private transient Counter refused;

    /**
     * @param signal the job's input signal, recorded on each refused document
     */
    public GuardDocuments(DocumentGuard guard, String signal) {
        this.guard = guard;
        this.signal = signal;
    }

    @Override
    public void open(OpenContext context) {
        refused = getRuntimeContext().getMetricGroup().counter("documentsRefused");
    }

    @Override
    public void processElement(EsDocument document, Context ctx, Collector<EsDocument> out) {
        Optional<String> reason = guard.check(document);
        if (reason.isEmpty()) {
            out.collect(document);
            return;
        }
        refused.inc();
        // a document without @timestamp goes to the dead-letter index of its record's time, or
        // of now (sources without event time stamp records with Long.MIN_VALUE)
        Long recordTime = ctx.timestamp();
        long fallback =
                recordTime != null && recordTime >= 0
                        ? recordTime
                        : ctx.timerService().currentProcessingTime();
        ctx.output(
                REFUSED,
                new RefusedDocument(
                        document,
                        signal,
                        RefusedDocument.GUARD,
                        reason.get(),
                        RefusedDocument.timestampMillis(document, fallback)));
    }
}
