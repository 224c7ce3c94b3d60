package io.vigil.local;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Entry point of every child JVM of the local stack: {@code ParentWatchdog <main class> <args…>}.
 *
 * <p>Starts a daemon thread that reads stdin until end-of-file, then runs the real main class. The
 * parent holds the other end of the pipe and never writes to it, so end-of-file means the parent
 * closed it ({@link ChildProcess#close()}) or died, even by {@code kill -9}. The watchdog then
 * calls {@link System#exit(int)}, which runs the child's shutdown hooks (Kafka's controlled
 * shutdown, closing the Elasticsearch node); if those take longer than {@value
 * #DEFAULT_HALT_AFTER_MS} ms (system property {@value #HALT_AFTER_PROPERTY}), it halts the JVM.
 */
public final class ParentWatchdog {

    /** System property: milliseconds between end-of-file and a forced halt. */
    public static final String HALT_AFTER_PROPERTY = "vigil.watchdog.haltAfterMs";

    static final long DEFAULT_HALT_AFTER_MS = 30_000;

    private ParentWatchdog() {}

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatchdog <main class> [args...]");
            System.exit(2);
        }
        long haltAfterMs = Long.getLong(HALT_AFTER_PROPERTY, DEFAULT_HALT_AFTER_MS);
        watch(System.in, () -> exitOnParentLoss(haltAfterMs));
        MethodHandle main =
                MethodHandles.publicLookup()
                        .findStatic(
                                Class.forName(args[0]),
                                "main",
                                MethodType.methodType(void.class, String[].class));
        main.invokeExact(Arrays.copyOfRange(args, 1, args.length));
    }

    /**
     * Starts a daemon thread that drains {@code lifeline} and runs {@code onEof} once it ends
     * (end-of-file or read error). Visible for tests.
     */
    static Thread watch(InputStream lifeline, Runnable onEof) {
        Thread thread =
                new Thread(
                        () -> {
                            byte[] buffer = new byte[256];
                            try {
                                while (lifeline.read(buffer) >= 0) {
                                    // The parent never writes; anything read is ignored.
                                }
                            } catch (IOException e) {
                                // A broken pipe means the same as end-of-file: the parent is gone.
                            }
                            onEof.run();
                        },
                        "vigil-parent-watchdog");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void exitOnParentLoss(long haltAfterMs) {
        System.err.println("vigil watchdog: parent closed the lifeline; shutting down");
        Thread halter =
                new Thread(
                        () -> {
                            try {
                                Thread.sleep(haltAfterMs);
                            } catch (InterruptedException e) {
                                return;
                            }
                            System.err.println(
                                    "vigil watchdog: shutdown hooks still running after "
                                            + haltAfterMs
                                            + " ms; halting");
                            Runtime.getRuntime().halt(1);
                        },
                        "vigil-watchdog-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }
}
