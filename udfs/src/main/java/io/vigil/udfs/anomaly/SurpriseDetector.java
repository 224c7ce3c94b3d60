package io.vigil.udfs.anomaly;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Vigil's default detector: scores each point by how surprising it is, in tail-probability terms
 * calibrated on the series' own history, and reports each surprising event once, at its onset.
 *
 * <p>Per point, three surprises, each turned into a score in [0, 1]:
 *
 * <ol>
 *   <li><b>New extreme.</b> A value more than {@code rangeTolerance} of the range past the minimum
 *       or maximum seen so far scores {@code rangeScore}, plus {@code rangeSlope} per range width
 *       beyond.
 *   <li><b>Point surprise.</b> Two levels predict the value: a fast EWMA (follows smooth curves and
 *       settled shifts) and a slow one (averages noise). Each residual is divided by that level's
 *       mean absolute residual; the smaller of the two, {@code z}, is the deviation no level
 *       explains. {@code y = ln(1 + z)} goes through a {@link TailHistogram} of its own past
 *       values, which gives its tail probability {@code p}; the score is {@code -log10(p) /
 *       surpriseDecades}. A series that often jumps therefore needs a bigger jump to score than a
 *       quiet one, which is what makes one global threshold work across series.
 *   <li><b>Sustained surprise.</b> The same for an EWMA of {@code y} over about ten points, so a
 *       run of moderately unusual points (more noise, a small shift) adds up — the idea of
 *       numenta's anomaly likelihood.
 * </ol>
 *
 * The point's raw score is the largest of the three. The reported score is the raw score only if it
 * beats a decaying envelope of recent raw scores (decay {@code suppressionDecay} per point), and 0
 * otherwise: a level shift, a burst or a long anomaly is reported at its onset, then the detector
 * stays quiet while it adapts, unless the event gets clearly worse.
 *
 * <p>State: about 500 bytes serialized (two 48-bin float histograms and a dozen numbers), see
 * {@link #snapshot()}. Cost: constant per point, no allocation besides the returned assessment.
 * Timestamps are not used.
 */
public final class SurpriseDetector implements Detector {

    /** Half-width of the reported band, in mean absolute residuals of the better level. */
    static final double BAND_WIDTH = 4;

    /** Deviations are capped here before the log: beyond it every point is equally extreme. */
    private static final double MAX_Z = 1e6;

    /**
     * Scales never drop below this fraction of the range seen, so a flat line is not infinitely
     * surprising.
     */
    private static final double SCALE_FLOOR = 1e-3;

    static final byte MAGIC = 'S';
    static final byte VERSION = 1;

    private final DetectorConfig config;
    private final TailHistogram pointTail;
    private final TailHistogram sustainedTail;

    private long count;
    private double fast;
    private double slow;
    private double fastScale;
    private double slowScale;
    private double min;
    private double max;
    private double sustained;
    private double envelope;

    /** A detector with {@code config}, before any point. */
    public SurpriseDetector(DetectorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.pointTail = new TailHistogram(config.tailHalfLife(), config.tailFraction());
        this.sustainedTail = new TailHistogram(config.tailHalfLife(), config.tailFraction());
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
            return count < config.warmup() ? Assessment.learning() : band(0, expected(), floor());
        }
        count++;
        if (count == 1) {
            fast = slow = min = max = value;
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
        double y = Math.log1p(Math.min(z, MAX_Z));
        Assessment before = count < config.warmup() ? null : band(0, expected, floor);

        fast += weight(config.fastAlpha(), count) * fastResidual;
        slow += weight(config.slowAlpha(), count) * slowResidual;
        fastScale += weight(config.scaleAlpha(), count - 1) * (Math.abs(fastResidual) - fastScale);
        slowScale += weight(config.scaleAlpha(), count - 1) * (Math.abs(slowResidual) - slowScale);

        double range = max - min;
        double rangeScore = 0;
        if (range > 0) {
            double beyond = Math.max(value - max, min - value) / range - config.rangeTolerance();
            if (beyond > 0) {
                rangeScore = Math.min(1, config.rangeScore() + config.rangeSlope() * beyond);
            }
        }
        min = Math.min(min, value);
        max = Math.max(max, value);

        double pointScore = decades(pointTail.tailProbability(y));
        sustained += weight(config.sustainedAlpha(), count) * (y - sustained);
        double sustainedScore = decades(sustainedTail.tailProbability(sustained));
        if (count > config.tailWarmup()) {
            pointTail.add(y);
            sustainedTail.add(sustained);
        }
        if (before == null) {
            return Assessment.learning();
        }
        double raw = Math.max(rangeScore, Math.max(pointScore, sustainedScore));
        double reported = raw > envelope ? raw : 0;
        envelope = Math.max(envelope * config.suppressionDecay(), raw);
        return reported == 0 ? before : band(reported, expected, floor);
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
        return new Assessment(score, expected, expected - half, expected + half);
    }

    /**
     * The whole state, versioned: {@code 'S'}, version, a config flag (0: {@link
     * DetectorConfig#DEFAULT}; 1: the 13 config values follow), then the state. About 500 bytes
     * with the default config. Restore with {@link Detectors#restore(byte[])}.
     */
    @Override
    public byte[] snapshot() {
        boolean custom = !config.equals(DetectorConfig.DEFAULT);
        int size =
                3
                        + (custom ? 11 * Double.BYTES + 2 * Integer.BYTES : 0)
                        + Long.BYTES
                        + 8 * Double.BYTES
                        + 2 * TailHistogram.serializedSize();
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
                    .putInt(config.tailWarmup());
        }
        out.putLong(count)
                .putDouble(fast)
                .putDouble(slow)
                .putDouble(fastScale)
                .putDouble(slowScale)
                .putDouble(min)
                .putDouble(max)
                .putDouble(sustained)
                .putDouble(envelope);
        pointTail.writeTo(out);
        sustainedTail.writeTo(out);
        return out.array();
    }

    /** Reads what {@link #snapshot()} wrote, after the magic and version bytes. */
    static SurpriseDetector read(ByteBuffer in) {
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
                            in.getInt());
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
        d.pointTail.readFrom(in);
        d.sustainedTail.readFrom(in);
        return d;
    }
}
