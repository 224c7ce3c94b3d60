package io.vigil.cep.incidents.flink;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Makes a stream a side input that takes no part in event time: its records keep their own
 * timestamps, but the operator it feeds sees it as idle for good and never gets a watermark from it
 * (not even the end of input's). The incidents job gives the service graph's edges this, so the
 * correlator's clock is the alerts' watermark alone.
 *
 * <p>Why not a maximal watermark ("never holds back"): Flink combines the watermarks of a two-input
 * operator over its inputs that are not idle. An alerts input that goes idle (no alert for {@code
 * eventTime.idleness}, the usual state of a healthy system) leaves only the graph's input, and the
 * operator's watermark jumps to its maximum, where it stays (watermarks never go back): every
 * event-time timer registered after that never fires, so incidents never resolve. An input that is
 * always idle is left out of the minimum and cannot push it.
 *
 * @param <T> the records
 */
public final class OutsideEventTime<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final SerializableTimestampAssigner<T> timestamps;
    private transient boolean idleAnnounced;

    private OutsideEventTime(SerializableTimestampAssigner<T> timestamps) {
        this.timestamps = timestamps;
    }

    /**
     * {@code input} as a stream that takes no part in event time, its records stamped by {@code
     * timestamps}.
     */
    public static <T> SingleOutputStreamOperator<T> of(
            DataStream<T> input, SerializableTimestampAssigner<T> timestamps) {
        return input.transform(
                "Outside event time", input.getType(), new OutsideEventTime<>(timestamps));
    }

    /** The operator itself, for tests that drive it in a harness. */
    static <T> OutsideEventTime<T> operator(SerializableTimestampAssigner<T> timestamps) {
        return new OutsideEventTime<>(timestamps);
    }

    @Override
    public void open() throws Exception {
        super.open();
        // idle from the start, not only from the first record: until then the input would hold
        // the operator it feeds at no watermark at all
        ProcessingTimeService time = getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime(), t -> announceIdle());
    }

    @Override
    public void processElement(StreamRecord<T> record) throws Exception {
        announceIdle();
        long previous = record.hasTimestamp() ? record.getTimestamp() : Long.MIN_VALUE;
        output.collect(
                record.replace(
                        record.getValue(),
                        timestamps.extractTimestamp(record.getValue(), previous)));
    }

    /** Dropped, the end of input's maximal one too: this input says nothing about event time. */
    @Override
    public void processWatermark(Watermark mark) {}

    /** Ignored: this input stays idle whatever its source reports. */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) {}

    private void announceIdle() {
        if (!idleAnnounced) {
            idleAnnounced = true;
            output.emitWatermarkStatus(WatermarkStatus.IDLE);
        }
    }
}
