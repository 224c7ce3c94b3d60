package io.vigil.udfs.anomaly;

/**
 * Tuning of the {@link SurpriseDetector}. {@link #DEFAULT} is the one configuration Vigil ships and
 * benchmarks (NAB scores in {@code docs/benchmarks.md}); every value but the seasonal ones is in
 * points (observations), not wall-clock time, so the same configuration serves a 10-second and a
 * 1-hour series; the seasonal profile is by time of day.
 *
 * @param fastAlpha smoothing of the fast level (an EWMA): a large weight, so the fast level is
 *     close to the last few values and explains smooth and random-walk series
 * @param slowAlpha smoothing of the slow level: a long memory, which explains noisy series around a
 *     stable mean
 * @param scaleAlpha smoothing of the mean absolute residual of each level, the unit the residuals
 *     are measured in
 * @param sustainedAlpha smoothing of the sustained surprise: an EWMA of the point surprise, so a
 *     run of moderately unusual points adds up
 * @param tailHalfLife half-life, in points, of the histories that calibrate the surprises into tail
 *     probabilities
 * @param tailFraction the fraction of a history treated as its tail (above it a parametric tail
 *     extrapolates)
 * @param rangeTolerance how far beyond the range seen so far a value must fall, as a fraction of
 *     that range, to count as a new extreme
 * @param rangeScore the score of a value just past the tolerance
 * @param rangeSlope how fast the score of a new extreme grows with its distance past the range, per
 *     range width
 * @param surpriseDecades the tail probability, in decades, that maps to score 1: a score is {@code
 *     -log10(p) / surpriseDecades}
 * @param suppressionDecay per-point decay of the envelope of recent scores; a score is reported
 *     only if it beats the envelope, so one event is reported once, at its onset
 * @param warmup points before the first non-zero score (the levels and scales settle); the detector
 *     also waits at least {@link SurpriseDetector#MIN_LEARNING} of event time
 * @param tailWarmup points before the calibration histories start learning (the first residuals are
 *     measured against scales that are still settling)
 * @param seasonalSlots slots the (UTC) day is divided into for the seasonal level, one profile
 *     value each
 * @param seasonalAlpha how far each visit moves its slot's profile value towards the value seen
 * @param seasonalOffsetAlpha smoothing of the offset between the daily profile and the current
 *     level
 * @param seasonalWarmupDays day boundaries the series must have crossed before the seasonal
 *     surprise is scored
 * @param weeklyProfile whether the detector also keeps a weekly profile (one slot per hour of the
 *     UTC week, learnt with {@code seasonalAlpha} and {@code seasonalOffsetAlpha}) and scores the
 *     weekly surprise: a day that does not look like the same weekday did (a holiday, a missing
 *     weekly job)
 */
