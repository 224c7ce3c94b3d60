package io.vigil.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * TCP ports on the loopback interface for the parts of the local stack.
 *
 * <p>A free port is found by binding port 0 and releasing it; the part binds it a moment later.
 * Another process could take it in between; the window is small and a start-up failure then says
 * which port was taken. Ports the demo uses by default are never handed out, so tests running next
 * to a demo do not collide with it. A port is handed out at most once per JVM: the kernel may give
 * the same ephemeral port to two binds in a row once the first is released, and two parts started
 * one after the other (Elasticsearch's HTTP and transport ports, say) would then collide.
 */
public final class Ports {

    /** Default ports of the demo stack; {@link #free()} never returns one of these. */
    static final Set<Integer> DEMO_PORTS = Set.of(4317, 4318, 8081, 9092, 9093, 9200, 9300, 19093);

    private static final int ATTEMPTS = 64;

    /** Ports {@link #free()} has returned in this JVM; guarded by the class lock. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {}

    /** A currently free port on 127.0.0.1, never one of the demo's default ports. */
    public static synchronized int free() {
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (!DEMO_PORTS.contains(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot bind any port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 after " + ATTEMPTS + " tries");
    }

    /**
     * {@code requested}, checked to be free, or a free port when {@code requested} is 0.
     *
     * @throws IOException if {@code requested} is taken; the message names the port and {@code
     *     what} wanted it
     */
    public static int resolve(int requested, String what) throws IOException {
        if (requested < 0 || requested > 65535) {
            throw new IllegalArgumentException(what + ": port " + requested + " is out of range");
        }
        if (requested == 0) {
            return free();
        }
        if (!isFree(requested)) {
            throw new IOException(
                    what
                            + ": port "
                            + requested
                            + " on 127.0.0.1 is already in use (another demo running?); pass 0"
                            + " for a free port or stop the other process");
        }
        return requested;
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port} right now. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code port} can be bound on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
