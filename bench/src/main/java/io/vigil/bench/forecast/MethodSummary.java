package io.vigil.bench.forecast;

/**
 * One method's figures over all series. Forecast figures are NaN for a method that only predicts
 * crossings, crossing figures NaN for one that only forecasts.
 *
 * @param name the method's name
 * @param series series with forecast figures
 * @param maseMean mean over series of the per-series mean MASE
 * @param maseMedian median over series of the per-series mean MASE
 * @param maseH1 mean over series of the per-series MASE at h = 1
 * @param maseH12 mean over series of the per-series MASE at h = 12
 * @param smape mean over series of the per-series sMAPE, in percent
 * @param cpuMsPerRefit the sessions' forecast-pass CPU time summed over series, divided by the
 *     model fits summed over series, in milliseconds (see {@link SeriesAccuracy#cpuMsPerRefit()})
 * @param cpuMsPerOrigin the same CPU time divided by the origins (see {@link
 *     SeriesAccuracy#cpuMsPerOrigin()})
 * @param fits model fits over all series
 * @param origins origins asked over all series
 * @param fails origins scored as naive because the method failed
 * @param alerts scored alerts pooled over series
 * @param precision pooled true positives / pooled alerts
 * @param episodes alert episodes pooled over series
 * @param episodePrecision pooled true episodes / pooled episodes
 * @param events crossing events pooled over series
 * @param caught events caught
 * @param recall caught / events
 * @param medianLeadMinutes the median of the pooled leads of caught events
 * @param cpuMicrosPerStep the crossing pass's CPU time per eligible step, pooled, in microseconds
 */
public record MethodSummary(
        String name,
        int series,
        double maseMean,
        double maseMedian,
        double maseH1,
        double maseH12,
        double smape,
        double cpuMsPerRefit,
        double cpuMsPerOrigin,
        long fits,
        long origins,
        long fails,
        long alerts,
        double precision,
        long episodes,
        double episodePrecision,
        long events,
        long caught,
        double recall,
        double medianLeadMinutes,
        double cpuMicrosPerStep) {}