public record DetectorConfig(
        double fastAlpha,
        double slowAlpha,
        double scaleAlpha,
        double sustainedAlpha,
        double tailHalfLife,
        double tailFraction,
        double rangeTolerance,
        double rangeScore,
        double rangeSlope,
        double surpriseDecades,
        double suppressionDecay,
        int warmup,
        int tailWarmup,
        int seasonalSlots,
        double seasonalAlpha,
        double seasonalOffsetAlpha,
        int seasonalWarmupDays,
        boolean weeklyProfile) {

    /**
     * Half-weight on the newest value: the fast level follows the series within two or three
     * points, so a smooth curve or a level shift that has settled is not surprising to it.
     */
    public static final double FAST_ALPHA = 0.5;

    /** A memory of about 50 points: long enough to average noise, short enough to follow drift. */
    public static final double SLOW_ALPHA = 0.02;

    /**
     * About 100 points of residuals per scale estimate: stable against single spikes, yet a series
     * that gets noisier is re-learnt within a few hundred points.
     */
    public static final double SCALE_ALPHA = 0.01;

    /** About 10 points: the span numenta's anomaly likelihood averages raw scores over. */
    public static final double SUSTAINED_ALPHA = 0.1;

    /**
     * 3000 points (about 10 days at 5-minute resolution): long enough that recurring events (a
     * nightly batch job) are remembered as normal, short enough to forget a regime that ended.
     */
    public static final double TAIL_HALF_LIFE = 3000;

    /** The top 5% of a history is its tail: enough mass for a stable mean excess. */
    public static final double TAIL_FRACTION = 0.05;

    /**
     * A value 0.5% of the range past the extremes seen so far is a new extreme. Chosen on NAB's
     * held-out halves: better than 1% under all three cost profiles once scores were corrected for
     * the number of surprises compared (docs/benchmarks.md).
     */
    public static final double RANGE_TOLERANCE = 0.005;

    /**
     * A new extreme scores at least 0.45 (a residual with tail probability 2.4e-4 scores as much):
     * leaving the range of everything seen is evidence in itself, so on NAB every new extreme ranks
     * above the optimal threshold ({@link Detectors#NAB_THRESHOLD}); it stays below the alerting
     * default ({@link Detectors#DEFAULT_THRESHOLD}) unless the value is far out, because records of
     * plain noise also leave the range now and then.
     */
    public static final double RANGE_SCORE = 0.45;

    /**
     * Each range width past the tolerance adds 1.5 (capped at 1): a level held for two points about
     * 18% of the range past the old extremes (and at least 3.7 mean absolute residuals past them)
     * reaches the alerting default of 0.7.
     */
    public static final double RANGE_SLOPE = 1.5;

    /** Score 1 at a tail probability of 1e-8; score 0.5 at 1e-4. */
    public static final double SURPRISE_DECADES = 8;

    /**
     * The envelope loses 1% per point (half-life about 69 points): an event is reported at its
     * onset and its aftermath stays quiet unless it gets clearly worse. Chosen on NAB's held-out
     * halves: better than 0.997 under all three cost profiles (docs/benchmarks.md).
     */
    public static final double SUPPRESSION_DECAY = 0.99;

    /**
     * 50 points before the first score: the levels and scales need a few dozen points. The detector
     * also waits {@link SurpriseDetector#MIN_LEARNING} of event time, whatever the number of
     * points.
     */
    public static final int WARMUP = 50;

    /** The calibration histories skip the first 20 points, whose scales are still unreliable. */
    public static final int TAIL_WARMUP = 20;

    /**
     * One slot per hour of the (UTC) day: fine enough for working-hours and nightly patterns,
     * coarse enough that hourly series fill every slot daily. At most {@value #MAX_SEASONAL_SLOTS}.
     */
    public static final int SEASONAL_SLOTS = 24;

    /** Each visit moves its slot 10% of the way: the profile follows a pattern over a few weeks. */
    public static final double SEASONAL_ALPHA = 0.1;

    /**
     * The offset between the profile and the current level follows within a few points: the
     * seasonal level explains the shape of the day, not its level, so a level shift is the other
     * surprises' business and a missing or misplaced daily pattern is this one's.
     */
    public static final double SEASONAL_OFFSET_ALPHA = 0.3;

    /** The seasonal surprise waits until the series has spanned two day boundaries. */
    public static final int SEASONAL_WARMUP_DAYS = 2;

    /**
     * The weekly profile is on: 928 bytes of state buy the weekly surprise. On NAB it catches three
     * more windows (two holidays of {@code nyc_taxi}, one of {@code TravelTime_387}) for seven more
     * false-positive rows, and changes nothing else (docs/benchmarks.md).
     */
    public static final boolean WEEKLY_PROFILE = true;

    /** Upper bound on {@code seasonalSlots} (state size). */
    public static final int MAX_SEASONAL_SLOTS = 48;

    /** The shipped configuration. */
    public static final DetectorConfig DEFAULT =
            new DetectorConfig(
                    FAST_ALPHA,
                    SLOW_ALPHA,
                    SCALE_ALPHA,
                    SUSTAINED_ALPHA,
                    TAIL_HALF_LIFE,
                    TAIL_FRACTION,
                    RANGE_TOLERANCE,
                    RANGE_SCORE,
                    RANGE_SLOPE,
                    SURPRISE_DECADES,
                    SUPPRESSION_DECAY,
                    WARMUP,
                    TAIL_WARMUP,
                    SEASONAL_SLOTS,
                    SEASONAL_ALPHA,
                    SEASONAL_OFFSET_ALPHA,
                    SEASONAL_WARMUP_DAYS,
                    WEEKLY_PROFILE);

    public DetectorConfig {
        requireUnit("fastAlpha", fastAlpha);
        requireUnit("slowAlpha", slowAlpha);
        requireUnit("scaleAlpha", scaleAlpha);
        requireUnit("sustainedAlpha", sustainedAlpha);
        requirePositive("tailHalfLife", tailHalfLife);
        if (!(tailFraction > 0 && tailFraction < 1)) {
            throw new IllegalArgumentException(
                    "tailFraction must be in (0, 1), e.g. 0.05; was " + tailFraction);
        }
        if (!(rangeTolerance >= 0 && Double.isFinite(rangeTolerance))) {
            throw new IllegalArgumentException(
                    "rangeTolerance must be a finite fraction >= 0, e.g. 0.01; was "
                            + rangeTolerance);
        }
        if (!(rangeScore >= 0 && rangeScore <= 1)) {
            throw new IllegalArgumentException("rangeScore must be in [0, 1]; was " + rangeScore);
        }
        if (!(rangeSlope >= 0 && Double.isFinite(rangeSlope))) {
            throw new IllegalArgumentException(
                    "rangeSlope must be finite and >= 0; was " + rangeSlope);
        }
        requirePositive("surpriseDecades", surpriseDecades);
        requireUnit("suppressionDecay", suppressionDecay);
        if (seasonalSlots < 1
                || seasonalSlots > MAX_SEASONAL_SLOTS
                || 86_400 % seasonalSlots != 0) {
            throw new IllegalArgumentException(
                    "seasonalSlots must divide a day into whole seconds, 1.."
                            + MAX_SEASONAL_SLOTS
                            + ", e.g. 24; was "
                            + seasonalSlots);
        }
        requireUnit("seasonalAlpha", seasonalAlpha);
        requireUnit("seasonalOffsetAlpha", seasonalOffsetAlpha);
        if (seasonalWarmupDays < 1) {
            throw new IllegalArgumentException(
                    "seasonalWarmupDays must be >= 1; was " + seasonalWarmupDays);
        }
        if (warmup < 2 || tailWarmup < 0) {
            throw new IllegalArgumentException(
                    "warmup must be >= 2 and tailWarmup >= 0; were " + warmup + ", " + tailWarmup);
        }
    }

    private static void requireUnit(String name, double v) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in (0, 1]; was " + v);
        }
    }

    private static void requirePositive(String name, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(name + " must be finite and > 0; was " + v);
        }
    }
}
