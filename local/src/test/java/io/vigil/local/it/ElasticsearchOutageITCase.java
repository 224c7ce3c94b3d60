package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.local.EmbeddedElasticsearch;
import io.vigil.udfs.testing.OtlpFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Elasticsearch goes away while the jobs run and input keeps arriving: the sink fails, the job
 * restarts from its last checkpoint under the restart strategy until the node is back, and in the
 * end every record is indexed exactly once — no loss, no duplicates.
 */
@ExtendWith(RealStack.class)
class ElasticsearchOutageITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    @Test
    void nothingIsLostWhileElasticsearchIsDown(@InjectClusterClient ClusterClient<?> flink)
            throws Exception {
        Path dir = Files.createTempDirectory(RealStack.parts().workDir(), "outage-es-");
        EmbeddedElasticsearch es = EmbeddedElasticsearch.start(0, dir);
        int port = URI.create(es.httpUrl()).getPort();
        try (JobsHarness it =
                new JobsHarness("outage", es.httpUrl(), JobsHarness.RESTART_WITH_BACKOFF)) {
            JobClient job = it.startUnbounded();
            try {
                it.produce(it.topic("otlp_logs"), logs(0, 500));
                // A count right after the index is created, or after the node restarts, can
                // answer 503 (its shard not started yet): that is "not yet", not a failure.
                await().atMost(Duration.ofMinutes(2))
                        .ignoreException(IOException.class)
                        .until(() -> it.es.count(it.indices("logs")) == 500);

                es.close();
                // Written while the node is down: the job cannot flush them and fails over.
                it.produce(it.topic("otlp_logs"), logs(500, 500));

                es = EmbeddedElasticsearch.start(port, dir);
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .ignoreException(IOException.class)
                        .until(() -> it.es.count(it.indices("logs")) >= 1_000);

                assertThat(it.es.count(it.indices("logs"))).isEqualTo(1_000);
                assertThat(it.es.count(it.indices("dlq"))).isZero();
                // The outage really failed the job over (and it recovered on its own).
                assertThat(failures(flink, job))
                        .as("failures in the job's exception history")
                        .isNotEmpty()
                        .anyMatch(trace -> trace.contains("Elasticsearch"));
            } finally {
                JobsHarness.stop(job);
            }
        } finally {
            es.close();
        }
    }

    /** Stack traces of the job's exception history, from the cluster's REST API. */
    private static List<String> failures(ClusterClient<?> flink, JobClient job) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        flink.getWebInterfaceURL()
                                                                + "/jobs/"
                                                                + job.getJobID()
                                                                + "/exceptions"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        List<String> traces = new ArrayList<>();
        new ObjectMapper()
                .readTree(response.body())
                .path("exceptionHistory")
                .path("entries")
                .forEach(entry -> traces.add(entry.path("stacktrace").asText()));
        return traces;
    }

    /** {@code n} single-record log requests, each distinct (seed {@code from + i}). */
    private static List<byte[]> logs(int from, int n) {
        List<byte[]> messages = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            messages.add(OtlpFixtures.logsRequest(1, 7_000 + i, i % 2 == 0));
        }
        return messages;
    }
}
