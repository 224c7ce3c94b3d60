package io.vigil.udfs.anomaly;

import static io.vigil.udfs.testing.MetricFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.model.Temporality;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.testing.MetricFixtures;
import io.vigil.udfs.testing.MetricFixtures.PreviousValueDetectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesMonitorTest {
    private static final SeriesMonitor.Settings SETTINGS =
            new SeriesMonitor.Settings(0.5, Duration.ofMinutes(2), Duration.ofMinutes(1));

    private static SeriesMonitor monitor() {
        return SeriesMonitor.of(
                MetricFixtures.gauge("cpu", "checkout", 0, 0),
                PreviousValueDetectors.WIDTH_10.create());
    }

    private static SeriesMonitor.Step at(SeriesMonitor m, double seconds, double value) {
        return m.observe(T0 + Math.round(seconds * 1000), value, List.of("t1"), SETTINGS);
    }

    @Test
    void theSeriesIsTheNameWithPointAndIdentifyingResourceAttributes() {
        SeriesMonitor m = monitor();
        // process.pid is a resource attribute that does not identify the series.
        assertThat(m.series().key()).isEqualTo("cpu{host=\"h1\",service.name=\"checkout\"}");
        assertThat(m.series().attributes()).containsOnlyKeys("host", "service.name");
    }

    @Test
    void gaugesAreTheirValueAndCountersARatePerSecondAcrossResets() {
        SeriesMonitor gauge = monitor();
        assertThat(gauge.valueOf(MetricFixtures.gauge("cpu", "checkout", 1, 42.5))).isEqualTo(42.5);

        long start = T0 * 1_000_000;
        SeriesMonitor counter = monitor();
        assertThat(counter.valueOf(MetricFixtures.counter("req", 10, 100, start)))
                .as("the first cumulative point is a baseline")
                .isNaN();
        assertThat(counter.valueOf(MetricFixtures.counter("req", 20, 150, start))).isEqualTo(5.0);
        assertThat(counter.valueOf(MetricFixtures.counter("req", 30, 20, start)))
                .as("a decrease is a reset")
                .isNaN();
        assertThat(counter.valueOf(MetricFixtures.counter("req", 40, 80, start))).isEqualTo(6.0);
        assertThat(counter.valueOf(MetricFixtures.counter("req", 50, 90, start + 1)))
                .as("a new start time starts over")
                .isNaN();
    }

    @Test
    void histogramsAreTheMeanOfTheIntervalsObservations() {
        SeriesMonitor delta = monitor();
        assertThat(delta.valueOf(MetricFixtures.histogram(Temporality.DELTA, 10, 4, 100)))
                .isEqualTo(25.0);
        assertThat(delta.valueOf(MetricFixtures.histogram(Temporality.DELTA, 20, 0, 0)))
                .as("no observations, no mean")
                .isNaN();

        SeriesMonitor cumulative = monitor();
        assertThat(cumulative.valueOf(MetricFixtures.histogram(Temporality.CUMULATIVE, 10, 4, 100)))
                .isNaN();
        // 6 new observations summing to 300 since the baseline.
        assertThat(
                        cumulative.valueOf(
                                MetricFixtures.histogram(Temporality.CUMULATIVE, 20, 10, 400)))
                .isEqualTo(50.0);
    }

    @Test
    void perWindowSummariesAreTheMeanOfTheirWindow() {
        // As the traces job derives them: each minute's summary starts where the last ended.
        SeriesMonitor m = monitor();
        long minute = 60_000_000_000L;
        long t0 = T0 * 1_000_000;
        assertThat(m.valueOf(summary(t0, 60, 10, 1000))).as("first: a baseline").isNaN();
        assertThat(m.valueOf(summary(t0 + minute, 120, 4, 1000))).isEqualTo(250.0);
        assertThat(m.valueOf(summary(t0 + 2 * minute, 180, 5, 500))).isEqualTo(100.0);

        // A cumulative summary (one start time) is the mean of the new observations.
        SeriesMonitor cumulative = monitor();
        assertThat(cumulative.valueOf(summary(t0, 60, 10, 1000))).isNaN();
        assertThat(cumulative.valueOf(summary(t0, 120, 14, 1400))).isEqualTo(100.0);
    }

    private static io.vigil.udfs.model.MetricPoint summary(
            long startNanos, double seconds, long count, double sum) {
        return MetricFixtures.point(
                "vigil.service.duration",
                io.vigil.udfs.model.MetricType.SUMMARY,
                Temporality.UNSPECIFIED,
                false,
                startNanos,
                seconds,
                Double.NaN,
                count,
                sum,
                "checkout",
                io.vigil.udfs.model.Attribute.NONE);
    }

    @Test
    void aRollupClosesWhenTheNextPeriodStartsOrEventTimePassesIt() {
        SeriesMonitor m = monitor();
        assertThat(at(m, 0, 10).closed()).isNull();
        assertThat(at(m, 20, 12).closed()).isNull();
        assertThat(at(m, 40, 14).closed()).isNull();
        MetricRollup minute0 = at(m, 60, 16).closed();
        assertThat(minute0.startMillis()).isEqualTo(T0);
        assertThat(minute0.count()).isEqualTo(3);
        assertThat(minute0.sum()).isEqualTo(36.0);
        assertThat(minute0.min()).isEqualTo(10.0);
        assertThat(minute0.max()).isEqualTo(14.0);
        // Expected values: (learning), 10, 12 → mean 11; bands ±10.
        assertThat(minute0.expected()).isEqualTo(11.0);
        assertThat(minute0.lower()).isEqualTo(1.0);
        assertThat(minute0.upper()).isEqualTo(21.0);
        assertThat(minute0.score()).isZero();
        assertThat(minute0.alerting()).isFalse();

        assertThat(m.closeRollup(T0 + 119_999, SETTINGS)).as("minute 1 still open").isNull();
        MetricRollup minute1 = m.closeRollup(T0 + 120_000, SETTINGS);
        assertThat(minute1.startMillis()).isEqualTo(T0 + 60_000);
        assertThat(minute1.count()).isEqualTo(1);

        SeriesMonitor.Step late = at(m, 119, 17);
        assertThat(late.lateForRollup()).as("minute 1 was written").isTrue();
        assertThat(late.closed()).isNull();
        assertThat(m.rollupEndMillis(SETTINGS)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void anAlertFiresOnceAndResolvesAfterTheScoreStayedQuiet() {
        SeriesMonitor m = monitor();
        List<AlertEvent> alerts = new ArrayList<>();
        double[] values = {10, 11, 50, 52, 49, 51, 50, 50, 50};
        for (int i = 0; i < values.length; i++) {
            AlertEvent a = at(m, 30 * i, values[i]).alert();
            if (a != null) {
                alerts.add(a);
            }
        }
        // Fires at 60 s (50 after 11); quiet from 90 s (52 is within ±10 of 50); resolved when
        // quiet for 2 minutes: at 210 s.
        assertThat(alerts).hasSize(2);
        AlertEvent fired = alerts.get(0);
        AlertEvent resolved = alerts.get(1);
        assertThat(fired.state()).isEqualTo(AlertState.FIRING);
        assertThat(fired.startsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));
        assertThat(fired.value()).isEqualTo(50.0);
        assertThat(fired.expected()).isEqualTo(11.0);
        assertThat(fired.lower()).isEqualTo(1.0);
        assertThat(fired.upper()).isEqualTo(21.0);
        assertThat(fired.score()).isEqualTo(1.0);
        assertThat(fired.traceIds()).containsExactly("t1");
        assertThat(fired.labels())
                .containsEntry("alertname", "MetricAnomaly")
                .containsEntry("service", "checkout")
                .containsEntry("metric", "cpu")
                .containsEntry("series", m.series().key())
                .containsEntry("severity", "warning")
                .containsEntry("source", "anomaly");
        assertThat(fired.annotations().get("summary"))
                .isEqualTo("cpu of checkout is anomalous: 50.00 ms");

        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.id()).isEqualTo(fired.id());
        assertThat(resolved.fingerprint()).isEqualTo(fired.fingerprint());
        assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 90_000));
        assertThat(resolved.observedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 210_000));
        assertThat(m.openAlert()).isNull();
    }

    @Test
    void anAnomalousUtilizationNearlyUsedUpIsCritical() {
        SeriesMonitor cpu = monitorOf("system.cpu.utilization", "1");
        assertThat(cpu.severityAt(0.93)).isEqualTo(Severity.CRITICAL);
        assertThat(cpu.severityAt(0.9)).isEqualTo(Severity.CRITICAL);
        assertThat(cpu.severityAt(0.6)).isEqualTo(Severity.WARNING);
        assertThat(monitorOf("system.filesystem.utilization", "").severityAt(0.97))
                .isEqualTo(Severity.CRITICAL);
        assertThat(monitorOf("http.server.request.duration", "s").severityAt(0.95))
                .as("not a utilization")
                .isEqualTo(Severity.WARNING);
        assertThat(monitorOf("process.cpu.utilization", "%").severityAt(95))
                .as("a utilization in another unit is not a ratio")
                .isEqualTo(Severity.WARNING);
    }

    private static SeriesMonitor monitorOf(String metric, String unit) {
        return new SeriesMonitor(
                new AlertEvent.Series(metric + "{}", metric, unit, new java.util.TreeMap<>()),
                PreviousValueDetectors.WIDTH_10.create());
    }

    @Test
    void theRollupOfAPeriodWithAnOpenAlertSaysSo() {
        SeriesMonitor m = monitor();
        at(m, 0, 10);
        at(m, 10, 100);
        MetricRollup r = at(m, 60, 100).closed();
        assertThat(r.alerting()).isTrue();
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(m.closeRollup(T0 + 120_000, SETTINGS).alerting())
                .as("still open in minute 1")
                .isTrue();
    }

    @Test
    void stateRoundTripsWithAnOpenAlertAndRollup() {
        SeriesMonitor original = monitor();
        SeriesMonitor copy = monitor();
        for (double[] p : new double[][] {{0, 10}, {30, 11}, {60, 90}, {70, 95}}) {
            at(original, p[0], p[1]);
            at(copy, p[0], p[1]);
        }
        SeriesMonitor restored =
                SeriesMonitor.fromBytes(copy.toBytes(), PreviousValueDetectors.WIDTH_10::restore);
        assertThat(restored.toBytes()).isEqualTo(original.toBytes());
        assertThat(restored.openAlert()).isEqualTo(original.openAlert());
        for (double[] p : new double[][] {{80, 96}, {200, 97}, {400, 98}}) {
            assertThat(at(restored, p[0], p[1])).isEqualTo(at(original, p[0], p[1]));
        }
    }

    @Test
    void anIdleSeriesResolvesItsOpenAlertAtItsLastPoint() {
        SeriesMonitor m = monitor();
        at(m, 0, 10);
        AlertEvent fired = at(m, 30, 100).alert();
        AlertEvent resolved = m.expire(T0 + 3_600_000);
        assertThat(resolved.id()).isEqualTo(fired.id());
        assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 30_000));
        assertThat(resolved.observedAt()).isEqualTo(Instant.ofEpochMilli(T0 + 3_600_000));
        assertThat(m.expire(T0 + 3_600_000)).as("only once").isNull();
    }

    @Test
    void outOfOrderPointsAndNonFiniteValuesAreRefused() {
        SeriesMonitor m = monitor();
        at(m, 10, 1);
        assertThat(m.inOrder(T0 + 9_999)).isFalse();
        assertThatThrownBy(() -> at(m, 5, 1))
                .hasMessageContaining("older than the latest one at 2026-01-01T00:00:10Z");
        assertThatThrownBy(() -> at(m, 20, Double.POSITIVE_INFINITY))
                .hasMessage("value must be finite, was Infinity");
    }
}
