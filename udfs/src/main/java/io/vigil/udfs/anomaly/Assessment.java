package io.vigil.udfs.anomaly;

/**
 * A detector's verdict on one point.
 *
 * @param score how anomalous the point is, in [0, 1]: 0 is entirely expected, 1 is certainly
 *     anomalous; callers compare it with a threshold (the default detector's is documented)
 * @param expected the value the detector predicted for this point before seeing it, in the series'
 *     unit; {@code NaN} while the detector is still learning
 * @param lower the lower edge of the band of normal values, in the series' unit; {@code NaN} while
 *     learning
 * @param upper the upper edge of the band of normal values; {@code NaN} while learning
 */
public record Assessment(double score, double expected, double lower, double upper) {

    public Assessment {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
    }

    /** An assessment made before the detector has learned enough to judge: score 0, no band. */
    public static Assessment learning() {
        return new Assessment(0.0, Double.NaN, Double.NaN, Double.NaN);
    }
}
