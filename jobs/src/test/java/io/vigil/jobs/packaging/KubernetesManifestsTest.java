package io.vigil.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vigil.jobs.JobName;
import io.vigil.jobs.cli.ClusterMain;
import io.vigil.jobs.config.VigilConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.FlinkVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/k8s}, checked without a Kubernetes cluster: every FlinkDeployment against the
 * {@code openAPIV3Schema} of the CRD that the Flink Kubernetes Operator publishes (its api jar, the
 * version in the parent pom), the jobs and the jar they name against this code, the ConfigMap's
 * {@code vigil.yaml} through the real loader with the environment the pods get from the Secret, and
 * every reference between the manifests (mounts, volumes, ConfigMap, Secret and its keys, the
 * claim) against what the kustomization creates.
 */
class KubernetesManifestsTest {
    private static final Path K8S = Path.of("../deploy/k8s");
    private static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    private static final String API_VERSION = "flink.apache.org/v1beta1";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonSchema schema;
    private static JsonNode kustomization;

    /** Every resource of the kustomization, by file name, in its order. */
    private static Map<String, JsonNode> resources;

    private static List<JsonNode> deployments;

    @BeforeAll
    static void load() throws IOException {
        JsonNode crd;
        try (InputStream in =
                KubernetesManifestsTest.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in).as(CRD + " on the test classpath").isNotNull();
            crd = YAML.readTree(in);
        }
        schema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                        .getSchema(jsonSchemaOf(crd, "v1beta1"));
        kustomization = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
        resources = new LinkedHashMap<>();
        for (JsonNode file : kustomization.path("resources")) {
            resources.put(file.asText(), YAML.readTree(K8S.resolve(file.asText()).toFile()));
        }
        deployments =
                resources.values().stream()
                        .filter(r -> r.path("kind").asText().equals("FlinkDeployment"))
                        .toList();
    }

    @Test
    void everyManifestHereIsAResourceOfTheKustomization() throws IOException {
        Set<String> yamlFiles;
        try (Stream<Path> files = Files.list(K8S)) {
            yamlFiles =
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                            .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = new TreeSet<>(resources.keySet());
        expected.add("kustomization.yaml");
        expected.addAll(texts(kustomization.path("configurations")));

        assertThat(yamlFiles).isEqualTo(expected);
        assertThat(kustomization.path("namespace").asText()).isEqualTo("vigil");
        assertThat(resources.values())
                .anySatisfy(
                        r -> {
                            assertThat(r.path("kind").asText()).isEqualTo("Namespace");
                            assertThat(r.path("metadata").path("name").asText()).isEqualTo("vigil");
                        });
    }

    @Test
    void everyFlinkDeploymentMatchesTheOperatorsCrd() {
        assertThat(deployments).hasSize(4);
        for (JsonNode deployment : deployments) {
            assertThat(validate(deployment))
                    .as(deployment.path("metadata").path("name").asText())
                    .isEmpty();
        }
    }

    @Test
    void theSchemaRejectsWrongTypesUnknownFieldsAndValuesOutsideAnEnum() {
        JsonNode valid = deployments.get(0);

        assertThat(validate(edited(valid, d -> job(d).put("parallelism", "two"))))
                .singleElement()
                .asString()
                .contains("$.spec.job.parallelism", "integer");
        // operator 1.10's flinkConfiguration is a map of strings: an unquoted number is refused
        assertThat(
                        validate(
                                edited(
                                        valid,
                                        d ->
                                                spec(d).withObjectProperty("flinkConfiguration")
                                                        .set(
                                                                "taskmanager.numberOfTaskSlots",
                                                                IntNode.valueOf(2)))))
                .singleElement()
                .asString()
                .contains("taskmanager.numberOfTaskSlots", "string");
        assertThat(validate(edited(valid, d -> job(d).put("upgradMode", "savepoint"))))
                .singleElement()
                .asString()
                .contains("$.spec.job", "upgradMode");
        assertThat(validate(edited(valid, d -> spec(d).put("flinkVersion", "v1_99"))))
                .singleElement()
                .asString()
                .contains("$.spec.flinkVersion", "enum");
        assertThat(
                        validate(
                                edited(
                                        valid,
                                        d ->
                                                mainContainer(d)
                                                        .putObject("volumeMounts")
                                                        .put("name", "flink-data"))))
                .singleElement()
                .asString()
                .contains("volumeMounts", "array");
        // deep inside the pod template (the Pod schema the CRD embeds): a misspelt field
        assertThat(
                        validate(
                                edited(
                                        valid,
                                        d ->
                                                mainContainer(d)
                                                        .putArray("volumeMount")
                                                        .addObject()
                                                        .put("name", "flink-data"))))
                .singleElement()
                .asString()
                .contains("$.spec.podTemplate.spec.containers[0]", "volumeMount");
    }

    @Test
    void oneApplicationModeDeploymentPerJobRunningTheImagesJar() throws IOException {
        String jarUri = "local://" + dockerfileJarDestination();
        String flinkVersion = "v" + FlinkVersion.current().toString().replace('.', '_');
        Set<JobName> jobs = EnumSet.noneOf(JobName.class);
        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode spec = deployment.path("spec");
            JsonNode job = spec.path("job");
            List<String> args = texts(job.path("args"));

            assertThat(deployment.path("apiVersion").asText()).isEqualTo(API_VERSION);
            assertThat(spec.path("flinkVersion").asText()).as(name).isEqualTo(flinkVersion);
            assertThat(spec.path("serviceAccount").asText()).as(name).isEqualTo("flink");
            assertThat(spec.path("mode").asText("native")).as(name).isEqualTo("native");
            assertThat(job.path("jarURI").asText()).as(name).isEqualTo(jarUri);
            assertThat(job.path("entryClass").asText())
                    .as(name)
                    .isEqualTo(ClusterMain.class.getName());
            assertThat(job.path("upgradeMode").asText()).as(name).isEqualTo("savepoint");
            assertThat(job.path("parallelism").asInt()).as(name).isPositive();
            assertThat(args).as(name).hasSize(4);
            assertThat(args.subList(0, 2)).as(name).containsExactly("run", "--config");
            Set<JobName> named = JobName.parse(List.of(args.get(3)));
            assertThat(named).as(name).hasSize(1);
            assertThat(name).isEqualTo("vigil-" + named.iterator().next().id());
            assertThat(jobs.addAll(named)).as(name + " names a job no other one runs").isTrue();
        }
        assertThat(jobs).isEqualTo(EnumSet.allOf(JobName.class));
    }

    @Test
    void checkpointsSavepointsAndHaMetadataAreOnTheVolumeEachDeploymentInItsOwnDirectory() {
        Set<String> directories = new HashSet<>();
        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode flink = deployment.path("spec").path("flinkConfiguration");
            String volumeDir = "file://" + mountPathOfClaim(deployment) + "/" + name + "/";

            assertThat(flink.path("high-availability.type").asText()).isEqualTo("kubernetes");
            for (String key :
                    List.of(
                            "state.checkpoints.dir",
                            "state.savepoints.dir",
                            "high-availability.storageDir")) {
                String dir = flink.path(key).asText();
                assertThat(dir).as(name + " " + key).startsWith(volumeDir);
                assertThat(directories.add(dir)).as(dir + " is used once").isTrue();
            }
        }
    }

    @Test
    void mountsVolumesConfigMapSecretAndClaimReferToWhatTheKustomizationCreates() {
        for (JsonNode deployment : deployments) {
            assertThat(referenceProblems(deployment))
                    .as(deployment.path("metadata").path("name").asText())
                    .isEmpty();
        }
    }

    @Test
    void theReferenceCheckFindsEachKindOfBrokenReference() {
        JsonNode valid = deployments.get(0);

        assertThat(
                        referenceProblems(
                                edited(
                                        valid,
                                        d ->
                                                ((ObjectNode)
                                                                mainContainer(d)
                                                                        .path("volumeMounts")
                                                                        .get(0))
                                                        .put("name", "vigil-konfig"))))
                .containsExactly("volumeMount vigil-konfig has no volume");
        assertThat(
                        referenceProblems(
                                edited(
                                        valid,
                                        d ->
                                                secretKeyRef(d, 0)
                                                        .put("name", "elasticsearch-credentials"))))
                .containsExactly("secretKeyRef names elasticsearch-credentials, not a Secret here");
        assertThat(referenceProblems(edited(valid, d -> secretKeyRef(d, 1).put("key", "es-pw"))))
                .containsExactly("secretKeyRef key es-pw is not in secrets.env.example");
        assertThat(
                        referenceProblems(
                                edited(
                                        valid,
                                        d ->
                                                volume(d, "flink-data")
                                                        .withObjectProperty("persistentVolumeClaim")
                                                        .put("claimName", "flink-data"))))
                .containsExactly("volume flink-data claims flink-data, not a claim here");
        assertThat(
                        referenceProblems(
                                edited(
                                        valid,
                                        d ->
                                                volume(d, "vigil-config")
                                                        .withObjectProperty("configMap")
                                                        .put("name", "vigil"))))
                .containsExactly("volume vigil-config mounts ConfigMap vigil, not one here");
    }

    @Test
    void theConfigMapsFileLoadsWithTheEnvironmentThePodsGetFromTheSecret() throws IOException {
        JsonNode generator = generator("configMapGenerator", "vigil-config");
        List<String> files = texts(generator.path("files"));
        assertThat(files).containsExactly("config/vigil.yaml");
        Path file = K8S.resolve(files.get(0));

        for (JsonNode deployment : deployments) {
            String name = deployment.path("metadata").path("name").asText();
            String mountPath = mountPathOf(deployment, v -> v.has("configMap"));
            List<String> args = texts(deployment.path("spec").path("job").path("args"));
            assertThat(args.get(2)).as(name).isEqualTo(mountPath + "/" + file.getFileName());

            // each variable the pod gets from the Secret, with a value that names its key
            Map<String, String> env = new HashMap<>();
            for (JsonNode variable : mainContainer(deployment).path("env")) {
                JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
                env.put(variable.path("name").asText(), "from-" + ref.path("key").asText());
            }
            VigilConfig config =
                    VigilConfig.parse(Files.readString(file), file.toString(), env::get);

            assertThat(config.elasticsearch().username()).isEqualTo("from-elasticsearch-username");
            assertThat(config.elasticsearch().password()).isEqualTo("from-elasticsearch-password");
            assertThat(config.kafka().properties().get("sasl.jaas.config"))
                    .contains(
                            "username=\"from-kafka-username\"", "password=\"from-kafka-password\"");
            // one file for four jobs: the parallelism is each FlinkDeployment's
            assertThat(config.flink().parallelism()).isEqualTo(VigilConfig.DEFAULT_PARALLELISM);
        }
    }

    @Test
    void theDeploymentsDifferOnlyInNameJobParallelismAndSizes() {
        List<String> normalized = new ArrayList<>();
        for (JsonNode deployment : deployments) {
            ObjectNode spec = (ObjectNode) deployment.path("spec").deepCopy();
            String name = deployment.path("metadata").path("name").asText();
            ((ObjectNode) spec.path("job")).remove(List.of("parallelism", "args"));
            spec.remove("taskManager");
            ((ObjectNode) spec.path("flinkConfiguration")).remove("taskmanager.numberOfTaskSlots");
            normalized.add(spec.toString().replace("/" + name + "/", "/NAME/"));
        }
        assertThat(new HashSet<>(normalized)).hasSize(1);
    }

    /**
     * The CRD's {@code openAPIV3Schema} of {@code version} as a draft-4 JSON schema, as strict as
     * {@code kubectl apply} with server-side field validation: the {@code x-kubernetes-*}
     * extensions and {@code nullable} are dropped, and an object that lists its properties accepts
     * no others. The top level also takes {@code apiVersion}, {@code kind} and {@code metadata}.
     */
    static JsonNode jsonSchemaOf(JsonNode crd, String version) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version)) {
                ObjectNode schema =
                        (ObjectNode) v.path("schema").path("openAPIV3Schema").deepCopy();
                closeObjects(schema);
                ObjectNode properties = schema.withObjectProperty("properties");
                properties.putObject("apiVersion").putArray("enum").add(API_VERSION);
                properties.putObject("kind").putArray("enum").add("FlinkDeployment");
                properties.putObject("metadata").put("type", "object");
                return schema;
            }
        }
        throw new AssertionError("the CRD has no version " + version);
    }

    private static void closeObjects(ObjectNode schema) {
        schema.remove("nullable");
        schema.remove(
                iterable(schema.fieldNames()).stream()
                        .filter(n -> n.startsWith("x-kubernetes-"))
                        .toList());
        if (schema.has("properties") && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        for (String key : List.of("properties", "patternProperties")) {
            for (JsonNode property : schema.path(key)) {
                closeObjects((ObjectNode) property);
            }
        }
        for (String key : List.of("items", "additionalProperties", "not")) {
            if (schema.path(key).isObject()) {
                closeObjects((ObjectNode) schema.path(key));
            }
        }
        for (String key : List.of("anyOf", "allOf", "oneOf")) {
            for (JsonNode alternative : schema.path(key)) {
                closeObjects((ObjectNode) alternative);
            }
        }
    }

    private static List<String> validate(JsonNode deployment) {
        return schema.validate(deployment).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    /**
     * What in a FlinkDeployment's pod templates refers to nothing: a volumeMount without its
     * volume, a ConfigMap, Secret or claim the kustomization does not create, a Secret key its env
     * file does not hold.
     */
    private static List<String> referenceProblems(JsonNode deployment) {
        Set<String> configMaps = generatorNames("configMapGenerator");
        Set<String> secrets = generatorNames("secretGenerator");
        Set<String> secretKeys = secretKeys();
        Set<String> claims =
                resources.values().stream()
                        .filter(r -> r.path("kind").asText().equals("PersistentVolumeClaim"))
                        .map(r -> r.path("metadata").path("name").asText())
                        .collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        JsonNode spec = deployment.path("spec");
        for (JsonNode template :
                List.of(
                        spec.path("podTemplate"),
                        spec.path("jobManager").path("podTemplate"),
                        spec.path("taskManager").path("podTemplate"))) {
            Set<String> volumes = new HashSet<>();
            for (JsonNode volume : template.path("spec").path("volumes")) {
                String name = volume.path("name").asText();
                if (!volumes.add(name)) {
                    problems.add("volume " + name + " twice");
                }
                if (volume.has("configMap")
                        && !configMaps.contains(volume.path("configMap").path("name").asText())) {
                    problems.add(
                            "volume "
                                    + name
                                    + " mounts ConfigMap "
                                    + volume.path("configMap").path("name").asText()
                                    + ", not one here");
                }
                if (volume.has("secret")
                        && !secrets.contains(volume.path("secret").path("secretName").asText())) {
                    problems.add("volume " + name + " mounts a Secret not made here");
                }
                JsonNode claim = volume.path("persistentVolumeClaim").path("claimName");
                if (!claim.isMissingNode() && !claims.contains(claim.asText())) {
                    problems.add(
                            "volume " + name + " claims " + claim.asText() + ", not a claim here");
                }
            }
            for (JsonNode container : template.path("spec").path("containers")) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    String name = mount.path("name").asText();
                    if (!volumes.contains(name)) {
                        problems.add("volumeMount " + name + " has no volume");
                    }
                }
                for (JsonNode variable : container.path("env")) {
                    JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
                    if (ref.isMissingNode()) {
                        continue;
                    }
                    if (!secrets.contains(ref.path("name").asText())) {
                        problems.add(
                                "secretKeyRef names "
                                        + ref.path("name").asText()
                                        + ", not a Secret here");
                    }
                    if (!secretKeys.contains(ref.path("key").asText())) {
                        problems.add(
                                "secretKeyRef key "
                                        + ref.path("key").asText()
                                        + " is not in secrets.env.example");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * The keys of the Secret: the secretGenerator reads {@code secrets.env}, which is not in the
     * repository; its committed template {@code secrets.env.example} has the same keys.
     */
    private static Set<String> secretKeys() {
        List<String> envs = texts(generator("secretGenerator", "vigil-credentials").path("envs"));
        assertThat(envs).containsExactly("secrets.env");
        try {
            return Files.readAllLines(K8S.resolve("secrets.env.example")).stream()
                    .map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.substring(0, l.indexOf('=')))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode generator(String kind, String name) {
        for (JsonNode g : kustomization.path(kind)) {
            if (g.path("name").asText().equals(name)) {
                return g;
            }
        }
        throw new AssertionError("kustomization.yaml has no " + kind + " " + name);
    }

    private static Set<String> generatorNames(String kind) {
        Set<String> names = new HashSet<>();
        kustomization.path(kind).forEach(g -> names.add(g.path("name").asText()));
        return names;
    }

    /** Where the deployment's main container mounts the volume that {@code which} selects. */
    private static String mountPathOf(JsonNode deployment, Predicate<JsonNode> which) {
        JsonNode template = deployment.path("spec").path("podTemplate").path("spec");
        List<String> names = new ArrayList<>();
        template.path("volumes")
                .forEach(
                        v -> {
                            if (which.test(v)) {
                                names.add(v.path("name").asText());
                            }
                        });
        assertThat(names).hasSize(1);
        for (JsonNode mount : mainContainer(deployment).path("volumeMounts")) {
            if (mount.path("name").asText().equals(names.get(0))) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + names.get(0) + " is not mounted");
    }

    private static String mountPathOfClaim(JsonNode deployment) {
        return mountPathOf(deployment, v -> v.has("persistentVolumeClaim"));
    }

    /** The destination of the Dockerfile's COPY of the deployable jar. */
    private static String dockerfileJarDestination() throws IOException {
        List<String> lines = Files.readAllLines(K8S.resolve("Dockerfile"));
        List<String> from = lines.stream().filter(l -> l.startsWith("ARG FLINK_IMAGE=")).toList();
        assertThat(from).singleElement().asString().contains("flink:" + FlinkVersion.current());
        List<String> copies =
                lines.stream()
                        .filter(l -> l.startsWith("COPY ") && l.contains("vigil-jobs-*-all.jar"))
                        .toList();
        assertThat(copies).hasSize(1);
        String[] words = copies.get(0).trim().split("\\s+");
        return words[words.length - 1];
    }

    private static JsonNode edited(JsonNode deployment, Consumer<ObjectNode> edit) {
        ObjectNode copy = deployment.deepCopy();
        edit.accept(copy);
        return copy;
    }

    private static ObjectNode spec(JsonNode deployment) {
        return (ObjectNode) deployment.path("spec");
    }

    private static ObjectNode job(JsonNode deployment) {
        return (ObjectNode) deployment.path("spec").path("job");
    }

    private static ObjectNode mainContainer(JsonNode deployment) {
        for (JsonNode c :
                deployment.path("spec").path("podTemplate").path("spec").path("containers")) {
            if (c.path("name").asText().equals("flink-main-container")) {
                return (ObjectNode) c;
            }
        }
        throw new AssertionError("no flink-main-container in the podTemplate");
    }

    private static ObjectNode secretKeyRef(JsonNode deployment, int variable) {
        return (ObjectNode)
                mainContainer(deployment)
                        .path("env")
                        .get(variable)
                        .path("valueFrom")
                        .path("secretKeyRef");
    }

    private static ObjectNode volume(JsonNode deployment, String name) {
        ArrayNode volumes =
                (ArrayNode)
                        deployment.path("spec").path("podTemplate").path("spec").path("volumes");
        for (JsonNode v : volumes) {
            if (v.path("name").asText().equals(name)) {
                return (ObjectNode) v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
