package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void brokerIsASingleKraftNodeWithoutAutomaticTopics() {
        Map<String, String> p =
                EmbeddedKafka.brokerProperties(41001, 41002, Path.of("/data/kafka"));

        assertThat(p)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:41002")
                .containsEntry(
                        "listeners", "PLAINTEXT://127.0.0.1:41001,CONTROLLER://127.0.0.1:41002")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:41001")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("log.dirs", "/data/kafka")
                // Flink's exactly-once sink uses one-hour transactions by default.
                .containsEntry("transaction.max.timeout.ms", "3600000")
                .containsEntry("log.retention.ms", "-1");
    }
}
