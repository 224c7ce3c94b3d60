package io.vigil.udfs.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Creates detectors and restores them from {@link Detector#snapshot()} bytes.
 *
 * <pre>{@code
 * Detector d = Detectors.createDefault();
 * byte[] state = d.snapshot();             // into Flink keyed state
 * Detector again = Detectors.restore(state); // same outputs from here on
 * }</pre>
 */
public final class Detectors {

    /**
     * The alerting threshold for the default detector: score 0.7 is a tail probability of about
     * 2.5e-6 (5.6 decades) for the largest of the surprises compared at a point (each one's own
     * tail probability is {@code sqrt(k)} times smaller, k = 2 to 4), so a well-behaved series
     * raises a false alert well under once per 100,000 points; a new extreme alerts when it holds
     * for two points about 18% of the range (and 3.7 mean absolute residuals) past the old
     * extremes, or when its deviation is that rare.
     */
    public static final double DEFAULT_THRESHOLD = 0.7;

    /**
     * The corpus-wide threshold NAB's optimiser picks for the default detector (standard profile),
     * rounded (see {@code docs/benchmarks.md}). NAB rewards catching a window much more than it
     * charges a false positive, so its optimum is far more sensitive than {@link
     * #DEFAULT_THRESHOLD}: at it, plain Gaussian noise alerts about once per few thousand points.
     */
    public static final double NAB_THRESHOLD = 0.35;

    private Detectors() {}

    /** The default detector: a {@link SurpriseDetector} with {@link DetectorConfig#DEFAULT}. */
    public static Detector createDefault() {
        return new SurpriseDetector(DetectorConfig.DEFAULT);
    }

    /** A {@link SurpriseDetector} with a custom configuration (for experiments). */
    public static Detector create(DetectorConfig config) {
        return new SurpriseDetector(config);
    }

    /**
     * Restores a detector from its snapshot; the restored detector gives exactly the outputs the
     * original would have given.
     *
     * @throws IllegalArgumentException if the bytes are not a snapshot of a known format and
     *     version
     */
    public static Detector restore(byte[] snapshot) {
        ByteBuffer in = ByteBuffer.wrap(snapshot);
        try {
            byte magic = in.get();
            byte version = in.get();
            if (magic != SurpriseDetector.MAGIC) {
                throw new IllegalArgumentException(
                        "not a detector snapshot: first byte " + magic + ", expected 'S'");
            }
            if (version < SurpriseDetector.VERSION_1 || version > SurpriseDetector.VERSION) {
                throw new IllegalArgumentException(
                        "unsupported SurpriseDetector snapshot version "
                                + version
                                + " (this build reads "
                                + SurpriseDetector.VERSION_1
                                + " to "
                                + SurpriseDetector.VERSION
                                + ")");
            }
            Detector d = SurpriseDetector.read(in, version);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(
                        "snapshot has " + in.remaining() + " trailing bytes");
            }
            return d;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(
                    "truncated detector snapshot (" + snapshot.length + " bytes)", e);
        }
    }
}
