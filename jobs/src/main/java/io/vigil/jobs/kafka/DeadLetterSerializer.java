package io.vigil.jobs.kafka;

import io.vigil.udfs.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes a dead letter to the dead-letter topic as the original bytes, unchanged, so it can be
 * replayed to its source topic once the cause is fixed; where it came from and why it was rejected
 * travel in headers ({@value #REASON}, {@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET},
 * {@value #SIGNAL}), as Kafka Connect's dead-letter queue does.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    public static final String REASON = "vigil.dlq.reason";
    public static final String TOPIC = "vigil.dlq.topic";
    public static final String PARTITION = "vigil.dlq.partition";
    public static final String OFFSET = "vigil.dlq.offset";
    public static final String SIGNAL = "vigil.dlq.signal";

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        List<Header> headers =
                List.of(
                        header(REASON, letter.reason()),
                        header(TOPIC, letter.topic()),
                        header(PARTITION, Integer.toString(letter.partition())),
                        header(OFFSET, Long.toString(letter.offset())),
                        header(SIGNAL, letter.signal()));
        return new ProducerRecord<>(
                topic, null, letter.timestamp(), null, letter.payload(), headers);
    }

    /** A record header with a UTF-8 value. */
    static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
