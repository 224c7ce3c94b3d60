package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The composed stack on free ports: every part answers, and close() leaves no process. */
class LocalStackITCase {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir Path dir;

    @Test
    void startsEveryPartAndStopsThemAll() throws Exception {
        List<ProcessHandle> processes = new ArrayList<>();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.forTests(dir))) {
            processes.add(stack.kafka().process());
            stack.elasticsearch().process().ifPresent(processes::add);
            stack.alertmanager()
                    .ifPresent(
                            am -> {
                                processes.add(am.process());
                                processes.addAll(am.process().descendants().toList());
                            });

            Properties admin = new Properties();
            admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
            try (Admin client = Admin.create(admin)) {
                assertThat(client.listTopics().names().get(30, TimeUnit.SECONDS))
                        .containsAll(LocalStack.DEFAULT_TOPICS);
            }
            assertThat(get(stack.elasticsearchUrl() + "/_cluster/health")).isEqualTo(200);
            assertThat(EmbeddedAlertmanager.findBinary().isPresent())
                    .isEqualTo(stack.alertmanagerUrl().isPresent());
            if (stack.alertmanagerUrl().isPresent()) {
                assertThat(get(stack.alertmanagerUrl().get() + "/api/v2/status")).isEqualTo(200);
            }
            HttpResponse<String> otlp =
                    http.send(
                            HttpRequest.newBuilder(URI.create(stack.otlpEndpoint() + "/v1/logs"))
                                    .header("Content-Type", "application/x-protobuf")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[0]))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(otlp.statusCode()).isEqualTo(200);
            assertThat(stack.receiverPort()).isNotEqualTo(4318);
            assertThat(stack.describe()).contains("Kafka", "Elasticsearch", "OTLP/HTTP");
        }
        assertThat(processes).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    }

    private int get(String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
