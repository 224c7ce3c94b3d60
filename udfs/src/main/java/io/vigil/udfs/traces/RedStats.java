package io.vigil.udfs.traces;

/**
 * Rate, errors and duration of one set of requests: exact counts, and the durations in a mergeable
 * {@link LatencySketch}.
 */
public final class RedStats {
    private long requests;
    private long errors;
    private final LatencySketch latency;

    public RedStats() {
        this(0, 0, new LatencySketch());
    }

    public RedStats(long requests, long errors, LatencySketch latency) {
        this.requests = requests;
        this.errors = errors;
        this.latency = latency;
    }

    public RedStats record(long durationMicros, boolean error) {
        requests++;
        if (error) {
            errors++;
        }
        latency.record(durationMicros);
        return this;
    }

    public RedStats merge(RedStats other) {
        requests += other.requests;
        errors += other.errors;
        latency.merge(other.latency);
        return this;
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    /** The request durations (µs). */
    public LatencySketch latency() {
        return latency;
    }

    /** Errors over requests, 0 with no requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    public RedStats copy() {
        return new RedStats(requests, errors, latency.copy());
    }
}
