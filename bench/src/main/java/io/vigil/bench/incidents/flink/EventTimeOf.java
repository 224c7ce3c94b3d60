package io.vigil.bench.incidents.flink;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gives each record its own event time and lets the upstream watermarks through unchanged. A
 * decoded OTLP message yields records of different times; in the jobs, {@code
 * assignTimestampsAndWatermarks} does this and makes its own watermarks from the wall clock and the
 * data; in a replay the source's watermarks, made from the data alone, must stay.
 */
public final class EventTimeOf<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    private final SerializableTimestampAssigner<T> eventTimeMillis;

    public EventTimeOf(SerializableTimestampAssigner<T> eventTimeMillis) {
        this.eventTimeMillis = eventTimeMillis;
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        long previous = element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE;
        T value = element.getValue();
        output.collect(element.replace(value, eventTimeMillis.extractTimestamp(value, previous)));
    }
}
