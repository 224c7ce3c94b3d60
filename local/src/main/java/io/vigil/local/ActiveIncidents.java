package io.vigil.local;

import java.time.Instant;
import java.util.List;

/** Looks up which scripted incident, if any, affects a service at an instant. */
final class ActiveIncidents {

    private final List<Incident> incidents;

    ActiveIncidents(List<Incident> incidents) {
        this.incidents = List.copyOf(incidents);
    }

    /** The incident of {@code kind} on {@code service} in effect at {@code t}, or null. */
    Incident active(String service, IncidentKind kind, Instant t) {
        for (Incident incident : incidents) {
            if (incident.kind() == kind
                    && incident.service().equals(service)
                    && incident.isActiveAt(t)) {
                return incident;
            }
        }
        return null;
    }

    /**
     * The incident of {@code kind} on {@code service} building up or in effect at {@code t} (from
     * its {@link Incident#onset} to its end), or null.
     */
    Incident underway(String service, IncidentKind kind, Instant t) {
        for (Incident incident : incidents) {
            if (incident.kind() == kind
                    && incident.service().equals(service)
                    && incident.isUnderwayAt(t)) {
                return incident;
            }
        }
        return null;
    }
}
