package io.vigil.udfs.forecast;

import static io.vigil.udfs.forecast.ForecastFixtures.DISK;
import static io.vigil.udfs.forecast.ForecastFixtures.MINUTE;
import static io.vigil.udfs.forecast.ForecastFixtures.REQUESTS;
import static io.vigil.udfs.forecast.ForecastFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SeriesForecastTest {
    private static final ForecastSettings SETTINGS = ForecastFixtures.defaults();

    private static List<AlertEvent> alerts(List<SeriesForecast.Step> steps) {
        return steps.stream().map(SeriesForecast.Step::alert).filter(Objects::nonNull).toList();
    }

    /** The index of the step that yielded {@code alert}. */
    private static int stepOf(List<SeriesForecast.Step> steps, AlertEvent alert) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).alert() == alert) {
                return i;
            }
        }
        throw new AssertionError("not among the steps: " + alert);
    }

    @Test
    void documentsComeEveryFiveMinutesOfEventTimeFromTheFirstRefit() {
        double[] flat = ForecastFixtures.rampThenFlat(20, 100, 0, 0, 0, 1);
        SeriesForecast m = new SeriesForecast(REQUESTS, MINUTE);

        List<SeriesForecast.Step> steps = ForecastFixtures.run(m, flat, SETTINGS);

        List<Integer> due = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).forecasts().isEmpty()) {
                due.add(i);
            }
            assertThat(steps.get(i).capacity()).as("no capacity: not a utilization").isNull();
            assertThat(steps.get(i).alert()).isNull();
        }
        // step i ends at i + 1 minutes; the first refit is at the 48th value (step 47)
        assertThat(due).containsExactly(49, 54, 59, 64, 69, 74, 79, 84, 89, 94, 99);
        List<ForecastPoint> first = steps.get(49).forecasts();
        assertThat(first)
                .extracting(ForecastPoint::horizonMillis)
                .containsExactly(15 * MINUTE, 60 * MINUTE, 360 * MINUTE, 1440 * MINUTE);
        assertThat(first)
                .allSatisfy(
                        p -> {
                            assertThat(p.series()).isEqualTo(REQUESTS);
                            assertThat(p.originMillis()).isEqualTo(T0 + 49 * MINUTE);
                            assertThat(p.value()).isBetween(19.99, 20.01);
                            assertThat(p.lower()).isLessThan(p.value());
                            assertThat(p.upper()).isGreaterThan(p.value());
                            assertThat(p.trend()).isEqualTo(Trend.STABLE);
                        });
    }

    @Test
    void thePredictiveAlertFiresAheadOfTheBreachAndResolvesWhenItHappens() {
        // flat at 0.55 for 6 h, then up by 0.43 over 4 h: the climb reaches 0.9 after ~195 min
        double[] disk = ForecastFixtures.rampThenFlat(0.55, 360, 0.43 / 240, 240, 0, 7);
        int breach = ForecastFixtures.firstAtOrAbove(disk, 0.9);
        SeriesForecast m = new SeriesForecast(DISK, MINUTE);

        List<SeriesForecast.Step> steps = ForecastFixtures.run(m, disk, SETTINGS);

        List<AlertEvent> alerts = alerts(steps);
        assertThat(alerts)
                .extracting(AlertEvent::state)
                .startsWith(AlertState.FIRING, AlertState.RESOLVED);
        AlertEvent fired = alerts.get(0);
        int firedAt = stepOf(steps, fired);
        assertThat(firedAt).as("not in the flat part").isGreaterThanOrEqualTo(360);
        // the alert's time is the end of the step that fired it: at least 15 min ahead
        assertThat(fired.startsAt())
                .isEqualTo(Instant.ofEpochMilli(T0 + (firedAt + 1) * MINUTE))
                .isBeforeOrEqualTo(Instant.ofEpochMilli(T0 + (breach - 15) * MINUTE));
        assertThat(fired.source().wireName()).isEqualTo("forecast");
        assertThat(fired.severity().wireName()).isEqualTo("warning");
        assertThat(fired.labels())
                .containsEntry("alertname", "CapacityBreachPredicted")
                .containsEntry("metric", "system.filesystem.utilization")
                .containsEntry("series", DISK.key())
                .doesNotContainKey("service");
        assertThat(fired.annotations().get("summary"))
                .startsWith(
                        "system.filesystem.utilization on host db is predicted to reach 0.9"
                                + " within 1h (confidence ");
        assertThat(fired.annotations().get("threshold")).isEqualTo("0.9");
        assertThat(fired.annotations()).containsKeys("time_to_breach", "breach_at", "predicted");
        assertThat(fired.annotations().get("confidence")).endsWith("%");
        assertThat(fired.annotations().get("description"))
                .contains("the forecast reaches 0.9 in about")
                .contains("Limit from forecast.capacity.utilization");
        assertThat(fired.score()).isGreaterThanOrEqualTo(0.5);
        assertThat(fired.value()).isEqualTo(disk[firedAt]);
        assertThat(fired.lower()).isLessThanOrEqualTo(fired.expected());
        assertThat(fired.expected()).isLessThanOrEqualTo(fired.upper());

        AlertEvent resolved = alerts.get(1);
        assertThat(resolved.id()).isEqualTo(fired.id());
        assertThat(stepOf(steps, resolved)).isEqualTo(breach);
        assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + (breach + 1) * MINUTE));
        assertThat(resolved.annotations().get("resolution"))
                .startsWith("system.filesystem.utilization reached 0.9 in the period from")
                .endsWith(
                        "the breach happened; alerts on the value itself (anomaly, rules) take"
                                + " over");
        // after the breach the climb goes on above the limit: nothing fires again
        assertThat(alerts).hasSize(2);
    }

    @Test
    void aUtilizationsForecastsStayWithinZeroAndOne() {
        // a steep climb to 0.98: a week of the trend would go far past 1
        double[] disk = ForecastFixtures.rampThenFlat(0.5, 120, 0.006, 80, 10, 5);
        SeriesForecast m = new SeriesForecast(DISK, MINUTE);
        List<SeriesForecast.Step> steps =
                ForecastFixtures.run(m, disk, ForecastFixtures.defaults());
        boolean sawCapacity = false;
        for (SeriesForecast.Step step : steps) {
            for (ForecastPoint p : step.forecasts()) {
                assertThat(p.value()).isBetween(0.0, 1.0);
                assertThat(p.lower()).isBetween(0.0, 1.0);
                assertThat(p.upper()).isBetween(0.0, 1.0);
            }
            if (step.capacity() != null) {
                sawCapacity = true;
                CapacityOutlook o = step.capacity().outlook();
                assertThat(o.predicted()).isBetween(0.0, 1.0);
                assertThat(o.lower()).isBetween(0.0, 1.0);
                assertThat(o.upper()).isBetween(0.0, 1.0);
            }
        }
        assertThat(sawCapacity).isTrue();
        // the last outlook's week ahead is pinned at 1, not extrapolated past it
        CapacityOutlook last = null;
        for (SeriesForecast.Step step : steps) {
            if (step.capacity() != null) {
                last = step.capacity().outlook();
            }
        }
        assertThat(last.predicted()).isEqualTo(1.0);
    }

    @Test
    void capacityOutlooksComeWithTheForecastsOfASeriesWithALimit() {
        double[] disk = ForecastFixtures.rampThenFlat(0.55, 360, 0.43 / 240, 240, 0, 7);
        int breach = ForecastFixtures.firstAtOrAbove(disk, 0.9);
        List<SeriesForecast.Step> steps =
                ForecastFixtures.run(new SeriesForecast(DISK, MINUTE), disk, SETTINGS);

        for (int i = 0; i < steps.size(); i++) {
            SeriesForecast.Step s = steps.get(i);
            assertThat(s.capacity() != null).as("step " + i).isEqualTo(!s.forecasts().isEmpty());
        }
        CapacityPoint flat = steps.get(349).capacity();
        assertThat(flat.outlook().breachExpected()).isFalse();
        assertThat(flat.outlook().horizonMillis()).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(flat.outlook().threshold()).isEqualTo(0.9);
        assertThat(flat.basis()).isEqualTo(CapacityLimits.Basis.UTILIZATION);
        assertThat(flat.outlook().action()).isEqualTo(RecommendedAction.MAINTAIN_CURRENT_CAPACITY);
        // the last outlook before the breach: due within a day
        int last = breach - 1;
        while (steps.get(last).capacity() == null) {
            last--;
        }
        CapacityPoint before = steps.get(last).capacity();
        assertThat(before.outlook().action())
                .isEqualTo(RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED);
        assertThat(before.breachAtMillis())
                .isBetween(T0 + (breach - 5) * MINUTE, T0 + (breach + 5) * MINUTE);
    }

    @Test
    void aPredictionThatRecedesResolvesAfterAQuarterOfTheHorizon() {
        // up from 0.5 by 0.004 a minute for 80 min (to 0.82), then flat well below 0.9
        double[] disk = ForecastFixtures.rampThenFlat(0.5, 200, 0.004, 80, 120, 3);
        assertThat(ForecastFixtures.firstAtOrAbove(disk, 0.9)).isEqualTo(-1);
        List<SeriesForecast.Step> steps =
                ForecastFixtures.run(new SeriesForecast(DISK, MINUTE), disk, SETTINGS);

        List<AlertEvent> alerts = alerts(steps);
        assertThat(alerts)
                .extracting(AlertEvent::state)
                .containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        AlertEvent resolved = alerts.get(1);
        int at = stepOf(steps, resolved);
        // ends at the first quiet step, resolves 15 min (a quarter of 1 h) later
        assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + (at + 1 - 15) * MINUTE));
        assertThat(resolved.annotations().get("resolution"))
                .startsWith("the confidence stayed below 50% for 15m (")
                .endsWith("now): the breach is no longer predicted");
    }

    @Test
    void anIdleSeriesResolvesItsOpenAlertAtItsLastStep() {
        double[] disk = ForecastFixtures.rampThenFlat(0.55, 360, 0.43 / 240, 150, 0, 7);
        SeriesForecast m = new SeriesForecast(DISK, MINUTE);
        List<SeriesForecast.Step> steps = ForecastFixtures.run(m, disk, SETTINGS);
        assertThat(alerts(steps)).hasSize(1);
        assertThat(m.openAlert()).isNotNull();
        long lastEnd = T0 + disk.length * MINUTE;
        assertThat(m.lastStepEndMillis()).isEqualTo(lastEnd);

        AlertEvent resolved =
                m.expire(lastEnd + Duration.ofHours(6).toMillis(), Duration.ofHours(6));

        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(lastEnd));
        assertThat(resolved.annotations())
                .containsEntry("resolution", "the series sent nothing for 6h");
        assertThat(m.openAlert()).isNull();
        assertThat(m.expire(lastEnd, Duration.ofHours(6))).isNull();
    }

    @Test
    void aSeriesWithoutALimitHasNeitherOutlooksNorAlerts() {
        double[] climb = ForecastFixtures.rampThenFlat(0.55, 360, 0.43 / 240, 240, 0, 7);
        List<SeriesForecast.Step> steps =
                ForecastFixtures.run(new SeriesForecast(REQUESTS, MINUTE), climb, SETTINGS);
        assertThat(steps).allSatisfy(s -> assertThat(s.capacity()).isNull());
        assertThat(alerts(steps)).isEmpty();
        assertThat(steps.get(599).forecasts())
                .extracting(ForecastPoint::trend)
                .contains(Trend.INCREASING);
    }

    @Test
    void periodsWithoutARollupAreSkippedAndOlderRollupsAreLate() {
        SeriesForecast m = new SeriesForecast(DISK, MINUTE);
        m.observe(T0, 0.5, SETTINGS);
        m.observe(T0 + MINUTE, 0.5, SETTINGS);
        m.observe(T0 + 5 * MINUTE, 0.5, SETTINGS);
        assertThat(m.forecaster.steps()).as("3 values, 3 periods skipped").isEqualTo(6);
        assertThat(m.lastStepEndMillis()).isEqualTo(T0 + 6 * MINUTE);

        assertThat(m.observe(T0 + 5 * MINUTE, 0.7, SETTINGS).late()).isTrue();
        assertThat(m.observe(T0 + 4 * MINUTE, 0.7, SETTINGS).late()).isTrue();
        assertThat(m.forecaster.steps()).isEqualTo(6);
    }

    @Test
    void theStateRoundTripsAndTheRestoredSeriesGoesOnAlike() {
        double[] disk = ForecastFixtures.rampThenFlat(0.55, 360, 0.43 / 240, 240, 0, 7);
        SeriesForecast kept = new SeriesForecast(DISK, MINUTE);
        SeriesForecast restored = new SeriesForecast(DISK, MINUTE);
        int maxBytes = 0;
        for (int i = 0; i < disk.length; i++) {
            byte[] bytes = restored.toBytes();
            maxBytes = Math.max(maxBytes, bytes.length);
            restored = SeriesForecast.fromBytes(bytes);
            SeriesForecast.Step a = kept.observe(T0 + i * MINUTE, disk[i], SETTINGS);
            SeriesForecast.Step b = restored.observe(T0 + i * MINUTE, disk[i], SETTINGS);
            assertThat(b).as("step " + i).isEqualTo(a);
        }
        assertThat(maxBytes).isLessThan(Forecaster.MAX_STATE_BYTES + 2048);
        assertThatThrownBy(() -> SeriesForecast.fromBytes(new byte[] {9}))
                .hasMessage("series forecast state version 9 is not supported");
    }

    @Test
    void settingsAreWholeStepsAndSayWhatIsWrong() {
        Duration m = Duration.ofMinutes(1);
        CapacityLimits l = CapacityLimits.defaults();
        assertThatThrownBy(
                        () ->
                                new ForecastSettings(
                                        Duration.ofMinutes(10),
                                        Duration.ofMinutes(10),
                                        List.of(Duration.ofMinutes(15)),
                                        Duration.ofDays(7),
                                        Duration.ofHours(1),
                                        0.5,
                                        l))
                .hasMessage("horizon PT15M is not a positive whole number of steps of PT10M");
        assertThatThrownBy(
                        () ->
                                new ForecastSettings(
                                        m,
                                        m,
                                        List.of(m),
                                        Duration.ofDays(7),
                                        Duration.ofMinutes(3),
                                        0.5,
                                        l))
                .hasMessage("the alert horizon must span at least 4 steps of PT1M, was PT3M");
        assertThatThrownBy(
                        () ->
                                new ForecastSettings(
                                        m,
                                        m,
                                        List.of(),
                                        Duration.ofDays(7),
                                        Duration.ofHours(1),
                                        0.5,
                                        l))
                .hasMessage("at least one forecast horizon is needed");
        assertThatThrownBy(
                        () ->
                                new ForecastSettings(
                                        m,
                                        m,
                                        List.of(m),
                                        Duration.ofDays(7),
                                        Duration.ofHours(1),
                                        0,
                                        l))
                .hasMessage("minConfidence must be in (0, 1], was 0.0");
    }
}
