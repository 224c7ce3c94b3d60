package io.vigil.jobs.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.jobs.config.VigilConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Applies Vigil's versioned composable index templates ({@code elastic/index-templates/*.json} in
 * the repository, shipped inside the jar) and Jaeger's legacy span storage templates ({@code
 * elastic/jaeger/*.json}) to a cluster. Idempotent: a template is written only when the cluster has
 * none of that name or an older {@code version}; a newer one (e.g. edited by an operator) is left
 * alone and reported. The literal prefix {@code vigil} in template names and index patterns is
 * replaced by the configured index prefix.
 */
public final class IndexTemplates {
    /** Classpath folder of Vigil's composable index templates. */
    public static final String RESOURCE_DIR = "elastic/index-templates/";

    /**
     * Classpath folder of Jaeger's own ES 7 legacy templates, verbatim from jaeger v1.57 (see
     * {@code ../shared/contracts/jaeger-es}); jaeger-query reads indices made from them.
     */
    public static final String JAEGER_DIR = "elastic/jaeger/";

    /**
     * The version Vigil stamps on the Jaeger templates it puts (the upstream files carry none);
     * raise it when a file in {@link #JAEGER_DIR} changes.
     */
    public static final int JAEGER_TEMPLATES_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one template. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED,
        KEPT_NEWER
    }

    /** One template and what was done with it. */
    public record Result(String name, int version, Outcome outcome, int clusterVersion) {
        @Override
        public String toString() {
            return switch (outcome) {
                case CREATED -> name + " v" + version + ": created";
                case UPDATED -> name + ": updated v" + clusterVersion + " -> v" + version;
                case UNCHANGED -> name + " v" + version + ": up to date";
                case KEPT_NEWER ->
                        name
                                + ": cluster has v"
                                + clusterVersion
                                + ", newer than shipped v"
                                + version
                                + "; left as is";
            };
        }
    }

    /**
     * A template as shipped, after prefix substitution.
     *
     * @param api {@code _index_template} (composable) or {@code _template} (legacy, Jaeger's)
     */
    public record Template(String api, String name, int version, ObjectNode body) {}

    private IndexTemplates() {}

    /** Applies every shipped template (Vigil's and Jaeger's) to the configured cluster. */
    public static List<Result> apply(VigilConfig config) throws IOException {
        try (RestClient client = restClient(config.elasticsearch())) {
            List<Result> results = new ArrayList<>();
            for (Template template : load(config.elasticsearch().indexPrefix())) {
                results.add(apply(client, template));
            }
            for (Template template : loadJaeger(config.jaeger())) {
                results.add(apply(client, template));
            }
            return results;
        }
    }

    /** A low-level REST client for the configured hosts and credentials. */
    public static RestClient restClient(VigilConfig.Elasticsearch es) {
        return ElasticsearchClients.builder(es).build();
    }

    /** The shipped templates, in name order, with the index prefix substituted. */
    public static List<Template> load(String indexPrefix) {
        List<Template> templates = new ArrayList<>();
        for (String file : resourceNames(RESOURCE_DIR)) {
            templates.add(withPrefix(baseName(file), read(RESOURCE_DIR + file), indexPrefix));
        }
        return templates;
    }

    /**
     * Jaeger's templates as jaeger-query would create them with the same {@code es.index-prefix},
     * {@code es.num-shards} and {@code es.num-replicas}: template {@code <prefix>-jaeger-span},
     * pattern {@code *<prefix>-jaeger-span-*} (the dependencies pattern keeps no prefix, as
     * upstream).
     */
    public static List<Template> loadJaeger(VigilConfig.Jaeger jaeger) {
        List<Template> templates = new ArrayList<>();
        String prefix = jaeger.indexPrefix().isEmpty() ? "" : jaeger.indexPrefix() + "-";
        for (String file : resourceNames(JAEGER_DIR)) {
            String base = baseName(file);
            ObjectNode body = read(JAEGER_DIR + file);
            if (!base.equals("jaeger-dependencies")) {
                body.put("index_patterns", "*" + prefix + base + "-*");
            }
            ObjectNode settings = body.with("settings");
            settings.put("index.number_of_shards", jaeger.shards());
            settings.put("index.number_of_replicas", jaeger.replicas());
            body.put("version", JAEGER_TEMPLATES_VERSION);
            templates.add(new Template("_template", prefix + base, JAEGER_TEMPLATES_VERSION, body));
        }
        return templates;
    }

    private static ObjectNode read(String resourceName) {
        try (InputStream in = resource(resourceName)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException(
                    resourceName + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static String baseName(String file) {
        return file.substring(0, file.length() - ".json".length());
    }

    private static Template withPrefix(String name, ObjectNode body, String prefix) {
        JsonNode version = body.get("version");
        if (version == null || !version.canConvertToInt()) {
            throw new IllegalStateException(
                    RESOURCE_DIR + name + ".json: needs an integer \"version\"");
        }
        if (!prefix.equals("vigil")) {
            name = prefix + name.substring("vigil".length());
            ArrayNode patterns = JSON.createArrayNode();
            for (JsonNode pattern : body.withArray("index_patterns")) {
                patterns.add(prefix + pattern.asText().substring("vigil".length()));
            }
            body.set("index_patterns", patterns);
        }
        return new Template("_index_template", name, version.asInt(), body);
    }

    private static Result apply(RestClient client, Template template) throws IOException {
        int clusterVersion = clusterVersion(client, template);
        Outcome outcome;
        if (clusterVersion == Integer.MIN_VALUE) {
            outcome = Outcome.CREATED;
        } else if (clusterVersion < template.version()) {
            outcome = Outcome.UPDATED;
        } else if (clusterVersion == template.version()) {
            return new Result(
                    template.name(), template.version(), Outcome.UNCHANGED, clusterVersion);
        } else {
            return new Result(
                    template.name(), template.version(), Outcome.KEPT_NEWER, clusterVersion);
        }
        Request put = new Request("PUT", "/" + template.api() + "/" + template.name());
        put.setJsonEntity(JSON.writeValueAsString(template.body()));
        client.performRequest(put);
        return new Result(template.name(), template.version(), outcome, clusterVersion);
    }

    /** The version of the template on the cluster, or MIN_VALUE where there is none. */
    private static int clusterVersion(RestClient client, Template template) throws IOException {
        String name = template.name();
        try {
            Response response =
                    client.performRequest(new Request("GET", "/" + template.api() + "/" + name));
            JsonNode body = JSON.readTree(response.getEntity().getContent());
            if (template.api().equals("_template")) {
                // {"<name>": {"version": 1, ...}}; an unversioned template counts as version 0.
                return body.has(name)
                        ? body.path(name).path("version").asInt(0)
                        : Integer.MIN_VALUE;
            }
            for (JsonNode t : body.path("index_templates")) {
                if (name.equals(t.path("name").asText())) {
                    return t.path("index_template").path("version").asInt(0);
                }
            }
            return Integer.MIN_VALUE;
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return Integer.MIN_VALUE;
            }
            throw e;
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = IndexTemplates.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }

    /** Names of the JSON files in a classpath folder, from a folder or from the jar. */
    private static List<String> resourceNames(String resourceDir) {
        URL dir = IndexTemplates.class.getClassLoader().getResource(resourceDir);
        if (dir == null) {
            throw new IllegalStateException(resourceDir + " is not on the classpath");
        }
        TreeSet<String> names = new TreeSet<>();
        try {
            if (dir.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) dir.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(resourceDir)
                                && entry.endsWith(".json")
                                && entry.indexOf('/', resourceDir.length()) < 0) {
                            names.add(entry.substring(resourceDir.length()));
                        }
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".json"))
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no templates found under " + resourceDir);
        }
        return List.copyOf(names);
    }
}
