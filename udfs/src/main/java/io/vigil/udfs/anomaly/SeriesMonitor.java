package io.vigil.udfs.anomaly;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.Temporality;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Anomaly detection for one metric series: turns its points into values, runs the {@link Detector},
 * keeps the current rollup period and the alert lifecycle. Plain Java; the Flink operator keeps one
 * monitor per series in keyed state and calls it in event-time order.
 *
 * <p><b>Values.</b> What the detector sees of a point depends on its kind: a gauge or a
 * non-monotonic sum (a level) is its value; a monotonic sum is a rate per second (a delta point's
 * value over its interval; for cumulative points the increase since the previous point, with a
 * counter reset or a new start time starting over); a histogram, exponential histogram or summary
 * is the mean of the observations of the interval (sum over count; for cumulative points, of the
 * increase since the previous point). A point that yields no value (the first cumulative point, a
 * reset, an interval without observations, "no recorded value") is a baseline, not an error.
 *
 * <p><b>Alerts.</b> An alert fires at the first point whose score reaches the threshold and
 * resolves once the score has stayed below it for {@code resolveAfter} of event time ({@code
 * endsAt} is the first quiet point), or when the series goes idle ({@link #expire}).
 *
 * <p><b>Size.</b> The detector's state plus about 150 bytes and the series key; while an alert is
 * open, its JSON (about 700 bytes) as well.
 */
public final class SeriesMonitor {
    private static final int FORMAT_VERSION = 1;
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

    // Baseline of cumulative points: the previous point's start, value (or sum) and count.
    private long baselineStartNanos = NONE;
    private long baselineTimeNanos;
    private double baselineValue;
    private long baselineCount;

    private long lastMillis = NONE;
    private long writtenBeforeMillis = NONE;

    private long rollupStart = NONE;
    private long count;
    private double sum;
    private double min;
    private double max;
    private double maxScore;
    private long banded;
    private double sumExpected;
    private double sumLower;
    private double sumUpper;
    private boolean rollupAlerting;

    private AlertEvent open;
    private long quietSince = NONE;

    public SeriesMonitor(AlertEvent.Series series, Detector detector) {
        this.series = Objects.requireNonNull(series, "series");
        this.detector = Objects.requireNonNull(detector, "detector");
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
     * The value the point contributes to the series, as described in the class comment, or {@code
     * NaN} if it is a baseline only. Updates the cumulative baseline.
     */
    public double valueOf(MetricPoint p) {
        if (p.noRecordedValue()) {
            return Double.NaN;
        }
        boolean cumulative = p.temporality() == Temporality.CUMULATIVE;
        return switch (p.type()) {
            case GAUGE -> p.value();
            case SUM -> {
                if (!p.monotonic()) {
                    yield p.value();
                }
                if (!cumulative) {
                    double seconds = (p.timeUnixNano() - p.startTimeUnixNano()) / 1e9;
                    yield p.startTimeUnixNano() > 0 && seconds > 0
                            ? p.value() / seconds
                            : p.value();
                }
                yield increase(p, p.value(), 0);
            }
            case HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY -> {
                if (Double.isNaN(p.sum())) {
                    yield Double.NaN;
                }
                if (!cumulative && p.type() != MetricType.SUMMARY) {
                    yield p.count() > 0 ? p.sum() / p.count() : Double.NaN;
                }
                if (p.type() == MetricType.SUMMARY && freshInterval(p)) {
                    // A summary whose interval starts where the last one ended (or later) covers
                    // that interval alone, like the per-window summaries of the traces job.
                    increase(p, p.sum(), p.count());
                    yield p.count() > 0 ? p.sum() / p.count() : Double.NaN;
                }
                yield increase(p, p.sum(), p.count());
            }
        };
    }

    /** Whether the point's interval starts at or after the previous point: not cumulative. */
    private boolean freshInterval(MetricPoint p) {
        return p.startTimeUnixNano() > 0
                && baselineStartNanos != NONE
                && p.startTimeUnixNano() >= baselineTimeNanos;
    }

    /**
     * For a cumulative point: the rate of increase of the value (count 0) or the mean of the new
     * observations (count &gt; 0) since the baseline; NaN at a first point or a reset.
     */
    private double increase(MetricPoint p, double total, long totalCount) {
        boolean continues =
                baselineStartNanos != NONE
                        && baselineStartNanos == p.startTimeUnixNano()
                        && p.timeUnixNano() > baselineTimeNanos
                        && total >= baselineValue
                        && totalCount >= baselineCount;
        double result = Double.NaN;
        if (continues) {
            if (p.type() == MetricType.SUM) {
                result = (total - baselineValue) / ((p.timeUnixNano() - baselineTimeNanos) / 1e9);
            } else if (totalCount > baselineCount) {
                result = (total - baselineValue) / (totalCount - baselineCount);
            }
        }
        baselineStartNanos = p.startTimeUnixNano();
        baselineTimeNanos = p.timeUnixNano();
        baselineValue = total;
        baselineCount = totalCount;
        return result;
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
        long start = Math.floorDiv(epochMillis, period) * period;
        if (writtenBeforeMillis != NONE && start < writtenBeforeMillis) {
            return new Step(a, null, alert, true);
        }
        MetricRollup closed = null;
        if (rollupStart != NONE && start > rollupStart) {
            closed = takeRollup(period);
        }
        add(start, value, a);
        return new Step(a, closed, alert, false);
    }

    private AlertEvent alert(
            long epochMillis, double value, Assessment a, List<String> traceIds, Settings s) {
        boolean anomalous = a.score() >= s.threshold();
        Instant at = Instant.ofEpochMilli(epochMillis);
        if (open == null) {
            if (!anomalous) {
                return null;
            }
            open = fire(at, value, a, traceIds);
            quietSince = NONE;
            rollupAlerting = true;
            return open;
        }
        rollupAlerting = true;
        if (anomalous) {
            quietSince = NONE;
            return null;
        }
        if (quietSince == NONE) {
            quietSince = epochMillis;
        }
        if (epochMillis - quietSince < s.resolveAfter().toMillis()) {
            return null;
        }
        AlertEvent resolved =
                open.resolve(
                        Instant.ofEpochMilli(quietSince),
                        at,
                        value,
                        a.expected(),
                        a.lower(),
                        a.upper(),
                        a.score());
        open = null;
        quietSince = NONE;
        return resolved;
    }

    private AlertEvent fire(Instant at, double value, Assessment a, List<String> traceIds) {
        String service = series.attributes().getOrDefault(SeriesKeys.SERVICE_NAME, "");
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", "MetricAnomaly");
        labels.put("severity", Severity.WARNING.wireName());
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
                Severity.WARNING,
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

    private void add(long start, double value, Assessment a) {
        if (rollupStart == NONE) {
            rollupStart = start;
            count = 0;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            maxScore = 0;
            banded = 0;
            sumExpected = 0;
            sumLower = 0;
            sumUpper = 0;
            rollupAlerting = open != null;
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        maxScore = Math.max(maxScore, a.score());
        if (!Double.isNaN(a.expected())) {
            banded++;
            sumExpected += a.expected();
            sumLower += a.lower();
            sumUpper += a.upper();
        }
    }

    private MetricRollup takeRollup(long period) {
        MetricRollup r =
                new MetricRollup(
                        series,
                        rollupStart,
                        period,
                        count,
                        sum,
                        min,
                        max,
                        maxScore,
                        banded == 0 ? Double.NaN : sumExpected / banded,
                        banded == 0 ? Double.NaN : sumLower / banded,
                        banded == 0 ? Double.NaN : sumUpper / banded,
                        rollupAlerting);
        writtenBeforeMillis = rollupStart + period;
        rollupStart = NONE;
        return r;
    }

    /**
     * The open rollup period if it ends at or before {@code watermarkMillis} (event time has passed
     * it, so no in-order point can join it), else {@code null}.
     */
    public MetricRollup closeRollup(long watermarkMillis, Settings settings) {
        long period = settings.rollupPeriod().toMillis();
        if (rollupStart == NONE || rollupStart + period > watermarkMillis) {
            return null;
        }
        return takeRollup(period);
    }

    /** End of the open rollup period, or {@link Long#MIN_VALUE} if none is open. */
    public long rollupEndMillis(Settings settings) {
        return rollupStart == NONE ? NONE : rollupStart + settings.rollupPeriod().toMillis();
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
        return resolved;
    }

    /** The whole state, for {@link #fromBytes}. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeUTF(series.key());
            out.writeUTF(series.metric());
            out.writeUTF(series.unit());
            out.writeShort(series.attributes().size());
            for (var e : series.attributes().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            byte[] model = detector.snapshot();
            out.writeInt(model.length);
            out.write(model);
            out.writeLong(baselineStartNanos);
            out.writeLong(baselineTimeNanos);
            out.writeDouble(baselineValue);
            out.writeLong(baselineCount);
            out.writeLong(lastMillis);
            out.writeLong(writtenBeforeMillis);
            out.writeLong(rollupStart);
            if (rollupStart != NONE) {
                out.writeLong(count);
                out.writeDouble(sum);
                out.writeDouble(min);
                out.writeDouble(max);
                out.writeDouble(maxScore);
                out.writeLong(banded);
                out.writeDouble(sumExpected);
                out.writeDouble(sumLower);
                out.writeDouble(sumUpper);
                out.writeBoolean(rollupAlerting);
            }
            if (open == null) {
                out.writeInt(0);
            } else {
                byte[] alert = AlertJson.write(open);
                out.writeInt(alert.length);
                out.write(alert);
                out.writeLong(quietSince);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a monitor from {@link #toBytes}.
     *
     * @param restoreDetector restores the detector from its {@link Detector#snapshot()}
     */
    public static SeriesMonitor fromBytes(
            byte[] bytes, Function<byte[], Detector> restoreDetector) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        "series monitor state version " + version + " is not supported");
            }
            String key = in.readUTF();
            String metric = in.readUTF();
            String unit = in.readUTF();
            int n = in.readUnsignedShort();
            SortedMap<String, String> attributes = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                attributes.put(in.readUTF(), in.readUTF());
            }
            byte[] model = new byte[in.readInt()];
            in.readFully(model);
            SeriesMonitor m =
                    new SeriesMonitor(
                            new AlertEvent.Series(key, metric, unit, attributes),
                            restoreDetector.apply(model));
            m.baselineStartNanos = in.readLong();
            m.baselineTimeNanos = in.readLong();
            m.baselineValue = in.readDouble();
            m.baselineCount = in.readLong();
            m.lastMillis = in.readLong();
            m.writtenBeforeMillis = in.readLong();
            m.rollupStart = in.readLong();
            if (m.rollupStart != NONE) {
                m.count = in.readLong();
                m.sum = in.readDouble();
                m.min = in.readDouble();
                m.max = in.readDouble();
                m.maxScore = in.readDouble();
                m.banded = in.readLong();
                m.sumExpected = in.readDouble();
                m.sumLower = in.readDouble();
                m.sumUpper = in.readDouble();
                m.rollupAlerting = in.readBoolean();
            }
            int alertLength = in.readInt();
            if (alertLength > 0) {
                byte[] alert = new byte[alertLength];
                in.readFully(alert);
                m.open = AlertJson.read(alert);
                m.quietSince = in.readLong();
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("series monitor state is truncated", e);
        }
    }
}
