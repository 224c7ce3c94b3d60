package io.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What on-call would have received: an HTTP endpoint for Alertmanager's webhook notifications
 * (payload version 4), one path per receiver ({@code /page}, {@code /ticket}, {@code /on-call}),
 * keeping every delivery with the path it came to. The local stack routes its Alertmanager here
 * ({@link EmbeddedAlertmanager#onCallConfig(String)}); the demo prints the deliveries.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One alert of one notification.
     *
     * @param receiver the path it came to, without the leading slash: the receiver's name in {@link
     *     EmbeddedAlertmanager#onCallConfig(String)} ({@code page}, {@code ticket}, {@code
     *     on-call})
     * @param status {@code firing} or {@code resolved}
     * @param alert the alert: labels, annotations, startsAt, endsAt
     * @param receivedAt when it arrived
     */
    public record Delivery(String receiver, String status, JsonNode alert, Instant receivedAt) {}

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1 at {@code port} (0: a free port). */
    public static WebhookReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext(
                "/",
                exchange -> {
                    try (exchange) {
                        String path = exchange.getRequestURI().getPath().replaceFirst("^/", "");
                        JsonNode message = JSON.readTree(exchange.getRequestBody().readAllBytes());
                        for (JsonNode alert : message.path("alerts")) {
                            receiver.deliveries.add(
                                    new Delivery(
                                            path,
                                            alert.path("status").asText(),
                                            alert,
                                            Instant.now()));
                        }
                        exchange.sendResponseHeaders(200, -1);
                    }
                });
        server.start();
        return receiver;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every alert delivered so far, in arrival order. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
