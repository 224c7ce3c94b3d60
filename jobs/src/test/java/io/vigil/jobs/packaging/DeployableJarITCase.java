package io.vigil.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one deployable jar ({@code jobs/target/vigil-jobs-*-all.jar}, built in the package phase
 * before this runs): it carries the jobs, the connectors and the index templates, and none of what
 * a Flink cluster provides or what only the local stack needs.
 */
class DeployableJarITCase {
    private static List<String> entries;
    private static long size;

    @BeforeAll
    static void openJar() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar =
                    files.filter(p -> p.getFileName().toString().matches("vigil-jobs-.*-all\\.jar"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no shaded jar in target/"));
        }
        size = Files.size(jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(e -> e.getName()).toList();
        }
    }

    @Test
    void carriesTheJobsConnectorsAndTemplates() {
        assertThat(entries)
                .contains(
                        "io/vigil/jobs/cli/VigilCli.class",
                        "io/vigil/jobs/TracesJob.class",
                        "io/vigil/udfs/otlp/OtlpSpanDecoder.class",
                        "io/opentelemetry/proto/trace/v1/Span.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/flink/connector/elasticsearch/sink/ElasticsearchSink.class",
                        "elastic/index-templates/vigil-logs.json",
                        "elastic/index-templates/vigil-spans.json",
                        "elastic/index-templates/vigil-metric-points.json",
                        "elastic/index-templates/vigil-dlq.json");
    }

    @Test
    void leavesOutTheClusterRuntimeTheBrokerTheNodeAndTheLocalStack() {
        assertThat(entries)
                .noneMatch(e -> e.startsWith("org/apache/flink/runtime/"))
                .noneMatch(e -> e.startsWith("org/apache/flink/streaming/api/environment/"))
                .noneMatch(e -> e.startsWith("kafka/server/"))
                .noneMatch(e -> e.startsWith("org/codelibs/"))
                // The high-level REST client needs the Elasticsearch core jar (its Node class
                // included), but no node can run without the transport and HTTP module.
                .noneMatch(e -> e.startsWith("org/elasticsearch/transport/netty4/"))
                .noneMatch(e -> e.startsWith("org/elasticsearch/http/netty4/"))
                .noneMatch(e -> e.startsWith("io/vigil/local/"))
                .noneMatch(e -> e.startsWith("org/apache/logging/log4j/core/"));
    }

    @Test
    void fitsFlinksDefaultRestUploadLimit() {
        assertThat(size).isLessThan(100L * 1024 * 1024);
    }
}
