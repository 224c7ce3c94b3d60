package io.vigil.jobs.kibana;

import io.vigil.jobs.config.ResourceFolder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The NDJSON files of {@code kibana/} at the repository root, shipped in the jar under {@code
 * kibana/}: one object a line, {@code \n} after each. Their names sort in import order (index
 * patterns, searches, dashboards), so that each file's references are already in Kibana or in the
 * file itself.
 *
 * <p>{@link #main} writes them from {@link VigilKibana}: {@code java -cp … KibanaFiles kibana}.
 */
public final class KibanaFiles {
    /** Classpath folder of the NDJSON files. */
    public static final String RESOURCE_DIR = "kibana/";

    private KibanaFiles() {}

    /** The files {@link VigilKibana} produces: file name ({@code *.ndjson}) to its content. */
    public static Map<String, String> generated() {
        Map<String, String> files = new LinkedHashMap<>();
        VigilKibana.files()
                .forEach(
                        (name, objects) -> {
                            StringBuilder ndjson = new StringBuilder();
                            objects.forEach(o -> ndjson.append(o.ndjson()).append('\n'));
                            files.put(name + ".ndjson", ndjson.toString());
                        });
        return files;
    }

    /** Writes the generated files into {@code dir} (e.g. {@code kibana}), replacing old ones. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path f : old.filter(f -> f.toString().endsWith(".ndjson")).toList()) {
                Files.delete(f);
            }
        }
        for (Map.Entry<String, String> e : generated().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "kibana");
        write(dir);
        System.out.println("wrote " + generated().size() + " files to " + dir);
    }

    /**
     * The shipped files, file name to content, in import order: from the jar (or the classes folder
     * in a build).
     */
    public static Map<String, String> shipped() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : resourceNames()) {
            try (InputStream in =
                    KibanaFiles.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE_DIR + name);
                }
                files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private static List<String> resourceNames() {
        return ResourceFolder.names(RESOURCE_DIR, ".ndjson");
    }
}
