package io.vigil.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.util.TimeUtils;

/**
 * A cursor over one mapping of the YAML tree that remembers its dotted path, so that every error
 * names the key it is about. Each accessor records the key as known; {@link #finish()} then rejects
 * keys nobody asked for (a misspelt key must not be silently ignored).
 */
final class ConfigNode {
    private final String source;
    private final String path;
    private final JsonNode node;
    private final Set<String> known = new LinkedHashSet<>();

    ConfigNode(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node == null ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isNull() && !this.node.isObject()) {
            throw error(path, "expected a mapping of keys, got " + describe(this.node));
        }
    }

    ConfigNode child(String key) {
        known.add(key);
        return new ConfigNode(source, keyPath(key), node.get(key));
    }

    String string(String key, String defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isValueNode() || value.isBinary()) {
            throw error(keyPath(key), "expected a text value, got " + describe(value));
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            throw error(keyPath(key), "must not be empty" + hint(defaultValue));
        }
        return text;
    }

    String requiredString(String key, String example) {
        String value = string(key, null);
        if (value == null) {
            throw error(keyPath(key), "is required; add e.g. `" + key + ": " + example + "`");
        }
        return value;
    }

    /** A string that may be absent (returns ""), e.g. credentials. */
    String optionalString(String key) {
        String value = string(key, null);
        return value == null ? "" : value;
    }

    int integer(String key, int defaultValue, int min, int max) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.canConvertToInt() || !(value.isIntegralNumber() || isIntegerText(value))) {
            throw error(keyPath(key), "expected a whole number, got " + describe(value));
        }
        int parsed = value.isTextual() ? Integer.parseInt(value.asText().trim()) : value.asInt();
        if (parsed < min || parsed > max) {
            throw error(
                    keyPath(key),
                    parsed + " is out of range; use a value from " + min + " to " + max);
        }
        return parsed;
    }

    double decimal(String key, double defaultValue, double min, double max) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        double parsed;
        if (value.isNumber()) {
            parsed = value.asDouble();
        } else {
            try {
                parsed = Double.parseDouble(value.asText().trim());
            } catch (NumberFormatException e) {
                throw error(keyPath(key), "expected a number, got " + describe(value));
            }
        }
        if (!(parsed >= min && parsed <= max)) {
            throw error(
                    keyPath(key),
                    parsed + " is out of range; use a value from " + min + " to " + max);
        }
        return parsed;
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        throw error(keyPath(key), "expected true or false, got " + describe(value));
    }

    Duration duration(String key, Duration defaultValue, Duration min) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        String text = value.asText().trim();
        Duration parsed;
        try {
            if (!value.isTextual()) {
                throw new IllegalArgumentException("not text");
            }
            parsed = TimeUtils.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw error(
                    keyPath(key),
                    "'" + text + "' is not a duration; write e.g. 500ms, 10s, 5m, 1h");
        }
        if (parsed.compareTo(min) < 0) {
            throw error(
                    keyPath(key),
                    text + " is too short; use at least " + TimeUtils.formatWithHighestUnit(min));
        }
        return parsed;
    }

    /** A list of durations, each at least {@code min}; {@code defaultValue} when absent. */
    List<Duration> durationList(String key, List<Duration> defaultValue, Duration min) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isArray()) {
            throw error(keyPath(key), "expected a list of durations, got " + describe(value));
        }
        if (value.isEmpty()) {
            throw error(keyPath(key), "must list at least one duration");
        }
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String text = item.asText().trim();
            String where = keyPath(key) + "[" + i + "]";
            Duration parsed;
            try {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("not text");
                }
                parsed = TimeUtils.parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw error(where, "'" + text + "' is not a duration; write e.g. 15m, 1h, 1d");
            }
            if (parsed.compareTo(min) < 0) {
                throw error(
                        where,
                        text
                                + " is too short; use at least "
                                + TimeUtils.formatWithHighestUnit(min));
            }
            out.add(parsed);
        }
        return List.copyOf(out);
    }

    /**
     * A mapping of names to finite numbers (e.g. metric name → threshold); empty when absent. Keys
     * may hold dots: they are names, not paths.
     */
    Map<String, Double> decimalMap(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw error(
                    keyPath(key), "expected a mapping of names to numbers, got " + describe(value));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode v = field.getValue();
            String where = keyPath(key) + "." + field.getKey();
            if (field.getKey().isBlank()) {
                throw error(where, "the name must not be empty");
            }
            double parsed;
            if (v.isNumber()) {
                parsed = v.asDouble();
            } else if (v.isTextual()) {
                try {
                    parsed = Double.parseDouble(v.asText().trim());
                } catch (NumberFormatException e) {
                    throw error(where, "expected a number, got " + describe(v));
                }
            } else {
                throw error(where, "expected a number, got " + describe(v));
            }
            if (!Double.isFinite(parsed)) {
                throw error(where, "expected a finite number, got " + describe(v));
            }
            out.put(field.getKey(), parsed);
        }
        return Map.copyOf(out);
    }

    /** Whether the mapping sets {@code key} (to something other than null). */
    boolean has(String key) {
        return value(key) != null;
    }

    <E extends Enum<E>> E choice(String key, E defaultValue, Function<String, E> parse, E[] all) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        String text = value.asText().trim();
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(
                    keyPath(key),
                    "'"
                            + text
                            + "' is not one of "
                            + Arrays.stream(all)
                                    .map(x -> x.name().toLowerCase(Locale.ROOT))
                                    .toList());
        }
    }

    List<String> stringList(String key, List<String> defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        if (value.isTextual()) {
            for (String part : value.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isTextual() || item.asText().isBlank()) {
                    throw error(
                            keyPath(key) + "[" + i + "]",
                            "expected a non-empty text value, got " + describe(item));
                }
                out.add(item.asText().trim());
            }
        } else {
            throw error(keyPath(key), "expected a list of text values, got " + describe(value));
        }
        if (out.isEmpty()) {
            throw error(keyPath(key), "must list at least one value");
        }
        return List.copyOf(out);
    }

    List<URI> urlList(String key, List<URI> defaultValue, String example) {
        List<String> texts = stringList(key, null);
        if (texts == null) {
            return defaultValue;
        }
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            try {
                URI uri = URI.create(text);
                if (uri.getScheme() == null
                        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                urls.add(uri);
            } catch (IllegalArgumentException e) {
                throw error(
                        keyPath(key) + "[" + i + "]",
                        "'" + text + "' is not an http(s) URL; write e.g. " + example);
            }
        }
        return List.copyOf(urls);
    }

    /** A free-form mapping of text values (passed through to a client library). */
    Map<String, String> stringMap(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw error(
                    keyPath(key), "expected a mapping of keys to values, got " + describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw error(
                        keyPath(key) + "." + field.getKey(),
                        "expected a text, number or boolean, got " + describe(field.getValue()));
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        return Map.copyOf(out);
    }

    /** Rejects keys that no accessor asked for, naming the ones that are allowed here. */
    void finish() {
        if (!node.isObject()) {
            return;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw error(
                        keyPath(name),
                        "unknown key; the keys allowed "
                                + (path.isEmpty() ? "at the top level" : "under " + path)
                                + " are "
                                + known);
            }
        }
    }

    ConfigException error(String keyPath, String message) {
        return new ConfigException(source + ": " + keyPath + ": " + message);
    }

    private JsonNode value(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isIntegerText(JsonNode value) {
        return value.isTextual() && value.asText().trim().matches("-?\\d{1,9}");
    }

    private static String hint(String defaultValue) {
        return defaultValue == null ? "" : "; remove the key to use the default " + defaultValue;
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isTextual()) {
            return "'" + value.asText() + "'";
        }
        return value.toString();
    }
}
