package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.config.VigilConfig;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Every job's graph builds (functions serializable, types known) without a cluster, and every
 * operator has a unique uid, so savepoints map state back after a change.
 */
class VigilJobsTest {

    private static VigilConfig config(String extra) {
        return VigilConfig.parse(
                "kafka: {bootstrapServers: 'localhost:9092'}\n"
                        + "elasticsearch: {hosts: [http://localhost:9200]}\n"
                        + extra,
                "test");
    }

    private static StreamGraph graph(VigilConfig config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        VigilJobs.configure(env, config);
        VigilJobs.build(env, config, EnumSet.allOf(JobName.class));
        return env.getStreamGraph();
    }

    @Test
    void everyJobBuildsWithUniqueOperatorUids() {
        StreamGraph graph = graph(config(""));
        Set<String> uids = new HashSet<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getTransformationUID())
                    .as("uid of " + node.getOperatorName())
                    .isNotNull();
            assertThat(uids.add(node.getTransformationUID()))
                    .as("uid " + node.getTransformationUID() + " is unique")
                    .isTrue();
        }
        assertThat(uids)
                .contains(
                        "metrics-anomaly",
                        "traces-sessions",
                        "spans-jaeger",
                        "logs-template-mining",
                        "logs-templates");
    }

    @Test
    void anomalyDetectionCanBeSwitchedOff() {
        StreamGraph graph = graph(config("anomaly: {enabled: false}"));
        assertThat(graph.getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .doesNotContain("metrics-anomaly", "metrics-alerts-kafka");
    }
}
