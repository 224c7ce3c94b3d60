package io.vigil.udfs.anomaly;

import java.nio.ByteBuffer;

/**
 * How rare a non-negative statistic is, judged against its own decayed history: an upper-tail
 * probability {@code P(Y >= y)} for a statistic {@code y} that is already on a log scale (the
 * detectors feed {@code ln(1 + z)} for a normalised deviation {@code z}).
 *
 * <p>The history is a histogram of {@value #BINS} bins of width {@value #BIN_WIDTH} over {@code [0,
 * 12)} (the last bin also takes everything above). Old observations fade with a half-life given in
 * observations: rather than multiplying every bin on each step, each new observation gets a weight
 * that grows by {@code 2^(1/halfLife)}, and the whole histogram is rescaled when that weight gets
 * large. The counts are {@code float}s, so the state is {@value #BINS} × 4 bytes plus two doubles.
 *
 * <p>The tail probability blends two estimates, half each:
 *
 * <ul>
 *   <li>the empirical survival function of the histogram (a value seen a few times before is not
 *       rare, however far out it is), and
 *   <li>a peaks-over-threshold fit: above the {@code 1 - q} quantile {@code u}, an exponential tail
 *       whose scale is the histogram's mean excess over {@code u}. This keeps decreasing beyond
 *       anything seen, so a point further out than the whole history gets a probability far below
 *       {@code 1 / history}.
 * </ul>
 *
 * Below {@code u} the probability is reported as 1: nothing in the bulk is rare.
 */
final class TailHistogram {

    /** Number of bins; with {@link #BIN_WIDTH} they cover {@code ln(1 + z)} up to 12. */
    static final int BINS = 48;

    /** Bin width on the log scale: neighbouring bins differ by a factor 1.28 in {@code 1 + z}. */
    static final double BIN_WIDTH = 0.25;

    /** Rescale the histogram once the running weight passes this (floats reach 3.4e38). */
    private static final float RESCALE_AT = 1e30f;

    /** Weight of the parametric tail in the blend; the empirical survival gets the rest. */
    private static final double PARAMETRIC_SHARE = 0.5;

    private final float[] counts = new float[BINS];
    private final double growth;
    private final double tailFraction;
    private double weight = 1;
    private double total;

    /**
     * @param growth how much each new observation outweighs the previous one, {@link
     *     #growth(double)} of the half-life (computed once per detector: a restore per point
     *     creates four histograms)
     * @param tailFraction {@code q}: the fraction of the history treated as the tail
     */
    TailHistogram(double growth, double tailFraction) {
        this.growth = growth;
        this.tailFraction = tailFraction;
    }

    /** The per-observation growth for a half-life in observations: {@code 2^(1/halfLife)}. */
    static double growth(double halfLife) {
        return Math.pow(2, 1 / halfLife);
    }

    /** Adds one observation of the statistic (non-negative, finite). */
    void add(double y) {
        weight *= growth;
        counts[bin(y)] += (float) weight;
        total += weight;
        if (weight > RESCALE_AT) {
            for (int i = 0; i < BINS; i++) {
                counts[i] = (float) (counts[i] / weight);
            }
            total /= weight;
            weight = 1;
        }
    }

    /** {@code P(Y >= y)} under the blended model; {@code 1} before any observation. */
    double tailProbability(double y) {
        if (total <= 0) {
            return 1;
        }
        // The tail threshold u: walk down from the top until the tail holds q of the mass.
        double need = tailFraction * total;
        double above = 0;
        int k = BINS - 1;
        while (k > 0 && above + counts[k] < need) {
            above += counts[k];
            k--;
        }
        double inBin = counts[k] > 0 ? (need - above) / counts[k] : 0;
        double u = (k + 1 - inBin) * BIN_WIDTH;
        if (y <= u) {
            return 1;
        }
        // Mean excess over u, from bin centres (the part of bin k above u counts half its width).
        double excess = inBin * counts[k] * (inBin * BIN_WIDTH / 2);
        double mass = inBin * counts[k];
        for (int j = k + 1; j < BINS; j++) {
            excess += counts[j] * ((j + 0.5) * BIN_WIDTH - u);
            mass += counts[j];
        }
        double scale = mass > 0 ? Math.max(excess / mass, BIN_WIDTH / 2) : BIN_WIDTH;
        double parametric = tailFraction * Math.exp(-(y - u) / scale);
        // Empirical survival: the part of y's bin above y (linear within the bin), then every bin
        // above.
        int ky = bin(y);
        double empirical = counts[ky] * Math.max(0, (ky + 1) - y / BIN_WIDTH);
        for (int j = ky + 1; j < BINS; j++) {
            empirical += counts[j];
        }
        return (1 - PARAMETRIC_SHARE) * empirical / total + PARAMETRIC_SHARE * parametric;
    }

    private static int bin(double y) {
        return Math.min(BINS - 1, (int) (y / BIN_WIDTH));
    }

    static int serializedSize() {
        return BINS * Float.BYTES + 2 * Double.BYTES;
    }

    void writeTo(ByteBuffer out) {
        // Bulk copy: with a serializing state backend this runs for every point.
        out.asFloatBuffer().put(counts);
        out.position(out.position() + BINS * Float.BYTES);
        out.putDouble(weight);
        out.putDouble(total);
    }

    void readFrom(ByteBuffer in) {
        in.asFloatBuffer().get(counts);
        in.position(in.position() + BINS * Float.BYTES);
        weight = in.getDouble();
        total = in.getDouble();
    }
}
