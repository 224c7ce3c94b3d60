package io.vigil.bench.forecast;

/**
 * What a {@link ForecastMethod} is told about a series before its first row: only what the protocol
 * derives from the timestamps and from the probation rows, nothing from the future.
 *
 * @param series the series key, {@code <category>/<name>.csv}, for messages
 * @param dtSeconds the most common difference between consecutive timestamps, in seconds (300 for
 *     most NAB series); rows are one step each, gaps are not filled
 * @param probation the probation rows p = floor(0.15 n); the first forecast origin is p - 1
 * @param period the seasonal period in steps detected from y[0..p-1] by {@link SeasonalPeriod}, or
 *     0 when no candidate passed
 * @param rows the number of rows n
 */
public record SeriesContext(String series, long dtSeconds, int probation, int period, int rows) {

    /** Validates the fields. */
    public SeriesContext {
        if (dtSeconds <= 0) {
            throw new IllegalArgumentException(
                    series + ": dtSeconds must be > 0, was " + dtSeconds);
        }
        if (probation < 0 || probation > rows) {
            throw new IllegalArgumentException(
                    series + ": probation must be in [0, rows], was " + probation);
        }
        if (period < 0) {
            throw new IllegalArgumentException(series + ": period must be >= 0, was " + period);
        }
    }

    /** {@code seconds} in steps of {@link #dtSeconds()}, rounded half to even (Python's round). */
    public int steps(long seconds) {
        return (int) Math.rint((double) seconds / dtSeconds);
    }
}
