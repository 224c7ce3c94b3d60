package io.vigil.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the incident plan as ground truth: one JSON object per incident ({@link
 * Incident#toRecord()}), as JSON lines to a file and as records on a Kafka topic (key = service,
 * value = the same JSON, record timestamp = the incident's start).
 */
final class GroundTruth {

    /** Default topic of the ground truth. */
    static final String DEFAULT_TOPIC = "vigil.groundtruth";

    private static final ObjectMapper JSON = new ObjectMapper();

    private GroundTruth() {}

    /** The JSON line of one incident. */
    static String json(Incident incident) {
        try {
            return JSON.writeValueAsString(incident.toRecord());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a map of strings", e);
        }
    }

    /** Writes (replaces) {@code file} with one JSON line per incident. */
    static void writeFile(Path file, List<Incident> incidents) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StringBuilder lines = new StringBuilder();
        for (Incident incident : incidents) {
            lines.append(json(incident)).append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
    }

    /**
     * Produces one record per incident to {@code topic} and waits for Kafka's acknowledgements.
     *
     * @throws UncheckedIOException if Kafka does not acknowledge within 30 s
     */
    static void publish(String bootstrap, String topic, List<Incident> incidents) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-groundtruth");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Incident incident : incidents) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        null,
                                        incident.start().toEpochMilli(),
                                        incident.service(),
                                        json(incident))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(35, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new UncheckedIOException(
                    new IOException("publishing ground truth to " + topic + " failed", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(
                    new IOException("interrupted publishing ground truth to " + topic, e));
        }
    }
}
