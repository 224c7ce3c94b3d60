package io.vigil.udfs.alerts;

import io.vigil.udfs.ecs.ContentHash;
import io.vigil.udfs.model.Fields;
import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert event, the one schema every Vigil alert source writes to Kafka {@code vigil.alerts}
 * (anomalies, rules, SLO burn rates, forecasts, new log templates) and the incident correlation
 * reads. An alert fires once and resolves once; both events carry the same {@link #id}. Serialized
 * as JSON by {@link AlertJson}; described field by field in {@code docs/alerts.md}. Java
 * serializable too: the incident correlator keeps some alerts (information as evidence, early
 * flapping markers) in its checkpointed state.
 *
 * <p>The shape follows Alertmanager's alert (labels identify it, annotations describe it,
 * startsAt/endsAt bound it) plus what a detector knows about the observation that triggered it.
 *
 * @param id this occurrence of the alert: {@link #idOf(String, Instant)} of the fingerprint and
 *     {@code startsAt}; the firing and the resolved event share it, so the resolved one overwrites
 *     the firing one where documents are keyed by it
 * @param fingerprint the alert's identity across occurrences: {@link #fingerprintOf(Map)} of the
 *     labels
 * @param labels what identifies the alert, as Alertmanager labels: always {@code alertname}, {@code
 *     severity} and {@code source}; {@code service} where known; then source-specific ones (an
 *     anomaly adds {@code metric} and {@code series})
 * @param annotations what describes it for a person: {@code summary}, {@code description}
 * @param source what raised it
 * @param severity how urgent it is (equal to the {@code severity} label)
 * @param state firing or resolved
 * @param startsAt event time at which the condition began
 * @param endsAt event time at which it ended; {@code null} while firing
 * @param observedAt event time of the observation that produced this event (the triggering point
 *     when firing, the point that ended the condition when resolved)
 * @param series the metric series the alert is about; {@code null} for alerts not about a series
 * @param value the observed value at {@code observedAt}, in the series' unit; {@code NaN} if none
 * @param expected the value the detector expected; {@code NaN} if none
 * @param lower the lower edge of the normal band; {@code NaN} if none
 * @param upper the upper edge of the normal band; {@code NaN} if none
 * @param score the source's score in [0, 1] (anomaly score, burn rate over its threshold capped at
 *     1, …); {@code NaN} if the source has none
 * @param traceIds trace ids (32 lowercase hex) that show the problem, e.g. exemplars of the series;
 *     empty if none are known
 */
