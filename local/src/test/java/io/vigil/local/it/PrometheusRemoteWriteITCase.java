package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.local.EmbeddedPrometheus;
import io.vigil.local.OtlpHttpReceiver;
import io.vigil.local.RequiredBinary;
import io.vigil.udfs.testing.RemoteWriteFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/**
 * A real Prometheus server scrapes itself every second and remote-writes what it scrapes to the
 * bridge's {@code /api/v1/write}; the bridge puts it on Kafka as OTLP, and the metrics job indexes
 * the points and evaluates Prometheus rules on them. The series arrive under the names and labels
 * Prometheus sent: a gauge ({@code up}) and a counter ({@code prometheus_http_requests_total},
 * through {@code rate()}) each fire their rule with Prometheus' own {@code job} and {@code
 * instance}, and the points are in Elasticsearch under the job's service.
 */
@ExtendWith(RealStack.class)
class PrometheusRemoteWriteITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String RULES =
            """
            groups:
              - name: remote-written
                interval: 5s
                rules:
                  - alert: PrometheusUp
                    expr: up{job="prometheus"} == 1
                    labels: {severity: info}
                  - alert: PrometheusServesMetrics
                    expr: rate(prometheus_http_requests_total{handler="/metrics"}[30s]) > 0
                    labels: {severity: info}
            """;

    @Test
    void prometheusRemoteWritesIntoTheRulesAndElasticsearch() throws Exception {
        Path binary =
                RequiredBinary.require(
                        EmbeddedPrometheus.findBinary(),
                        "Prometheus",
                        EmbeddedPrometheus.INSTALL_HINT);
        Path dir = Files.createTempDirectory(RealStack.parts().workDir(), "remote-write-");
        Path rules = Files.writeString(dir.resolve("rules.yml"), RULES);
        try (JobsHarness it =
                        JobsHarness.withConfig("remotewrite", "rules: {files: ['" + rules + "']}");
                OtlpHttpReceiver bridge = it.otlpReceiver()) {
            JobClient job = it.startUnbounded();
            try (EmbeddedPrometheus prometheus =
                    EmbeddedPrometheus.start(
                            binary,
                            0,
                            dir.resolve("prometheus"),
                            port ->
                                    EmbeddedPrometheus.selfScrapeConfig(
                                            port,
                                            bridge.url() + OtlpHttpReceiver.REMOTE_WRITE_PATH,
                                            Duration.ofSeconds(1)))) {
                List<JsonNode> alerts = new ArrayList<>();
                it.consumeUntil(
                        it.topic("alerts"),
                        records -> {
                            alerts.clear();
                            for (ConsumerRecord<byte[], byte[]> r : records) {
                                alerts.add(read(r.value()));
                            }
                            return firing(alerts, "PrometheusUp") != null
                                    && firing(alerts, "PrometheusServesMetrics") != null;
                        });

                JsonNode up = firing(alerts, "PrometheusUp");
                assertThat(up.path("source").asText()).isEqualTo("rule");
                assertThat(up.at("/labels/job").asText()).isEqualTo("prometheus");
                assertThat(up.at("/labels/instance").asText()).isEqualTo(prometheus.instance());
                JsonNode serves = firing(alerts, "PrometheusServesMetrics");
                assertThat(serves.at("/labels/handler").asText()).isEqualTo("/metrics");
                assertThat(serves.at("/labels/code").asText()).isEqualTo("200");
                assertThat(serves.at("/labels/instance").asText()).isEqualTo(prometheus.instance());

                // the points, indexed under Prometheus' job as the service
                String points = it.indices("metric-points");
                await().atMost(Duration.ofMinutes(1))
                        .ignoreException(IOException.class)
                        .until(() -> !upPoints(it, points).isEmpty());
                JsonNode point = upPoints(it, points).get(0).path("_source");
                assertThat(point.at("/service/name").asText()).isEqualTo("prometheus");
                assertThat(point.at("/metric/type").asText()).isEqualTo("gauge");
                assertThat(point.at("/metric/value").asDouble()).isEqualTo(1.0);
                List<JsonNode> counter =
                        it.es.search(
                                points,
                                "{\"term\":{\"metric.name\":\"prometheus_http_requests_total\"}}",
                                1);
                assertThat(counter).isNotEmpty();
                assertThat(counter.get(0).at("/_source/metric/type").asText()).isEqualTo("sum");
                assertThat(counter.get(0).at("/_source/metric/monotonic").asBoolean()).isTrue();
            }
            assertThat(bridge.remoteWriteSamples()).isPositive();
            assertThat(bridge.remoteWriteSeriesRefused()).isZero();
            assertThat(bridge.rejected("metrics")).isZero();

            // A request with a bad series: 400 naming it, and the good one is written all the same
            String write = bridge.url() + OtlpHttpReceiver.REMOTE_WRITE_PATH;
            byte[] mixed =
                    RemoteWriteFixtures.writeRequest(
                            List.of(
                                    RemoteWriteFixtures.Series.of(
                                            new String[] {
                                                "__name__", "vigil_probe", "job", "probe"
                                            },
                                            System.currentTimeMillis(),
                                            7),
                                    RemoteWriteFixtures.Series.of(
                                            new String[] {"__name__", "x", "bad-label", "v"},
                                            System.currentTimeMillis(),
                                            1)));
            HttpResponse<String> refused = post(write, Snappy.compress(mixed), "snappy", "0.1.0");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body())
                    .startsWith("1 series refused (1 others written):")
                    .contains(
                            "timeseries[1] {__name__=\"x\", bad-label=\"v\"}: label name bad-label");
            await().atMost(Duration.ofMinutes(1))
                    .ignoreException(IOException.class)
                    .until(
                            () ->
                                    it.es.count(
                                                    it.indices("metric-points"),
                                                    "{\"term\":{\"metric.name\":\"vigil_probe\"}}")
                                            == 1);
            assertThat(post(write, mixed, "snappy", "0.1.0").body())
                    .startsWith("body is not snappy");
            assertThat(post(write, Snappy.compress(mixed), "snappy", "2.0.0").statusCode())
                    .isEqualTo(415);
            assertThat(it.es.count(it.indices("dlq"))).isZero();
            JobsHarness.stop(job);
        }
    }

    private static HttpResponse<String> post(
            String url, byte[] body, String encoding, String version)
            throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/x-protobuf")
                        .header("Content-Encoding", encoding)
                        .header("X-Prometheus-Remote-Write-Version", version)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<JsonNode> upPoints(JobsHarness it, String points)
            throws IOException, InterruptedException {
        return it.es.search(points, "{\"term\":{\"metric.name\":\"up\"}}", 1);
    }

    private static JsonNode firing(List<JsonNode> events, String alertname) {
        for (JsonNode e : events) {
            if (e.at("/labels/alertname").asText().equals(alertname)
                    && e.path("state").asText().equals("firing")) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON on vigil.alerts", e);
        }
    }
}
