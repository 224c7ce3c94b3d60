package io.vigil.bench.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Scores one predictor's alerts on one series as the protocol's predictive-alerting section says.
 * All windows are on timestamps, not rows (series have gaps), with H = 60 min:
 *
 * <ul>
 *   <li>An alert at step t is scored only if ts_t + H <= the last row's timestamp; it is a true
 *       positive if some y_j >= T has ts_j in (ts_t, ts_t + H].
 *   <li>An episode is a maximal run of consecutive steps with a scored alert; it is a true episode
 *       if it holds a true positive.
 *   <li>An event is a step c with y_c >= T, y_{c-1} < T, no y >= T with timestamp in [ts_c - H,
 *       ts_c) (refractory) and ts_c - H >= ts_first (first = p - 1).
 *   <li>An event is caught if an alert a (any alert, scored or not) has ts_c - H <= ts_a <= ts_c -
 *       5 min; its lead is ts_c - the earliest such ts_a.
 * </ul>
 *
 * "Some y_j" means any row with a timestamp in the window, whatever its position in the file (NAB
 * has a few repeated or backward timestamps; none is near an exceedance).
 */
public final class CrossingScorer {
    private final long[] ts;
    private final double[] y;
    private final double threshold;
    private final long lastTimestamp;

    /** Timestamps of the rows at or above T, ascending. */
    private final long[] exceedances;

    private final int[] events;

    /** A scorer for {@code plan}'s series, threshold and first step. */
    public CrossingScorer(SeriesPlan plan) {
        this(plan.epochMillis(), plan.values(), plan.threshold(), plan.first());
    }

    /**
     * A scorer for rows {@code (ts, y)} with threshold {@code threshold}; events must start at
     * least H after {@code ts[first]}.
     */
    CrossingScorer(long[] ts, double[] y, double threshold, int first) {
        if (ts.length != y.length || ts.length == 0) {
            throw new IllegalArgumentException("ts and y must be non-empty and of equal length");
        }
        this.ts = ts;
        this.y = y;
        this.threshold = threshold;
        this.lastTimestamp = ts[ts.length - 1];
        this.exceedances = sortedTimestamps(ts, i -> y[i] >= threshold);
        this.events = findEvents(ts[Math.max(0, first)]);
    }

    /**
     * One crossing event and whether a predictor caught it.
     *
     * @param step the event's step c
     * @param leadMinutes ts_c − the earliest alert in [ts_c − H, ts_c − 5 min], in minutes; {@code
     *     NaN} when no alert is in that window (missed)
     */
    public record Outcome(int step, double leadMinutes) {

        /** Whether an alert caught the event. */
        public boolean caught() {
            return !Double.isNaN(leadMinutes);
        }
    }

    /** The threshold T. */
    public double threshold() {
        return threshold;
    }

    /** The event steps c, ascending. Shared: do not modify. */
    public int[] events() {
        return events;
    }

    private int[] findEvents(long firstTimestamp) {
        List<Integer> found = new ArrayList<>();
        long h = Protocol.CROSSING_HORIZON_MILLIS;
        for (int c = 1; c < y.length; c++) {
            if (y[c] >= threshold
                    && y[c - 1] < threshold
                    && ts[c] - h >= firstTimestamp
                    && !anyExceedance(ts[c] - h, true, ts[c], false)) {
                found.add(c);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Scores the alerts of one predictor.
     *
     * @param alert alert[t] is true when the predictor alerted at step t
     * @param cpuNanos the session's thread CPU time in the crossing section, for the result
     * @param steps the steps at which the predictor was asked
     */
    public SeriesCrossing score(boolean[] alert, long cpuNanos, int steps) {
        if (alert.length != y.length) {
            throw new IllegalArgumentException(
                    "alert has " + alert.length + " steps, the series " + y.length);
        }
        long h = Protocol.CROSSING_HORIZON_MILLIS;
        int scored = 0;
        int truePositives = 0;
        int episodes = 0;
        int trueEpisodes = 0;
        boolean inEpisode = false;
        boolean episodeHit = false;
        for (int t = 0; t < alert.length; t++) {
            boolean counted = alert[t] && ts[t] + h <= lastTimestamp;
            if (!counted) {
                if (inEpisode && episodeHit) {
                    trueEpisodes++;
                }
                inEpisode = false;
                continue;
            }
            scored++;
            boolean hit = anyExceedance(ts[t], false, ts[t] + h, true);
            if (hit) {
                truePositives++;
            }
            if (!inEpisode) {
                episodes++;
                inEpisode = true;
                episodeHit = false;
            }
            episodeHit |= hit;
        }
        if (inEpisode && episodeHit) {
            trueEpisodes++;
        }

        int caught = 0;
        double[] leads = new double[events.length];
        for (Outcome outcome : outcomes(alert)) {
            if (outcome.caught()) {
                leads[caught++] = outcome.leadMinutes();
            }
        }
        return new SeriesCrossing(
                scored,
                truePositives,
                episodes,
                trueEpisodes,
                events.length,
                caught,
                Arrays.copyOf(leads, caught),
                cpuNanos,
                steps);
    }

    /**
     * Every event, in step order, caught or missed by the predictor that alerted at the steps where
     * {@code alert} is true.
     */
    public List<Outcome> outcomes(boolean[] alert) {
        if (alert.length != y.length) {
            throw new IllegalArgumentException(
                    "alert has " + alert.length + " steps, the series " + y.length);
        }
        long h = Protocol.CROSSING_HORIZON_MILLIS;
        long[] alertTimes = sortedTimestamps(ts, i -> alert[i]);
        List<Outcome> outcomes = new ArrayList<>(events.length);
        for (int c : events) {
            int a = lowerBound(alertTimes, ts[c] - h);
            boolean caught =
                    a < alertTimes.length && alertTimes[a] <= ts[c] - Protocol.CATCH_MARGIN_MILLIS;
            outcomes.add(new Outcome(c, caught ? (ts[c] - alertTimes[a]) / 60_000.0 : Double.NaN));
        }
        return outcomes;
    }

    /** Whether a row at or above T has a timestamp between {@code from} and {@code to}. */
    private boolean anyExceedance(long from, boolean fromInclusive, long to, boolean toInclusive) {
        int lo = fromInclusive ? lowerBound(exceedances, from) : upperBound(exceedances, from);
        int hi = toInclusive ? upperBound(exceedances, to) : lowerBound(exceedances, to);
        return hi > lo;
    }

    private static long[] sortedTimestamps(long[] ts, IntPredicate rows) {
        long[] selected = new long[ts.length];
        int count = 0;
        for (int i = 0; i < ts.length; i++) {
            if (rows.test(i)) {
                selected[count++] = ts[i];
            }
        }
        selected = Arrays.copyOf(selected, count);
        Arrays.sort(selected);
        return selected;
    }

    /** The first index with sorted[i] >= key. */
    private static int lowerBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index with sorted[i] > key. */
    private static int upperBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
