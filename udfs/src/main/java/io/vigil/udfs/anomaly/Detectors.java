package io.vigil.udfs.anomaly;

import java.nio.ByteBuffer;
import org.apache.commons.math3.special.Erf;

/**
 * Factory of Vigil's anomaly detectors.
 *
 * <p><b>PLACEHOLDER — the baseline to be replaced.</b> This version exists only so that the NAB
 * benchmark ({@code vigil bench nab}) compiles and runs before the real detectors land; the
 * detector work replaces this whole file. {@link #createDefault()} here is a plain causal rolling
 * z-score (windowed-Gaussian-like) with no tuning, to be read as a floor, not as Vigil's result.
 */
public final class Detectors {

    /** Points in the rolling window of the baseline detector. */
    private static final int BASELINE_WINDOW = 1000;

    /** Points the baseline sees before it scores (it returns {@link Assessment#learning()}). */
    private static final int BASELINE_WARM_UP = 30;

    /** Half-width of the baseline's band of normal values, in standard deviations. */
    private static final double BASELINE_BAND_SIGMAS = 3.0;

    private Detectors() {}

    /**
     * The default detector. <b>Placeholder baseline</b>: the score of a point is {@code erf(|z| /
     * √2)}, the two-sided Gaussian probability mass closer to the mean than the point, where z is
     * the point's distance from the mean of the previous {@value #BASELINE_WINDOW} points in their
     * standard deviations. State: at most {@value #BASELINE_WINDOW} doubles.
     */
    public static Detector createDefault() {
        return new RollingZScore(BASELINE_WINDOW, BASELINE_WARM_UP);
    }

    /** Causal rolling z-score over a ring buffer of the last {@code capacity} values. */
    static final class RollingZScore implements Detector {
        private final double[] window;
        private final int warmUp;
        private int count;
        private int next;

        RollingZScore(int capacity, int warmUp) {
            this.window = new double[capacity];
            this.warmUp = warmUp;
        }

        @Override
        public Assessment observe(long epochMillis, double value) {
            Assessment assessment = count < warmUp ? Assessment.learning() : assess(value);
            window[next] = value;
            next = (next + 1) % window.length;
            count = Math.min(count + 1, window.length);
            return assessment;
        }

        private Assessment assess(double value) {
            // Two passes over the window: exact enough for values around 1e9 as well.
            double mean = 0.0;
            for (int i = 0; i < count; i++) {
                mean += window[i];
            }
            mean /= count;
            double squares = 0.0;
            for (int i = 0; i < count; i++) {
                double d = window[i] - mean;
                squares += d * d;
            }
            double sd = Math.sqrt(squares / count);
            double distance = Math.abs(value - mean);
            double score;
            if (sd > 0.0) {
                score = Erf.erf(distance / sd / Math.sqrt(2.0));
            } else {
                score = distance == 0.0 ? 0.0 : 1.0; // a flat series that moves
            }
            double band = BASELINE_BAND_SIGMAS * sd;
            return new Assessment(
                    Math.max(0.0, Math.min(1.0, score)), mean, mean - band, mean + band);
        }

        @Override
        public byte[] snapshot() {
            ByteBuffer buffer = ByteBuffer.allocate(4 * Integer.BYTES + count * Double.BYTES);
            buffer.putInt(window.length).putInt(warmUp).putInt(count).putInt(next);
            for (int i = 0; i < count; i++) {
                buffer.putDouble(window[i]);
            }
            return buffer.array();
        }
    }
}
