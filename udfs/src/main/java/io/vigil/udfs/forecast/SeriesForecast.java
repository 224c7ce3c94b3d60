package io.vigil.udfs.forecast;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.series.SeriesKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Forecasting for one series on its grid of steps (the rollup periods): the {@link Forecaster}, and
 * for a series with a capacity ({@link CapacityLimits}) the {@link BreachCalibration} and the
 * predictive alert. Plain Java; the Flink operator keeps one per series in keyed state (in the
 * format of {@link SeriesForecastCodec}) and calls {@link #observe} with each rollup, in order.
 *
 * <p><b>Steps.</b> Each rollup's average is the next step; periods without a rollup are skipped
 * ({@link Forecaster#skip}), so the model runs on as forecast through a gap. A step's value is
 * known when its period ends: that is the time of what it leads to (the forecasts' origin is the
 * step's start, as its rollup's {@code @timestamp}).
 *
 * <p><b>Documents.</b> When a step's end crosses a multiple of {@link ForecastSettings#every()}
 * (epoch-aligned, so a replay writes the same origins), the step yields a {@link ForecastPoint} per
 * horizon and, with a capacity, a {@link CapacityPoint} ({@link CapacityPlanner#assess}). Nothing
 * is written before the forecaster's first refit ({@value Forecaster#FIRST_FIT} values): before it
 * the model has no measured error, and its interval would be a guess.
 *
 * <p><b>Predictive alert</b> ({@code source: forecast}, {@code alertname: CapacityBreachPredicted},
 * {@code severity: warning}). At every step of a series with a capacity, the calibration gives the
 * confidence that the series reaches its limit within {@link ForecastSettings#alertHorizon()}. The
 * alert fires at the first step (after the first refit) whose confidence is at least {@link
 * ForecastSettings#minConfidence()}. It resolves
 *
 * <ul>
 *   <li>when the confidence has stayed below the minimum for a quarter of the alert horizon: the
 *       prediction receded ({@code endsAt} is the first step below it); or
 *   <li>at once, at the first step whose value reaches the limit: the breach happened, and alerts
 *       on the value itself (anomaly, rules) take over ({@code endsAt} is that step); after a
 *       breach it does not fire again until the value has stayed below the limit for a quarter of
 *       the horizon, so a value that hovers at the limit does not make it flap; or
 *   <li>when the series goes idle ({@link #expire}), or loses its limit (configuration changed).
 * </ul>
 *
 * Each resolved event carries the annotation {@code resolution} saying which.
 *
 * <p><b>Size.</b> The forecaster (at most {@value Forecaster#MAX_STATE_BYTES} bytes), the
 * calibration ({@code 2 ×} alert-horizon steps bytes plus about 450), the series key and about 50
 * bytes; while an alert is open, its JSON (about 1 KB) as well.
 */
public final class SeriesForecast {
    static final long NONE = Long.MIN_VALUE;

    /** {@code alertname} of the predictive alert. */
    public static final String ALERTNAME = "CapacityBreachPredicted";

    /**
     * What one step led to.
     *
     * @param forecasts the forecast points, one per horizon, when documents are due; else empty
     * @param capacity the capacity outlook, when documents are due and the series has a capacity;
     *     else {@code null}
     * @param alert the predictive alert that fired or resolved at this step; else {@code null}
     * @param late whether the step was not after the latest one (left out, nothing changed)
     */
    public record Step(
            List<ForecastPoint> forecasts, CapacityPoint capacity, AlertEvent alert, boolean late) {
        static final Step LATE = new Step(List.of(), null, null, true);
    }

    final AlertEvent.Series series;
    Forecaster forecaster;
    BreachCalibration calibration;
    long lastStartMillis = NONE;
    double lastValue = Double.NaN;
    AlertEvent open;

    /** While an alert is open: the first step since which the confidence is below the minimum. */
    long quietSinceMillis = NONE;

    /** The end of the latest step whose value was at or above the limit. */
    long reachedMillis = NONE;

    /** A new series with steps of {@code stepMillis}. */
    public SeriesForecast(AlertEvent.Series series, long stepMillis) {
        this.series = Objects.requireNonNull(series, "series");
        this.forecaster = new Forecaster(stepMillis);
    }

    public AlertEvent.Series series() {
        return series;
    }

    /** The open predictive alert, or {@code null}. */
    public AlertEvent openAlert() {
        return open;
    }

    /** The end of the latest step observed, epoch milliseconds; {@link Long#MIN_VALUE} if none. */
    public long lastStepEndMillis() {
        return lastStartMillis == NONE ? NONE : lastStartMillis + forecaster.stepMillis();
    }

    /**
     * Observes the step starting at {@code startMillis} with value {@code value} (its rollup's
     * average).
     *
     * @param value a finite value
     */
    public Step observe(long startMillis, double value, ForecastSettings s) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        long step = s.stepMillis();
        if (forecaster.stepMillis() != step) {
            // the rollup period changed: a model of another grid forecasts nothing useful here
            forecaster = new Forecaster(step);
            lastStartMillis = NONE;
        }
        if (lastStartMillis != NONE && startMillis <= lastStartMillis) {
            return Step.LATE;
        }
        long previousEnd = lastStepEndMillis();
        if (lastStartMillis != NONE) {
            long missing = Math.floorDiv(startMillis - lastStartMillis, step) - 1;
            if (missing > 0) {
                forecaster.skip((int) Math.min(missing, Integer.MAX_VALUE));
            }
        }
        forecaster.observe(value);
        lastStartMillis = startMillis;
        lastValue = value;
        long end = startMillis + step;

        CapacityLimits.Limit limit = s.limits().of(series);
        AlertEvent alert = calibrate(limit, s, end, value);

        boolean due =
                forecaster.refits() > 0
                        && (previousEnd == NONE
                                || Math.floorDiv(end, s.everyMillis())
                                        > Math.floorDiv(previousEnd, s.everyMillis()));
        if (!due) {
            return new Step(List.of(), null, alert, false);
        }
        long season = (long) forecaster.seasonSteps() * step;
        Forecast f = forecaster.forecast(s.maxHorizonSteps());
        // A utilization stays within [0, 1] however far a trend is extrapolated.
        boolean share = CapacityLimits.isUtilization(series.metric(), series.unit());
        double min = share ? 0 : Double.NEGATIVE_INFINITY;
        double max = share ? 1 : Double.POSITIVE_INFINITY;
        List<ForecastPoint> points = new ArrayList<>(s.horizons().size());
        for (Duration horizon : s.horizons()) {
            int h = ForecastSettings.steps("horizon", horizon, s.step());
            points.add(
                    new ForecastPoint(
                            series,
                            startMillis,
                            horizon.toMillis(),
                            Math.max(min, Math.min(max, f.mean()[h - 1])),
                            Math.max(min, Math.min(max, f.lower(h, CapacityPlanner.Z95))),
                            Math.max(min, Math.min(max, f.upper(h, CapacityPlanner.Z95))),
                            Trend.of(forecaster, f, h),
                            season));
        }
        CapacityPoint capacity = null;
        if (limit != null) {
            capacity =
                    new CapacityPoint(
                            series,
                            startMillis,
                            season,
                            CapacityPlanner.assess(
                                            forecaster, value, limit.threshold(), s.capacitySteps())
                                    .bounded(min, max),
                            limit.basis());
        }
        return new Step(List.copyOf(points), capacity, alert, false);
    }

    /** Runs the calibration and the alert's lifecycle for the step ending at {@code end}. */
    private AlertEvent calibrate(
            CapacityLimits.Limit limit, ForecastSettings s, long end, double value) {
        if (limit == null) {
            calibration = null;
            reachedMillis = NONE;
            if (open != null) {
                return resolve(
                        end,
                        end,
                        value,
                        Double.NaN,
                        "the series no longer has a capacity limit (the configuration changed)");
            }
            return null;
        }
        int alertSteps = s.alertSteps();
        if (calibration == null
                || calibration.threshold != limit.threshold()
                || calibration.horizon != alertSteps) {
            calibration = new BreachCalibration(limit.threshold(), alertSteps);
        }
        Forecast f = forecaster.forecast(alertSteps);
        double confidence = calibration.observe(value, f, forecaster.tracking());
        double threshold = limit.threshold();
        long wait = s.resolveAfterMillis();
        if (value >= threshold) {
            reachedMillis = end;
            if (open == null) {
                return null;
            }
            return resolve(
                    end,
                    end,
                    value,
                    confidence,
                    String.format(
                            java.util.Locale.ROOT,
                            "%s reached %s in the period from %s (average %s): the breach"
                                    + " happened; alerts on the value itself (anomaly, rules)"
                                    + " take over",
                            series.metric(),
                            ForecastText.number(threshold),
                            Instant.ofEpochMilli(end - s.stepMillis()),
                            ForecastText.number(value)));
        }
        if (open == null) {
            boolean calm = reachedMillis == NONE || end - reachedMillis >= wait;
            if (forecaster.refits() > 0 && calm && confidence >= s.minConfidence()) {
                open = fire(end, value, confidence, f, limit, s);
                quietSinceMillis = NONE;
                return open;
            }
            return null;
        }
        if (confidence >= s.minConfidence()) {
            quietSinceMillis = NONE;
            return null;
        }
        if (quietSinceMillis == NONE) {
            quietSinceMillis = end;
        }
        if (end - quietSinceMillis < wait) {
            return null;
        }
        return resolve(
                quietSinceMillis,
                end,
                value,
                confidence,
                String.format(
                        java.util.Locale.ROOT,
                        "the confidence stayed below %s for %s (%s now): the breach is no longer"
                                + " predicted",
                        ForecastText.percent(s.minConfidence()),
                        ForecastText.duration(wait),
                        ForecastText.percent(confidence)));
    }

    private AlertEvent fire(
            long at,
            double value,
            double confidence,
            Forecast f,
            CapacityLimits.Limit limit,
            ForecastSettings s) {
        int h = s.alertSteps();
        long step = s.stepMillis();
        double threshold = limit.threshold();
        double predicted = f.mean()[h - 1];
        double lower = f.lower(h, CapacityPlanner.Z95);
        double upper = f.upper(h, CapacityPlanner.Z95);
        long toBreach = -1;
        for (int k = 1; k <= h && toBreach < 0; k++) {
            if (f.mean()[k - 1] >= threshold) {
                toBreach = k * step;
            }
        }
        if (toBreach < 0) {
            toBreach =
                    CapacityPlanner.assess(forecaster, value, threshold, s.capacitySteps())
                            .timeToBreachMillis();
        }
        String service = series.attributes().getOrDefault(SeriesKeys.SERVICE_NAME, "");
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", ALERTNAME);
        labels.put("severity", Severity.WARNING.wireName());
        labels.put("source", AlertSource.FORECAST.wireName());
        labels.put("metric", series.metric());
        labels.put("series", series.key());
        if (!service.isEmpty()) {
            labels.put("service", service);
        }
        String unit =
                series.unit().isEmpty() || series.unit().equals("1") ? "" : " " + series.unit();
        String horizon = ForecastText.duration(s.alertHorizon().toMillis());
        String limitText = ForecastText.number(threshold) + unit;
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put(
                "summary",
                String.format(
                        java.util.Locale.ROOT,
                        "%s%s is predicted to reach %s within %s (confidence %s)",
                        series.metric(),
                        ForecastDocuments.where(series),
                        limitText,
                        horizon,
                        ForecastText.percent(confidence)));
        String breach;
        if (toBreach >= 0) {
            // the forecast's origin is the step's start; the alert's time is its end
            long breachAt = at - step + toBreach;
            breach =
                    String.format(
                            java.util.Locale.ROOT,
                            "the forecast reaches %s in about %s (at %s)",
                            limitText,
                            ForecastText.duration(breachAt - at),
                            Instant.ofEpochMilli(breachAt));
            annotations.put("time_to_breach", ForecastText.duration(breachAt - at));
            annotations.put("breach_at", Instant.ofEpochMilli(breachAt).toString());
        } else {
            breach =
                    String.format(
                            java.util.Locale.ROOT,
                            "the forecast itself stays below %s for %s, but its 95%% interval"
                                    + " reaches it",
                            limitText,
                            ForecastText.duration(s.capacityHorizon().toMillis()));
        }
        annotations.put(
                "description",
                String.format(
                        java.util.Locale.ROOT,
                        "%s%s now; %s; %s%s expected in %s (95%% interval %s to %s). Confidence %s"
                                + " that it reaches %s within %s, calibrated on the series' own"
                                + " record. Limit from forecast.capacity.%s. Series %s.",
                        ForecastText.number(value),
                        unit,
                        breach,
                        ForecastText.number(predicted),
                        unit,
                        horizon,
                        ForecastText.number(lower),
                        ForecastText.number(upper),
                        ForecastText.percent(confidence),
                        limitText,
                        horizon,
                        limit.basis() == CapacityLimits.Basis.UTILIZATION
                                ? "utilization"
                                : "thresholds",
                        series.key()));
        annotations.put("threshold", ForecastText.number(threshold));
        annotations.put("predicted", ForecastText.number(predicted));
        annotations.put("confidence", ForecastText.percent(confidence));
        return AlertEvent.firing(
                labels,
                annotations,
                AlertSource.FORECAST,
                Severity.WARNING,
                Instant.ofEpochMilli(at),
                series,
                value,
                predicted,
                lower,
                upper,
                Math.max(0, Math.min(1, confidence)),
                List.of());
    }

    /** Resolves the open alert at {@code endsMillis}, observed at {@code atMillis}. */
    private AlertEvent resolve(
            long endsMillis, long atMillis, double value, double confidence, String why) {
        Instant observed = Instant.ofEpochMilli(atMillis);
        Instant ends = Instant.ofEpochMilli(Math.max(endsMillis, open.startsAt().toEpochMilli()));
        AlertEvent resolved =
                open.resolve(
                                ends,
                                observed,
                                value,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.isNaN(confidence)
                                        ? Double.NaN
                                        : Math.max(0, Math.min(1, confidence)))
                        .withAnnotation("resolution", why, observed);
        open = null;
        quietSinceMillis = NONE;
        return resolved;
    }

    /**
     * The series went idle at event time {@code atMillis}: resolves an open alert (ending at the
     * latest step), or returns {@code null}. The caller then drops the state.
     */
    public AlertEvent expire(long atMillis, Duration idleTimeout) {
        if (open == null) {
            return null;
        }
        return resolve(
                lastStepEndMillis(),
                atMillis,
                Double.NaN,
                Double.NaN,
                "the series sent nothing for " + ForecastText.duration(idleTimeout.toMillis()));
    }

    /** The whole state, for {@link #fromBytes}; the format is {@link SeriesForecastCodec}'s. */
    public byte[] toBytes() {
        return SeriesForecastCodec.write(this);
    }

    /** Restores a series' forecasting from {@link #toBytes}. */
    public static SeriesForecast fromBytes(byte[] bytes) {
        return SeriesForecastCodec.read(bytes);
    }
}
