package io.vigil.udfs.anomaly;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertLifecycle;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.series.PointValues;
import io.vigil.udfs.series.RollupAccumulator;
import io.vigil.udfs.series.SeriesKeys;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Anomaly detection for one metric series: turns its points into values ({@link PointValues}), runs
 * the {@link Detector}, keeps the current rollup period ({@link RollupAccumulator}) and the alert's
 * {@link AlertLifecycle}. Plain Java; the Flink operator keeps one monitor per series in keyed
 * state (in the format of {@link SeriesMonitorCodec}) and calls it in event-time order.
 *
 * <p><b>Values.</b> What the detector sees of a point is described in {@link PointValues}: a level
 * is its value, a counter a rate per second, a histogram or summary the mean of its interval. A
 * point that yields no value is a baseline, not an error.
 *
 * <p><b>Alerts.</b> The anomaly rule has no pending state ({@code for} is zero): an alert fires at
 * the first point whose score reaches the threshold and resolves once the score has stayed below it
 * for {@code resolveAfter} of event time ({@code endsAt} is the first quiet point), or when the
 * series goes idle ({@link #expire}). Invariant: an alert is open exactly while the lifecycle is
 * firing.
 *
 * <p><b>Size.</b> The detector's state plus about 150 bytes and the series key; while an alert is
 * open, its JSON (about 700 bytes) as well.
 */
public final class SeriesMonitor {
    private static final long NONE = Long.MIN_VALUE;

    /**
     * How alerts and rollups work; the same for every series of an operator.
     *
     * @param threshold the score at or above which a point is anomalous, in (0, 1]
     * @param resolveAfter how long the score must stay below the threshold to resolve an alert
     * @param rollupPeriod the length of a rollup period; divides a day
     */
    public record Settings(double threshold, Duration resolveAfter, Duration rollupPeriod)
            implements Serializable {
        public Settings {
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
            }
            Objects.requireNonNull(resolveAfter, "resolveAfter");
            if (rollupPeriod.isNegative()
                    || rollupPeriod.isZero()
                    || Duration.ofDays(1).toMillis() % rollupPeriod.toMillis() != 0) {
                throw new IllegalArgumentException(
                        "rollupPeriod must divide a day, was " + rollupPeriod);
            }
        }

        /**
         * The anomaly alert's lifecycle rule: fires at once, resolves after {@code resolveAfter}.
         */
        public AlertLifecycle.Rule alertRule() {
            return new AlertLifecycle.Rule(Duration.ZERO, resolveAfter);
        }
    }

    /**
     * What one point led to.
     *
     * @param assessment the detector's verdict on the point
     * @param closed the previous rollup period, when this point opened a later one; else {@code
     *     null}
     * @param alert an alert that fired or resolved at this point; else {@code null}
     * @param lateForRollup whether the point's period had already been written (the point reached
     *     the detector but not the rollups)
     */
    public record Step(
            Assessment assessment, MetricRollup closed, AlertEvent alert, boolean lateForRollup) {}

    private final AlertEvent.Series series;
    private final Detector detector;
    private final PointValues values;
    private final RollupAccumulator rollups;
    private final AlertLifecycle lifecycle;

    private long lastMillis;
    private AlertEvent open;

    public SeriesMonitor(AlertEvent.Series series, Detector detector) {
        this(
                series,
                detector,
                new PointValues(),
                NONE,
                new RollupAccumulator(),
                null,
                new AlertLifecycle());
    }

    /** A monitor from its parts, as {@link SeriesMonitorCodec} restores it. */
    SeriesMonitor(
            AlertEvent.Series series,
            Detector detector,
            PointValues values,
            long lastMillis,
            RollupAccumulator rollups,
            AlertEvent open,
            AlertLifecycle lifecycle) {
        this.series = Objects.requireNonNull(series, "series");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.values = Objects.requireNonNull(values, "values");
        this.lastMillis = lastMillis;
        this.rollups = Objects.requireNonNull(rollups, "rollups");
        this.open = open;
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /** A monitor for the series of {@code point}. */
    public static SeriesMonitor of(MetricPoint point, Detector detector) {
        SortedMap<String, String> attributes = SeriesKeys.attributes(point);
        return new SeriesMonitor(
                new AlertEvent.Series(
                        SeriesKeys.key(point.name(), attributes),
                        point.name(),
                        point.unit(),
                        attributes),
                detector);
    }

    public AlertEvent.Series series() {
        return series;
    }

    /** Event time of the latest point observed; {@link Long#MIN_VALUE} before the first. */
    public long lastMillis() {
        return lastMillis;
    }

    /** Whether a point at {@code epochMillis} is in order: not older than the latest one. */
    public boolean inOrder(long epochMillis) {
        return lastMillis == NONE || epochMillis >= lastMillis;
    }

    /** The open alert, or {@code null}. */
    public AlertEvent openAlert() {
        return open;
    }

    /**
     * The value the point contributes to the series, as {@link PointValues} describes, or {@code
     * NaN} if it is a baseline only. Updates the cumulative baseline.
     */
    public double valueOf(MetricPoint p) {
        return values.valueOf(p);
    }

    /**
     * Observes the series' next value.
     *
     * @param epochMillis the point's event time; {@link #inOrder} must hold
     * @param value a finite value from {@link #valueOf}
     * @param traceIds trace ids of the point's exemplars, linked from an alert it fires
     */
    public Step observe(long epochMillis, double value, List<String> traceIds, Settings settings) {
        if (!inOrder(epochMillis)) {
            throw new IllegalArgumentException(
                    "point at "
                            + Instant.ofEpochMilli(epochMillis)
                            + " is older than the latest one at "
                            + Instant.ofEpochMilli(lastMillis));
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        lastMillis = epochMillis;
        Assessment a = detector.observe(epochMillis, value);
        AlertEvent alert = alert(epochMillis, value, a, traceIds, settings);

        long period = settings.rollupPeriod().toMillis();
        long start = RollupAccumulator.periodStart(epochMillis, period);
        if (rollups.written(start)) {
            return new Step(a, null, alert, true);
        }
        MetricRollup closed = rollups.closeBefore(start, period, series);
        rollups.add(start, value, a.score(), a.expected(), a.lower(), a.upper(), open != null);
        return new Step(a, closed, alert, false);
    }

    /** Moves the alert's lifecycle on; the alert that fired or resolved here, or {@code null}. */
    private AlertEvent alert(
            long epochMillis, double value, Assessment a, List<String> traceIds, Settings s) {
        boolean wasFiring = lifecycle.isFiring();
        AlertLifecycle.Phase phase =
                lifecycle.observe(epochMillis, a.score() >= s.threshold(), s.alertRule());
        if (wasFiring || phase == AlertLifecycle.Phase.FIRING) {
            rollups.markAlerting();
        }
        Instant at = Instant.ofEpochMilli(epochMillis);
        if (!wasFiring && phase == AlertLifecycle.Phase.FIRING) {
            open = fire(at, value, a, traceIds);
            return open;
        }
        if (phase != AlertLifecycle.Phase.RESOLVED) {
            return null;
        }
        AlertEvent resolved =
                open.resolve(
                        Instant.ofEpochMilli(lifecycle.quietSinceMillis()),
                        at,
                        value,
                        a.expected(),
                        a.lower(),
                        a.upper(),
                        a.score());
        open = null;
        return resolved;
    }

    /**
     * A utilization at or above this is a resource nearly used up: its anomaly alert is critical.
     */
    static final double SATURATED = 0.9;

    /**
     * The severity of an anomaly alert at {@code value}: {@link Severity#CRITICAL} where the series
     * is a utilization (OpenTelemetry's {@code *.utilization} metrics, a ratio with unit {@code 1})
     * at or above {@value #SATURATED}, a resource nearly used up; {@link Severity#WARNING}
     * otherwise.
     */
    Severity severityAt(double value) {
        boolean utilization =
                series.metric().endsWith(".utilization")
                        && (series.unit().isEmpty() || series.unit().equals("1"));
        return utilization && value >= SATURATED ? Severity.CRITICAL : Severity.WARNING;
    }

    private AlertEvent fire(Instant at, double value, Assessment a, List<String> traceIds) {
        String service = series.attributes().getOrDefault(SeriesKeys.SERVICE_NAME, "");
        Severity severity = severityAt(value);
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", "MetricAnomaly");
        labels.put("severity", severity.wireName());
        labels.put("source", AlertSource.ANOMALY.wireName());
        labels.put("metric", series.metric());
        labels.put("series", series.key());
        if (!service.isEmpty()) {
            labels.put("service", service);
        }
        String unit = series.unit().isEmpty() ? "" : " " + series.unit();
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put(
                "summary",
                String.format(
                        Locale.ROOT,
                        "%s%s is anomalous: %s%s",
                        series.metric(),
                        service.isEmpty() ? "" : " of " + service,
                        number(value),
                        unit));
        annotations.put(
                "description",
                String.format(
                        Locale.ROOT,
                        "%s%s observed where %s was expected (normal band %s to %s); anomaly"
                                + " score %.3f. Series %s.",
                        number(value),
                        unit,
                        number(a.expected()),
                        number(a.lower()),
                        number(a.upper()),
                        a.score(),
                        series.key()));
        return AlertEvent.firing(
                labels,
                annotations,
                AlertSource.ANOMALY,
                severity,
                at,
                series,
                value,
                a.expected(),
                a.lower(),
                a.upper(),
                a.score(),
                traceIds);
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "unknown" : String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * The open rollup period if it ends at or before {@code watermarkMillis} (event time has passed
     * it, so no in-order point can join it), else {@code null}.
     */
    public MetricRollup closeRollup(long watermarkMillis, Settings settings) {
        return rollups.close(watermarkMillis, settings.rollupPeriod().toMillis(), series);
    }

    /** End of the open rollup period, or {@link Long#MIN_VALUE} if none is open. */
    public long rollupEndMillis(Settings settings) {
        return rollups.endMillis(settings.rollupPeriod().toMillis());
    }

    /**
     * The series went idle at event time {@code atMillis}: resolves an open alert (ending at the
     * latest point), or returns {@code null}. The caller then drops the monitor.
     */
    public AlertEvent expire(long atMillis) {
        if (open == null) {
            return null;
        }
        AlertEvent resolved =
                open.resolve(
                        Instant.ofEpochMilli(Math.max(lastMillis, open.startsAt().toEpochMilli())),
                        Instant.ofEpochMilli(atMillis),
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN);
        open = null;
        lifecycle.reset();
        return resolved;
    }

    /** The whole state, for {@link #fromBytes}; the format is {@link SeriesMonitorCodec}'s. */
    public byte[] toBytes() {
        return SeriesMonitorCodec.write(this);
    }

    /**
     * Restores a monitor from {@link #toBytes}.
     *
     * @param restoreDetector restores the detector from its {@link Detector#snapshot()}
     */
    public static SeriesMonitor fromBytes(
            byte[] bytes, Function<byte[], Detector> restoreDetector) {
        return SeriesMonitorCodec.read(bytes, restoreDetector);
    }

    Detector detector() {
        return detector;
    }

    PointValues values() {
        return values;
    }

    RollupAccumulator rollups() {
        return rollups;
    }

    AlertLifecycle lifecycle() {
        return lifecycle;
    }
}
