package io.vigil.udfs.forecast;

import io.vigil.udfs.alerts.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Series, settings and inputs the forecast tests share. */
public final class ForecastFixtures {
    private ForecastFixtures() {}

    /** 2026-01-01T00:00:00Z. */
    public static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    public static final long MINUTE = 60_000L;

    /** The disk of {@code /data} on host db: a utilization, unit 1. */
    public static final AlertEvent.Series DISK =
            new AlertEvent.Series(
                    "system.filesystem.utilization{host.name=\"db\","
                            + "system.filesystem.mountpoint=\"/data\"}",
                    "system.filesystem.utilization",
                    "1",
                    new TreeMap<>(
                            Map.of("host.name", "db", "system.filesystem.mountpoint", "/data")));

    /** Checkout's request rate: no capacity. */
    public static final AlertEvent.Series REQUESTS =
            new AlertEvent.Series(
                    "http.server.request.rate{service.name=\"checkout\"}",
                    "http.server.request.rate",
                    "{request}/s",
                    new TreeMap<>(Map.of("service.name", "checkout")));

    /** The defaults: steps of a minute, documents every 5 min, alert horizon 1 h. */
    public static ForecastSettings defaults() {
        return new ForecastSettings(
                Duration.ofMinutes(1),
                ForecastSettings.DEFAULT_EVERY,
                ForecastSettings.DEFAULT_HORIZONS,
                ForecastSettings.DEFAULT_CAPACITY_HORIZON,
                ForecastSettings.DEFAULT_ALERT_HORIZON,
                ForecastSettings.DEFAULT_MIN_CONFIDENCE,
                CapacityLimits.defaults());
    }

    /**
     * A minute series: {@code flat} steps at {@code level}, then a linear climb of {@code rise} per
     * step for {@code climb} steps, then flat at where it got to for {@code after} steps; seeded
     * noise of σ 0.002.
     */
    public static double[] rampThenFlat(
            double level, int flat, double rise, int climb, int after, long seed) {
        Random random = new Random(seed);
        double[] y = new double[flat + climb + after];
        for (int i = 0; i < y.length; i++) {
            int k = Math.min(Math.max(0, i - flat + 1), climb);
            y[i] = level + rise * k + 0.002 * random.nextGaussian();
        }
        return y;
    }

    /** The step index at which {@code values} first reach {@code threshold}; −1 if never. */
    public static int firstAtOrAbove(double[] values, double threshold) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= threshold) {
                return i;
            }
        }
        return -1;
    }

    /** Every step of {@code values} (step i starts at {@code T0 + i} minutes), in order. */
    public static List<SeriesForecast.Step> run(
            SeriesForecast m, double[] values, ForecastSettings s) {
        List<SeriesForecast.Step> steps = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            steps.add(m.observe(T0 + i * MINUTE, values[i], s));
        }
        return steps;
    }
}
