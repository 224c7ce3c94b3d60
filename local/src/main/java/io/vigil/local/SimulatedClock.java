package io.vigil.local;

import io.opentelemetry.sdk.common.Clock;
import java.time.Instant;

/**
 * The generator's notion of "now", handed to every SDK provider: it moves only when the generator
 * moves it, so timestamps the SDK takes itself (metric collection times, observed timestamps) are
 * simulated time, identical from run to run.
 *
 * <p>{@link #nanoTime()} returns the same value as {@link #now()}; the SDK uses it only for
 * durations, for which simulated epoch nanoseconds serve as well.
 */
final class SimulatedClock implements Clock {

    private volatile long epochNanos;

    SimulatedClock(Instant start) {
        this.epochNanos = toNanos(start);
    }

    @Override
    public long now() {
        return epochNanos;
    }

    @Override
    public long nanoTime() {
        return epochNanos;
    }

    /** Moves the clock to {@code epochNanos}; time never goes backwards. */
    void advanceTo(long epochNanos) {
        if (epochNanos < this.epochNanos) {
            throw new IllegalArgumentException(
                    "simulated time cannot go back from " + this.epochNanos + " to " + epochNanos);
        }
        this.epochNanos = epochNanos;
    }

    Instant instant() {
        return toInstant(epochNanos);
    }

    static long toNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
