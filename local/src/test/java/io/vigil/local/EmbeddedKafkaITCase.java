package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaITCase {

    @TempDir Path dir;

    @Test
    void brokerServesTopicsAndLeavesNoProcessBehind() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(0, dir);
        ProcessHandle broker = kafka.process();
        try {
            assertThat(kafka.controllerPort()).isNotEqualTo(9093);
            assertThat(kafka.startupTime()).isPositive();

            kafka.createTopics(2, "it.events");
            kafka.createTopics(2, "it.events", "it.other"); // idempotent

            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("it.events", "key-" + i, "value-" + i))
                            .get(30, TimeUnit.SECONDS);
                }
            }
            List<ConsumerRecord<byte[], byte[]>> records =
                    KafkaTopics.readAll(kafka.bootstrapServers(), "it.events");
            assertThat(records)
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(
                            "value-0", "value-1", "value-2", "value-3", "value-4", "value-5",
                            "value-6", "value-7", "value-8", "value-9");
            assertThat(records).extracting(ConsumerRecord::partition).containsOnly(0, 1);

            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (Admin client = Admin.create(admin)) {
                Set<String> topics = client.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).contains("it.events", "it.other");
                assertThat(
                                client.describeTopics(Set.of("it.events"))
                                        .allTopicNames()
                                        .get(30, TimeUnit.SECONDS)
                                        .get("it.events")
                                        .partitions())
                        .hasSize(2)
                        .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(1));
            }
        } finally {
            kafka.close();
        }
        assertThat(broker.isAlive()).isFalse();
        assertThat(broker.descendants()).noneMatch(ProcessHandle::isAlive);

        // A restart on the same directory (new ports) keeps topics and records.
        try (EmbeddedKafka again = EmbeddedKafka.start(0, dir)) {
            assertThat(KafkaTopics.readAll(again.bootstrapServers(), "it.events")).hasSize(10);
        }
    }

    @Test
    void aTakenPortFailsFastWithoutStartingAnything() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedKafka.start(taken.getLocalPort(), dir))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already in use");
        }
    }
}
