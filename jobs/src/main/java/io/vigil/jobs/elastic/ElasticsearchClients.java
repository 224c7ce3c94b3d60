package io.vigil.jobs.elastic;

import io.vigil.jobs.config.VigilConfig;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** REST clients for the configured Elasticsearch hosts and credentials. */
public final class ElasticsearchClients {
    private ElasticsearchClients() {}

    /**
     * A client builder for the configured hosts, with basic authentication when configured, and
     * {@code elasticsearch.bulk.requestTimeout} as the socket timeout: a cluster busy growing a
     * mapping can take longer than the client's default 30 s to answer a bulk request, and a
     * timeout fails the job over.
     */
    public static RestClientBuilder builder(VigilConfig.Elasticsearch es) {
        int timeout = (int) es.bulk().requestTimeout().toMillis();
        RestClientBuilder builder =
                RestClient.builder(
                                es.hosts().stream()
                                        .map(uri -> HttpHost.create(uri.toString()))
                                        .toArray(HttpHost[]::new))
                        .setRequestConfigCallback(request -> request.setSocketTimeout(timeout));
        if (!es.username().isEmpty()) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(
                    AuthScope.ANY, new UsernamePasswordCredentials(es.username(), es.password()));
            builder.setHttpClientConfigCallback(
                    http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder;
    }
}
