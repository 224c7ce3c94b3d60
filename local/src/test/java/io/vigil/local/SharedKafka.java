package io.vigil.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Kafka broker for all integration test classes of this module that use it, started by the
 * first one and stopped when the test plan ends (JUnit closes resources in the root store). Classes
 * use their own topic names.
 */
final class SharedKafka implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedKafka.class);

    private static volatile EmbeddedKafka kafka;

    /**
     * The running broker; valid in classes annotated with {@code @ExtendWith(SharedKafka.class)}.
     */
    static EmbeddedKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException(
                    "annotate the test class with @ExtendWith(SharedKafka.class)");
        }
        return kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka =
                context.getRoot()
                        .getStore(NAMESPACE)
                        .getOrComputeIfAbsent("kafka", key -> new Broker(), Broker.class)
                        .kafka;
    }

    private static final class Broker implements ExtensionContext.Store.CloseableResource {
        final EmbeddedKafka kafka;

        Broker() {
            try {
                Path dir = Files.createDirectories(Path.of("target"));
                kafka = EmbeddedKafka.start(0, Files.createTempDirectory(dir, "shared-kafka-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            kafka.close();
        }
    }
}
