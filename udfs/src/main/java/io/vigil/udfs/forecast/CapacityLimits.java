package io.vigil.udfs.forecast;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.model.WireName;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which series have a capacity, and its limit: the rule that decides which series get capacity
 * documents and predictive alerts.
 *
 * <ol>
 *   <li>a metric named in {@code thresholds} ({@code forecast.capacity.thresholds}) has that limit,
 *       whatever its unit ({@link Basis#CONFIGURED});
 *   <li>otherwise a utilization — OpenTelemetry's {@code *.utilization} metrics, a ratio with unit
 *       {@code 1} (or no unit, as the anomaly alerts' severity rule reads it), such as {@code
 *       system.filesystem.utilization}, {@code system.memory.utilization} or {@code
 *       system.cpu.utilization} — has the limit {@code utilization} ({@code
 *       forecast.capacity.utilization}, {@link Basis#UTILIZATION});
 *   <li>any other series has none: it gets forecasts, not capacity outlooks.
 * </ol>
 *
 * @param utilization the limit of a utilization, a ratio in (0, 1]
 * @param thresholds limits by metric name; each finite
 */
public record CapacityLimits(double utilization, Map<String, Double> thresholds)
        implements Serializable {

    /** The default limit of a utilization: 90 % used. */
    public static final double DEFAULT_UTILIZATION = 0.9;

    /** Where a series' limit comes from; written as {@code vigil.capacity.basis}. */
    public enum Basis implements WireName {
        /** The series is a utilization: {@code forecast.capacity.utilization}. */
        UTILIZATION,
        /** Its metric is named in {@code forecast.capacity.thresholds}. */
        CONFIGURED
    }

    /**
     * A series' limit.
     *
     * @param threshold the value the series must stay below, in the series' unit
     * @param basis which rule gave it
     */
    public record Limit(double threshold, Basis basis) implements Serializable {}

    public CapacityLimits {
        if (!(utilization > 0 && utilization <= 1)) {
            throw new IllegalArgumentException(
                    "the utilization limit must be in (0, 1], was " + utilization);
        }
        thresholds = Collections.unmodifiableMap(new TreeMap<>(thresholds));
        thresholds.forEach(
                (metric, threshold) -> {
                    if (metric.isBlank() || threshold == null || !Double.isFinite(threshold)) {
                        throw new IllegalArgumentException(
                                "capacity threshold of '" + metric + "' must be a finite number");
                    }
                });
    }

    /** Utilizations at {@link #DEFAULT_UTILIZATION}, no configured thresholds. */
    public static CapacityLimits defaults() {
        return new CapacityLimits(DEFAULT_UTILIZATION, Map.of());
    }

    /** The limit of {@code series}, or {@code null} if it has no capacity. */
    public Limit of(AlertEvent.Series series) {
        Double configured = thresholds.get(series.metric());
        if (configured != null) {
            return new Limit(configured, Basis.CONFIGURED);
        }
        if (isUtilization(series.metric(), series.unit())) {
            return new Limit(utilization, Basis.UTILIZATION);
        }
        return null;
    }

    /** Whether a metric is a utilization: a name ending in {@code .utilization}, unit 1 or none. */
    public static boolean isUtilization(String metric, String unit) {
        return metric.endsWith(".utilization") && (unit.isEmpty() || unit.equals("1"));
    }
}
