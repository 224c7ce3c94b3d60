package io.vigil.local.it;

import io.vigil.local.EmbeddedElasticsearch;
import io.vigil.local.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker and one real Elasticsearch node for every integration test class of a test
 * run, on free ports. Started by the first class that needs them and stopped when the whole test
 * plan ends (JUnit closes resources in the root store), so no process outlives the run.
 */
public final class RealStack implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RealStack.class);

    private static volatile Parts parts;

    /** The running parts. Only valid inside a test class extended with this extension. */
    public static Parts parts() {
        if (parts == null) {
            throw new IllegalStateException(
                    "annotate the test class with @ExtendWith(RealStack.class)");
        }
        return parts;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        parts = store.getOrComputeIfAbsent("parts", key -> Parts.start(), Parts.class);
    }

    /** Kafka and Elasticsearch, closed in reverse order of start. */
    public record Parts(EmbeddedKafka kafka, EmbeddedElasticsearch elasticsearch, Path workDir)
            implements ExtensionContext.Store.CloseableResource {
        static Parts start() {
            try {
                Path workDir = Files.createTempDirectory(Path.of("target"), "real-stack-");
                EmbeddedElasticsearch es =
                        EmbeddedElasticsearch.start(0, workDir.resolve("elasticsearch"));
                EmbeddedKafka kafka;
                try {
                    kafka = EmbeddedKafka.start(0, workDir.resolve("kafka"));
                } catch (Exception e) {
                    es.close();
                    throw e;
                }
                return new Parts(kafka, es, workDir);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "could not start the real stack: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                kafka.close();
            } finally {
                elasticsearch.close();
            }
        }
    }
}
