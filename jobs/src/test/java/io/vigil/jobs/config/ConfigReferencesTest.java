package io.vigil.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${env:NAME}} and {@code ${file:PATH}} in configuration values (secrets, mostly). */
class ConfigReferencesTest {
    private static final String KAFKA = "kafka: {bootstrapServers: 'k:9092'}\n";

    @Test
    void environmentVariablesFillWholeValuesAndPartsOfValues() {
        VigilConfig config =
                VigilConfig.parse(
                        "kafka:\n"
                                + "  bootstrapServers: ${env:KAFKA_BROKERS}\n"
                                + "  properties:\n"
                                + "    sasl.jaas.config: >-\n"
                                + "      org.apache.kafka.common.security.scram.ScramLoginModule"
                                + " required username=\"${env:KAFKA_USER}\""
                                + " password=\"${env:KAFKA_PASSWORD}\";\n"
                                + "elasticsearch:\n"
                                + "  hosts: ['${env:ES_URL}']\n"
                                + "  username: vigil\n"
                                + "  password: ${env:ES_PASSWORD}\n",
                        "vigil.yaml",
                        Map.of(
                                        "KAFKA_BROKERS", "b1:9093,b2:9093",
                                        "KAFKA_USER", "vigil",
                                        "KAFKA_PASSWORD", "p4ss",
                                        "ES_URL", "https://es.example:9200",
                                        "ES_PASSWORD", "s3cret${env:NOT_RESOLVED_AGAIN}")
                                ::get);

        assertThat(config.kafka().bootstrapServers()).isEqualTo("b1:9093,b2:9093");
        assertThat(config.kafka().properties())
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"vigil\" password=\"p4ss\";");
        assertThat(config.elasticsearch().hosts())
                .containsExactly(URI.create("https://es.example:9200"));
        // what a reference brings in is taken as it is, never scanned again
        assertThat(config.elasticsearch().password()).isEqualTo("s3cret${env:NOT_RESOLVED_AGAIN}");
    }

    @Test
    void filesAreReadWithoutTheirTrailingLineBreakAndRelativeToTheConfigFile(@TempDir Path dir)
            throws IOException {
        Files.writeString(dir.resolve("es-password"), "from file\n");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/es-user"), "vigil-writer\r\n");
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(
                file,
                KAFKA
                        + "elasticsearch:\n"
                        + "  hosts: [http://es:9200]\n"
                        + "  username: ${file:secrets/es-user}\n"
                        + "  password: ${file:"
                        + dir.resolve("es-password")
                        + "}\n");

        VigilConfig config = VigilConfig.load(file);

        assertThat(config.elasticsearch().username()).isEqualTo("vigil-writer");
        assertThat(config.elasticsearch().password()).isEqualTo("from file");
    }

    @Test
    void aDoubledDollarIsALiteralForKafkasOwnConfigProviders() {
        VigilConfig config =
                VigilConfig.parse(
                        "kafka:\n"
                                + "  bootstrapServers: k:9092\n"
                                + "  properties:\n"
                                + "    config.providers: file\n"
                                + "    ssl.keystore.password:"
                                + " '$${file:/etc/kafka/secrets.properties:keystore}'\n"
                                + "elasticsearch: {hosts: [http://es:9200]}\n",
                        "vigil.yaml",
                        name -> null);

        assertThat(config.kafka().properties())
                .containsEntry(
                        "ssl.keystore.password", "${file:/etc/kafka/secrets.properties:keystore}");
    }

    @Test
    void aMissingVariableNamesTheKeyAndTheVariableButNoOtherValue() {
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        KAFKA
                                                + "elasticsearch:\n"
                                                + "  hosts: [http://es:9200]\n"
                                                + "  username: ${env:ES_USER}\n"
                                                + "  password: ${env:ES_PASSWORD}\n",
                                        "vigil.yaml",
                                        Map.of("ES_USER", "top-secret-user")::get))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "vigil.yaml: elasticsearch.password: ${env:ES_PASSWORD}: the environment"
                                + " variable ES_PASSWORD is not set; set it (on Kubernetes: an env"
                                + " entry from a Secret) or write the value here");
    }

    @Test
    void aMissingFileNamesTheKeyAndThePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(
                file,
                KAFKA
                        + "elasticsearch:\n"
                        + "  hosts: [http://es:9200]\n"
                        + "  username: vigil\n"
                        + "  password: ${file:secrets/missing}\n");

        assertThatThrownBy(() -> VigilConfig.load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        file
                                + ": elasticsearch.password: ${file:secrets/missing}: "
                                + dir.resolve("secrets/missing")
                                + " does not exist;");
    }

    @Test
    void malformedReferencesAreRejectedWithTheFix() {
        assertThatThrownBy(() -> parse("kafka: {bootstrapServers: '${KAFKA_BROKERS}'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "vigil.yaml: kafka.bootstrapServers: ${KAFKA_BROKERS} is not a reference"
                                + " Vigil resolves; write ${env:NAME} or ${file:PATH}, or $${ for a"
                                + " literal ${");
        assertThatThrownBy(() -> parse("kafka: {bootstrapServers: '${env:BROKERS'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "vigil.yaml: kafka.bootstrapServers: '${env:BROKERS' has no closing }");
        assertThatThrownBy(() -> parse("kafka: {bootstrapServers: '${env:1-bad}'}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "vigil.yaml: kafka.bootstrapServers: ${env:1-bad}: '1-bad' is not an"
                                + " environment variable name");
        assertThatThrownBy(
                        () ->
                                parse(
                                        KAFKA
                                                + "elasticsearch: {hosts:"
                                                + " [http://es:9200, '${env:}']}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("vigil.yaml: elasticsearch.hosts[1]: ${env:}: ");
    }

    @Test
    void valuesWithoutReferencesAndNonTextValuesAreUntouched() {
        VigilConfig config =
                parse(
                        KAFKA
                                + "elasticsearch: {hosts: [http://es:9200], username: 'a$b{c}',"
                                + " password: '$'}\n"
                                + "flink: {parallelism: 3}\n");

        assertThat(config.elasticsearch().username()).isEqualTo("a$b{c}");
        assertThat(config.elasticsearch().password()).isEqualTo("$");
        assertThat(config.flink().parallelism()).isEqualTo(3);
    }

    private static VigilConfig parse(String yaml) {
        return VigilConfig.parse(yaml, "vigil.yaml", name -> null);
    }
}
