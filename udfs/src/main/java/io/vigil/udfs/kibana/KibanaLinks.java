package io.vigil.udfs.kibana;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Links into Vigil's Kibana dashboards (the saved objects in {@code kibana/} at the repository
 * root), in Kibana 7.10's URL state: {@code <base>/app/dashboards#/view/<id>?_g=(time:(from:'…',
 * to:'…'))&_a=(query:(language:kuery,query:'…'))}. The global state {@code _g} sets the time range,
 * the app state {@code _a} the query bar (KQL). Both are rison, percent-escaped where a URL needs
 * it (Kibana decodes the query string before it parses the rison).
 *
 * <p>Example: {@code dashboard("http://kibana:5601", INCIDENTS_DASHBOARD, from, to,
 * "service.name:\"database\"")} opens the Incidents dashboard on the database's incidents of that
 * time, as
 *
 * <pre>{@code
 * http://kibana:5601/app/dashboards#/view/vigil-dashboard-incidents?_g=(time:(from:'2026-01-01T09:45:00Z',to:'2026-01-01T10:20:00Z'))&_a=(query:(language:kuery,query:'service.name:%22database%22'))
 * }</pre>
 */
public final class KibanaLinks {
    /** Id of the Service overview dashboard: RED per service and operation, health, incidents. */
    public static final String SERVICE_OVERVIEW_DASHBOARD = "vigil-dashboard-service-overview";

    /** Id of the Incidents dashboard: timeline, root cause, members, MTTD and MTTR. */
    public static final String INCIDENTS_DASHBOARD = "vigil-dashboard-incidents";

    /** Id of the Anomalies dashboard: series with their expected value and band, alerts. */
    public static final String ANOMALIES_DASHBOARD = "vigil-dashboard-anomalies";

    /** Id of the SLOs dashboard: budget remaining and burn rate per window. */
    public static final String SLOS_DASHBOARD = "vigil-dashboard-slos";

    /** Id of the Logs and templates dashboard: new, rising and error templates. */
    public static final String LOGS_DASHBOARD = "vigil-dashboard-logs";

    /** Id of the Capacity dashboard: forecasts with interval, time to breach, actions. */
    public static final String CAPACITY_DASHBOARD = "vigil-dashboard-capacity";

    private KibanaLinks() {}

    /**
     * A link that opens a dashboard on a time range with a KQL query in the query bar.
     *
     * @param baseUrl Kibana's base URL, e.g. {@code http://kibana:5601} (a trailing {@code /} is
     *     dropped)
     * @param dashboardId the dashboard's saved-object id
     * @param from start of the time range
     * @param to end of the time range; {@code null}: {@code now} (an open incident)
     * @param kql the query, e.g. {@code service.name:"checkout"}; empty for none
     */
    public static String dashboard(
            String baseUrl, String dashboardId, Instant from, Instant to, String kql) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String g =
                "(time:(from:"
                        + rison(from.toString())
                        + ",to:"
                        + (to == null ? "now" : rison(to.toString()))
                        + "))";
        String a = "(query:(language:kuery,query:" + rison(kql) + "))";
        return base
                + "/app/dashboards#/view/"
                + escape(dashboardId)
                + "?_g="
                + escape(g)
                + "&_a="
                + escape(a);
    }

    /** A KQL clause matching a keyword field's exact value: {@code field:"value"}. */
    public static String kqlEquals(String field, String value) {
        return field + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A rison string: always quoted ({@code '…'}), {@code !} and {@code '} escaped with {@code !}.
     */
    static String rison(String s) {
        return "'" + s.replace("!", "!!").replace("'", "!'") + "'";
    }

    /**
     * Percent-escapes (UTF-8) everything but unreserved characters and rison's syntax ({@code ( ) '
     * : , !}); {@code *}, {@code /}, {@code ~} stay as well. {@code +}, {@code &}, {@code =},
     * {@code #}, {@code %}, space and {@code "} are escaped, so the query string parses back to the
     * rison.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~()':,!*/".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
