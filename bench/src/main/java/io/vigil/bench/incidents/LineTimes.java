package io.vigil.bench.incidents;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Times in one OTLP/JSON line, read with a streaming parser (lines of a trace file can be hundreds
 * of kilobytes; nothing is built from them).
 */
public final class LineTimes {
    private static final JsonFactory FACTORY = new JsonFactory();

    private LineTimes() {}

    /**
     * The line's replay time in Unix nanoseconds, by the contract's ordering: the first point of a
     * metrics request, the earliest span end of a traces request, the earliest log time of a logs
     * request (a record without {@code timeUnixNano} counts by its {@code observedTimeUnixNano});
     * {@link Long#MAX_VALUE} when the line has none.
     */
    public static long replayTime(String line, IncidentDataset.Signal signal) {
        String field =
                switch (signal) {
                    case METRICS, LOGS -> "timeUnixNano";
                    case TRACES -> "endTimeUnixNano";
                };
        long min = Long.MAX_VALUE;
        long observedMin = Long.MAX_VALUE;
        try (JsonParser p = FACTORY.createParser(line)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = p.currentName();
                if (name.equals(field)) {
                    p.nextToken();
                    long v = nanos(p);
                    if (v > 0) {
                        min = Math.min(min, v);
                    }
                } else if (signal == IncidentDataset.Signal.LOGS
                        && name.equals("observedTimeUnixNano")) {
                    p.nextToken();
                    long v = nanos(p);
                    if (v > 0) {
                        observedMin = Math.min(observedMin, v);
                    }
                }
            }
        } catch (IOException e) {
            return Long.MAX_VALUE; // not JSON: the decoder makes it a dead letter
        }
        return min != Long.MAX_VALUE ? min : observedMin;
    }

    /**
     * {@code [min, max]} of every {@code *UnixNano} value in the line, except a metric point's
     * {@code startTimeUnixNano} (the series' start, not an observation: counted only in an object
     * that also has {@code endTimeUnixNano}, a span); {@code [MAX, MIN]} when there is none.
     */
    public static long[] bounds(String line) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        // per open object: [pending startTimeUnixNano (0 = none), has endTimeUnixNano (0/1)]
        Deque<long[]> objects = new ArrayDeque<>();
        try (JsonParser p = FACTORY.createParser(line)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    objects.push(new long[2]);
                } else if (t == JsonToken.END_OBJECT) {
                    long[] o = objects.pop();
                    if (o[1] == 1 && o[0] > 0) {
                        lo = Math.min(lo, o[0]);
                        hi = Math.max(hi, o[0]);
                    }
                } else if (t == JsonToken.FIELD_NAME && p.currentName().endsWith("UnixNano")) {
                    String name = p.currentName();
                    p.nextToken();
                    long v = nanos(p);
                    if (v <= 0) {
                        continue;
                    }
                    if (name.equals("startTimeUnixNano")) {
                        objects.peek()[0] = v;
                        continue;
                    }
                    if (name.equals("endTimeUnixNano")) {
                        objects.peek()[1] = 1;
                    }
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not an OTLP/JSON line: " + e.getMessage(), e);
        }
        return new long[] {lo, hi};
    }

    private static long nanos(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.parseLong(p.getText().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        return 0;
    }
}
