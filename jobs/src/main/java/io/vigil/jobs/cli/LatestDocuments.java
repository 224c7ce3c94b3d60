package io.vigil.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.elastic.IndexTemplates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.RestClient;

/**
 * The latest document of each group, for the CLI's status reports: a search whose terms aggregation
 * {@code groups} has a {@code latest} top-hits sub-aggregation of size 1.
 */
final class LatestDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatestDocuments() {}

    /**
     * Runs {@code query} on {@code index} (missing indices are no error) and returns each bucket's
     * latest hit of the terms aggregation named {@code groups}.
     */
    static List<JsonNode> search(VigilConfig vigil, String index, JsonNode query, String groups)
            throws IOException {
        JsonNode response;
        try (RestClient client = IndexTemplates.restClient(vigil.elasticsearch())) {
            Request request = new Request("POST", "/" + index + "/_search?ignore_unavailable=true");
            request.setJsonEntity(query.toString());
            Response r = client.performRequest(request);
            response = JSON.readTree(EntityUtils.toString(r.getEntity()));
        }
        List<JsonNode> hits = new ArrayList<>();
        for (JsonNode bucket : response.at("/aggregations/" + groups + "/buckets")) {
            JsonNode hit = bucket.at("/latest/hits/hits/0");
            if (!hit.isMissingNode()) {
                hits.add(hit);
            }
        }
        return hits;
    }
}
