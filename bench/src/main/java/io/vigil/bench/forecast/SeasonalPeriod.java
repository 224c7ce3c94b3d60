package io.vigil.bench.forecast;

import io.vigil.udfs.forecast.Seasonality;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The protocol's seasonal-period rule, applied to the probation rows y[0..p-1] only.
 *
 * <p>Candidates are 1 hour, 1 day and 1 week; m = round(period / dt) must be at least 4 and p at
 * least 2m. The segment is detrended by its OLS line on the index (x), and r(m) is the Pearson
 * correlation of x[:-m] with x[m:], computed on the values of x and on their average ranks. A
 * variant passes if r(m) >= 0.3 and r(m) - r(floor(m/2)) >= 0.1 (a peak at the period, not mere
 * persistence); a candidate passes if a variant does, scoring the larger passing r; the candidate
 * with the highest score wins. Example: nyc_taxi (30 min) has p = 1548, candidates m = 2 (too
 * short), 48 and 336; both pass and 336 wins with r = 0.947.
 *
 * <p>{@link Variant#BOTH} is the rule as PROTOCOL.md writes it; {@link Variant#VALUES} and {@link
 * Variant#RANKS} use one correlation only (the protocol's reference rows were measured with
 * different variants: its ETS rows say "values-only" and "rank-variant").
 */
public final class SeasonalPeriod {
    private SeasonalPeriod() {}

    /** The candidate periods, in seconds: 1 hour, 1 day, 1 week. */
    public static final long[] CANDIDATE_SECONDS = {3_600, 86_400, 604_800};

    /** A period must be at least this many steps. */
    public static final int MIN_STEPS = 4;

    /** r(m) must reach this. */
    public static final double MIN_CORRELATION = 0.3;

    /** r(m) - r(floor(m/2)) must reach this. */
    public static final double MIN_PEAK = 0.1;

    /** Which correlations may pass a candidate. */
    public enum Variant {
        /** Values or ranks, as written in PROTOCOL.md. */
        BOTH,
        /** Pearson correlation of the detrended values only. */
        VALUES,
        /** Pearson correlation of the average ranks of the detrended values only. */
        RANKS;

        /** The lower-case name used on the command line and in output. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One candidate's figures; correlations are NaN when the candidate does not fit.
     *
     * @param seconds the candidate period in seconds
     * @param steps m = round(seconds / dt)
     * @param fits m >= 4 and p >= 2m
     * @param valuesR r(m) on the values
     * @param valuesHalfR r(floor(m/2)) on the values
     * @param ranksR r(m) on the ranks
     * @param ranksHalfR r(floor(m/2)) on the ranks
     * @param score the larger passing r among the variants used, NaN when none passes
     */
    public record Candidate(
            long seconds,
            int steps,
            boolean fits,
            double valuesR,
            double valuesHalfR,
            double ranksR,
            double ranksHalfR,
            double score) {

        /** Whether a variant passed. */
        public boolean passes() {
            return !Double.isNaN(score);
        }
    }

    /**
     * The outcome.
     *
     * @param period the winning candidate's m, or 0 when none passed
     * @param candidates every candidate, in {@link #CANDIDATE_SECONDS} order
     */
    public record Detection(int period, List<Candidate> candidates) {}

    /** Detects the period of {@code segment} (the probation rows) at step {@code dtSeconds}. */
    public static Detection detect(double[] segment, long dtSeconds, Variant variant) {
        if (dtSeconds <= 0) {
            throw new IllegalArgumentException("dtSeconds must be > 0, was " + dtSeconds);
        }
        int p = segment.length;
        double[] x = null;
        double[] ranks = null;
        List<Candidate> candidates = new ArrayList<>();
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (long seconds : CANDIDATE_SECONDS) {
            int m = (int) Math.rint((double) seconds / dtSeconds);
            if (m < MIN_STEPS || p < 2 * m) {
                candidates.add(
                        new Candidate(
                                seconds,
                                m,
                                false,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN));
                continue;
            }
            if (x == null) {
                x = Seasonality.detrended(segment, segment.length);
                ranks = Seasonality.ranks(x);
            }
            double valuesR = Seasonality.correlation(x, m);
            double valuesHalfR = Seasonality.correlation(x, m / 2);
            double ranksR = Seasonality.correlation(ranks, m);
            double ranksHalfR = Seasonality.correlation(ranks, m / 2);
            double score = Double.NaN;
            if (variant != Variant.RANKS && passes(valuesR, valuesHalfR)) {
                score = valuesR;
            }
            if (variant != Variant.VALUES
                    && passes(ranksR, ranksHalfR)
                    && (Double.isNaN(score) || ranksR > score)) {
                score = ranksR;
            }
            candidates.add(
                    new Candidate(
                            seconds, m, true, valuesR, valuesHalfR, ranksR, ranksHalfR, score));
            if (!Double.isNaN(score) && score > bestScore) {
                bestScore = score;
                best = m;
            }
        }
        return new Detection(best, List.copyOf(candidates));
    }

    /** r(m) >= 0.3 and r(m) - r(floor(m/2)) >= 0.1; false when either is NaN. */
    static boolean passes(double r, double halfR) {
        return r >= MIN_CORRELATION && r - halfR >= MIN_PEAK;
    }
}
