package io.vigil.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Main class of the Elasticsearch child JVM: one real Elasticsearch 7.10.2 node through the
 * codelibs cluster runner, reachable over HTTP from other JVMs (Flink jobs, curl, Kibana).
 *
 * <p>Usage: {@code ElasticsearchNodeMain <base path> <cluster name> <http port> <transport port>}.
 * Settings that make one node on a shared host behave (VERSIONS.md pitfalls 2 and 10): bound to
 * 127.0.0.1, {@code discovery.type=single-node} with a fixed transport port (so two nodes on one
 * host never form a cluster), no port probing by the runner ({@code setMaxHttpPort(-1)}, the port
 * is given explicitly), roles master, data and ingest, and the disk-watermark allocator off (a
 * developer's nearly full disk must not turn indices read-only). Logs go to stdout only. Started by
 * {@link EmbeddedElasticsearch} under {@link ParentWatchdog}; the node is closed by a shutdown
 * hook.
 */
public final class ElasticsearchNodeMain {

    private static final String LOG_CONFIG = "io/vigil/local/es-log4j2.properties";

    private ElasticsearchNodeMain() {}

    /** Starts the node and serves until the JVM exits. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            System.err.println(
                    "usage: ElasticsearchNodeMain <base path> <cluster name> <http port>"
                            + " <transport port>");
            System.exit(2);
        }
        Path basePath = Path.of(args[0]).toAbsolutePath();
        String clusterName = args[1];
        int httpPort = Integer.parseInt(args[2]);
        int transportPort = Integer.parseInt(args[3]);
        installLogConfig(basePath.resolve("node_1").resolve("config"));

        ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        runner.close();
                                    } catch (IOException e) {
                                        System.err.println("closing the node failed: " + e);
                                    }
                                },
                                "vigil-es-shutdown"));
        runner.onBuild(
                (number, settings) -> {
                    settings.put("network.host", "127.0.0.1");
                    settings.put("http.port", httpPort);
                    settings.put("transport.port", transportPort);
                    settings.put("discovery.type", "single-node");
                    settings.put("node.name", "vigil-es");
                    settings.putList("node.roles", "master", "data", "ingest");
                    settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
                });
        // The port is explicit; the runner's probe below its maxHttpPort would refuse high ports.
        runner.setMaxHttpPort(-1);
        runner.build(
                ElasticsearchClusterRunner.newConfigs()
                        .basePath(basePath.toString())
                        .clusterName(clusterName)
                        .numOfNode(1)
                        .baseHttpPort(httpPort - 1));
        runner.ensureYellow();
        System.out.println("vigil: Elasticsearch node ready on http://127.0.0.1:" + httpPort);
        // Serve until the JVM exits (parent gone, SIGTERM); the shutdown hook closes the node.
        new CountDownLatch(1).await();
    }

    private static void installLogConfig(Path configDir) throws IOException {
        Files.createDirectories(configDir);
        try (InputStream in =
                ElasticsearchNodeMain.class.getClassLoader().getResourceAsStream(LOG_CONFIG)) {
            if (in == null) {
                throw new IOException("resource " + LOG_CONFIG + " is missing");
            }
            Files.copy(
                    in,
                    configDir.resolve("log4j2.properties"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