public record AlertEvent(
        String id,
        String fingerprint,
        SortedMap<String, String> labels,
        SortedMap<String, String> annotations,
        AlertSource source,
        Severity severity,
        AlertState state,
        Instant startsAt,
        Instant endsAt,
        Instant observedAt,
        Series series,
        double value,
        double expected,
        double lower,
        double upper,
        double score,
        List<String> traceIds)
        implements Serializable {

    /** The schema version written as {@code schema} in the JSON form. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * The metric series an alert is about.
     *
     * @param key the series key: metric name and identifying attributes, e.g. {@code
     *     http.server.duration{service.name="checkout",http.route="/pay"}}
     * @param metric the metric name
     * @param unit the metric's UCUM unit, {@code ""} if none
     * @param attributes the identifying attributes of the series, sorted by key
     */
    public record Series(
            String key, String metric, String unit, SortedMap<String, String> attributes)
            implements Serializable {
        public Series {
            Fields.requireNonNull("series.key series.metric series.unit", key, metric, unit);
            attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        }
    }

    public AlertEvent {
        Fields.requireNonNull("id fingerprint source severity", id, fingerprint, source, severity);
        Fields.requireNonNull("state startsAt observedAt", state, startsAt, observedAt);
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        traceIds = List.copyOf(traceIds);
        for (String required : new String[] {"alertname", "severity", "source"}) {
            if (!labels.containsKey(required)) {
                throw new IllegalArgumentException("labels must contain '" + required + "'");
            }
        }
        if (!labels.get("severity").equals(severity.wireName())) {
            throw new IllegalArgumentException(
                    "label severity '"
                            + labels.get("severity")
                            + "' differs from severity "
                            + severity.wireName());
        }
        if (state == AlertState.FIRING && endsAt != null) {
            throw new IllegalArgumentException("a firing alert has no endsAt");
        }
        if (state == AlertState.RESOLVED && (endsAt == null || endsAt.isBefore(startsAt))) {
            throw new IllegalArgumentException(
                    "a resolved alert needs endsAt at or after startsAt " + startsAt);
        }
        if (!Double.isNaN(score) && !(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1] or NaN, was " + score);
        }
    }

    /**
     * A firing alert not about a series (a new log template, say): no series, no values, no score.
     */
    public static AlertEvent firing(
            SortedMap<String, String> labels,
            SortedMap<String, String> annotations,
            AlertSource source,
            Severity severity,
            Instant at,
            List<String> traceIds) {
        return firing(
                labels,
                annotations,
                source,
                severity,
                at,
                null,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                traceIds);
    }

    /**
     * A new alert that fires at {@code at}, observed then: its fingerprint comes from the labels
     * and its id from the fingerprint and the start.
     *
     * @param labels must hold {@code alertname}, {@code source} and the severity's wire name
     */
    public static AlertEvent firing(
            SortedMap<String, String> labels,
            SortedMap<String, String> annotations,
            AlertSource source,
            Severity severity,
            Instant at,
            Series series,
            double value,
            double expected,
            double lower,
            double upper,
            double score,
            List<String> traceIds) {
        String fingerprint = fingerprintOf(labels);
        return new AlertEvent(
                idOf(fingerprint, at),
                fingerprint,
                labels,
                annotations,
                source,
                severity,
                AlertState.FIRING,
                at,
                null,
                at,
                series,
                value,
                expected,
                lower,
                upper,
                score,
                traceIds);
    }

    /** The labels' identity: 22 base64url characters of a hash over the sorted label pairs. */
    public static String fingerprintOf(Map<String, String> labels) {
        ContentHash hash = new ContentHash().add(labels.size());
        new TreeMap<>(labels).forEach((k, v) -> hash.add(k).add(v));
        return hash.finish();
    }

    /** One occurrence's id: a hash of the fingerprint and the start. */
    public static String idOf(String fingerprint, Instant startsAt) {
        return new ContentHash()
                .add(fingerprint)
                .add(startsAt.getEpochSecond())
                .add(startsAt.getNano())
                .finish();
    }

    /**
     * The same alert, resolved at {@code endsAt} by the observation at {@code observedAt} (with
     * what the source knew about that observation).
     */
    public AlertEvent resolve(
            Instant endsAt,
            Instant observedAt,
            double value,
            double expected,
            double lower,
            double upper,
            double score) {
        return copy(
                annotations,
                AlertState.RESOLVED,
                endsAt,
                observedAt,
                value,
                expected,
                lower,
                upper,
                score);
    }

    /**
     * The same event with one annotation added (or replaced) and observed at {@code observedAt};
     * everything else, state included, stays as it is. Markers that the incident correlation reads
     * (an alert is flapping, an alert escalates) are such copies.
     */
    public AlertEvent withAnnotation(String key, String annotation, Instant observedAt) {
        TreeMap<String, String> more = new TreeMap<>(annotations);
        more.put(key, annotation);
        return copy(more, state, endsAt, observedAt, value, expected, lower, upper, score);
    }

    /**
     * This alert (same id, labels, source, severity, start, series and trace ids) with the rest
     * new.
     */
    private AlertEvent copy(
            SortedMap<String, String> annotations,
            AlertState state,
            Instant endsAt,
            Instant observedAt,
            double value,
            double expected,
            double lower,
            double upper,
            double score) {
        return new AlertEvent(
                id,
                fingerprint,
                labels,
                annotations,
                source,
                severity,
                state,
                startsAt,
                endsAt,
                observedAt,
                series,
                value,
                expected,
                lower,
                upper,
                score,
                traceIds);
    }
}
