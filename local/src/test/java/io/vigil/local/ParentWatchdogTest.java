package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchdogTest {

    @Test
    void endOfFileOnTheLifelineTriggersTheShutdown() throws Exception {
        PipedOutputStream parent = new PipedOutputStream();
        PipedInputStream lifeline = new PipedInputStream(parent);
        CountDownLatch parentGone = new CountDownLatch(1);

        Thread watchdog = ParentWatchdog.watch(lifeline, parentGone::countDown);
        parent.write("anything the parent writes is ignored".getBytes(StandardCharsets.UTF_8));
        parent.flush();

        assertThat(watchdog.isDaemon()).isTrue();
        assertThat(parentGone.getCount()).isEqualTo(1);
        parent.close();
        assertThat(parentGone.await(10, TimeUnit.SECONDS)).isTrue();
        watchdog.join(10_000);
        assertThat(watchdog.isAlive()).isFalse();
    }

    @Test
    void aBrokenLifelineCountsAsEndOfFile() throws Exception {
        CountDownLatch parentGone = new CountDownLatch(1);
        InputStream broken =
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Broken pipe");
                    }
                };

        ParentWatchdog.watch(broken, parentGone::countDown);

        assertThat(parentGone.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
