package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void freePortsAreFreeAndNeverTheDemosPorts() {
        for (int i = 0; i < 20; i++) {
            int port = Ports.free();
            assertThat(Ports.DEMO_PORTS).doesNotContain(port);
            assertThat(Ports.isFree(port)).isTrue();
        }
    }

    @Test
    void noPortIsHandedOutTwice() {
        // Released ephemeral ports come back from the kernel; a stack starting parts one after
        // the other once got the same port for Elasticsearch's HTTP and transport sockets.
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertThat(seen.add(Ports.free())).isTrue();
        }
    }

    @Test
    void aTakenPortIsReportedWithWhatWantedIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(Ports.isFree(port)).isFalse();
            assertThatThrownBy(() -> Ports.resolve(port, "Kafka"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(
                            "Kafka: port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void zeroMeansAFreePort() throws IOException {
        assertThat(Ports.resolve(0, "test")).isPositive();
    }
}
