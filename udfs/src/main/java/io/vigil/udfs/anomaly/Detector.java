package io.vigil.udfs.anomaly;

/**
 * A streaming anomaly detector for one time series: strictly causal, one point at a time, learning
 * only from the points it has seen (never from labels).
 *
 * <p>Implementations are plain Java (no Flink types), single-threaded and deterministic: the same
 * points in the same order give the same assessments, including after a {@link #snapshot()} and a
 * restore through the implementation's codec. The Flink operator keeps one detector per series in
 * keyed state, so an instance's state must stay small and bounded (the default detector's
 * serialized size is documented in {@code docs/benchmarks.md}).
 *
 * <pre>{@code
 * Detector d = Detectors.createDefault();
 * for (Point p : series) {
 *     Assessment a = d.observe(p.epochMillis(), p.value());
 *     if (a.score() >= threshold) alert(p, a);
 * }
 * }</pre>
 */
public interface Detector {

    /**
     * Assesses the next point of the series and then learns from it.
     *
     * @param epochMillis the point's event time, milliseconds since the epoch; non-decreasing (a
     *     point older than the previous one is the caller's to drop or count)
     * @param value the point's value; finite
     * @return how anomalous the point is given the points before it
     */
    Assessment observe(long epochMillis, double value);

    /** The detector's whole state, to be restored by the implementation's codec. */
    byte[] snapshot();
}
