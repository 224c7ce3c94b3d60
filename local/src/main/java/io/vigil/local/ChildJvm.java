package io.vigil.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Launches a main class in a child JVM of the same Java installation and classpath as this one.
 *
 * <p>The command is {@code $JAVA_HOME/bin/java -Xms<heap> -Xmx<heap> [flags] @<argfile>
 * io.vigil.local.ParentWatchdog <main> <args…>}: the classpath goes into an argument file
 * (classpaths of this module are ~20 KB, close to the kernel's per-argument limit) and the {@link
 * ParentWatchdog} makes the child exit when the parent closes its stdin or dies. Heap is always
 * explicit: the JVM default is a quarter of the machine's memory (VERSIONS.md pitfall 8).
 *
 * <pre>{@code
 * ChildProcess kafka = ChildJvm.builder("kafka", KafkaBrokerMain.class.getName())
 *         .heap("512m").args(List.of(propertiesFile.toString())).workDir(dir).start();
 * }</pre>
 */
public final class ChildJvm {

    /** Where the local jar carries its copy of the repository's {@code jdk17-opens.args}. */
    static final String JDK17_OPENS_RESOURCE = "io/vigil/local/jdk17-opens.args";

    /**
     * The {@code --add-opens}/{@code --add-exports} Flink needs on JDK 17 (pitfall 4), in file
     * order. Read from {@code jdk17-opens.args} at the repository root, the one copy of these flags
     * ({@code ./vigil} and the Maven test JVMs read the same file as a java @argfile).
     */
    public static final List<String> FLINK_JDK17_FLAGS = readArgFile(JDK17_OPENS_RESOURCE);

    /** Log4j 2 configuration for children whose libraries log through SLF4J (Kafka). */
    static final String CHILD_LOG4J_CONFIG = "io/vigil/local/log4j2-child.properties";

    private ChildJvm() {}

    /**
     * Starts describing a child JVM.
     *
     * @param name short name: the log is {@code <workDir>/<name>.log}
     * @param mainClass fully qualified name of the class whose {@code main} the child runs
     */
    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
    }

    /**
     * The arguments of a java @argfile on the classpath: whitespace-separated, lines starting with
     * {@code #} are comments. (No quoting: the JDK flags need none.)
     */
    static List<String> readArgFile(String resource) {
        try (InputStream in = ChildJvm.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource
                                + " is not on the classpath: build the local module, which copies"
                                + " it from the repository root");
            }
            List<String> args = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    args.addAll(List.of(l.split("\\s+")));
                }
            }
            return List.copyOf(args);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** Path of the {@code java} launcher of the running JVM. */
    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Options of one child JVM; {@link #start()} launches it. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private String heap = "512m";
        private boolean heapFlags = true;
        private final List<String> jvmFlags = new ArrayList<>();
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private String classpath = System.getProperty("java.class.path");
        private Path workDir;
        private Duration gracefulStopTimeout = Duration.ofSeconds(30);

        private Builder(String name, String mainClass) {
            this.name = Objects.requireNonNull(name, "name");
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
            systemProperties.put("log4j2.configurationFile", CHILD_LOG4J_CONFIG);
            systemProperties.put("java.awt.headless", "true");
        }

        /** Initial and maximum heap, in the JVM's syntax ({@code 512m}). Default 512m. */
        public Builder heap(String heap) {
            this.heap = Objects.requireNonNull(heap, "heap");
            return this;
        }

        /**
         * Leaves {@code -Xms}/{@code -Xmx} out of the command: the {@link #jvmFlags} carry the heap
         * (a Flink process's flags come from Flink's memory model, heap included).
         */
        public Builder heapInJvmFlags() {
            this.heapFlags = false;
            return this;
        }

        /** Extra JVM flags, e.g. {@link #FLINK_JDK17_FLAGS} for a JVM that runs Flink code. */
        public Builder jvmFlags(List<String> flags) {
            jvmFlags.addAll(flags);
            return this;
        }

        /** A {@code -Dkey=value}; overrides the defaults (log4j configuration, headless). */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        /** Arguments of the main class. */
        public Builder args(List<String> args) {
            this.args.addAll(args);
            return this;
        }

        /** Classpath of the child; default: this JVM's {@code java.class.path}. */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /** Working directory of the child; holds its log and argument file. Required. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** How long {@link ChildProcess#close()} waits for the child's own shutdown. */
        public Builder gracefulStopTimeout(Duration timeout) {
            this.gracefulStopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The full command line (without the {@code setsid} prefix). Visible for tests. */
        List<String> command(Path argFile) {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable().toString());
            if (heapFlags) {
                command.add("-Xms" + heap);
                command.add("-Xmx" + heap);
            }
            command.addAll(jvmFlags);
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("@" + argFile);
            command.add(ParentWatchdog.class.getName());
            command.add(mainClass);
            command.addAll(args);
            return command;
        }

        /** Launches the child; it is already watched and registered for shutdown on return. */
        public ChildProcess start() throws IOException {
            if (workDir == null) {
                throw new IllegalStateException(
                        "ChildJvm " + name + ": workDir is required (logs and args go there)");
            }
            Path dir = Files.createDirectories(workDir.toAbsolutePath());
            Path argFile = dir.resolve(name + ".jvm-args");
            Files.writeString(
                    argFile, "-cp " + quote(absolute(classpath)) + "\n", StandardCharsets.UTF_8);
            return ChildProcess.launch(name, command(argFile), dir, gracefulStopTimeout);
        }
    }

    /**
     * Makes every entry of {@code classpath} absolute: the child runs in its own working directory,
     * where entries relative to ours would not resolve.
     */
    static String absolute(String classpath) {
        StringJoiner joined = new StringJoiner(File.pathSeparator);
        for (String entry : classpath.split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isEmpty()) {
                joined.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return joined.toString();
    }

    /** Quotes a value for a java {@code @argfile}: double quotes, backslashes escaped. */
    static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
