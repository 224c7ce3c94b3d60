package io.vigil.udfs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.alerts.AlertEvent;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CapacityLimitsTest {

    private static AlertEvent.Series series(String metric, String unit) {
        return new AlertEvent.Series(metric + "{}", metric, unit, new TreeMap<>());
    }

    @Test
    void aUtilizationWithUnitOneOrNoneHasTheUtilizationLimit() {
        CapacityLimits limits = CapacityLimits.defaults();
        for (String metric :
                new String[] {
                    "system.filesystem.utilization",
                    "system.memory.utilization",
                    "system.cpu.utilization"
                }) {
            assertThat(limits.of(series(metric, "1")))
                    .as(metric)
                    .isEqualTo(new CapacityLimits.Limit(0.9, CapacityLimits.Basis.UTILIZATION));
        }
        assertThat(limits.of(series("system.cpu.utilization", "")))
                .isEqualTo(new CapacityLimits.Limit(0.9, CapacityLimits.Basis.UTILIZATION));
    }

    @Test
    void aUtilizationInAnotherUnitOrAnotherMetricHasNone() {
        CapacityLimits limits = CapacityLimits.defaults();
        assertThat(limits.of(series("system.filesystem.utilization", "%"))).isNull();
        assertThat(limits.of(series("system.filesystem.usage", "By"))).isNull();
        assertThat(limits.of(series("utilization", "1"))).as("no '.utilization' suffix").isNull();
        assertThat(limits.of(series("http.server.request.duration", "s"))).isNull();
    }

    @Test
    void aConfiguredThresholdWinsOverTheUtilizationRuleAndNeedsNoUnit() {
        CapacityLimits limits =
                new CapacityLimits(
                        0.8,
                        Map.of(
                                "system.memory.utilization", 0.95,
                                "system.filesystem.usage", 5e11));
        assertThat(limits.of(series("system.memory.utilization", "1")))
                .isEqualTo(new CapacityLimits.Limit(0.95, CapacityLimits.Basis.CONFIGURED));
        assertThat(limits.of(series("system.filesystem.usage", "By")))
                .isEqualTo(new CapacityLimits.Limit(5e11, CapacityLimits.Basis.CONFIGURED));
        assertThat(limits.of(series("system.cpu.utilization", "1")))
                .isEqualTo(new CapacityLimits.Limit(0.8, CapacityLimits.Basis.UTILIZATION));
        assertThat(CapacityLimits.Basis.CONFIGURED.wireName()).isEqualTo("configured");
    }

    @Test
    void limitsAreChecked() {
        assertThatThrownBy(() -> new CapacityLimits(0, Map.of()))
                .hasMessage("the utilization limit must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> new CapacityLimits(1.5, Map.of()))
                .hasMessage("the utilization limit must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> new CapacityLimits(0.9, Map.of("x", Double.NaN)))
                .hasMessage("capacity threshold of 'x' must be a finite number");
    }
}
