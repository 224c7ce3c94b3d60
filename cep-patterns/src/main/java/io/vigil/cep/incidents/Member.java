package io.vigil.cep.incidents;

import io.vigil.udfs.alerts.Severity;
import java.io.Serializable;

/**
 * One alert of an incident (one fingerprint): where, what kind, since when, until when.
 *
 * @param fingerprint the alert's identity
 * @param service the service it is about ({@link IncidentCorrelator#NO_SERVICE} if none)
 * @param kind what it says about the service
 * @param alertname its {@code alertname} label
 * @param summary its summary annotation
 * @param severity its severity
 * @param startsAtMillis when the condition began (event time)
 * @param endsAtMillis when it ended; {@code -1} while firing
 * @param events how many events of this alert the incident received (firing and resolved)
 * @param traceId a trace that shows the problem (the alert's first exemplar), {@code ""} if none
 * @param flappingUntilMillis while the alert flaps (fires and resolves again and again), until when
 *     it holds its incident open; {@code -1} when it does not flap
 * @param errorTemplate whether it is a new kind of error log line (a new-log-template alert with
 *     {@code level: error}): information, until a deploy of its service just before it makes it
 *     trouble. Added later: state written before it reads {@code false}, and such a member stays
 *     what it was
 */
public record Member(
        String fingerprint,
        String service,
        AlertKind kind,
        String alertname,
        String summary,
        Severity severity,
        long startsAtMillis,
        long endsAtMillis,
        int events,
        String traceId,
        long flappingUntilMillis,
        boolean errorTemplate)
        implements Serializable {

    public boolean firing() {
        return endsAtMillis < 0;
    }

    /**
     * This member after one more event: firing again since {@code startsAt} (the earlier start
     * kept).
     */
    Member firingAgain(long startsAt) {
        return with(Math.min(startsAtMillis, startsAt), -1, events + 1, flappingUntilMillis);
    }

    /** This member after one more event: ended at {@code endsAt}. */
    Member ended(long endsAt) {
        return with(startsAtMillis, endsAt, events + 1, flappingUntilMillis);
    }

    /** This member, flapping: it holds its incident open until {@code untilMillis}. */
    Member flapping(long untilMillis) {
        return with(
                startsAtMillis, endsAtMillis, events, Math.max(flappingUntilMillis, untilMillis));
    }

    /**
     * This member, now trouble: a new kind of error that a deploy of its service, seen after it
     * joined, came just before.
     */
    Member trouble() {
        return with(Severity.WARNING, startsAtMillis, endsAtMillis, events, flappingUntilMillis);
    }

    private Member with(long startsAt, long endsAt, int eventCount, long flappingUntil) {
        return with(severity, startsAt, endsAt, eventCount, flappingUntil);
    }

    private Member with(
            Severity newSeverity, long startsAt, long endsAt, int eventCount, long flappingUntil) {
        return new Member(
                fingerprint,
                service,
                kind,
                alertname,
                summary,
                newSeverity,
                startsAt,
                endsAt,
                eventCount,
                traceId,
                flappingUntil,
                errorTemplate);
    }
}
