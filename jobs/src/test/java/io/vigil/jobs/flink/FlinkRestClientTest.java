package io.vigil.jobs.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FlinkRestClientTest {

    @Test
    void aJarRunErrorIsCutToItsFirstLinesAndItsCauses() {
        String body =
                "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException:"
                        + " Could not execute application.\\n\\tat org.apache.flink.Foo.bar(Foo.java:1)"
                        + "\\n\\tat org.apache.flink.Foo.baz(Foo.java:2)\\nCaused by:"
                        + " java.util.concurrent.CompletionException: boom\\n\\tat x.y(Z.java:3)"
                        + "\\n\\t... 4 more\\nCaused by: io.vigil.jobs.config.ConfigException:"
                        + " kafka.bootstrapServers is required\\n\\tat a.b(C.java:5)\"]}";
        assertThat(FlinkRestClient.errors(body))
                .isEqualTo(
                        "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not"
                                + " execute application. | Caused by:"
                                + " java.util.concurrent.CompletionException: boom | Caused by:"
                                + " io.vigil.jobs.config.ConfigException: kafka.bootstrapServers"
                                + " is required");
    }

    @Test
    void aBodyThatIsNotFlinksErrorJsonIsQuotedAsItIs() {
        assertThat(FlinkRestClient.errors("<html>502 Bad Gateway</html>"))
                .isEqualTo("<html>502 Bad Gateway</html>");
        assertThat(FlinkRestClient.errors("{\"errors\":[\"Not found: /jars/x/run\"]}"))
                .isEqualTo("Not found: /jars/x/run");
    }

    @Test
    void onlyHttpUrlsAreJobManagers() {
        assertThatThrownBy(() -> new FlinkRestClient("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--jobmanager: 'localhost:8081' is not an http(s) URL");
        assertThat(new FlinkRestClient("http://localhost:8081/").url())
                .isEqualTo("http://localhost:8081");
    }

    @Test
    void aJobManagerThatIsNotThereIsNamed() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = socket.getLocalPort();
        }
        FlinkRestClient client = new FlinkRestClient("http://127.0.0.1:" + port);
        assertThatThrownBy(client::overview)
                .isInstanceOf(FlinkRestException.class)
                .hasMessage(
                        "GET /overview: cannot reach the JobManager at http://127.0.0.1:"
                                + port
                                + " (connection refused)");
    }

    @Test
    void durationsForPeople() {
        assertThat(FlinkRestClient.humanDuration(Duration.ofSeconds(12))).isEqualTo("12s");
        assertThat(FlinkRestClient.humanDuration(Duration.ofSeconds(187))).isEqualTo("3m 07s");
        assertThat(FlinkRestClient.humanDuration(Duration.ofMinutes(62))).isEqualTo("1h 02m");
        assertThat(FlinkRestClient.humanDuration(Duration.ofHours(50))).isEqualTo("2d 02h");
    }
}
