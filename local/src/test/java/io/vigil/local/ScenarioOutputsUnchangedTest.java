package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden hashes of short runs of existing scenarios, recorded before the memory limit and the
 * exhaustion scenarios were added: adding series must not shift a single random draw of the others.
 * Traces and logs are hashed as written; metrics with the series added since ({@link
 * #ADDED_METRICS}) removed from each line first.
 *
 * <p>The hashes pin exact bytes, so they also change if the generator's traffic, host model or the
 * OTLP/JSON writer change on purpose: then regenerate them (the failure message prints the new
 * ones) and say why in the commit.
 */
class ScenarioOutputsUnchangedTest {

    private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Metrics added after the hashes were recorded. */
    private static final Set<String> ADDED_METRICS =
            Set.of("system.memory.limit", "system.memory.utilization");

    @TempDir Path temp;

    /** Scenario, minutes of simulated time, then the SHA-256 of metrics, traces and logs. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "memory-leak, 6, e08fad83f59ef009cb3b47f36ac08ad0499a894322328cdbce5b5d14fbf3f0b5,"
                + " f5b14e4f628f4ac1e5eb4332a1d24cc3f48447393b6eef2403a11e459008155f,"
                + " a856641f31e6dee6aacf39109faa6f6f2cfa914c7ff25f0bf487376d251ad4ea",
        "disk-filling, 6, e8c396da638a37402ebeb89fd20db81e2ff44f0fb395526b94959edc40c640a0,"
                + " e0917440997c3b97e9afa88d46567ac3948c2da7595ec4622e391732103bc55b,"
                + " e21c230c12a178a4f365bfe6ef6b17dbf2655e49bd125ae1a58bea39f3cc7869",
        "dependency-down, 6, 1aa2b55559d378a703768356405dc4dace3ca83c1e968f01da63bf4816cfbabd,"
                + " 7fad6f0d8ac79c2d73b2bee9de89f7e6b398497c8a39bb3bcaaf7192c7841af6,"
                + " a0130408e9cbf01a3439a9f3eb391d38f23d59d4d1988528d3d599ca8889c524",
        "quiet, 2, 5b3717a9d6af57fc4943a337ed5eb97aaa23c0102350111729b7645e193c13b4,"
                + " b348874b7f20837d1abdf8237a0059b3f4839a9016ec27b8f35191b9156c1f6c,"
                + " 87dffc9be057938989c08d62afdd885871c1e6eadcfc638f0aac6f465d4be5a7",
    })
    void existingScenariosGiveTheSameTelemetry(
            String scenario, int minutes, String metrics, String traces, String logs)
            throws Exception {
        Path dir = temp.resolve(scenario);
        ScenarioDataset.write(
                new ScenarioDataset.Settings(
                        IncidentScenarios.named(scenario),
                        42,
                        START,
                        Duration.ofMinutes(minutes),
                        2,
                        false),
                dir);
        String got =
                "metrics "
                        + metricsHash(dir.resolve("metrics.jsonl"))
                        + " traces "
                        + sha256(Files.readAllBytes(dir.resolve("traces.jsonl")))
                        + " logs "
                        + sha256(Files.readAllBytes(dir.resolve("logs.jsonl")));
        assertThat(got)
                .as("%s for %d min at 2 requests/s, seed 42", scenario, minutes)
                .isEqualTo("metrics " + metrics + " traces " + traces + " logs " + logs);
    }

    /** SHA-256 of the metric lines, each re-serialised without the {@link #ADDED_METRICS}. */
    private static String metricsHash(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode root = JSON.readTree(line);
            for (JsonNode resource : root.path("resourceMetrics")) {
                for (JsonNode scope : resource.path("scopeMetrics")) {
                    Iterator<JsonNode> metrics = ((ArrayNode) scope.path("metrics")).elements();
                    while (metrics.hasNext()) {
                        if (ADDED_METRICS.contains(metrics.next().path("name").asText())) {
                            metrics.remove();
                        }
                    }
                }
            }
            sha.update(JSON.writeValueAsBytes(root));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
