package io.vigil.bench.forecast;

/**
 * One predictor's crossing figures on one series (see {@link CrossingScorer} for the definitions).
 *
 * @param alerts scored alerts (ts_t + 60 min <= the last timestamp)
 * @param truePositives scored alerts followed by a y >= T within 60 min
 * @param episodes maximal runs of consecutive scored alerts
 * @param trueEpisodes episodes holding a true positive
 * @param events crossing events of the series
 * @param caught events with an alert 60 to 5 minutes before them
 * @param leadsMinutes the lead of each caught event, in minutes
 * @param cpuNanos the session's thread CPU time over the whole crossing pass (every observe and
 *     predictsCrossing call)
 * @param steps the eligible steps at which the predictor was asked
 */
public record SeriesCrossing(
        int alerts,
        int truePositives,
        int episodes,
        int trueEpisodes,
        int events,
        int caught,
        double[] leadsMinutes,
        long cpuNanos,
        int steps) {

    /** TP / alerts; NaN without alerts. */
    public double precision() {
        return alerts == 0 ? Double.NaN : (double) truePositives / alerts;
    }

    /** True episodes / episodes; NaN without episodes. */
    public double episodePrecision() {
        return episodes == 0 ? Double.NaN : (double) trueEpisodes / episodes;
    }

    /** Caught / events; NaN without events. */
    public double recall() {
        return events == 0 ? Double.NaN : (double) caught / events;
    }

    /** The median lead in minutes; NaN when nothing was caught. */
    public double medianLeadMinutes() {
        return Stats.median(leadsMinutes);
    }

    /** Thread CPU microseconds per eligible step (observe calls in between included). */
    public double cpuMicrosPerStep() {
        return steps == 0 ? Double.NaN : cpuNanos / 1e3 / steps;
    }
}
