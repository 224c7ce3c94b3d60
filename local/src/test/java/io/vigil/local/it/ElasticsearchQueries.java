package io.vigil.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** The few Elasticsearch REST calls the integration tests assert with, over plain HTTP. */
final class ElasticsearchQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;

    ElasticsearchQueries(String url) {
        this.url = url;
    }

    /** Refreshes and counts (VERSIONS.md pitfall 6: _cat counts lag). 0 when nothing matches. */
    long count(String indexPattern) throws IOException, InterruptedException {
        refresh(indexPattern);
        JsonNode body = send("GET", "/" + indexPattern + "/_count?allow_no_indices=true", null);
        return body.path("count").asLong();
    }

    /** Refreshes and counts the documents matching a query (JSON query DSL). */
    long count(String indexPattern, String query) throws IOException, InterruptedException {
        refresh(indexPattern);
        JsonNode body =
                send(
                        "POST",
                        "/" + indexPattern + "/_count?allow_no_indices=true",
                        "{\"query\":" + query + "}");
        return body.path("count").asLong();
    }

    /** Every hit (source and id) of a query, sorted by _id for stable comparisons. */
    List<JsonNode> search(String indexPattern, String query, int size)
            throws IOException, InterruptedException {
        refresh(indexPattern);
        JsonNode body =
                send(
                        "POST",
                        "/" + indexPattern + "/_search?allow_no_indices=true",
                        "{\"size\":"
                                + size
                                + ",\"query\":"
                                + query
                                + ",\"sort\":[{\"_id\":\"asc\"}]}");
        List<JsonNode> hits = new ArrayList<>();
        body.path("hits").path("hits").forEach(hits::add);
        return hits;
    }

    /** Makes everything indexed so far visible to searches (VERSIONS.md pitfall 6). */
    private void refresh(String indexPattern) throws IOException, InterruptedException {
        send("POST", "/" + indexPattern + "/_refresh?allow_no_indices=true", null);
    }

    /** POSTs a body (JSON, or NDJSON for _msearch) as is and returns the response. */
    JsonNode post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    /** PUTs a JSON body, e.g. to create an index. */
    JsonNode put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    /** The distinct values of a keyword field (up to 100), from a terms aggregation. */
    List<String> terms(String indexPattern, String field) throws IOException, InterruptedException {
        refresh(indexPattern);
        JsonNode body =
                send(
                        "POST",
                        "/" + indexPattern + "/_search?allow_no_indices=true",
                        "{\"size\":0,\"aggs\":{\"t\":{\"terms\":{\"field\":\""
                                + field
                                + "\",\"size\":100}}}}");
        List<String> values = new ArrayList<>();
        body.path("aggregations")
                .path("t")
                .path("buckets")
                .forEach(b -> values.add(b.path("key").asText()));
        return values;
    }

    private JsonNode send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url + path))
                        .header(
                                "Content-Type",
                                path.contains("_msearch")
                                        ? "application/x-ndjson"
                                        : "application/json");
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 404) {
            throw new IOException(
                    method + " " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
