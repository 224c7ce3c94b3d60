package io.vigil.local;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JVM shutdown hook that stops everything the local stack started, in a fixed order, when the
 * JVM exits without the owners closing them (Ctrl-C in the demo, a test JVM that is torn down).
 *
 * <p>The JVM runs all shutdown hooks concurrently and in no particular order, so separate hooks for
 * the generator, the Flink cluster, the OTLP bridge and the Kafka broker would race: Kafka could be
 * gone while the bridge still flushes into it. Instead every part registers here and a single hook
 * closes them stage by stage ({@link Stage} order), and within a stage in reverse registration
 * order (last started, first stopped).
 *
 * <p>Owners that close a resource themselves deregister it ({@link Registration#close()}), so a
 * normal {@code close()} never runs twice. The demo registers its Flink cluster at {@link
 * Stage#PIPELINES}:
 *
 * <pre>{@code
 * try (ShutdownSequence.Registration r =
 *         ShutdownSequence.register(Stage.PIPELINES, "flink", miniCluster::close)) {
 *     ...
 * }
 * }</pre>
 */
public final class ShutdownSequence {

    /** Stages, stopped in declaration order: producers of data first, storage last. */
    public enum Stage {
        /** Telemetry generators: stop producing before anything downstream goes away. */
        GENERATORS,
        /** Flink jobs and clusters reading from Kafka and writing to Elasticsearch. */
        PIPELINES,
        /** The OTLP/HTTP bridge: drains its Kafka producer. */
        INGEST,
        /** Child processes: Alertmanager, Elasticsearch, Kafka. */
        INFRASTRUCTURE
    }

    /** Handle of a registered resource; closing it removes the resource from the sequence. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record Entry(long order, String name, AutoCloseable resource) {}

    private static final Object LOCK = new Object();
    private static final Map<Stage, List<Entry>> ENTRIES = new EnumMap<>(Stage.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static boolean hookInstalled;
    private static boolean shuttingDown;

    private ShutdownSequence() {}

    /**
     * Registers {@code resource} to be closed at JVM shutdown unless deregistered first.
     *
     * @throws IllegalStateException if the JVM is already shutting down
     */
    public static Registration register(Stage stage, String name, AutoCloseable resource) {
        Entry entry = new Entry(SEQUENCE.incrementAndGet(), name, resource);
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IllegalStateException(
                        "JVM is shutting down; cannot register " + name + " any more");
            }
            if (!hookInstalled) {
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(ShutdownSequence::runAll, "vigil-shutdown-sequence"));
                hookInstalled = true;
            }
            ENTRIES.computeIfAbsent(stage, s -> new ArrayList<>()).add(entry);
        }
        return () -> {
            synchronized (LOCK) {
                List<Entry> list = ENTRIES.get(stage);
                if (list != null) {
                    list.remove(entry);
                }
            }
        };
    }

    /** Number of resources currently registered (for tests and diagnostics). */
    public static int registered() {
        synchronized (LOCK) {
            return ENTRIES.values().stream().mapToInt(List::size).sum();
        }
    }

    private static void runAll() {
        List<Entry> ordered = new ArrayList<>();
        synchronized (LOCK) {
            shuttingDown = true;
            for (Stage stage : Stage.values()) {
                List<Entry> list = new ArrayList<>(ENTRIES.getOrDefault(stage, List.of()));
                list.sort((a, b) -> Long.compare(b.order(), a.order()));
                ordered.addAll(list);
            }
            ENTRIES.clear();
        }
        for (Entry entry : ordered) {
            // Logging frameworks may already be stopped by their own hooks: use stderr.
            System.err.println("vigil: stopping " + entry.name());
            try {
                entry.resource().close();
            } catch (Exception | LinkageError e) {
                System.err.println("vigil: stopping " + entry.name() + " failed: " + e);
            }
        }
    }
}
