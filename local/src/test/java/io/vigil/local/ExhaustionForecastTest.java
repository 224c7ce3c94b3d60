package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.local.cli.DemoCommand;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.forecast.CapacityLimits;
import io.vigil.udfs.forecast.CapacityOutlook;
import io.vigil.udfs.forecast.ForecastSettings;
import io.vigil.udfs.forecast.RecommendedAction;
import io.vigil.udfs.forecast.SeriesForecast;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generator's exhaustion scenarios replayed through the metrics job's forecasting core ({@link
 * SeriesForecast} with the default settings: one-minute steps, as the job's rollups, alert horizon
 * an hour, limit 0.9 for a utilization). The series come from the generator's host model ({@link
 * HostModel}, the exact series it emits), averaged per minute as the rollups are.
 *
 * <p>Asserted for the filling disk and the leaking memory: no predictive alert before the fault;
 * the first one at least 15 minutes before the series crosses 0.9 (the instant the scenario
 * states); from a quarter of the way from the fault's start to that crossing on (half-way for the
 * accelerating disk fill, see below), every capacity outlook predicts the breach within 20 % of the
 * time truly left (or within 2 minutes, a step's rounding either side, when less than 10 minutes
 * are left). On a quiet day no predictive alert fires on any host's memory or filesystem.
 */
class ExhaustionForecastTest {

    private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");
    private static final long MINUTE = 60_000L;

    /**
     * The disk fills faster and faster (utilization = base + 0.435 × progress^1.2): a quarter of
     * the way to 0.9, even the exact current slope, extrapolated, puts the breach 19 % late, and
     * the forecaster's slope is an hour's, so later still (measured: +35 % at a quarter, +21 % at
     * 43 %). The time to breach is asserted from half-way on; the memory leak, a straight climb,
     * from a quarter.
     */
    @Test
    void aFillingDiskIsPredictedInTime() {
        replay("disk-exhaustion", "database", "system.filesystem.utilization", 1, 0.5);
    }

    @Test
    void aMemoryLeakIsPredictedInTime() {
        replay("memory-exhaustion", "shipping", "system.memory.utilization", 0, 0.25);
    }

