package io.vigil.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A supervised child process of the local stack (Kafka, Elasticsearch, Alertmanager).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Output</b> (stdout and stderr) is appended to {@code <workDir>/<name>.log}; start-up
 *       failures quote the last lines of it.
 *   <li><b>No strays.</b> The parent holds the write end of the child's stdin (the "lifeline") and
 *       never writes to it. The child side watches for end-of-file and exits when it sees it: a JVM
 *       child through {@link ParentWatchdog}, a native binary through a small {@code /bin/sh}
 *       wrapper ({@link #ofBinary}). The kernel closes the pipe when the parent dies for any
 *       reason, {@code kill -9} included, so children never outlive it.
 *   <li><b>Own session.</b> Children are started under {@code setsid} when it exists, so a Ctrl-C
 *       in the terminal reaches only the parent, which then stops them in order through {@link
 *       ShutdownSequence} (the bridge drains into Kafka before Kafka stops).
 *   <li><b>Clean stop.</b> {@link #close()} closes the lifeline and waits for a graceful exit, then
 *       sends SIGTERM, then SIGKILL, each after a timeout, and finally does the same for any
 *       process the child left behind; it returns only once they are gone.
 * </ul>
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Duration TERM_TIMEOUT = Duration.ofSeconds(10);
    private static final int TAIL_BYTES = 8 * 1024;

    /**
     * Runs "$0 $@" in the background and kills it when stdin reaches end-of-file. Asynchronous
     * lists get /dev/null as stdin in a non-interactive shell, hence the copy of stdin on fd 3.
     */
    private static final String SH_WATCHDOG =
            "exec 3<&0 </dev/null\n"
                    + "\"$0\" \"$@\" 3<&- &\n"
                    + "child=$!\n"
                    + "{ cat <&3 >/dev/null 2>&1; kill -TERM \"$child\" 2>/dev/null; } &\n"
                    + "exec 3<&-\n"
                    + "trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT HUP\n"
                    + "wait \"$child\"; status=$?\n"
                    + "while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; status=$?; done\n"
                    + "exit $status\n";

    private final String name;
    private final Process process;
    private final Path logFile;
    private final OutputStream lifeline;
    private final Duration gracefulStopTimeout;
    private final CloseOnce closeOnce;
    private final Instant startedAt = Instant.now();

    private ChildProcess(String name, Process process, Path logFile, Duration gracefulStopTimeout) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.lifeline = process.getOutputStream();
        this.gracefulStopTimeout = gracefulStopTimeout;
        this.closeOnce = new CloseOnce(ShutdownSequence.Stage.INFRASTRUCTURE, name, this);
    }

    /**
     * Starts a native binary (not a JVM) wrapped in the stdin watchdog.
     *
     * @param name short name, used for the log file and messages ("alertmanager")
     * @param command the binary and its arguments
     * @param workDir working directory and home of the log file; created if missing
     * @param gracefulStopTimeout how long {@link #close()} waits after closing the lifeline
     */
    public static ChildProcess ofBinary(
            String name, List<String> command, Path workDir, Duration gracefulStopTimeout)
            throws IOException {
        List<String> wrapped = new ArrayList<>();
        wrapped.add("/bin/sh");
        wrapped.add("-c");
        wrapped.add(SH_WATCHDOG);
        wrapped.addAll(command);
        return launch(name, wrapped, workDir, gracefulStopTimeout);
    }

    /**
     * Starts {@code command} as is; the command itself must exit on end-of-file of its stdin (see
     * {@link ChildJvm}, which wraps the main class in {@link ParentWatchdog}).
     */
    static ChildProcess launch(
            String name, List<String> command, Path workDir, Duration gracefulStopTimeout)
            throws IOException {
        workDir = Files.createDirectories(workDir.toAbsolutePath());
        Path logFile = workDir.resolve(name + ".log");
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString());
        }
        full.addAll(command);
        Files.writeString(
                logFile,
                "=== vigil: starting " + name + " at " + Instant.now() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder builder =
                new ProcessBuilder(full)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        LOG.info("Started {} (pid {}), log {}", name, process.pid(), logFile);
        return new ChildProcess(name, process, logFile, gracefulStopTimeout);
    }

    /** The short name given at start; also the log file's base name. */
    public String name() {
        return name;
    }

    /** The operating system process id (of the watchdog shell for native binaries). */
    public long pid() {
        return process.pid();
    }

    /** The process, e.g. to check that it and its descendants are gone. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Kills the process at once with SIGKILL ({@code kill -9}): no shutdown hooks, no goodbye to
     * anyone it talks to, as when a machine or container dies. Returns once it is gone. {@link
     * #close()} afterwards only cleans up.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        LOG.info("Killed {} (pid {}) with SIGKILL", name, pid());
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the process has exited. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** Where the child's stdout and stderr are appended. */
    public Path logFile() {
        return logFile;
    }

    /** When {@link #launch} returned; start-up time is measured from here. */
    public Instant startedAt() {
        return startedAt;
    }

    /**
     * Polls {@code probe} until it succeeds, failing at once if the child exits.
     *
     * @throws IOException on timeout or exit, with the tail of the child's log in the message
     */
    public void awaitReady(String what, Duration timeout, Duration interval, Readiness.Probe probe)
            throws IOException {
        try {
            Readiness.await(
                    what,
                    timeout,
                    interval,
                    probe,
                    () ->
                            process.isAlive()
                                    ? Optional.empty()
                                    : Optional.of(
                                            "the process exited with code " + process.exitValue()));
        } catch (IOException e) {
            throw new IOException(
                    e.getMessage() + "\n--- last lines of " + logFile + " ---\n" + logTail(), e);
        }
    }

    /**
     * As {@link #awaitReady}, for a child that is no use unless ready: on timeout or exit it is
     * stopped before the exception is thrown.
     */
    public void awaitReadyOrStop(
            String what, Duration timeout, Duration interval, Readiness.Probe probe)
            throws IOException {
        try {
            awaitReady(what, timeout, interval, probe);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The last few kilobytes of the child's log, for error messages. */
    public String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int firstNewline = text.indexOf('\n');
            return from > 0 && firstNewline >= 0 ? text.substring(firstNewline + 1) : text;
        } catch (IOException e) {
            return "(log not readable: " + e + ")";
        }
    }

    /**
     * Stops the child and everything it started: closes the lifeline and waits up to the graceful
     * timeout, then SIGTERM (10 s), then SIGKILL. Idempotent and safe to call from several threads;
     * returns once the processes are gone.
     */
    @Override
    public void close() {
        if (!closeOnce.first()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        boolean interrupted = false;
        try {
            try {
                lifeline.close();
            } catch (IOException e) {
                LOG.debug("Closing the lifeline of {} failed", name, e);
            }
            if (!waitFor(process, gracefulStopTimeout)) {
                LOG.warn(
                        "{} did not stop within {} ms of its lifeline closing; sending SIGTERM",
                        name,
                        gracefulStopTimeout.toMillis());
                process.destroy();
                if (!waitFor(process, TERM_TIMEOUT)) {
                    LOG.warn("{} ignored SIGTERM; killing it", name);
                    process.destroyForcibly();
                    process.waitFor();
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        }
        for (ProcessHandle descendant : descendants) {
            stopHandle(descendant);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        } else {
            LOG.info("Stopped {} (pid {}, exit code {})", name, pid(), exitCodeOrUnknown());
        }
    }

    private String exitCodeOrUnknown() {
        return process.isAlive() ? "unknown" : String.valueOf(process.exitValue());
    }

    private static boolean waitFor(Process process, Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void stopHandle(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(TERM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }
}
