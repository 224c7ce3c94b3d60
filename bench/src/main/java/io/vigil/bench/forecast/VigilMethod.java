package io.vigil.bench.forecast;

import io.vigil.udfs.forecast.BreachCalibration;
import io.vigil.udfs.forecast.Forecaster;

/**
 * {@code vigil}: Vigil's own {@link Forecaster}, one per series, fed row by row (one step per row,
 * as the protocol stores them) with the row spacing {@code dt} as its step. It finds its own
 * season; the protocol's detected period is not given to it.
 *
 * <p>Its crossing rule is the one the metrics job's predictive alerts use: a {@link
 * BreachCalibration} for the threshold and horizon, fed at every row from the first question on,
 * alerting when its confidence is at least {@code minConfidence}.
 */
public final class VigilMethod implements ForecastMethod {

    /** The metrics job's default least confidence of a predictive alert. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    private final String name;
    private final double minConfidence;

    /**
     * @param name the method's name in the tables ({@code vigil} is the headline)
     * @param minConfidence least calibrated confidence of a crossing alert
     */
    public VigilMethod(String name, double minConfidence) {
        this.name = name;
        this.minConfidence = minConfidence;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Session open(SeriesContext context) {
        Forecaster forecaster = new Forecaster(context.dtSeconds() * 1000);
        return new Session() {
            BreachCalibration calibration;
            double last = Double.NaN;
            double confidence;

            @Override
            public void observe(double value) {
                forecaster.observe(value);
                last = value;
                if (calibration != null) {
                    confidence =
                            calibration.observe(value, forecaster.forecast(calibration.horizon()));
                }
            }

            @Override
            public double[] forecast(int steps) {
                return forecaster.forecast(steps).mean();
            }

            @Override
            public long fits() {
                return forecaster.refits();
            }

            @Override
            public boolean predictsCrossing(double threshold, int steps) {
                if (calibration == null) {
                    calibration = new BreachCalibration(threshold, steps);
                    confidence = calibration.observe(last, forecaster.forecast(steps));
                } else if (calibration.threshold() != threshold || calibration.horizon() != steps) {
                    throw new IllegalStateException(
                            "one threshold and horizon per series: was "
                                    + calibration.threshold()
                                    + " within "
                                    + calibration.horizon()
                                    + " steps, asked "
                                    + threshold
                                    + " within "
                                    + steps);
                }
                return confidence >= minConfidence;
            }
        };
    }
}