    /**
     * {@code vigil demo}'s disk ({@link DemoCommand#script}): an hour of quiet history, then the
     * live two hours with the disk filling from 10 % into them. Replayed at four sub-minute phases
     * of the live start (which is wall-clock time in the demo): the first predictive alert comes
     * after the onset and at least 20 minutes before the disk crosses 0.9; neither it, the onset's
     * anomaly alert (within two minutes of the onset) nor FilesystemAlmostFull (0.9 for a minute,
     * {@code deploy/rules/shop.yml}) starts within {@code incidents.window} (5 min) of another
     * fault's start, where it would join that fault's incident.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2025-03-03T09:00:17.345Z",
                "2025-03-03T09:00:47.001Z",
                "2025-03-03T09:00:59.900Z",
                "2026-07-11T13:22:05.500Z"
            })
    void theDemosDiskIsPredictedWellBeforeItCrossesTheLimit(String at) {
        Instant live = Instant.parse(at);
        Duration span = Duration.ofMinutes(120);
        List<Incident> script = DemoCommand.script(live, span);
        Incident disk = script.get(3);
        assertThat(disk.kind()).isEqualTo(IncidentKind.DISK_FILLING);
        ResourceExhaustion fill = ResourceExhaustion.of(disk).orElseThrow();
        Instant breach = fill.at(CapacityLimits.DEFAULT_UTILIZATION);

        NavigableMap<Instant, Double> series = new TreeMap<>();
        Duration history = Duration.ofMinutes(60);
        series.putAll(
                HostModel.column(
                        HostModel.run(live.minus(history), List.of(), history).get("database"), 1));
        series.putAll(HostModel.column(HostModel.run(live, script, span).get("database"), 1));
        Run run = run("database", "system.filesystem.utilization", series);

        assertThat(run.alerts).as("predictive alerts").isNotEmpty();
        Instant firstAlert = run.alerts.get(0);
        assertThat(firstAlert).as("first predictive alert").isAfter(disk.onset());
        assertThat(Duration.between(firstAlert, breach))
                .as(
                        "lead of the first predictive alert (at %s) on the crossing at %s",
                        firstAlert, breach)
                .isGreaterThanOrEqualTo(Duration.ofMinutes(20));
        Instant almostFull = breach.plus(Duration.ofMinutes(1));
        for (Incident other : script) {
            if (other != disk) {
                for (Instant alert :
                        List.of(
                                disk.onset(),
                                disk.onset().plus(Duration.ofMinutes(2)),
                                firstAlert,
                                almostFull)) {
                    assertThat(Duration.between(other.start(), alert).abs())
                            .as("%s vs %s at %s", alert, other.kind(), other.start())
                            .isGreaterThan(Duration.ofMinutes(5));
                }
            }
        }
    }

    @Test
    void aQuietDayRaisesNoPredictiveAlert() {
        Duration day = Duration.ofHours(24);
        Map<String, NavigableMap<Instant, double[]>> hosts = HostModel.run(START, List.of(), day);
        List<String> fired = new ArrayList<>();
        hosts.forEach(
                (service, rows) -> {
                    for (int column = 0; column < 2; column++) {
                        String metric =
                                column == 0
                                        ? "system.memory.utilization"
                                        : "system.filesystem.utilization";
                        Run run = run(service, metric, HostModel.column(rows, column));
                        run.alerts.forEach(a -> fired.add(service + " " + metric + " " + a));
                        assertThat(run.outlooks).isNotEmpty();
                    }
                });
        assertThat(fired).isEmpty();
    }

    private static void replay(
            String scenarioName, String service, String metric, int column, double from) {
        IncidentScenario scenario = IncidentScenarios.named(scenarioName);
        Incident fault = scenario.incidents(START, scenario.defaultDuration()).get(0);
        Instant breach =
                ResourceExhaustion.of(fault).orElseThrow().crossings().stream()
                        .filter(c -> c.level() == CapacityLimits.DEFAULT_UTILIZATION)
                        .findFirst()
                        .orElseThrow()
                        .at();
        NavigableMap<Instant, Double> series =
                HostModel.column(
                        HostModel.run(START, List.of(fault), scenario.defaultDuration())
                                .get(service),
                        column);
        Run run = run(service, metric, series);

        assertThat(run.alerts).as("predictive alerts").isNotEmpty();
        Instant firstAlert = run.alerts.get(0);
        assertThat(firstAlert).as("first predictive alert").isAfter(fault.start());
        assertThat(Duration.between(firstAlert, breach))
                .as("lead of the first predictive alert")
                .isGreaterThanOrEqualTo(Duration.ofMinutes(15));

        Instant checkedFrom =
                fault.start()
                        .plusMillis(
                                Math.round(
                                        from * Duration.between(fault.start(), breach).toMillis()));
        int checked = 0;
        for (Map.Entry<Instant, CapacityOutlook> e :
                run.outlooks.subMap(checkedFrom, true, breach, false).entrySet()) {
            double left = Duration.between(e.getKey(), breach).toSeconds() / 60.0;
            CapacityOutlook o = e.getValue();
            assertThat(o.breachExpected()).as("breach expected at %s", e.getKey()).isTrue();
            double predicted = o.timeToBreachMillis() / (double) MINUTE;
            assertThat(Math.abs(predicted - left))
                    .as(
                            "time to breach at %s: predicted %s min, true %s min",
                            e.getKey(), predicted, left)
                    .isLessThanOrEqualTo(left >= 10 ? 0.2 * left : 2);
            assertThat(o.action())
                    .isIn(
                            RecommendedAction.IMMEDIATE_SCALE_UP_REQUIRED,
                            RecommendedAction.PLAN_SCALE_UP);
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    /** What the series led to: predictive alerts (their start) and capacity outlooks by origin. */
    private record Run(List<Instant> alerts, NavigableMap<Instant, CapacityOutlook> outlooks) {}

    private static Run run(String service, String metric, NavigableMap<Instant, Double> points) {
        // Per-minute means, as the anomaly layer's rollups give the job.
        NavigableMap<Long, double[]> minutes = new TreeMap<>();
        points.forEach(
                (t, v) -> {
                    long start = Math.floorDiv(t.toEpochMilli() - 1, MINUTE) * MINUTE;
                    double[] sum = minutes.computeIfAbsent(start, k -> new double[2]);
                    sum[0] += v;
                    sum[1]++;
                });
        AlertEvent.Series series =
                new AlertEvent.Series(
                        metric + "{service.name=\"" + service + "\"}",
                        metric,
                        "1",
                        new TreeMap<>(Map.of("service.name", service)));
        ForecastSettings settings =
                new ForecastSettings(
                        Duration.ofMinutes(1),
                        ForecastSettings.DEFAULT_EVERY,
                        ForecastSettings.DEFAULT_HORIZONS,
                        ForecastSettings.DEFAULT_CAPACITY_HORIZON,
                        ForecastSettings.DEFAULT_ALERT_HORIZON,
                        ForecastSettings.DEFAULT_MIN_CONFIDENCE,
                        CapacityLimits.defaults());
        SeriesForecast forecast = new SeriesForecast(series, MINUTE);
        List<Instant> alerts = new ArrayList<>();
        NavigableMap<Instant, CapacityOutlook> outlooks = new TreeMap<>();
        minutes.forEach(
                (start, sum) -> {
                    SeriesForecast.Step step = forecast.observe(start, sum[0] / sum[1], settings);
                    if (step.alert() != null && step.alert().endsAt() == null) {
                        alerts.add(step.alert().startsAt());
                    }
                    if (step.capacity() != null) {
                        outlooks.put(
                                Instant.ofEpochMilli(step.capacity().originMillis()),
                                step.capacity().outlook());
                    }
                });
        return new Run(alerts, outlooks);
    }
}
