package io.vigil.udfs.health;

import java.io.Serializable;
import java.util.List;

/**
 * A service's health at one minute: the score (the lowest factor score, 100 when nothing is wrong),
 * its status word, and the factors below 100, worst first.
 *
 * @param errorRate the latest error ratio ({@code NaN} if unknown)
 * @param errorRateNormal its own normal ({@code NaN} while learning)
 * @param latencyP95Ms the latest p95 latency in ms ({@code NaN} if unknown)
 * @param latencyNormalMs its own normal ({@code NaN} while learning)
 */
public record HealthScore(
        String service,
        long atMillis,
        int score,
        List<Factor> factors,
        double errorRate,
        double errorRateNormal,
        double latencyP95Ms,
        double latencyNormalMs,
        int openAlerts,
        int openIncidents)
        implements Serializable {

    public HealthScore {
        factors = List.copyOf(factors);
    }

    /** One reason the score is below 100. */
    public record Factor(String name, int score, String reason) implements Serializable {}

    /**
     * {@code healthy} (≥ 90), {@code degraded} (≥ 60), {@code unhealthy} (≥ 30), {@code critical}.
     */
    public String status() {
        return score >= 90
                ? "healthy"
                : score >= 60 ? "degraded" : score >= 30 ? "unhealthy" : "critical";
    }
}
