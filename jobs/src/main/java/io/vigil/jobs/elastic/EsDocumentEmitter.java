package io.vigil.jobs.elastic;

import io.vigil.udfs.ecs.EsDocument;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.flink.connector.elasticsearch.sink.RequestIndexer;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.common.xcontent.XContentType;

/**
 * Turns a ready-made document into an index request with its deterministic id, so a replay after a
 * failure overwrites the same document instead of adding a second one.
 */
public final class EsDocumentEmitter implements ElasticsearchEmitter<EsDocument> {
    private static final long serialVersionUID = 1L;

    @Override
    public void emit(EsDocument document, SinkWriter.Context context, RequestIndexer indexer) {
        indexer.add(
                new IndexRequest(document.index())
                        .id(document.id())
                        .source(document.json(), XContentType.JSON));
    }
}
