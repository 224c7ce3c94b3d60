package io.vigil.udfs.ecs;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.udfs.model.Attribute;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The ECS fields every Vigil document shares, written in one place so that the same input gives the
 * same field names in every index family: the header ({@code @timestamp}, {@code ecs.version}),
 * {@code service.name}/{@code host.name}, {@code labels} with keys made safe, and finite numbers.
 *
 * <p><b>Label keys.</b> Elasticsearch refuses a whole document for one bad field name, and an
 * attribute key comes from whoever sends telemetry. {@link #labelKey} makes any key safe, and
 * {@link #labels} applies it to every label the same way:
 *
 * <ul>
 *   <li>{@code '.'} becomes {@code '_'}: ES reads dots as object paths, so {@code http.method} and
 *       {@code http} would clash as object and value, and {@code "."} or {@code "a..b"} would be
 *       refused as ambiguous;
 *   <li>a key that is empty or only whitespace has no name to keep: the label is dropped (ES
 *       refuses such names, and with them the whole document);
 *   <li>a key longer than {@value #MAX_KEY_CHARS} characters keeps its first {@value #KEEP_CHARS}
 *       and a {@code ~} with a 128-bit hash of the whole key, so long keys stay distinct and the
 *       mapping does not carry kilobyte field names;
 *   <li>two keys that become equal (say {@code a.b} and {@code a_b}) give one label: the one
 *       written later wins (a record attribute over a resource attribute), never a duplicate field,
 *       which ES refuses.
 * </ul>
 *
 * Non-finite doubles are omitted ({@link #number}): ES refuses NaN and infinities in numeric
 * fields, and JSON cannot carry them.
 */
public final class EcsFields {
    /** Label keys longer than this many UTF-16 characters are shortened. */
    public static final int MAX_KEY_CHARS = 256;

    /** OTel resource attributes with ECS fields of their own ({@link #serviceAndHost}). */
    public static final String SERVICE_NAME = "service.name";

    public static final String SERVICE_VERSION = "service.version";
    public static final String SERVICE_INSTANCE_ID = "service.instance.id";
    public static final String DEPLOYMENT_ENVIRONMENT = "deployment.environment";
    public static final String DEPLOYMENT_ENVIRONMENT_NAME = "deployment.environment.name";
    public static final String HOST_NAME = "host.name";

    /** The resource attributes {@link #serviceAndHost} writes, and so not repeated in labels. */
    public static final Set<String> SERVICE_AND_HOST_KEYS =
            Set.of(
                    SERVICE_NAME,
                    SERVICE_VERSION,
                    SERVICE_INSTANCE_ID,
                    DEPLOYMENT_ENVIRONMENT,
                    DEPLOYMENT_ENVIRONMENT_NAME,
                    HOST_NAME);

    private static final int KEEP_CHARS = 240;

    private EcsFields() {}

    private static final java.time.format.DateTimeFormatter ISO_MILLIS =
            java.time.format.DateTimeFormatter.ofPattern(
                            "uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", java.util.Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC);

    /** An instant as {@code @timestamp} wants it: ISO-8601 UTC with milliseconds. */
    public static String isoMillis(long epochMillis) {
        return ISO_MILLIS.format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    /**
     * {@code event.kind}, {@code event.module: vigil} and {@code event.dataset}: the event object
     * of a document Vigil derives, e.g. {@code vigilEvent(g, "metric", "vigil.slo")}.
     */
    public static void vigilEvent(JsonGenerator g, String kind, String dataset) throws IOException {
        g.writeObjectFieldStart("event");
        g.writeStringField("kind", kind);
        g.writeStringField("module", "vigil");
        g.writeStringField("dataset", dataset);
        g.writeEndObject();
    }

    /** {@code @timestamp} and {@code ecs.version}: the first fields of every document. */
    public static void header(JsonGenerator g, String isoTimestamp) throws IOException {
        g.writeStringField("@timestamp", isoTimestamp);
        g.writeObjectFieldStart("ecs");
        g.writeStringField("version", EcsMapper.ECS_VERSION);
        g.writeEndObject();
    }

    /**
     * {@code service.name} (always), {@code service.version}, {@code service.environment} (OTel
     * {@code deployment.environment.name}, else {@code deployment.environment}), {@code
     * service.node.name} (OTel {@code service.instance.id}) and {@code host.name}, each omitted
     * when absent.
     *
     * @param serviceName the service, already resolved (OTel's {@code unknown_service} rule)
     * @param attribute an OTel resource attribute by key, {@code ""} when absent
     */
    public static void serviceAndHost(
            JsonGenerator g, String serviceName, Function<String, String> attribute)
            throws IOException {
        g.writeObjectFieldStart("service");
        g.writeStringField("name", serviceName);
        present(g, "version", attribute.apply(SERVICE_VERSION));
        String environment = attribute.apply(DEPLOYMENT_ENVIRONMENT_NAME);
        present(
                g,
                "environment",
                environment.isEmpty() ? attribute.apply(DEPLOYMENT_ENVIRONMENT) : environment);
        nested(g, "node", "name", attribute.apply(SERVICE_INSTANCE_ID));
        g.writeEndObject();
        nested(g, "host", "name", attribute.apply(HOST_NAME));
    }

    /**
     * As {@link #serviceAndHost(JsonGenerator, String, Function)} for attributes in a map; writes
     * nothing of {@code service} when the map has no {@code service.name}.
     */
    public static void serviceAndHost(JsonGenerator g, Map<String, String> attributes)
            throws IOException {
        Function<String, String> attribute = key -> attributes.getOrDefault(key, "");
        String service = attribute.apply(SERVICE_NAME);
        if (service.isEmpty()) {
            nested(g, "host", "name", attribute.apply(HOST_NAME));
        } else {
            serviceAndHost(g, service, attribute);
        }
    }

    private static void present(JsonGenerator g, String field, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }

    /** {@code "object": {"field": value}} unless the value is empty. */
    public static void nested(JsonGenerator g, String object, String field, String value)
            throws IOException {
        if (!value.isEmpty()) {
            g.writeObjectFieldStart(object);
            g.writeStringField(field, value);
            g.writeEndObject();
        }
    }

    /**
     * {@code labels} from a map of attribute keys to values, keys made safe ({@link #labelKey}),
     * sorted; omitted when no label is left.
     */
    public static void labels(JsonGenerator g, Map<String, String> attributes) throws IOException {
        Map<String, String> safe = new TreeMap<>();
        attributes.forEach((key, value) -> put(safe, key, value));
        stringMap(g, "labels", safe);
    }

    /**
     * {@code labels} from resource attributes (minus {@code skipResource}, the ones written to
     * their own ECS fields), then record attributes (minus {@code skipRecord}), a record attribute
     * winning over a resource attribute of the same safe key.
     */
    public static void labels(
            JsonGenerator g,
            Attribute[] resource,
            Set<String> skipResource,
            Attribute[] record,
            Set<String> skipRecord)
            throws IOException {
        Map<String, String> safe = new TreeMap<>();
        for (Attribute a : resource) {
            if (!skipResource.contains(a.key())) {
                put(safe, a.key(), a.value());
            }
        }
        for (Attribute a : record) {
            if (!skipRecord.contains(a.key())) {
                put(safe, a.key(), a.value());
            }
        }
        stringMap(g, "labels", safe);
    }

    /** An object of attributes under {@code field}, keys made safe as for labels. */
    public static void attributes(JsonGenerator g, String field, Attribute[] attributes)
            throws IOException {
        Map<String, String> safe = new TreeMap<>();
        for (Attribute a : attributes) {
            put(safe, a.key(), a.value());
        }
        stringMap(g, field, safe);
    }

    /**
     * The key an attribute has as a field of {@code labels} (or any flat keyword area), or {@code
     * ""} when it has none (empty or blank): see the class comment.
     */
    public static String labelKey(String attributeKey) {
        if (attributeKey.isBlank()) {
            return "";
        }
        String flat = attributeKey.replace('.', '_');
        if (flat.length() <= MAX_KEY_CHARS) {
            return flat;
        }
        return flat.substring(0, KEEP_CHARS) + "~" + new ContentHash().add(attributeKey).finish();
    }

    /** A number field, omitted when the value is NaN or infinite. */
    public static void number(JsonGenerator g, String field, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(field, value);
        }
    }

    private static void put(Map<String, String> safe, String key, String value) {
        String label = labelKey(key);
        if (!label.isEmpty()) {
            safe.put(label, value);
        }
    }

    private static void stringMap(JsonGenerator g, String field, Map<String, String> map)
            throws IOException {
        if (map.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : map.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
