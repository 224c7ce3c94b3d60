package io.vigil.udfs.forecast;

/**
 * How likely a series is to reach a threshold within the next {@code horizon} steps, calibrated on
 * the series' own record.
 *
 * <p>At each step below the threshold, the forecast's distance to it is measured in standard
 * deviations of its error: {@code d = min_k (T − ŷ_k) / σ_k} over the horizon (0 or less when the
 * forecast itself reaches it). {@code horizon} steps later the outcome is known: did any value
 * reach {@code T}? Outcomes are counted per band of {@code d} ({@link #EDGES}); the confidence for
 * a new step is its band's share of hits, starting from the normal tail {@code 1 − Φ(d)} at the
 * band's middle worth {@value #PRIOR_WEIGHT} outcomes. So a series that often comes close without
 * crossing earns more caution, one that jumps over from afar earns less, and a series with no
 * record (a disk that has never filled) gets the normal model's odds.
 *
 * <p>State: the bands' counts and the last {@code horizon} distances (floats).
 */
public final class BreachCalibration {

    /** Upper edges of the distance bands, standard deviations; a last band takes the rest. */
    static final double[] EDGES = {0, 0.5, 1, 1.5, 2, 2.5, 3, 4};

    /** Upper edges of the bands of the latest value's distance, one-step standard deviations. */
    static final double[] NEAR_EDGES = {1, 2, 3, 5, 8};

    private static final int NEAR_BANDS = NEAR_EDGES.length + 1;

    /** Weight of the normal model's odds, in outcomes. */
    static final double PRIOR_WEIGHT = 5;

    private static final double[] PRIOR = priors();

    final double threshold;
    final int horizon;

    /** The cell recorded at each of the last {@code horizon} steps, −1 if none. */
    final short[] pending;

    final int[] outcomes = new int[(EDGES.length + 1) * NEAR_BANDS];
    final int[] hits = new int[(EDGES.length + 1) * NEAR_BANDS];
    long steps;
    long lastReached = -1;

    /**
     * Odds of reaching {@code threshold} within {@code horizon} steps.
     *
     * @throws IllegalArgumentException if {@code horizon < 1} or the threshold is not finite
     */
    public BreachCalibration(double threshold, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1 step, was " + horizon);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, was " + threshold);
        }
        this.threshold = threshold;
        this.horizon = horizon;
        this.pending = new short[horizon];
        java.util.Arrays.fill(pending, (short) -1);
    }

    /**
     * Records this step's {@code value} and the forecast made after it (at least {@code horizon}
     * steps), and returns the confidence that a value reaches the threshold within the next {@code
     * horizon} steps: 0 when the value is already there (that is the reactive alert's job).
     */
    public double observe(double value, Forecast forecast) {
        return observe(value, forecast, true);
    }

    /**
     * As {@link #observe(double, Forecast)}, for a forecast that may not be {@code trusted} (see
     * {@link Forecaster#tracking()}): an untrusted forecast predicts nothing (confidence 0) and
     * leaves no outcome to count.
     */
    public double observe(double value, Forecast forecast, boolean trusted) {
        if (value >= threshold) {
            lastReached = steps;
        }
        int slot = (int) (steps % horizon);
        int due = pending[slot];
        if (due >= 0) {
            outcomes[due]++;
            if (lastReached > steps - horizon) {
                hits[due]++;
            }
        }
        double confidence = 0;
        pending[slot] = -1;
        if (value < threshold && trusted) {
            double d = distance(forecast);
            if (!Double.isNaN(d)) {
                int band = band(EDGES, d);
                double sigma = forecast.sigma()[0];
                double near = sigma > 0 ? (threshold - value) / sigma : Double.POSITIVE_INFINITY;
                int cell = band * NEAR_BANDS + band(NEAR_EDGES, near);
                pending[slot] = (short) cell;
                confidence =
                        (hits[cell] + PRIOR_WEIGHT * PRIOR[band]) / (outcomes[cell] + PRIOR_WEIGHT);
            }
        }
        steps++;
        return confidence;
    }

    /** The threshold. */
    public double threshold() {
        return threshold;
    }

    /** The horizon, steps. */
    public int horizon() {
        return horizon;
    }

    /** {@code min_k (T − ŷ_k) / σ_k} over the horizon; not-a-number without a forecast. */
    double distance(Forecast forecast) {
        double d = Double.POSITIVE_INFINITY;
        for (int k = 0; k < horizon; k++) {
            double mean = forecast.mean()[k];
            double sigma = forecast.sigma()[k];
            if (Double.isNaN(mean)) {
                return Double.NaN;
            }
            double gap = threshold - mean;
            double distance =
                    sigma > 0
                            ? gap / sigma
                            : (gap <= 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            d = Math.min(d, distance);
        }
        return d;
    }

    static int band(double[] edges, double d) {
        for (int b = 0; b < edges.length; b++) {
            if (d < edges[b]) {
                return b;
            }
        }
        return edges.length;
    }

    private static double[] priors() {
        double[] prior = new double[EDGES.length + 1];
        for (int b = 0; b <= EDGES.length; b++) {
            double middle =
                    b == 0
                            ? -0.5
                            : b == EDGES.length ? EDGES[b - 1] + 1 : (EDGES[b - 1] + EDGES[b]) / 2;
            prior[b] = 1 - Normal.cdf(middle);
        }
        return prior;
    }
}
