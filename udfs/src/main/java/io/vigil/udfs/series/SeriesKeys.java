package io.vigil.udfs.series;

import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.MetricPoint;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The identity of a metric series: its name plus its identifying attributes, written out in full
 * (never hashed, so two series can never share a model). Written like a Prometheus series, with
 * sorted labels: {@code http.server.duration{http.route="/pay",service.name="checkout"}}.
 *
 * <p>Identifying attributes are every point attribute plus these resource attributes, where
 * present: {@value #SERVICE_NAME}, {@code service.namespace}, {@code service.instance.id}, {@code
 * host.name}. Other resource attributes (process command lines, SDK versions, …) describe the
 * sender, not the series, and would split a series whenever the sender restarts with another pid. A
 * point attribute with the same key as a resource attribute wins.
 */
public final class SeriesKeys {
    /** The resource attribute naming the service. */
    public static final String SERVICE_NAME = "service.name";

    /** The resource attributes that identify a series, besides all point attributes. */
    public static final List<String> IDENTIFYING_RESOURCE_ATTRIBUTES =
            List.of(SERVICE_NAME, "service.namespace", "service.instance.id", "host.name");

    private SeriesKeys() {}

    /** The identifying attributes of the point's series, sorted by key. */
    public static SortedMap<String, String> attributes(MetricPoint point) {
        SortedMap<String, String> out = new TreeMap<>();
        for (String key : IDENTIFYING_RESOURCE_ATTRIBUTES) {
            String value = Attribute.find(point.resource(), key);
            if (!value.isEmpty()) {
                out.put(key, value);
            }
        }
        for (Attribute a : point.attributes()) {
            out.put(a.key(), a.value());
        }
        return out;
    }

    /** The series key of a point. */
    public static String key(MetricPoint point) {
        return key(point.name(), attributes(point));
    }

    /** The series key of a metric name and its identifying attributes. */
    public static String key(String metric, Map<String, String> attributes) {
        StringBuilder key = new StringBuilder(metric.length() + 32 * attributes.size() + 2);
        key.append(metric).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
            if (!first) {
                key.append(',');
            }
            first = false;
            key.append(e.getKey()).append("=\"");
            escape(e.getValue(), key);
            key.append('"');
        }
        return key.append('}').toString();
    }

    /** Escapes as Prometheus' text format does: backslash, double quote and newline. */
    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
