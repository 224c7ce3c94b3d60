package io.vigil.cep.incidents;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.udfs.ecs.EcsFields;
import io.vigil.udfs.ecs.EsDocument;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.TreeSet;

/**
 * An incident as the document people read: one per incident in {@code <prefix>-incidents},
 * rewritten in place (its id is the incident id) as it changes; the same JSON goes to Kafka {@code
 * vigil.incidents}. ECS 1.7 where ECS has a field ({@code @timestamp} = opened, {@code event.kind:
 * alert}, {@code event.start}/{@code end}, {@code service.name} = the first root cause), the rest
 * under {@code vigil.incident.*}: status, severity, services, ranked root causes with their why,
 * members, the call path between its services, timeline, MTTD and MTTR.
 */
public final class IncidentDocuments implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String index;

    public IncidentDocuments(String indexPrefix) {
        this.index = EsDocument.checkedPrefix(indexPrefix) + "-incidents";
    }

    /** The incident's document, to index (or rewrite) by its id. */
    public EsDocument document(Incident incident, ServiceGraph graph) {
        String json =
                EsDocument.source(
                        g -> {
                            EcsFields.header(g, iso(incident.openedAtMillis()));
                            String top =
                                    incident.rootCauses().isEmpty()
                                            ? ""
                                            : incident.rootCauses().get(0).service();
                            g.writeStringField(
                                    "message",
                                    "Incident on "
                                            + String.join(", ", incident.services())
                                            + (top.isEmpty() ? "" : "; look at " + top + " first"));
                            g.writeObjectFieldStart("event");
                            g.writeStringField("kind", "alert");
                            g.writeStringField("dataset", "vigil.incidents");
                            g.writeStringField("start", iso(incident.startedAtMillis()));
                            if (incident.resolvedAtMillis() >= 0) {
                                g.writeStringField("end", iso(incident.resolvedAtMillis()));
                            }
                            g.writeNumberField("severity", incident.severity().ecsLevel());
                            g.writeEndObject();
                            EcsFields.nested(g, "service", "name", top);
                            g.writeObjectFieldStart("vigil");
                            g.writeObjectFieldStart("incident");
                            fields(g, incident, graph);
                            g.writeEndObject();
                            g.writeEndObject();
                        });
        return new EsDocument(index, incident.id(), json);
    }

    private static void fields(JsonGenerator g, Incident incident, ServiceGraph graph)
            throws IOException {
        g.writeStringField("id", incident.id());
        g.writeStringField("status", incident.status().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("severity", incident.severity().wireName());
        g.writeStringField("opened_at", iso(incident.openedAtMillis()));
        g.writeStringField("started_at", iso(incident.startedAtMillis()));
        if (incident.resolvedAtMillis() >= 0) {
            g.writeStringField("resolved_at", iso(incident.resolvedAtMillis()));
        }
        if (incident.mergedInto() != null) {
            g.writeStringField("merged_into", incident.mergedInto());
        }
        g.writeNumberField("mttd_ms", incident.mttdMillis());
        if (incident.mttrMillis() >= 0) {
            g.writeNumberField("mttr_ms", incident.mttrMillis());
        }
        g.writeNumberField("alert_events", incident.alertEvents());
        g.writeNumberField("escalations", incident.escalations());
        g.writeArrayFieldStart("services");
        for (String s : incident.services()) {
            g.writeString(s);
        }
        g.writeEndArray();
        rootCauses(g, "root_causes", incident, true);
        g.writeArrayFieldStart("path");
        TreeSet<String> services = incident.services();
        for (String caller : services) {
            for (String callee : graph.callees(caller)) {
                if (services.contains(callee)) {
                    g.writeString(caller + " -> " + callee);
                }
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("members");
        for (Member m : incident.members().values()) {
            g.writeStartObject();
            g.writeStringField("fingerprint", m.fingerprint());
            g.writeStringField("service", m.service());
            g.writeStringField("kind", m.kind().name().toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("alertname", m.alertname());
            g.writeStringField("summary", m.summary());
            g.writeStringField("severity", m.severity().wireName());
            g.writeStringField("starts_at", iso(m.startsAtMillis()));
            if (!m.firing()) {
                g.writeStringField("ends_at", iso(m.endsAtMillis()));
            }
            g.writeNumberField("events", m.events());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("timeline");
        for (String line : incident.timeline()) {
            g.writeString(line);
        }
        g.writeEndArray();
    }

    /**
     * The incident as one line of a benchmark run's {@code incidents.jsonl} (the format of {@code
     * contracts/incident-datasets}): id, openedAt, resolvedAt (null while open), alerts, services,
     * rootCauses with service, score and why.
     */
    public static String jsonLine(Incident incident) {
        return EsDocument.source(
                g -> {
                    g.writeStringField("id", incident.id());
                    g.writeStringField("openedAt", iso(incident.openedAtMillis()));
                    if (incident.resolvedAtMillis() >= 0) {
                        g.writeStringField("resolvedAt", iso(incident.resolvedAtMillis()));
                    } else {
                        g.writeNullField("resolvedAt");
                    }
                    g.writeNumberField("alerts", incident.alertEvents());
                    g.writeArrayFieldStart("services");
                    for (String s : incident.services()) {
                        g.writeString(s);
                    }
                    g.writeEndArray();
                    rootCauses(g, "rootCauses", incident, false);
                });
    }

    /** The ranked root causes: service, score, why (and the rank when asked). */
    private static void rootCauses(
            JsonGenerator g, String field, Incident incident, boolean withRank) throws IOException {
        g.writeArrayFieldStart(field);
        int rank = 1;
        for (RootCause r : incident.rootCauses()) {
            g.writeStartObject();
            if (withRank) {
                g.writeNumberField("rank", rank);
            }
            rank++;
            g.writeStringField("service", r.service());
            g.writeNumberField("score", r.score());
            g.writeStringField("why", r.why());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
