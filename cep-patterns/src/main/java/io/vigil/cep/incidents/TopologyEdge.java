package io.vigil.cep.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One edge of the service graph as the traces job publishes it on {@code vigil.topology}: {@code
 * parent} called {@code child} in the window starting at {@code @timestamp}.
 *
 * @param parent the calling service
 * @param child the called service
 * @param seenAtMillis the window's start, epoch millis (event time)
 */
public record TopologyEdge(String parent, String child, long seenAtMillis) implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The edge of one {@code vigil.topology} message, or empty when it is not one. */
    public static Optional<TopologyEdge> read(byte[] message) {
        try {
            JsonNode node = JSON.readTree(message);
            String parent = node.path("parent").asText("");
            String child = node.path("child").asText("");
            if (parent.isEmpty() || child.isEmpty()) {
                return Optional.empty();
            }
            long at = Instant.parse(node.path("@timestamp").asText()).toEpochMilli();
            return Optional.of(new TopologyEdge(parent, child, at));
        } catch (IOException | DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
