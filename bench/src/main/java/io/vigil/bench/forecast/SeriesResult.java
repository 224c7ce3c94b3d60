package io.vigil.bench.forecast;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything measured on one series.
 *
 * @param plan the series and what the protocol derived from it
 * @param events the crossing events of the series
 * @param accuracy forecast-section figures by method name, in method order
 * @param crossing crossing-section figures by predictor name, in predictor order
 */
public record SeriesResult(
        SeriesPlan plan,
        int events,
        Map<String, SeriesAccuracy> accuracy,
        Map<String, SeriesCrossing> crossing) {

    /** Copies the maps (they keep their order). */
    public SeriesResult {
        accuracy = Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
        crossing = Collections.unmodifiableMap(new LinkedHashMap<>(crossing));
    }
}
