package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

    @Test
    void commandRunsTheMainUnderTheWatchdogWithAnExplicitHeap() {
        List<String> command =
                ChildJvm.builder("kafka", "org.example.Main")
                        .heap("256m")
                        .systemProperty("a", "b")
                        .args(List.of("x", "y"))
                        .command(Path.of("/tmp/kafka.jvm-args"));

        assertThat(command.get(0)).isEqualTo(ChildJvm.javaExecutable().toString());
        assertThat(command)
                .contains("-Xms256m", "-Xmx256m", "-Da=b", "@/tmp/kafka.jvm-args")
                .contains("-Dlog4j2.configurationFile=" + ChildJvm.CHILD_LOG4J_CONFIG)
                .endsWith(ParentWatchdog.class.getName(), "org.example.Main", "x", "y");
    }

    @Test
    void classpathEntriesBecomeAbsolute() {
        String classpath = String.join(File.pathSeparator, "target/classes", "/opt/lib/a.jar", "");

        String absolute = ChildJvm.absolute(classpath);

        assertThat(absolute.split(File.pathSeparator))
                .containsExactly(
                        Path.of("target/classes").toAbsolutePath().toString(), "/opt/lib/a.jar");
    }

    @Test
    void argFileValuesAreQuoted() {
        assertThat(ChildJvm.quote("/a b/c\\d\"e")).isEqualTo("\"/a b/c\\\\d\\\"e\"");
    }
}
