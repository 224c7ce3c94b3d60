package io.vigil.udfs.ecs;

import java.util.Objects;

/**
 * One document to index into Elasticsearch.
 *
 * @param index the concrete index name, e.g. {@code vigil-logs-2026.01.01}
 * @param id the document id ({@code _id}); deterministic, so writing the same input again
 *     overwrites instead of duplicating
 * @param json the document source ({@code _source}) as compact JSON
 */
public record EsDocument(String index, String id, String json) {

    public EsDocument {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
    }
}
