package io.vigil.cep.incidents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * An incident as the one alert on-call receives through Alertmanager ({@code POST /api/v2/alerts},
 * contract in {@code ../shared/contracts/alertmanager}). Labels: {@code alertname: VigilIncident},
 * {@code severity}, {@code service} (the first root cause), {@code incident_id}. Annotations:
 * {@code summary}, {@code root_cause}, {@code why}, and links to the incident in Kibana and to a
 * trace in Jaeger when configured. {@code startsAt} is when the incident's trouble started; a
 * resolved incident carries {@code endsAt}, a firing one gets its {@code endsAt} when it is sent
 * (pushed forward at every re-send).
 *
 * @param incidentId the incident
 * @param json the postable alert as a JSON object, without {@code endsAt} while firing
 * @param resolved whether the incident is resolved
 */
public record AlertmanagerAlert(String incidentId, String json, boolean resolved)
        implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the links of the annotations point; an empty URL leaves its link out. */
    public record Links(String kibanaUrl, String jaegerUrl) implements Serializable {
        public static final Links NONE = new Links("", "");
    }

    /** The alert of an incident in its current state. */
    public static AlertmanagerAlert of(Incident incident, Links links, String indexPrefix) {
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
            String kibana =
                    links.kibanaUrl()
                            + "/app/discover#/?_a=(index:'"
                            + indexPrefix
                            + "-incidents',query:(language:kuery,query:'vigil.incident.id:"
                            + '"'
                            + incident.id()
                            + '"'
                            + "'))&_g=(time:(from:'"
                            + Instant.ofEpochMilli(incident.startedAtMillis() - 15 * 60_000)
                            + "',to:now))";
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
        boolean resolved = incident.status() == Incident.Status.RESOLVED;
        if (resolved) {
            alert.put("endsAt", Instant.ofEpochMilli(incident.resolvedAtMillis()).toString());
        }
        return new AlertmanagerAlert(incident.id(), alert.toString(), resolved);
    }
}
