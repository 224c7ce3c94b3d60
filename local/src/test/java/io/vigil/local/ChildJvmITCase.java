package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs never outlive their parent: closed lifeline, and parent killed with SIGKILL. */
class ChildJvmITCase {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Pattern GRANDCHILD = Pattern.compile("grandchild pid (\\d+)");

    @TempDir Path dir;

    /** A child main that reports readiness and then waits forever. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("sleeper ready");
            new CountDownLatch(1).await();
        }
    }

    /** A child main that starts a {@link Sleeper} of its own, reports its pid, and waits. */
    public static final class Parent {
        public static void main(String[] args) throws Exception {
            ChildProcess grandchild =
                    ChildJvm.builder("grandchild", Sleeper.class.getName())
                            .heap("64m")
                            .workDir(Path.of(args[0]))
                            .start();
            grandchild.awaitReady(
                    "grandchild",
                    READY,
                    Duration.ofMillis(50),
                    () -> Files.readString(grandchild.logFile()).contains("sleeper ready"));
            System.out.println("grandchild pid " + grandchild.pid());
            new CountDownLatch(1).await();
        }
    }

    @Test
    void closingTheLifelineEndsTheChildThroughItsOwnShutdown() throws Exception {
        ChildProcess child =
                ChildJvm.builder("sleeper", Sleeper.class.getName())
                        .heap("64m")
                        .workDir(dir)
                        .start();
        child.awaitReady(
                "sleeper",
                READY,
                Duration.ofMillis(50),
                () -> Files.readString(child.logFile()).contains("sleeper ready"));
        ProcessHandle handle = child.handle();

        child.close();

        assertThat(handle.isAlive()).isFalse();
        // 0 from the watchdog's System.exit, not 143 from SIGTERM or 137 from SIGKILL.
        assertThat(child.exitCode()).hasValue(0);
        assertThat(Files.readString(child.logFile())).contains("parent closed the lifeline");
    }

    @Test
    void aChildExitsWhenItsParentIsKilledWithSigkill() throws Exception {
        Path parentDir = dir.resolve("parent");
        ChildProcess parent =
                ChildJvm.builder("parent", Parent.class.getName())
                        .heap("64m")
                        .args(List.of(parentDir.toString()))
                        .workDir(parentDir)
                        .start();
        try {
            parent.awaitReady(
                    "parent with grandchild",
                    READY,
                    Duration.ofMillis(50),
                    () -> GRANDCHILD.matcher(Files.readString(parent.logFile())).find());
            Matcher m = GRANDCHILD.matcher(Files.readString(parent.logFile()));
            assertThat(m.find()).isTrue();
            ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow();
            assertThat(grandchild.isAlive()).isTrue();

            parent.handle().destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent

            grandchild.onExit().get(30, TimeUnit.SECONDS);
            assertThat(grandchild.isAlive()).isFalse();
            assertThat(Files.readString(parentDir.resolve("grandchild.log")))
                    .contains("parent closed the lifeline");
        } finally {
            parent.close();
        }
    }
}
