package io.vigil.udfs.flink;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes records and watermarks through and keeps the stream active: the operator it feeds never
 * hears that this input went idle. For the output of a keyed operator that emits on event-time
 * timers (the trace sessions' calls) and feeds a second keyed event-time operator (the edge
 * windows).
 *
 * <p><b>Why.</b> Every subtask of a keyed operator reads every source subtask, so they all go idle
 * together (all sources idle) and come back together. The operator after a second shuffle does not
 * see them come back together: when the sources resume with a watermark far ahead (after an idle
 * spell, the new data's event time), the subtask that forwards it first sets the next operator's
 * watermark alone, because the others' channels are still idle there, and what the others emit on
 * their timers for the same watermark then arrives behind it, late. That lost whole minutes of the
 * service graph after idle spells (KafkaOutageITCase). With every channel active, the next operator
 * waits for the slowest subtask's watermark, as it does between idle spells.
 *
 * <p><b>What it costs:</b> nothing while the sources send. While they are all idle the operator fed
 * keeps its last watermark instead of being idle; nothing upstream moves event time then anyway. Do
 * not use it on a stream whose subtasks can be idle independently (a source's own partitions):
 * there an idle subtask would hold time back.
 *
 * @param <T> the records
 */
public final class NeverIdle<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private NeverIdle() {
        // in the task of the operator before it: no network hop of its own
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    /** {@code input}, kept active for the operator it feeds. */
    public static <T> SingleOutputStreamOperator<T> of(DataStream<T> input) {
        return input.transform("Never idle", input.getType(), new NeverIdle<T>());
    }

    @Override
    public void processElement(StreamRecord<T> record) {
        output.collect(record);
    }

    /** The operator itself, for tests that drive it in a harness. */
    static <T> NeverIdle<T> operator() {
        return new NeverIdle<>();
    }

    /** Not forwarded: the output stays active. */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) {}
}
