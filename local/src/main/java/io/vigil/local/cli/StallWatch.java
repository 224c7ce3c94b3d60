package io.vigil.local.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Notices a signal whose documents stopped reaching Elasticsearch while its input kept arriving:
 * the sign of a stuck job (a blocked sink, a task that does not return), not of a slow one. Fed one
 * progress sample at a time; reports each signal once per stall, when nothing of it was indexed for
 * {@code quietNanos} while at least one item of it was received. A signal that moves again is
 * watched afresh.
 */
final class StallWatch {
    private final long quietNanos;
    private final Map<String, Mark> marks = new HashMap<>();

    /** The last time a signal's indexed count moved, and its counts then. */
    private record Mark(long nanos, long indexed, long received, boolean reported) {}

    /** A signal found stuck: how long nothing was indexed and how much arrived meanwhile. */
    record Stall(String signal, long quietNanos, long receivedMeanwhile, long indexed) {}

    StallWatch(long quietNanos) {
        if (quietNanos <= 0) {
            throw new IllegalArgumentException("quietNanos must be positive, was " + quietNanos);
        }
        this.quietNanos = quietNanos;
    }

    /** The signals that stalled as of this sample (each reported once per stall). */
    List<Stall> observe(long nanos, Map<String, Long> received, Map<String, Long> indexed) {
        List<Stall> stalls = new ArrayList<>();
        for (Map.Entry<String, Long> entry : indexed.entrySet()) {
            String signal = entry.getKey();
            long nowIndexed = entry.getValue();
            long nowReceived = received.getOrDefault(signal, 0L);
            Mark mark = marks.get(signal);
            if (mark == null || nowIndexed != mark.indexed()) {
                marks.put(signal, new Mark(nanos, nowIndexed, nowReceived, false));
                continue;
            }
            long arrived = nowReceived - mark.received();
            if (!mark.reported() && arrived > 0 && nanos - mark.nanos() >= quietNanos) {
                stalls.add(new Stall(signal, nanos - mark.nanos(), arrived, nowIndexed));
                marks.put(signal, new Mark(mark.nanos(), mark.indexed(), mark.received(), true));
            }
        }
        return stalls;
    }
}
