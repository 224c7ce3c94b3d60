package io.vigil.jobs.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.jobs.config.ResourceFolder;
import io.vigil.jobs.config.VigilConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Applies Vigil's versioned composable index templates ({@code elastic/index-templates/*.json} in
 * the repository, shipped inside the jar) and Jaeger's span storage templates ({@code
 * elastic/jaeger/*.json}, Jaeger's ES 7 mappings put as composable templates too) to a cluster.
 * Idempotent: a template is written only when the cluster has none of that name or an older {@code
 * version}; a newer one (e.g. edited by an operator) is left alone and reported. The literal prefix
 * {@code vigil} in template names and index patterns is replaced by the configured index prefix.
 *
 * <p>Why Jaeger's templates are composable here: upstream ships them as legacy {@code _template}s
 * with the pattern {@code *jaeger-span-*}. A leading wildcard overlaps every composable pattern
 * that ends in one ({@code *jaeger-span-*} and {@code vigil-spans-*} both match {@code
 * vigil-spans-jaeger-span-x}), so Elasticsearch logged a warning for each legacy template put next
 * to Vigil's composable ones, and for each composable one put next to them. As composable templates
 * with the pattern anchored at the start ({@code jaeger-span-*}, {@code <prefix>-jaeger-span-*})
 * they overlap nothing of Vigil's, nor each other across prefixes, and the mappings stay Jaeger's.
 */
public final class IndexTemplates {
    /** Classpath folder of Vigil's composable index templates. */
    public static final String RESOURCE_DIR = "elastic/index-templates/";

    /**
     * Classpath folder of Jaeger's own ES 7 legacy templates, verbatim from jaeger v1.57 (see
     * {@code ../shared/contracts/jaeger-es}); jaeger-query reads indices made from them. Their
     * {@code settings} and {@code mappings} are put as composable templates ({@link #loadJaeger}).
     */
    public static final String JAEGER_DIR = "elastic/jaeger/";

    /**
     * The version Vigil stamps on the Jaeger templates it puts (the upstream files carry none);
     * raise it when a file in {@link #JAEGER_DIR} or the way it is put changes. Version 1 was the
     * legacy {@code _template} form.
     */
    public static final int JAEGER_TEMPLATES_VERSION = 2;

    /**
     * Priority of the composable Jaeger templates: below Vigil's 200, so that if an odd choice of
     * prefixes ever made patterns overlap, Vigil's template would win instead of the put failing on
     * equal priorities.
     */
    public static final int JAEGER_TEMPLATES_PRIORITY = 100;

    /** Version of the legacy Jaeger {@code _template}s earlier Vigil releases put. */
    static final int LEGACY_JAEGER_TEMPLATES_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one template. */
    public enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED,
        KEPT_NEWER,
        /** A legacy {@code _template} an earlier Vigil put, replaced by the composable one. */
        LEGACY_REMOVED
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
                case LEGACY_REMOVED ->
                        name
                                + ": legacy _template v"
                                + clusterVersion
                                + " removed (now a composable template)";
            };
        }
    }

    /**
     * A template as shipped, after prefix substitution.
     *
     * @param api {@code _index_template} (composable; every template Vigil puts)
     */
    public record Template(String api, String name, int version, ObjectNode body) {}

    private IndexTemplates() {}

    /** Applies every shipped template (Vigil's and Jaeger's) to the configured cluster. */
    public static List<Result> apply(VigilConfig config) throws IOException {
        try (RestClient client = restClient(config.elasticsearch())) {
            List<Result> results = new ArrayList<>();
            List<Template> jaeger = loadJaeger(config.jaeger());
            // First, so that no composable template is put while they still exist.
            for (Template template : jaeger) {
                removeLegacy(client, template.name()).ifPresent(results::add);
            }
            for (Template template : load(config.elasticsearch().indexPrefix())) {
                results.add(apply(client, template));
            }
            for (Template template : jaeger) {
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
     * Jaeger's templates with the same settings and mappings jaeger-query would create with the
     * same {@code es.index-prefix}, {@code es.num-shards} and {@code es.num-replicas}, as
     * composable templates: name {@code <prefix>-jaeger-span}, pattern {@code
     * <prefix>-jaeger-span-*} (upstream: the legacy pattern {@code *<prefix>-jaeger-span-*}, and
     * {@code *jaeger-dependencies-*} without prefix), priority {@link #JAEGER_TEMPLATES_PRIORITY}.
     * The {@code mappings} are the upstream file's, unchanged.
     */
    public static List<Template> loadJaeger(VigilConfig.Jaeger jaeger) {
        List<Template> templates = new ArrayList<>();
        String prefix = jaeger.indexPrefix().isEmpty() ? "" : jaeger.indexPrefix() + "-";
        for (String file : resourceNames(JAEGER_DIR)) {
            String base = baseName(file);
            ObjectNode upstream = read(JAEGER_DIR + file);
            ObjectNode settings = upstream.with("settings").deepCopy();
            settings.put("index.number_of_shards", jaeger.shards());
            settings.put("index.number_of_replicas", jaeger.replicas());

            ObjectNode body = JSON.createObjectNode();
            body.putArray("index_patterns").add(prefix + base + "-*");
            body.put("priority", JAEGER_TEMPLATES_PRIORITY);
            body.put("version", JAEGER_TEMPLATES_VERSION);
            ObjectNode meta = body.putObject("_meta");
            meta.put("managed_by", "vigil");
            meta.put("version", JAEGER_TEMPLATES_VERSION);
            meta.put("source", "jaeger v1.57 plugin/storage/es/mappings/" + base + "-7.json");
            ObjectNode template = body.putObject("template");
            template.set("settings", settings);
            template.set("mappings", upstream.get("mappings"));
            templates.add(
                    new Template("_index_template", prefix + base, JAEGER_TEMPLATES_VERSION, body));
        }
        return templates;
    }

    /**
     * Deletes the legacy {@code _template} of this name if it is the one an earlier Vigil put
     * (version {@link #LEGACY_JAEGER_TEMPLATES_VERSION}); its leading-wildcard pattern would make
     * Elasticsearch warn about every composable template. A legacy template of another version
     * (Jaeger's own, or an operator's) is left alone.
     */
    private static Optional<Result> removeLegacy(RestClient client, String name)
            throws IOException {
        int version;
        try {
            Response response = client.performRequest(new Request("GET", "/_template/" + name));
            JsonNode body = JSON.readTree(response.getEntity().getContent());
            if (!body.has(name)) {
                return Optional.empty();
            }
            version = body.path(name).path("version").asInt(0);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (version != LEGACY_JAEGER_TEMPLATES_VERSION) {
            return Optional.empty();
        }
        client.performRequest(new Request("DELETE", "/_template/" + name));
        return Optional.of(
                new Result(name, JAEGER_TEMPLATES_VERSION, Outcome.LEGACY_REMOVED, version));
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
        return ResourceFolder.names(resourceDir, ".json");
    }
}
