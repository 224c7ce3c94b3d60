package io.vigil.jobs.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files of a classpath folder shipped with Vigil (index templates, Kibana objects), read the
 * same way from the deployable jar and from a build's classes folder.
 */
public final class ResourceFolder {
    private ResourceFolder() {}

    /**
     * Names (without the folder) of the files directly in {@code resourceDir} whose names end in
     * {@code suffix}, sorted.
     *
     * @param resourceDir the folder, ending in {@code /}, e.g. {@code elastic/index-templates/}
     * @throws IllegalStateException if the folder is not on the classpath or has no such file
     */
    public static List<String> names(String resourceDir, String suffix) {
        URL dir = ResourceFolder.class.getClassLoader().getResource(resourceDir);
        if (dir == null) {
            throw new IllegalStateException(resourceDir + " is not on the classpath");
        }
        TreeSet<String> names = new TreeSet<>();
        try {
            if (dir.getProtocol().equals("jar")) {
                JarURLConnection connection = (JarURLConnection) dir.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String entry = entries.nextElement().getName();
                        if (entry.startsWith(resourceDir)
                                && entry.endsWith(suffix)
                                && entry.indexOf('/', resourceDir.length()) < 0) {
                            names.add(entry.substring(resourceDir.length()));
                        }
                    }
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(suffix))
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no " + suffix + " files found under " + resourceDir);
        }
        return List.copyOf(names);
    }
}
