package io.vigil.jobs.elastic;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.elastic.DocumentGuard;
import io.vigil.udfs.elastic.IndexMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * What every job's Elasticsearch output is made of: {@link DocumentGuard} over the shipped index
 * templates (Vigil's and Jaeger's, as {@link IndexTemplates} puts them), then {@link DocumentSink}.
 */
public final class ElasticsearchSinks {
    private ElasticsearchSinks() {}

    /** The Elasticsearch sink of one job ({@code signal}: its input signal, for dead letters). */
    public static DocumentSink documents(VigilConfig config, String signal) {
        return new DocumentSink(config.elasticsearch(), config.kafka(), signal);
    }

    /** A guard that knows the mapping of every index family the jobs write. */
    public static DocumentGuard guard(VigilConfig config) {
        List<IndexMapping> mappings = new ArrayList<>();
        for (IndexTemplates.Template t :
                IndexTemplates.load(config.elasticsearch().indexPrefix())) {
            mappings.add(IndexMapping.of(t.name(), t.body()));
        }
        for (IndexTemplates.Template t : IndexTemplates.loadJaeger(config.jaeger())) {
            mappings.add(IndexMapping.of(t.name(), t.body()));
        }
        return new DocumentGuard(mappings);
    }
}
