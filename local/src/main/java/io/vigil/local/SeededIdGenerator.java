package io.vigil.local;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.SplittableRandom;

/**
 * Trace and span ids from a seeded generator, so a rerun with the same seed produces the same ids.
 * Ids are never the invalid all-zero value. Thread-safe; deterministic as long as spans are started
 * in the same order, which the single generator thread guarantees.
 */
final class SeededIdGenerator implements IdGenerator {

    private final SplittableRandom random;

    SeededIdGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized String generateSpanId() {
        return SpanId.fromLong(nonZero());
    }

    @Override
    public synchronized String generateTraceId() {
        return TraceId.fromLongs(random.nextLong(), nonZero());
    }

    private long nonZero() {
        long value;
        do {
            value = random.nextLong();
        } while (value == 0);
        return value;
    }
}
