package io.vigil.udfs.forecast;

import org.apache.commons.math3.special.Erf;

/** The standard normal distribution's CDF. */
final class Normal {
    private Normal() {}

    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
