package io.vigil.udfs.traces.flink;

import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.RedWindow;
import io.vigil.udfs.traces.ServiceCall;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The window aggregations of the traces job: RED per service, calls per edge. */
public final class TraceAggregates {
    private TraceAggregates() {}

    /** Request spans of one service → {@link RedWindow} (per operation, mergeable). */
    public static final class Red implements AggregateFunction<SpanRecord, RedWindow, RedWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public RedWindow createAccumulator() {
            return new RedWindow();
        }

        @Override
        public RedWindow add(SpanRecord span, RedWindow acc) {
            return acc.add(span);
        }

        @Override
        public RedWindow getResult(RedWindow acc) {
            return acc;
        }

        @Override
        public RedWindow merge(RedWindow a, RedWindow b) {
            return a.merge(b);
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
    public static final class Calls implements AggregateFunction<ServiceCall, RedStats, RedStats> {
        private static final long serialVersionUID = 1L;

        @Override
        public RedStats createAccumulator() {
            return new RedStats();
        }

        @Override
        public RedStats add(ServiceCall call, RedStats acc) {
            return acc.record(call.durationMicros(), call.error());
        }

        @Override
        public RedStats getResult(RedStats acc) {
            return acc;
        }

        @Override
        public RedStats merge(RedStats a, RedStats b) {
            return a.merge(b);
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
