package io.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.udfs.model.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Matches the anomaly alerts of a run to its scripted incidents, as the demo's summary reports
 * them. Plain Java: the alerts come in already read from {@code vigil-anomalies-*}.
 *
 * <p>An alert <em>matches</em> an incident when it is on the incident's service and starts from
 * {@link #EARLY} (30 s) before the incident's start to {@link #LATE} (60 s) after its end, both
 * ends inclusive: detectors see a fault a little before its scripted start when the generated
 * requests overlap it, and a fault's effect lasts a little beyond its end. An alert on the
 * incident's service that started earlier than that and is still firing at the incident's start (no
 * end, or an end at or after the start) is reported as <em>already firing</em>: it cannot be
 * credited to the incident, but it hides it. Live alerts (starting at or after the live start) that
 * match no incident are listed as unmatched.
 */
public final class IncidentMatcher {

    /** How long before an incident's start an alert still counts as detecting it. */
    public static final Duration EARLY = Duration.ofSeconds(30);

    /** How long after an incident's end an alert still counts as detecting it. */
    public static final Duration LATE = Duration.ofSeconds(60);

    private IncidentMatcher() {}

    /**
     * One anomaly alert, the fields of its {@code vigil-anomalies-*} document that matching needs.
     *
     * @param id {@code vigil.alert.id}
     * @param service {@code service.name}; empty when the document has none
     * @param seriesKey {@code vigil.series.key}; empty when the document has none
     * @param message {@code message}; empty when the document has none
     * @param startsAt {@code vigil.alert.starts_at}
     * @param endsAt {@code vigil.alert.ends_at}, or null while the alert fires
     */
    public record Alert(
            String id,
            String service,
            String seriesKey,
            String message,
            Instant startsAt,
            Instant endsAt) {

        public Alert {
            Fields.requireNonNull("id service", id, service);
            Fields.requireNonNull("seriesKey message startsAt", seriesKey, message, startsAt);
        }

        /**
         * The alert of an anomaly document's {@code _source}.
         *
         * @throws java.time.format.DateTimeParseException if {@code vigil.alert.starts_at} (or a
         *     present {@code ends_at}) is not an ISO-8601 instant
         */
        public static Alert fromDocument(JsonNode source) {
            String endsAt = source.at("/vigil/alert/ends_at").asText("");
            return new Alert(
                    source.at("/vigil/alert/id").asText(""),
                    source.at("/service/name").asText(""),
                    source.at("/vigil/series/key").asText(""),
                    source.path("message").asText(""),
                    Instant.parse(source.at("/vigil/alert/starts_at").asText()),
                    endsAt.isEmpty() ? null : Instant.parse(endsAt));
        }

        /** Whether the alert has not ended before {@code t}: no end, or an end at or after it. */
        boolean stillFiringAt(Instant t) {
            return endsAt == null || !endsAt.isBefore(t);
        }
    }

    /**
     * An alert that matches an incident.
     *
     * @param offset from the incident's start to the alert's start; negative when the alert came
     *     first
     */
    public record Hit(Alert alert, Duration offset) {}

    /**
     * What one incident got.
     *
     * @param matched the matching alerts, in the order they were given
     * @param alreadyFiring alerts on the service that started before the match window and still
     *     fired at the incident's start, in the order they were given
     */
    public record IncidentReport(Incident incident, List<Hit> matched, List<Alert> alreadyFiring) {
        /** Whether any alert matched or was already firing. */
        public boolean alerted() {
            return !matched.isEmpty() || !alreadyFiring.isEmpty();
        }
    }

    /**
     * The whole match.
     *
     * @param incidents one report per incident, in the incidents' order
     * @param alerts how many alerts there were in total (history and live)
     * @param liveAlerts how many alerts started at or after the live start
     * @param matchedAlerts how many distinct alerts (by id) matched at least one incident
     * @param unmatchedLive the live alerts that matched no incident, in the order they were given
     */
    public record Report(
            List<IncidentReport> incidents,
            int alerts,
            int liveAlerts,
            int matchedAlerts,
            List<Alert> unmatchedLive) {}

    /**
     * Matches {@code alerts} (usually oldest first) to {@code incidents}.
     *
     * @param liveStart first instant of the live run; alerts starting before it belong to the
     *     history
     */
    public static Report match(List<Incident> incidents, List<Alert> alerts, Instant liveStart) {
        Set<String> matchedIds = new LinkedHashSet<>();
        List<IncidentReport> reports = new ArrayList<>();
        for (Incident incident : incidents) {
            Instant from = incident.start().minus(EARLY);
            Instant to = incident.end().plus(LATE);
            List<Hit> matched = new ArrayList<>();
            List<Alert> alreadyFiring = new ArrayList<>();
            for (Alert alert : alerts) {
                if (!alert.service().equals(incident.service())) {
                    continue;
                }
                if (alert.startsAt().isBefore(from)) {
                    if (alert.stillFiringAt(incident.start())) {
                        alreadyFiring.add(alert);
                    }
                } else if (!alert.startsAt().isAfter(to)) {
                    matchedIds.add(alert.id());
                    matched.add(
                            new Hit(alert, Duration.between(incident.start(), alert.startsAt())));
                }
            }
            reports.add(
                    new IncidentReport(incident, List.copyOf(matched), List.copyOf(alreadyFiring)));
        }
        int live = 0;
        List<Alert> unmatchedLive = new ArrayList<>();
        for (Alert alert : alerts) {
            if (!alert.startsAt().isBefore(liveStart)) {
                live++;
                if (!matchedIds.contains(alert.id())) {
                    unmatchedLive.add(alert);
                }
            }
        }
        return new Report(
                List.copyOf(reports),
                alerts.size(),
                live,
                matchedIds.size(),
                List.copyOf(unmatchedLive));
    }
}
