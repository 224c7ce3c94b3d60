package io.vigil.bench.forecast;

import io.vigil.udfs.forecast.BreachCalibration;
import io.vigil.udfs.forecast.Forecaster;

/**
 * {@code vigil}: Vigil's own {@link Forecaster}, one per series, fed row by row (one step per row,
 * as the protocol stores them) with the row spacing {@code dt} as its step. It finds its own
 * season; the protocol's detected period is not given to it.
 *
 * <p>Its crossing rule is the one the metrics job's predictive alerts use: a {@link
 * BreachCalibration} for the threshold and horizon, alerting when its confidence is at least {@code
 * minConfidence}. In the job a series' limit is known from its first step, so its calibration runs
 * from there; here the threshold comes with the first question, so at that question the rows seen
 * so far are replayed through a fresh forecaster and the calibration (the same forecasts the job
 * would have made: the forecaster is deterministic), and both go on from there.
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
        long stepMillis = context.dtSeconds() * 1000;
        return new Session() {
            Forecaster forecaster = new Forecaster(stepMillis);
            BreachCalibration calibration;

            /** The rows seen before the first question, for the replay. */
            final java.util.List<Double> seen = new java.util.ArrayList<>();

            double confidence;

            @Override
            public void observe(double value) {
                forecaster.observe(value);
                if (calibration == null) {
                    seen.add(value);
                } else {
                    confidence =
                            calibration.observe(
                                    value,
                                    forecaster.forecast(calibration.horizon()),
                                    forecaster.tracking());
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
                    Forecaster replay = new Forecaster(stepMillis);
                    for (double value : seen) {
                        replay.observe(value);
                        confidence =
                                calibration.observe(
                                        value, replay.forecast(steps), replay.tracking());
                    }
                    forecaster = replay;
                    seen.clear();
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
