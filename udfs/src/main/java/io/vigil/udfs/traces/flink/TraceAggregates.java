package io.vigil.udfs.traces.flink;

import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.RedWindow;
import io.vigil.udfs.traces.ServiceCall;
import java.io.Serializable;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableSupplier;

/** The window aggregations of the traces job: RED per service, calls per edge. */
public final class TraceAggregates {
    private TraceAggregates() {}

    /**
     * An aggregation whose accumulator is also its result, made of three functions: a new
     * accumulator, one input added to an accumulator, two accumulators merged.
     */
    abstract static class Accumulating<IN, ACC> implements AggregateFunction<IN, ACC, ACC> {
        private static final long serialVersionUID = 1L;
        private final SerializableSupplier<ACC> create;
        private final Step<ACC, IN> add;
        private final Step<ACC, ACC> merge;

        Accumulating(SerializableSupplier<ACC> create, Step<ACC, IN> add, Step<ACC, ACC> merge) {
            this.create = create;
            this.add = add;
            this.merge = merge;
        }

        @Override
        public ACC createAccumulator() {
            return create.get();
        }

        @Override
        public ACC add(IN value, ACC acc) {
            return add.apply(acc, value);
        }

        @Override
        public ACC getResult(ACC acc) {
            return acc;
        }

        @Override
        public ACC merge(ACC a, ACC b) {
            return merge.apply(a, b);
        }
    }

    /** Takes {@code value} into {@code acc} and returns the accumulator. */
    interface Step<ACC, T> extends Serializable {
        ACC apply(ACC acc, T value);
    }

    /** Request spans of one service → {@link RedWindow} (per operation, mergeable). */
    public static final class Red extends Accumulating<SpanRecord, RedWindow> {
        private static final long serialVersionUID = 1L;

        public Red() {
            super(RedWindow::new, RedWindow::add, RedWindow::merge);
        }
    }

    /** Stamps a {@link RedWindow} with its window. */
    public static final class RedWindowTime
            extends ProcessWindowFunction<RedWindow, RedWindow, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(
                String service,
                Context ctx,
                Iterable<RedWindow> results,
                Collector<RedWindow> out) {
            TimeWindow w = ctx.window();
            for (RedWindow r : results) {
                out.collect(r.window(w.getStart(), w.getEnd() - w.getStart()));
            }
        }
    }

    /** Calls along one edge → {@link RedStats} of the calls. */
    public static final class Calls extends Accumulating<ServiceCall, RedStats> {
        private static final long serialVersionUID = 1L;

        public Calls() {
            super(
                    RedStats::new,
                    (acc, call) -> acc.record(call.durationMicros(), call.error()),
                    RedStats::merge);
        }
    }

    /** Names the edge and window of a {@link RedStats} of calls (key: {@link ServiceCall#edge}). */
    public static final class EdgeWindowTime
            extends ProcessWindowFunction<RedStats, EdgeWindow, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(
                String edge, Context ctx, Iterable<RedStats> results, Collector<EdgeWindow> out) {
            int split = edge.indexOf('\n');
            TimeWindow w = ctx.window();
            for (RedStats stats : results) {
                out.collect(
                        new EdgeWindow(
                                edge.substring(0, split),
                                edge.substring(split + 1),
                                w.getStart(),
                                w.getEnd() - w.getStart(),
                                stats));
            }
        }
    }
}
