package io.vigil.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The classpath of a Flink 1.20 process as a Flink distribution's {@code lib/} gives it, picked
 * from this JVM's classpath (the local module's dependencies, resolved by Maven) instead of from a
 * downloaded {@code flink-dist}: the closure of {@code flink-runtime}, {@code
 * flink-streaming-java}, {@code flink-clients}, {@code flink-runtime-web} and {@code
 * flink-connector-base}, plus Log4j 2, plus the local module itself (for {@link ParentWatchdog} and
 * the child log configuration).
 *
 * <p>Nothing else: not the Kafka or Elasticsearch connectors, not kafka-clients, not Vigil's jobs,
 * not the local module (its {@code META-INF/services} entry would make the jobs' {@code
 * ServiceLoader} find a CLI extension the cluster's class loader cannot load). A job must bring
 * those in its own jar, as on a real cluster; with them on the cluster's classpath a class missing
 * from the deployable jar would go unnoticed, and the connectors' {@code org.apache.flink} classes
 * (loaded parent-first) would load against the wrong Kafka client.
 *
 * <p>The list is {@code mvn dependency:build-classpath} of those five artifacts on Flink 1.20.5 (41
 * jars) and Log4j's four. {@link #select} fails naming what is missing when the classpath lacks
 * one, e.g. after a Flink upgrade that adds a dependency.
 */
public final class FlinkDistClasspath {

    /** {@code group/path/artifactId} of every jar a Flink process needs. */
    static final List<String> ARTIFACTS =
            List.of(
                    "org/apache/flink/flink-annotations",
                    "org/apache/flink/flink-clients",
                    "org/apache/flink/flink-connector-base",
                    "org/apache/flink/flink-connector-datagen",
                    "org/apache/flink/flink-core",
                    "org/apache/flink/flink-core-api",
                    "org/apache/flink/flink-datastream",
                    "org/apache/flink/flink-datastream-api",
                    "org/apache/flink/flink-file-sink-common",
                    "org/apache/flink/flink-hadoop-fs",
                    "org/apache/flink/flink-java",
                    "org/apache/flink/flink-metrics-core",
                    "org/apache/flink/flink-optimizer",
                    "org/apache/flink/flink-queryable-state-client-java",
                    "org/apache/flink/flink-rpc-akka-loader",
                    "org/apache/flink/flink-rpc-core",
                    "org/apache/flink/flink-runtime",
                    "org/apache/flink/flink-runtime-web",
                    "org/apache/flink/flink-shaded-asm-9",
                    "org/apache/flink/flink-shaded-guava",
                    "org/apache/flink/flink-shaded-jackson",
                    "org/apache/flink/flink-shaded-netty",
                    "org/apache/flink/flink-shaded-zookeeper-3",
                    "org/apache/flink/flink-streaming-java",
                    "at/yawk/lz4/lz4-java",
                    "com/esotericsoftware/kryo/kryo",
                    "com/esotericsoftware/minlog/minlog",
                    "com/google/code/findbugs/jsr305",
                    "com/twitter/chill-java",
                    "commons-cli/commons-cli",
                    "commons-collections/commons-collections",
                    "commons-io/commons-io",
                    "org/apache/commons/commons-compress",
                    "org/apache/commons/commons-lang3",
                    "org/apache/commons/commons-math3",
                    "org/apache/commons/commons-text",
                    "org/javassist/javassist",
                    "org/objenesis/objenesis",
                    "org/slf4j/slf4j-api",
                    "org/snakeyaml/snakeyaml-engine",
                    "org/xerial/snappy/snappy-java",
                    "tools/profiler/async-profiler",
                    "org/apache/logging/log4j/log4j-api",
                    "org/apache/logging/log4j/log4j-core",
                    "org/apache/logging/log4j/log4j-slf4j-impl",
                    "org/apache/logging/log4j/log4j-1.2-api");

    private FlinkDistClasspath() {}

    /** Classpath resources the launcher folder holds: the watchdog and the log configuration. */
    static final List<String> LAUNCHER_RESOURCES =
            List.of(
                    ParentWatchdog.class.getName().replace('.', '/') + ".class",
                    ChildJvm.CHILD_LOG4J_CONFIG);

    /**
     * {@link #select} of this JVM's classpath, with {@link #launcherFolder} of {@code dir} as the
     * last entry.
     */
    public static String fromThisJvm(Path dir) throws IOException {
        return select(System.getProperty("java.class.path"))
                + File.pathSeparator
                + launcherFolder(dir);
    }

    /**
     * Copies {@link #LAUNCHER_RESOURCES} from this JVM's classpath into {@code dir} (as a class
     * folder) and returns it.
     */
    static Path launcherFolder(Path dir) throws IOException {
        for (String resource : LAUNCHER_RESOURCES) {
            try (InputStream in =
                    FlinkDistClasspath.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the classpath");
                }
                Path target = dir.resolve(resource);
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.toAbsolutePath();
    }

    /**
     * The entries of {@code classpath} that are jars of {@link #ARTIFACTS} in a Maven repository
     * layout ({@code …/org/apache/flink/flink-runtime/1.20.5/flink-runtime-1.20.5.jar}), plus where
     * {@link ParentWatchdog} was loaded from, joined with the path separator.
     *
     * @throws IllegalStateException naming the artifacts {@code classpath} lacks
     */
    static String select(String classpath) {
        Set<String> missing = new LinkedHashSet<>(ARTIFACTS);
        List<String> selected = new ArrayList<>();
        for (String entry : classpath.split(Pattern.quote(File.pathSeparator))) {
            String artifact = artifactOf(entry);
            if (artifact != null && missing.remove(artifact)) {
                selected.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "cannot put a Flink cluster's classpath together: this JVM's classpath lacks "
                            + missing
                            + " (add them to the local module's dependencies)");
        }
        StringJoiner joined = new StringJoiner(File.pathSeparator);
        selected.forEach(joined::add);
        return joined.toString();
    }

    /**
     * The {@code group/path/artifactId} of a jar in a Maven repository layout whose artifact is one
     * of {@link #ARTIFACTS}, else null.
     */
    static String artifactOf(String entry) {
        String path = entry.replace(File.separatorChar, '/');
        if (!path.endsWith(".jar")) {
            return null;
        }
        for (String artifact : ARTIFACTS) {
            String artifactId = artifact.substring(artifact.lastIndexOf('/') + 1);
            int at = path.indexOf("/" + artifact + "/");
            // …/<group>/<artifactId>/<version>/<artifactId>-<version>[-classifier].jar
            if (at >= 0) {
                String rest = path.substring(at + artifact.length() + 2);
                int slash = rest.indexOf('/');
                if (slash > 0
                        && rest.indexOf('/', slash + 1) < 0
                        && rest.substring(slash + 1).startsWith(artifactId + "-")
                        && !rest.endsWith("-tests.jar")) {
                    return artifact;
                }
            }
        }
        return null;
    }
}
