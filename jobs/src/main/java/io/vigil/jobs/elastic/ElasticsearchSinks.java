package io.vigil.jobs.elastic;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.ecs.EsDocument;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.elasticsearch.sink.Elasticsearch7SinkBuilder;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchSink;
import org.apache.flink.connector.elasticsearch.sink.FlushBackoffType;
import org.apache.http.HttpHost;

/**
 * The Elasticsearch sink every job uses: at-least-once (pending bulk requests are flushed before a
 * checkpoint completes) plus deterministic document ids gives exactly-once results in the index.
 * Rejected bulk items (HTTP 429) are retried with exponential backoff; a cluster that is down fails
 * the task, which restarts from the last checkpoint under Flink's restart strategy, so nothing is
 * lost while Elasticsearch is away.
 */
public final class ElasticsearchSinks {
    private ElasticsearchSinks() {}

    public static ElasticsearchSink<EsDocument> documents(VigilConfig.Elasticsearch es) {
        VigilConfig.Bulk bulk = es.bulk();
        Elasticsearch7SinkBuilder<EsDocument> builder =
                new Elasticsearch7SinkBuilder<EsDocument>()
                        .setHosts(
                                es.hosts().stream()
                                        .map(uri -> HttpHost.create(uri.toString()))
                                        .toArray(HttpHost[]::new))
                        .setEmitter(new EsDocumentEmitter())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .setBulkFlushMaxActions(bulk.maxActions())
                        .setBulkFlushMaxSizeMb(bulk.maxSizeMb())
                        .setBulkFlushInterval(bulk.flushInterval().toMillis())
                        .setBulkFlushBackoffStrategy(
                                FlushBackoffType.EXPONENTIAL,
                                bulk.maxRetries(),
                                bulk.retryDelay().toMillis());
        if (!es.username().isEmpty()) {
            builder.setConnectionUsername(es.username()).setConnectionPassword(es.password());
        }
        return builder.build();
    }
}
