package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedElasticsearchITCase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path dir;

    @Test
    void nodeIndexesAndCountsADocumentAndStopsCleanly() throws Exception {
        Optional<ProcessHandle> node;
        try (EmbeddedElasticsearch es = EmbeddedElasticsearch.start(0, dir)) {
            node = es.process();
            assertThat(es.httpUrl()).startsWith("http://");

            JsonNode info = get(es.httpUrl() + "/");
            assertThat(info.path("version").path("number").asText()).isEqualTo("7.10.2");

            HttpResponse<String> indexed =
                    http.send(
                            HttpRequest.newBuilder(
                                            URI.create(
                                                    es.httpUrl() + "/it-docs/_doc/1?refresh=true"))
                                    .header("Content-Type", "application/json")
                                    .PUT(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"message\":\"hello\",\"service\":{\"name\":\"checkout\"}}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);

            assertThat(get(es.httpUrl() + "/it-docs/_count").path("count").asLong()).isEqualTo(1);
        }
        // Embedded here (no Docker); with Docker the container is stopped by Testcontainers.
        node.ifPresent(handle -> assertThat(handle.isAlive()).isFalse());
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
