package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlinkDistClasspathTest {
    private static final String REPO = "/root/.m2/repository/";

    @Test
    void recognisesFlinksJarsInAMavenRepositoryLayout() {
        assertThat(
                        FlinkDistClasspath.artifactOf(
                                REPO
                                        + "org/apache/flink/flink-runtime/1.20.5/flink-runtime-1.20.5.jar"))
                .isEqualTo("org/apache/flink/flink-runtime");
        assertThat(
                        FlinkDistClasspath.artifactOf(
                                REPO
                                        + "org/apache/flink/flink-core-api/1.20.5/flink-core-api-1.20.5.jar"))
                .isEqualTo("org/apache/flink/flink-core-api");
        // Not Flink's distribution: connectors, test jars, Vigil's own modules.
        assertThat(
                        FlinkDistClasspath.artifactOf(
                                REPO
                                        + "org/apache/flink/flink-connector-kafka/3.4.0-1.20/flink-connector-kafka-3.4.0-1.20.jar"))
                .isNull();
        assertThat(
                        FlinkDistClasspath.artifactOf(
                                REPO
                                        + "org/apache/flink/flink-runtime/1.20.5/flink-runtime-1.20.5-tests.jar"))
                .isNull();
        assertThat(FlinkDistClasspath.artifactOf("/work/vigil/jobs/target/classes")).isNull();
    }

    @Test
    void thisModulesClasspathHoldsTheDistributionAndNothingOfVigilOrItsConnectors() {
        List<String> entries =
                List.of(
                        FlinkDistClasspath.select(System.getProperty("java.class.path"))
                                .split(File.pathSeparator));
        assertThat(entries).hasSize(FlinkDistClasspath.ARTIFACTS.size());
        assertThat(entries)
                .anyMatch(e -> e.contains("flink-runtime-web-"))
                .anyMatch(e -> e.contains("log4j-core-"))
                .noneMatch(e -> e.contains("kafka"))
                .noneMatch(e -> e.contains("elasticsearch"))
                .noneMatch(e -> e.contains("vigil"));
    }

    @Test
    void aMissingJarIsNamed() {
        assertThatThrownBy(() -> FlinkDistClasspath.select("/tmp/only.jar"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org/apache/flink/flink-runtime-web");
    }
}
