package io.vigil.jobs.kafka;

/**
 * A message a job publishes for other jobs: the key (for partitioning: equal keys stay in order)
 * and the value bytes.
 *
 * @param key the message key, UTF-8 on the wire
 * @param value the message value
 */
public record KeyedMessage(String key, byte[] value) {}
