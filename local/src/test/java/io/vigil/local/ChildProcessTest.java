package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supervision of native children through the shell watchdog (fast: no JVM is started). */
class ChildProcessTest {

    @TempDir Path dir;

    @Test
    void closingTheLifelineStopsTheBinaryAndEverythingItStarted() throws Exception {
        ChildProcess child =
                ChildProcess.ofBinary(
                        "sleeper", List.of("sleep", "600"), dir, Duration.ofSeconds(10));
        child.awaitReady(
                "sleep to run",
                Duration.ofSeconds(10),
                Duration.ofMillis(10),
                () -> sleeper(child).isPresent());
        ProcessHandle sleeper = sleeper(child).orElseThrow();
        List<ProcessHandle> family = child.handle().descendants().toList();

        child.close();

        assertThat(child.isAlive()).isFalse();
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(family).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aChildThatExitsDuringStartupFailsWithTheEndOfItsLog() throws Exception {
        try (ChildProcess child =
                ChildProcess.ofBinary(
                        "failing",
                        List.of("/bin/sh", "-c", "echo 'config error: boom-marker' >&2; exit 3"),
                        dir,
                        Duration.ofSeconds(10))) {
            assertThatThrownBy(
                            () ->
                                    child.awaitReady(
                                            "the failing part",
                                            Duration.ofSeconds(10),
                                            Duration.ofMillis(10),
                                            () -> false))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the failing part: the process exited with code 3")
                    .hasMessageContaining("config error: boom-marker");
            assertThat(child.logFile()).isEqualTo(dir.resolve("failing.log"));
        }
    }

    @Test
    void readinessTimesOutWithTheLastProbeError() throws Exception {
        try (ChildProcess child =
                ChildProcess.ofBinary(
                        "sleeper", List.of("sleep", "600"), dir, Duration.ofSeconds(10))) {
            assertThatThrownBy(
                            () ->
                                    child.awaitReady(
                                            "never ready",
                                            Duration.ofMillis(200),
                                            Duration.ofMillis(20),
                                            () -> {
                                                throw new IllegalStateException(
                                                        "connection refused");
                                            }))
                    .hasMessageContaining("never ready: not ready after 200 ms")
                    .hasMessageContaining("connection refused");
        }
    }

    @Test
    void closeIsIdempotentAndLeavesTheShutdownSequence() throws Exception {
        int before = ShutdownSequence.registered();
        ChildProcess child =
                ChildProcess.ofBinary(
                        "sleeper", List.of("sleep", "600"), dir, Duration.ofSeconds(10));
        assertThat(ShutdownSequence.registered()).isEqualTo(before + 1);

        child.close();
        child.close();

        assertThat(ShutdownSequence.registered()).isEqualTo(before);
    }

    private static Optional<ProcessHandle> sleeper(ChildProcess child) {
        return child.handle()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .findFirst();
    }
}
