package io.vigil.cep.incidents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.udfs.kibana.KibanaLinks;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An incident as the one alert on-call receives through Alertmanager ({@code POST /api/v2/alerts},
 * contract in {@code ../shared/contracts/alertmanager}). Labels: {@code alertname: VigilIncident},
 * {@code severity}, {@code service} (the first root cause), {@code incident_id}. Annotations:
 * {@code summary}, {@code root_cause}, {@code why}, and links to the incident in Kibana (the
 * Incidents dashboard on its first root cause and time, {@link KibanaLinks}) and to a trace in
 * Jaeger ({@code <jaegerUrl>/trace/<id>}) when configured. {@code startsAt} is when the incident's
 * trouble started; a resolved incident carries {@code endsAt}, a firing one gets its {@code endsAt}
 * when it is sent (pushed forward at every re-send).
 *
 * <p>With {@code alertmanager.sendMembers} each member alert of the incident is also one
 * Alertmanager alert ({@link #members}), grouped under the incident by its {@code incident_id}
 * label.
 *
 * @param incidentId the incident
 * @param member the member alert's fingerprint for the alert of one member ({@link #members}),
 *     {@code ""} for the incident's own alert
 * @param json the postable alert as a JSON object, without {@code endsAt} while firing
 * @param resolved whether the alert is resolved
 */
public record AlertmanagerAlert(String incidentId, String member, String json, boolean resolved)
        implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The {@code alertname} of a member alert that has none. */
    public static final String MEMBER_WITHOUT_NAME = "VigilAlert";

    /**
     * The label that tells apart member alerts of one incident with the same name, severity and
     * service (two anomalies on checkout's metrics, say): Vigil's fingerprint of the member alert,
     * as its documents carry it. Not Alertmanager's own {@code fingerprint} of the label set.
     */
    public static final String FINGERPRINT_LABEL = "vigil_fingerprint";

    /**
     * Which alert this is within Vigil: one per incident, and one per member of it. Its labels can
     * change (the incident's severity, its first root cause); its key does not.
     */
    public String key() {
        return member.isEmpty() ? incidentId : incidentId + " " + member;
    }

    /** How far a Kibana link's time range reaches before the trouble and after its end: 15 min. */
    static final long LINK_MARGIN_MILLIS = 15 * 60_000L;

    private static boolean resolved(Incident incident) {
        return incident.status() == Incident.Status.RESOLVED;
    }

    /** Where the links of the annotations point; an empty URL leaves its link out. */
    public record Links(String kibanaUrl, String jaegerUrl) implements Serializable {
        public static final Links NONE = new Links("", "");
    }

    /** The alert of an incident in its current state. */
    public static AlertmanagerAlert of(Incident incident, Links links) {
        ObjectNode alert = JSON.createObjectNode();
        ObjectNode labels = alert.putObject("labels");
        labels.put("alertname", "VigilIncident");
        labels.put("severity", incident.severity().wireName());
        RootCause top = incident.rootCauses().isEmpty() ? null : incident.rootCauses().get(0);
        if (top != null) {
            labels.put("service", top.service());
        }
        labels.put("incident_id", incident.id());
        ObjectNode annotations = alert.putObject("annotations");
        annotations.put(
                "summary",
                "Incident on "
                        + String.join(", ", incident.services())
                        + (top == null ? "" : ": look at " + top.service() + " first"));
        if (top != null) {
            annotations.put("root_cause", top.service());
            annotations.put("why", top.why());
        }
        if (!links.kibanaUrl().isEmpty()) {
            // the Incidents dashboard on the first root cause (the document's service.name), from
            // 15 minutes before the trouble to 15 after it ended (to now while open)
            String kibana =
                    KibanaLinks.dashboard(
                            links.kibanaUrl(),
                            KibanaLinks.INCIDENTS_DASHBOARD,
                            Instant.ofEpochMilli(incident.startedAtMillis() - LINK_MARGIN_MILLIS),
                            resolved(incident)
                                    ? Instant.ofEpochMilli(
                                            incident.resolvedAtMillis() + LINK_MARGIN_MILLIS)
                                    : null,
                            top == null
                                    ? KibanaLinks.kqlEquals("vigil.incident.id", incident.id())
                                    : KibanaLinks.kqlEquals("service.name", top.service()));
            annotations.put("kibana", kibana);
            alert.put("generatorURL", kibana);
        }
        String trace =
                incident.members().values().stream()
                        .filter(m -> top != null && m.service().equals(top.service()))
                        .map(Member::traceId)
                        .filter(t -> !t.isEmpty())
                        .findFirst()
                        .orElse("");
        if (!links.jaegerUrl().isEmpty() && !trace.isEmpty()) {
            annotations.put(
                    "jaeger",
                    links.jaegerUrl()
                            + "/trace/"
                            + URLEncoder.encode(trace, StandardCharsets.UTF_8));
        }
        alert.put("startsAt", Instant.ofEpochMilli(incident.startedAtMillis()).toString());
        boolean resolved = resolved(incident);
        if (resolved) {
            alert.put("endsAt", Instant.ofEpochMilli(incident.resolvedAtMillis()).toString());
        }
        return new AlertmanagerAlert(incident.id(), "", alert.toString(), resolved);
    }

    /**
     * One alert per member of the incident, in the order they joined. Labels: {@code alertname}
     * (the member's, {@value #MEMBER_WITHOUT_NAME} if it has none), {@code severity}, {@code
     * service}, {@code incident_id}, {@value #FINGERPRINT_LABEL}. Annotations: {@code summary} (the
     * member's) and {@code description} (what kind of trouble, since when, in which incident).
     * {@code startsAt} is when the member's condition began. A member alert resolves when the
     * member ends ({@code endsAt} its end) or its incident resolves or merges into another ({@code
     * endsAt} then); a member that fires again fires again here.
     */
    public static List<AlertmanagerAlert> members(Incident incident) {
        return members(incident, Links.NONE);
    }

    /**
     * As {@link #members(Incident)}, each with a {@code kibana} annotation when Kibana's URL is
     * configured: the Service overview dashboard on the member's service, from 15 minutes before it
     * began to 15 after it ended (to now while it fires).
     */
    public static List<AlertmanagerAlert> members(Incident incident, Links links) {
        boolean incidentResolved = incident.status() == Incident.Status.RESOLVED;
        RootCause top = incident.rootCauses().isEmpty() ? null : incident.rootCauses().get(0);
        List<AlertmanagerAlert> alerts = new ArrayList<>(incident.members().size());
        for (Member m : incident.members().values()) {
            ObjectNode alert = JSON.createObjectNode();
            ObjectNode labels = alert.putObject("labels");
            labels.put("alertname", m.alertname().isEmpty() ? MEMBER_WITHOUT_NAME : m.alertname());
            labels.put("severity", m.severity().wireName());
            labels.put("service", m.service());
            labels.put("incident_id", incident.id());
            labels.put(FINGERPRINT_LABEL, m.fingerprint());
            ObjectNode annotations = alert.putObject("annotations");
            annotations.put(
                    "summary",
                    m.summary().isEmpty() ? m.kind().words() + " on " + m.service() : m.summary());
            annotations.put(
                    "description",
                    m.kind().words()
                            + " on "
                            + m.service()
                            + " since "
                            + Instant.ofEpochMilli(m.startsAtMillis())
                            + "; one of "
                            + incident.members().size()
                            + " alerts of incident "
                            + incident.id()
                            + (top == null ? "" : ", which points at " + top.service() + " first"));
            alert.put("startsAt", Instant.ofEpochMilli(m.startsAtMillis()).toString());
            boolean resolved = !m.firing() || incidentResolved;
            if (!links.kibanaUrl().isEmpty()) {
                annotations.put(
                        "kibana",
                        KibanaLinks.dashboard(
                                links.kibanaUrl(),
                                KibanaLinks.SERVICE_OVERVIEW_DASHBOARD,
                                Instant.ofEpochMilli(m.startsAtMillis() - LINK_MARGIN_MILLIS),
                                m.firing()
                                        ? null
                                        : Instant.ofEpochMilli(
                                                m.endsAtMillis() + LINK_MARGIN_MILLIS),
                                KibanaLinks.kqlEquals("service.name", m.service())));
            }
            if (resolved) {
                long end = m.firing() ? incident.resolvedAtMillis() : m.endsAtMillis();
                // Alertmanager refuses an endsAt before startsAt
                alert.put(
                        "endsAt",
                        Instant.ofEpochMilli(Math.max(end, m.startsAtMillis())).toString());
            }
            alerts.add(
                    new AlertmanagerAlert(
                            incident.id(), m.fingerprint(), alert.toString(), resolved));
        }
        return alerts;
    }
}
