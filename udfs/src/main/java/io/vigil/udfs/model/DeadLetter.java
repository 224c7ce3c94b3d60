package io.vigil.udfs.model;

import java.util.Objects;

/**
 * A message that could not be (fully) decoded, with where it came from and why. Its Kafka
 * coordinates identify it: replaying the same offsets yields the same dead letter.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset offset within the partition
 * @param timestamp Kafka record timestamp, Unix epoch milliseconds
 * @param signal {@code "spans"}, {@code "logs"} or {@code "metrics"}
 * @param reason human-readable reasons, each naming where in the message it failed
 * @param payload the raw message value, unmodified
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        long timestamp,
        String signal,
        String reason,
        byte[] payload) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(payload, "payload");
    }
}
