package io.vigil.jobs.kafka;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.ecs.RefusedDocument;
import io.vigil.udfs.model.DeadLetter;
import io.vigil.udfs.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds the Kafka sources and sinks every job shares, from the typed configuration. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /**
     * The raw records of OTLP topics (one per signal; the metrics job also reads the derived
     * metrics). The group id is {@code <groupId>-<signal>} so the jobs commit offsets independently
     * when they run as separate Flink jobs.
     */
    public static KafkaSource<RawMessage> otlpSource(
            VigilConfig.Kafka kafka, List<String> topics, String signal) {
        KafkaSourceBuilder<RawMessage> builder =
                KafkaSource.<RawMessage>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topics)
                        .setGroupId(kafka.groupId() + "-" + signal)
                        .setClientIdPrefix(kafka.groupId() + "-" + signal)
                        .setStartingOffsets(startingOffsets(kafka.startingOffsets()))
                        .setDeserializer(new RawMessageDeserializer())
                        .setProperties(clientProperties(kafka));
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** The dead-letter topic sink (at least once: a dead letter may repeat, never vanish). */
    public static KafkaSink<DeadLetter> deadLetterSink(VigilConfig.Kafka kafka) {
        return atLeastOnce(kafka, new DeadLetterSerializer(kafka.topics().deadLetters()));
    }

    /**
     * The dead-letter topic sink for documents Elasticsearch would refuse (at least once, like
     * {@link #deadLetterSink}).
     */
    public static KafkaSink<RefusedDocument> refusedDocumentSink(VigilConfig.Kafka kafka) {
        return atLeastOnce(kafka, new RefusedDocumentSerializer(kafka.topics().deadLetters()));
    }

    /** Producer properties: the configured client properties plus the bootstrap servers. */
    public static Properties producerProperties(VigilConfig.Kafka kafka) {
        Properties properties = clientProperties(kafka);
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    /**
     * A sink publishing derived messages to {@code topic} (at least once; the consumers are
     * idempotent by key and window).
     */
    public static KafkaSink<KeyedMessage> messageSink(VigilConfig.Kafka kafka, String topic) {
        return atLeastOnce(
                kafka,
                (KafkaRecordSerializationSchema<KeyedMessage>)
                        (message, context, timestamp) ->
                                new ProducerRecord<>(
                                        topic,
                                        null,
                                        timestamp,
                                        message.key().getBytes(StandardCharsets.UTF_8),
                                        message.value()));
    }

    /** A Kafka sink with the configured client properties, at least once. */
    private static <T> KafkaSink<T> atLeastOnce(
            VigilConfig.Kafka kafka, KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(clientProperties(kafka))
                .build();
    }

    static OffsetsInitializer startingOffsets(VigilConfig.StartingOffsets startingOffsets) {
        return switch (startingOffsets) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }

    private static Properties clientProperties(VigilConfig.Kafka kafka) {
        Properties properties = new Properties();
        properties.putAll(kafka.properties());
        return properties;
    }
}
