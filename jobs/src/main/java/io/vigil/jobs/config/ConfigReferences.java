package io.vigil.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves references to values kept outside the configuration file — secrets, mostly — in every
 * text value of the parsed tree, before any key is read:
 *
 * <ul>
 *   <li>{@code ${env:NAME}} — the environment variable {@code NAME} (e.g. filled from a Kubernetes
 *       Secret with {@code secretKeyRef});
 *   <li>{@code ${file:PATH}} — the content of a file (e.g. a mounted Secret key), one trailing line
 *       break removed; a relative {@code PATH} is resolved against the configuration file's
 *       directory;
 *   <li>{@code $${} — a literal {@code ${} (e.g. for Kafka's own config providers).
 * </ul>
 *
 * <p>A reference may be a whole value or part of one ({@code "user=\"${env:KAFKA_USER}\";"}). The
 * text it brings in is not scanned again. A reference that cannot be resolved stops the load with
 * the file, the dotted key and the reference, never with the value of another one. Keys are not
 * resolved, only values.
 */
final class ConfigReferences {
    private static final String ENV = "env:";
    private static final String FILE = "file:";

    private final String source;
    private final Path baseDir;
    private final Function<String, String> environment;

    /**
     * @param source the configuration's name in error messages (a file name)
     * @param baseDir the directory relative {@code ${file:…}} paths are resolved against
     * @param environment the environment variables ({@code System::getenv} outside tests); returns
     *     null for a variable that is not set
     */
    ConfigReferences(String source, Path baseDir, Function<String, String> environment) {
        this.source = source;
        this.baseDir = baseDir;
        this.environment = environment;
    }

    /** The tree with every reference in its text values resolved (changed in place). */
    JsonNode resolve(JsonNode tree) {
        return resolve(tree, "");
    }

    private JsonNode resolve(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                field.setValue(resolve(field.getValue(), key));
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, resolve(array.get(i), path + "[" + i + "]"));
            }
            return array;
        }
        if (node.isTextual() && node.asText().contains("${")) {
            return TextNode.valueOf(resolveText(node.asText(), path));
        }
        return node;
    }

    /** {@code text} with its references replaced by what they name. */
    String resolveText(String text, String keyPath) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
                continue;
            }
            if (!text.startsWith("${", i)) {
                out.append(text.charAt(i));
                i++;
                continue;
            }
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                throw error(
                        keyPath,
                        "'"
                                + text.substring(i)
                                + "' has no closing }; write ${env:NAME} or ${file:PATH}, or $${"
                                + " for a literal ${");
            }
            String reference = text.substring(i, end + 1);
            String body = text.substring(i + 2, end);
            if (body.startsWith(ENV)) {
                out.append(env(keyPath, reference, body.substring(ENV.length())));
            } else if (body.startsWith(FILE)) {
                out.append(file(keyPath, reference, body.substring(FILE.length())));
            } else {
                throw error(
                        keyPath,
                        reference
                                + " is not a reference Vigil resolves; write ${env:NAME} or"
                                + " ${file:PATH}, or $${ for a literal ${");
            }
            i = end + 1;
        }
        return out.toString();
    }

    private String env(String keyPath, String reference, String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw error(
                    keyPath, reference + ": '" + name + "' is not an environment variable name");
        }
        String value = environment.apply(name);
        if (value == null) {
            throw error(
                    keyPath,
                    reference
                            + ": the environment variable "
                            + name
                            + " is not set; set it (on Kubernetes: an env entry from a Secret)"
                            + " or write the value here");
        }
        return value;
    }

    private String file(String keyPath, String reference, String name) {
        if (name.isBlank()) {
            throw error(keyPath, reference + ": names no file; write ${file:/path/to/file}");
        }
        Path path = baseDir.resolve(name.trim());
        String content;
        try {
            content = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw error(
                    keyPath,
                    reference
                            + ": "
                            + path
                            + " does not exist; create it (on Kubernetes: mount the Secret as a"
                            + " volume) or write the value here");
        } catch (IOException e) {
            throw error(keyPath, reference + ": " + path + " cannot be read: " + e);
        }
        // A file written by `echo` or an editor ends with a line break that is not part of the
        // secret; a Kubernetes Secret mounted as a volume holds exactly the bytes it was given.
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        if (content.endsWith("\n")) {
            return content.substring(0, content.length() - 1);
        }
        return content;
    }

    private ConfigException error(String keyPath, String message) {
        return new ConfigException(source + ": " + keyPath + ": " + message);
    }
}
