package io.vigil.udfs.anomaly;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * Vigil's default detector: scores each point by how surprising it is, in tail-probability terms
 * calibrated on the series' own history, and reports each surprising event once, at its onset.
 *
 * <p>Per point, four surprises, each turned into a score in [0, 1]:
 *
 * <ol>
 *   <li><b>New extreme.</b> A value more than {@code rangeTolerance} of the range past the minimum
 *       or maximum seen so far scores {@code rangeScore}. It scores more, {@code rangeSlope} per
 *       range width, only for a level beyond the range, not a single excursion, and only as far as
 *       the noise allows: the excess counted is the smaller of this point's and the previous
 *       point's excess over the extremes seen before the previous point (so a burst that wavers
 *       still counts on its second point), and at most the step past the range in units of {@value
 *       #RANGE_NOISE_WIDTHS} mean absolute residuals. A young range is narrow, so a step of a few
 *       residuals past it is what noise or a random walk does while the range is being learnt (in a
 *       quiet generated hour, the uncapped rule raised a dozen alerts on memory, CPU and filesystem
 *       series); a single excursion is the point surprise's business.
 *   <li><b>Point surprise.</b> Two levels predict the value: a fast EWMA (follows smooth curves and
 *       settled shifts) and a slow one (averages noise). Each residual is divided by that level's
 *       mean absolute residual; the smaller of the two, {@code z}, is the deviation no level
 *       explains. {@code y = ln(1 + z)} goes through a {@link TailHistogram} of its own past
 *       values, which gives its tail probability {@code p}; the score is {@code -log10(p) /
 *       surpriseDecades}. A series that often jumps therefore needs a bigger jump to score than a
 *       quiet one, which is what makes one threshold work across series.
 *   <li><b>Sustained surprise.</b> The same for an EWMA of {@code y} over about ten points, so a
 *       run of moderately unusual points (more noise, a small shift) adds up — the idea of
 *       numenta's anomaly likelihood.
 *   <li><b>Seasonal surprise.</b> A daily profile ({@code seasonalSlots} slots by time of day) plus
 *       a quickly adapting offset predicts the value; its residual is calibrated the same way. It
 *       is scored only once the series has crossed {@code seasonalWarmupDays} day boundaries and
 *       only while the profile predicts better than both levels (a smaller mean absolute residual,
 *       this point's residuals included), so it speaks up for daily-patterned series — a missing
 *       nightly job, a day that looks wrong — and stays out of the rest.
 *   <li><b>Weekly surprise</b> (with {@link DetectorConfig#weeklyProfile()}). The same with a
 *       weekly profile of {@value #WEEKLY_SLOTS} hourly slots, scored once the series spans {@value
 *       #WEEKLY_WARMUP_WEEKS} weeks and only while it predicts better than the levels and the daily
 *       profile: a weekday that looks like a Sunday (a holiday), a missing weekly job.
 * </ol>
 *
 * The point's raw score is the largest of these. Taking the largest of {@code k} calibrated tail
 * probabilities makes a point {@code k} times as likely to look rare, if they were independent;
 * they are not (one point drives them all), so each tail probability is multiplied by {@code
 * sqrt(k)} before it becomes a score, {@code k} counting the surprises scored at this point (two,
 * plus the daily and the weekly one where they apply). A series whose profiles are scored does not
 * get more false alarms for it. The reported score is the raw score only if it beats a decaying
 * envelope of recent raw scores (decay {@code suppressionDecay} per point) by {@value
 * #REPORT_MARGIN}, and 0 otherwise: a level shift, a burst or a long anomaly is reported at its
 * onset, then the detector stays quiet while it adapts, unless the event gets clearly worse (a run
 * of new extremes at one score is one event, not one per point).
 *
 * <p>State: 1,887 bytes serialized with the default config (four 48-bin float histograms, a 24-slot
 * daily and a 168-slot float weekly profile, and a few dozen numbers; 959 bytes without the weekly
 * profile), see {@link #snapshot()}. Cost: constant per point, no allocation besides the returned
 * assessment.
 */
public final class SurpriseDetector implements Detector {

    /** Half-width of the reported band, in mean absolute residuals of the better level. */
    static final double BAND_WIDTH = 4;

    /**
     * How much a raw score must beat the envelope to be reported. Without it, a run of new extremes
     * at the constant {@code rangeScore} beat the envelope again after a single point of decay and
     * was reported on most of its points (nine on one NAB file within 32 points).
     */
    static final double REPORT_MARGIN = 0.02;

    /** Deviations are capped here before the log: beyond it every point is equally extreme. */
    private static final double MAX_Z = 1e6;

    /**
     * Scales never drop below this fraction of the range seen, so a flat line is not infinitely
     * surprising.
     */
    private static final double SCALE_FLOOR = 1e-3;

    /**
     * The slope of a new extreme counts its excess in range widths, but at most in units of this
     * many mean absolute residuals (of the better level): a level 3.7 residuals past everything
     * seen is needed to reach the alerting threshold through the slope, however narrow the range.
     */
    static final double RANGE_NOISE_WIDTHS = 20;

    /**
     * Event time a series is learnt for before it is scored, however many points it sent (at least
     * {@link DetectorConfig#warmup()} too). What a series' history says about its range and noise
     * grows with the time it spans more than with its points: ten-second points of a random walk
     * (memory, queue depths) are not six times as informative as one-minute points. 15 minutes is
     * 90 points at a ten-second interval; at one minute or slower, the points decide. A detector
     * does not alert while it is still learning a series (NAB's probation idea): the young
     * histories of a quiet generated hour extrapolated their tails from two or three points and
     * alerted on a second HTTP 500 in half an hour.
     */
    public static final Duration MIN_LEARNING = Duration.ofMinutes(15);

    private static final long MIN_LEARNING_MILLIS = MIN_LEARNING.toMillis();

    /** Points before the seasonal scale is trusted, whatever the number of days. */
    private static final int SEASONAL_MIN_POINTS = 50;

    private static final long DAY_MILLIS = 86_400_000L;

    /** Slots of the weekly profile: one per hour of the (UTC) week. */
    static final int WEEKLY_SLOTS = 168;

    /** Weeks a series must span before the weekly surprise is scored. */
    static final int WEEKLY_WARMUP_WEEKS = 2;

    private static final long WEEK_MILLIS = 7 * DAY_MILLIS;
    private static final long WEEKLY_SLOT_MILLIS = WEEK_MILLIS / WEEKLY_SLOTS;
    private static final long NO_TIME = Long.MIN_VALUE;

    static final byte MAGIC = 'S';

    /** Version 3 added the weekly profile; versions 1 and 2 are still read. */
    static final byte VERSION = 3;

    /** Format 2: with the previous point and the extremes before it, without the weekly profile. */
    static final byte VERSION_2 = 2;

    /** The first format: without the previous point and the extremes before it. */
    static final byte VERSION_1 = 1;

    private final DetectorConfig config;
    private final boolean custom; // config differs from DetectorConfig.DEFAULT
    private final long slotMillis;
    private final TailHistogram pointTail;
    private final TailHistogram sustainedTail;
    private final TailHistogram seasonalTail;
    private final double[] profile;

    private long count;
    private long firstMillis; // event time of the first point
    private double fast;
    private double slow;
    private double fastScale;
    private double slowScale;
    private double min;
    private double max;
    private double previous = Double.NaN; // the previous point; NaN before it
    private double minBefore; // the extremes before the previous point
    private double maxBefore;
    private double sustained;
    private double envelope;
    private long profileSeen; // bit per slot: has the slot a value yet
    private double offset;
    private double seasonalScale;
    private long lastDay = Long.MIN_VALUE;
    private int days;
    // The weekly profile; the array and the histogram are null without it.
    private final float[] weekly;
    private final long[] weeklySeen; // bit per slot: has the slot a value yet
    private final TailHistogram weeklyTail;
    private double weeklyOffset;
    private double weeklyScale;
    private long weeklySince = NO_TIME; // event time the weekly profile started learning
    // Per point, not state: whether the daily and the weekly surprise were scored at this point.
    private boolean dailyScored;
    private boolean weeklyScored;

    /** A detector with {@code config}, before any point. */
    public SurpriseDetector(DetectorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.slotMillis = DAY_MILLIS / config.seasonalSlots();
        // Identity first: the default detector and its restores share DetectorConfig.DEFAULT, and a
        // record comparison per snapshot costs as much as a tenth of the state round trip.
        this.custom = config != DetectorConfig.DEFAULT && !config.equals(DetectorConfig.DEFAULT);
        double growth = TailHistogram.growth(config.tailHalfLife());
        this.pointTail = new TailHistogram(growth, config.tailFraction());
        this.sustainedTail = new TailHistogram(growth, config.tailFraction());
        this.seasonalTail = new TailHistogram(growth, config.tailFraction());
        this.profile = new double[config.seasonalSlots()];
        if (config.weeklyProfile()) {
            this.weekly = new float[WEEKLY_SLOTS];
            this.weeklySeen = new long[(WEEKLY_SLOTS + 63) / 64];
            this.weeklyTail = new TailHistogram(growth, config.tailFraction());
        } else {
            this.weekly = null;
            this.weeklySeen = null;
            this.weeklyTail = null;
        }
    }

    /** This detector's configuration. */
    public DetectorConfig config() {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A non-finite value (against the contract) is not learned from: the state does not change
     * and the assessment has score 0 and the current expectation.
     */
    @Override
    public Assessment observe(long epochMillis, double value) {
        if (!Double.isFinite(value)) {
            return learning(epochMillis) ? Assessment.learning() : band(0, expected(), floor());
        }
        count++;
        if (count == 1) {
            firstMillis = epochMillis;
            fast = slow = min = max = value;
            learnSeasonal(epochMillis, value, 0);
            if (weekly != null) {
                weekly(epochMillis, value, floor());
            }
            return Assessment.learning();
        }
        double floor = floor();
        double expected = expected();
        double fastResidual = value - fast;
        double slowResidual = value - slow;
        double z =
                Math.min(
                        Math.abs(fastResidual) / Math.max(fastScale, floor),
                        Math.abs(slowResidual) / Math.max(slowScale, floor));
        double y = logDeviation(z);
        boolean scoring = !learning(epochMillis);
        Assessment quiet = scoring ? band(0, expected, floor) : Assessment.learning();

        // 1. New extreme (before the range takes the value in).
        double rangeScore = newExtreme(value, floor);
        fast += weight(config.fastAlpha(), count) * fastResidual;
        slow += weight(config.slowAlpha(), count) * slowResidual;
        fastScale += weight(config.scaleAlpha(), count - 1) * (Math.abs(fastResidual) - fastScale);
        slowScale += weight(config.scaleAlpha(), count - 1) * (Math.abs(slowResidual) - slowScale);
        minBefore = min;
        maxBefore = max;
        previous = value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        // 4. Seasonal surprise: gated on the levels' scales including this point's residuals.
        dailyScored = weeklyScored = false;
        double seasonalScore = seasonal(epochMillis, value, floor);
        if (weekly != null) {
            seasonalScore = Math.max(seasonalScore, weekly(epochMillis, value, floor));
        }

        // 2. and 3. Point and sustained surprise.
        double tests = 2 + (dailyScored ? 1 : 0) + (weeklyScored ? 1 : 0);
        double correction = 0.5 * Math.log10(tests) / config.surpriseDecades();
        seasonalScore = Math.max(0, seasonalScore - correction);
        double pointScore = Math.max(0, decades(pointTail.tailProbability(y)) - correction);
        sustained += weight(config.sustainedAlpha(), count) * (y - sustained);
        double sustainedScore =
                Math.max(0, decades(sustainedTail.tailProbability(sustained)) - correction);
        if (count > config.tailWarmup()) {
            pointTail.add(y);
            sustainedTail.add(sustained);
        }
        if (!scoring) {
            return quiet;
        }
        double raw =
                Math.max(Math.max(rangeScore, seasonalScore), Math.max(pointScore, sustainedScore));
        boolean report = raw > envelope + REPORT_MARGIN;
        envelope = Math.max(envelope * config.suppressionDecay(), raw);
        return report ? band(raw, expected, floor) : quiet;
    }

    /** Whether the series is still being learnt at {@code epochMillis}: not scored yet. */
    private boolean learning(long epochMillis) {
        return count < config.warmup() || epochMillis - firstMillis < MIN_LEARNING_MILLIS;
    }

    /** The new-extreme score of {@code value}, before the range takes it in; 0 inside the range. */
    private double newExtreme(double value, double floor) {
        double range = max - min;
        double excess = Math.max(value - max, min - value);
        double score =
                range > 0 && excess / range > config.rangeTolerance() ? config.rangeScore() : 0;
        // The slope: a level held for two points past the extremes seen before them, whether or
        // not this point also passes the previous one (a burst that wavers is still held).
        double rangeBefore = maxBefore - minBefore;
        if (Double.isNaN(previous) || !(rangeBefore > 0)) {
            return score;
        }
        if (score == 0 && previous <= maxBefore && previous >= minBefore) {
            return 0; // neither this point nor the previous one left the range
        }
        double held =
                Math.max(
                        Math.min(value, previous) - maxBefore,
                        minBefore - Math.max(value, previous));
        double noise = RANGE_NOISE_WIDTHS * Math.max(Math.min(fastScale, slowScale), floor);
        // Past the noise: this point's step past the range, or, when it stays inside what the
        // previous point reached, the held level's distance past the old range.
        double step = score > 0 ? excess : held;
        double beyond = Math.min(held / rangeBefore, step / noise) - config.rangeTolerance();
        if (beyond <= 0) {
            return score;
        }
        return Math.min(1, config.rangeScore() + config.rangeSlope() * beyond);
    }

    /** Scores the value against the daily profile, then learns it; 0 while not applicable. */
    private double seasonal(long epochMillis, double value, double floor) {
        int slot = slot(epochMillis);
        boolean known = (profileSeen & (1L << slot)) != 0;
        double residual = known ? value - (profile[slot] + offset) : 0;
        double y = logDeviation(Math.abs(residual) / Math.max(seasonalScale, floor));
        double score = 0;
        if (known
                && days >= config.seasonalWarmupDays()
                && count > SEASONAL_MIN_POINTS
                && seasonalScale < Math.min(fastScale, slowScale)) {
            score = decades(seasonalTail.tailProbability(y));
            dailyScored = true;
        }
        seasonalScale +=
                weight(config.scaleAlpha(), count - 1) * (Math.abs(residual) - seasonalScale);
        if (count > SEASONAL_MIN_POINTS) {
            seasonalTail.add(y);
        }
        learnSeasonal(epochMillis, value, slot);
        return score;
    }

    /**
     * Scores the value against the weekly profile, then learns it; 0 while not applicable. Called
     * after {@link #seasonal}, so the gate compares with the daily scale including this point.
     */
    private double weekly(long epochMillis, double value, double floor) {
        if (weeklySince == NO_TIME) {
            weeklySince = epochMillis; // also where a snapshot before version 3 starts its profile
        }
        int slot = (int) (Math.floorMod(epochMillis, WEEK_MILLIS) / WEEKLY_SLOT_MILLIS);
        long bit = 1L << (slot & 63);
        double score = 0;
        if ((weeklySeen[slot >>> 6] & bit) == 0) {
            weeklySeen[slot >>> 6] |= bit;
            weekly[slot] = (float) (value - weeklyOffset);
        } else {
            double residual = value - (weekly[slot] + weeklyOffset);
            double y = logDeviation(Math.abs(residual) / Math.max(weeklyScale, floor));
            if (epochMillis - weeklySince >= WEEKLY_WARMUP_WEEKS * WEEK_MILLIS
                    && count > SEASONAL_MIN_POINTS
                    && weeklyScale < Math.min(Math.min(fastScale, slowScale), seasonalScale)) {
                score = decades(weeklyTail.tailProbability(y));
                weeklyScored = true;
            }
            weeklyScale +=
                    weight(config.scaleAlpha(), count - 1) * (Math.abs(residual) - weeklyScale);
            if (count > SEASONAL_MIN_POINTS) {
                weeklyTail.add(y);
            }
            weekly[slot] +=
                    (float) (config.seasonalAlpha() * (value - weeklyOffset - weekly[slot]));
        }
        weeklyOffset += config.seasonalOffsetAlpha() * (value - weekly[slot] - weeklyOffset);
        return score;
    }

    private void learnSeasonal(long epochMillis, double value, int slot) {
        slot = slot(epochMillis);
        long bit = 1L << slot;
        if ((profileSeen & bit) == 0) {
            profileSeen |= bit;
            profile[slot] = value - offset;
        } else {
            profile[slot] += config.seasonalAlpha() * (value - offset - profile[slot]);
        }
        offset += config.seasonalOffsetAlpha() * (value - profile[slot] - offset);
        long day = Math.floorDiv(epochMillis, DAY_MILLIS);
        if (day != lastDay) {
            if (lastDay != Long.MIN_VALUE) {
                days = Math.min(days + 1, Integer.MAX_VALUE - 1);
            }
            lastDay = day;
        }
    }

    private int slot(long epochMillis) {
        return (int) (Math.floorMod(epochMillis, DAY_MILLIS) / slotMillis);
    }

    private static double logDeviation(double z) {
        return Math.log1p(Math.min(z, MAX_Z));
    }

    /**
     * The smoothing weight at the {@code n}-th update: the plain mean until {@code 1/n < alpha}.
     */
    private static double weight(double alpha, long n) {
        return n <= 0 ? 1 : Math.max(alpha, 1.0 / n);
    }

    private double decades(double tailProbability) {
        double d = -Math.log10(Math.max(tailProbability, Double.MIN_NORMAL));
        return Math.min(1, Math.max(0, d / config.surpriseDecades()));
    }

    private double floor() {
        return SCALE_FLOOR * (max - min) + Double.MIN_NORMAL;
    }

    /** The better level's prediction: the one with the smaller mean absolute residual. */
    private double expected() {
        return fastScale <= slowScale ? fast : slow;
    }

    private Assessment band(double score, double expected, double floor) {
        double half = BAND_WIDTH * Math.max(Math.min(fastScale, slowScale), floor);
        double lower = expected - half;
        // Counts, rates, utilisations, latencies: a series that has never been negative gets a
        // band that is not either (a symmetric band reached far below zero after bursts).
        if (min >= 0 && lower < 0) {
            lower = 0;
        }
        return new Assessment(score, expected, lower, expected + half);
    }

    /**
     * The whole state, versioned: {@code 'S'}, version, a config flag (0: {@link
     * DetectorConfig#DEFAULT}; 1: the config values follow), then the state, the weekly profile's
     * last. 1,887 bytes with the default config (959 without the weekly profile). Restore with
     * {@link Detectors#restore(byte[])}.
     */
    @Override
    public byte[] snapshot() {
        int size =
                3
                        + (custom ? 13 * Double.BYTES + 4 * Integer.BYTES : 0)
                        + 4 * Long.BYTES
                        + 13 * Double.BYTES
                        + Integer.BYTES
                        + profile.length * Double.BYTES
                        + 3 * TailHistogram.serializedSize()
                        + (custom ? 1 : 0)
                        + (weekly == null ? 0 : weeklySize());
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC).put(VERSION).put((byte) (custom ? 1 : 0));
        if (custom) {
            out.putDouble(config.fastAlpha())
                    .putDouble(config.slowAlpha())
                    .putDouble(config.scaleAlpha())
                    .putDouble(config.sustainedAlpha())
                    .putDouble(config.tailHalfLife())
                    .putDouble(config.tailFraction())
                    .putDouble(config.rangeTolerance())
                    .putDouble(config.rangeScore())
                    .putDouble(config.rangeSlope())
                    .putDouble(config.surpriseDecades())
                    .putDouble(config.suppressionDecay())
                    .putInt(config.warmup())
                    .putInt(config.tailWarmup())
                    .putInt(config.seasonalSlots())
                    .putDouble(config.seasonalAlpha())
                    .putDouble(config.seasonalOffsetAlpha())
                    .putInt(config.seasonalWarmupDays())
                    .put((byte) (config.weeklyProfile() ? 1 : 0));
        }
        out.putLong(count)
                .putDouble(fast)
                .putDouble(slow)
                .putDouble(fastScale)
                .putDouble(slowScale)
                .putDouble(min)
                .putDouble(max)
                .putDouble(sustained)
                .putDouble(envelope)
                .putLong(profileSeen)
                .putDouble(offset)
                .putDouble(seasonalScale)
                .putLong(lastDay)
                .putInt(days)
                .putDouble(previous)
                .putDouble(minBefore)
                .putDouble(maxBefore)
                .putLong(firstMillis);
        out.asDoubleBuffer().put(profile);
        out.position(out.position() + profile.length * Double.BYTES);
        pointTail.writeTo(out);
        sustainedTail.writeTo(out);
        seasonalTail.writeTo(out);
        if (weekly != null) {
            out.putDouble(weeklyOffset).putDouble(weeklyScale).putLong(weeklySince);
            for (long bits : weeklySeen) {
                out.putLong(bits);
            }
            out.asFloatBuffer().put(weekly);
            out.position(out.position() + weekly.length * Float.BYTES);
            weeklyTail.writeTo(out);
        }
        return out.array();
    }

    private static int weeklySize() {
        return 2 * Double.BYTES
                + Long.BYTES
                + (WEEKLY_SLOTS + 63) / 64 * Long.BYTES
                + WEEKLY_SLOTS * Float.BYTES
                + TailHistogram.serializedSize();
    }

    /**
     * Reads what {@link #snapshot()} wrote, after the magic and version bytes. A {@link #VERSION_1}
     * snapshot lacks the previous point, so the first point after it cannot raise a new extreme's
     * score above {@code rangeScore}. Snapshots before version 3 lack the first point's time (they
     * are learnt once they have {@code warmup} points, as before) and have no weekly profile: with
     * the default config flag they restore into {@link DetectorConfig#DEFAULT} with an empty weekly
     * profile (learnt from the next point on), with a custom config into that config without one.
     */
    static SurpriseDetector read(ByteBuffer in, byte version) {
        byte flag = in.get();
        DetectorConfig config;
        if (flag == 0) {
            config = DetectorConfig.DEFAULT;
        } else if (flag == 1) {
            config =
                    new DetectorConfig(
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getInt(),
                            in.getInt(),
                            in.getInt(),
                            in.getDouble(),
                            in.getDouble(),
                            in.getInt(),
                            version >= VERSION && readFlag(in));
        } else {
            throw new IllegalArgumentException("unknown config flag " + flag + " in snapshot");
        }
        SurpriseDetector d = new SurpriseDetector(config);
        d.count = in.getLong();
        d.fast = in.getDouble();
        d.slow = in.getDouble();
        d.fastScale = in.getDouble();
        d.slowScale = in.getDouble();
        d.min = in.getDouble();
        d.max = in.getDouble();
        d.sustained = in.getDouble();
        d.envelope = in.getDouble();
        d.profileSeen = in.getLong();
        d.offset = in.getDouble();
        d.seasonalScale = in.getDouble();
        d.lastDay = in.getLong();
        d.days = in.getInt();
        if (version >= VERSION_2) {
            d.previous = in.getDouble();
            d.minBefore = in.getDouble();
            d.maxBefore = in.getDouble();
        }
        // Before version 3 a series was learnt by the point count alone.
        d.firstMillis = version >= VERSION ? in.getLong() : Long.MIN_VALUE / 2;
        in.asDoubleBuffer().get(d.profile);
        in.position(in.position() + d.profile.length * Double.BYTES);
        d.pointTail.readFrom(in);
        d.sustainedTail.readFrom(in);
        d.seasonalTail.readFrom(in);
        if (d.weekly != null && version >= VERSION) {
            d.weeklyOffset = in.getDouble();
            d.weeklyScale = in.getDouble();
            d.weeklySince = in.getLong();
            for (int i = 0; i < d.weeklySeen.length; i++) {
                d.weeklySeen[i] = in.getLong();
            }
            in.asFloatBuffer().get(d.weekly);
            in.position(in.position() + d.weekly.length * Float.BYTES);
            d.weeklyTail.readFrom(in);
        }
        return d;
    }

    private static boolean readFlag(ByteBuffer in) {
        byte b = in.get();
        if (b != 0 && b != 1) {
            throw new IllegalArgumentException("weeklyProfile flag " + b + " in snapshot");
        }
        return b == 1;
    }
}
