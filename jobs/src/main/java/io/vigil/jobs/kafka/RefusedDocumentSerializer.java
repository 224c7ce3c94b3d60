package io.vigil.jobs.kafka;

import io.vigil.udfs.ecs.RefusedDocument;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes a document Elasticsearch would refuse (or did) to the dead-letter topic: the value is the
 * document's JSON source, keyed by its id; why and where it was going travel in headers ({@value
 * DeadLetterSerializer#REASON}, {@value #STAGE}, {@value #INDEX}, {@value #DOCUMENT_ID}, {@value
 * DeadLetterSerializer#SIGNAL}), beside the decode dead letters of {@link DeadLetterSerializer}.
 */
public final class RefusedDocumentSerializer
        implements KafkaRecordSerializationSchema<RefusedDocument> {
    private static final long serialVersionUID = 1L;

    public static final String STAGE = "vigil.dlq.stage";
    public static final String INDEX = "vigil.dlq.index";
    public static final String DOCUMENT_ID = "vigil.dlq.document_id";

    private final String topic;

    public RefusedDocumentSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            RefusedDocument refused, KafkaSinkContext context, Long timestamp) {
        return record(topic, refused);
    }

    /** The dead-letter record of a refused document. */
    public static ProducerRecord<byte[], byte[]> record(String topic, RefusedDocument refused) {
        List<Header> headers =
                List.of(
                        DeadLetterSerializer.header(DeadLetterSerializer.REASON, refused.reason()),
                        DeadLetterSerializer.header(STAGE, refused.stage()),
                        DeadLetterSerializer.header(INDEX, refused.document().index()),
                        DeadLetterSerializer.header(DOCUMENT_ID, refused.document().id()),
                        DeadLetterSerializer.header(DeadLetterSerializer.SIGNAL, refused.signal()));
        return new ProducerRecord<>(
                topic,
                null,
                refused.timeMillis() >= 0 ? refused.timeMillis() : null,
                refused.document().id().getBytes(StandardCharsets.UTF_8),
                refused.document().json().getBytes(StandardCharsets.UTF_8),
                headers);
    }
}
