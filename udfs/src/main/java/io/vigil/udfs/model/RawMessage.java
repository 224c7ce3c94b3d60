package io.vigil.udfs.model;

import java.util.Objects;

/**
 * A Kafka record as read, before decoding: where it came from plus its key and value bytes.
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset offset within the partition
 * @param timestamp Kafka record timestamp, Unix epoch milliseconds
 * @param key record key, empty if the record had none
 * @param value record value (the OTLP payload), empty if the record had none (a tombstone)
 */
public record RawMessage(
        String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {

    public RawMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
