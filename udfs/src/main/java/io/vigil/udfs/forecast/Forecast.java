package io.vigil.udfs.forecast;

/**
 * A forecast for the next {@code mean.length} steps: the expected value and the standard deviation
 * of its error at each step ({@code mean[0]} is one step ahead).
 */
public record Forecast(double[] mean, double[] sigma) {

    /** Steps forecast. */
    public int steps() {
        return mean.length;
    }

    /**
     * The lower end of the central interval of {@code z} standard deviations at step {@code h}
     * (1-based).
     */
    public double lower(int h, double z) {
        return mean[h - 1] - z * sigma[h - 1];
    }

    /**
     * The upper end of the central interval of {@code z} standard deviations at step {@code h}
     * (1-based).
     */
    public double upper(int h, double z) {
        return mean[h - 1] + z * sigma[h - 1];
    }
}
