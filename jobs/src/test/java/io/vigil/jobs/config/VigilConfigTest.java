package io.vigil.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.anomaly.Detectors;
import io.vigil.udfs.forecast.ForecastSettings;
import io.vigil.udfs.otlp.OtlpEncoding;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VigilConfigTest {
    /** The default topics, inputs first: the Collector's OTLP topics, then Vigil's own. */
    private static final List<String> DEFAULT_TOPICS =
            List.of(
                    "otlp_metrics",
                    "otlp_logs",
                    "otlp_spans",
                    "vigil.dlq",
                    "vigil.topology",
                    "vigil.metrics.derived",
                    "vigil.alerts",
                    "vigil.incidents");

    private static final String MINIMAL =
            "kafka: {bootstrapServers: 'k1:9092,k2:9092'}\n"
                    + "elasticsearch: {hosts: [http://es:9200]}\n";

    @Test
    void minimalFileGetsDefaults() {
        VigilConfig config = VigilConfig.parse(MINIMAL, "vigil.yaml");

        assertThat(config.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(config.kafka().groupId()).isEqualTo("vigil");
        assertThat(config.kafka().startingOffsets())
                .isEqualTo(VigilConfig.StartingOffsets.COMMITTED);
        assertThat(config.kafka().encoding()).isEqualTo(OtlpEncoding.AUTO);
        assertThat(config.kafka().topics().all()).isEqualTo(DEFAULT_TOPICS);
        assertThat(config.incidents())
                .isEqualTo(
                        new VigilConfig.Incidents(
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(15),
                                1_000,
                                Duration.ofHours(1),
                                3,
                                Duration.ofMinutes(10),
                                2));
        assertThat(config.anomaly())
                .isEqualTo(
                        new VigilConfig.Anomaly(
                                true,
                                Detectors.DEFAULT_THRESHOLD,
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(1),
                                Duration.ofHours(6),
                                50_000));
        assertThat(config.logs())
                .isEqualTo(new VigilConfig.Logs(Duration.ofHours(1), Duration.ofDays(7)));
        assertThat(config.traces())
                .isEqualTo(
                        new VigilConfig.Traces(
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(1),
                                Duration.ofSeconds(30),
                                10_000,
                                Duration.ofSeconds(1)));
        assertThat(config.kafka().bounded()).isFalse();
        assertThat(config.elasticsearch().hosts()).containsExactly(URI.create("http://es:9200"));
        assertThat(config.elasticsearch().indexPrefix()).isEqualTo("vigil");
        assertThat(config.elasticsearch().bulk().flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.flink().checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.eventTime().maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.eventTime().idleness()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shippedExampleParsesAndMatchesDefaults() {
        Path example = Path.of(System.getProperty("vigil.repo.dir", ".."), "vigil.example.yaml");
        VigilConfig config = VigilConfig.load(example);

        VigilConfig minimal =
                VigilConfig.parse(
                        "kafka: {bootstrapServers: 'localhost:9092'}\n"
                                + "elasticsearch: {hosts: [http://localhost:9200]}\n",
                        "x");
        assertThat(config).isEqualTo(minimal);
    }

    @Test
    void everyKeyIsRead() {
        VigilConfig config =
                VigilConfig.parse(
                        """
                        kafka:
                          bootstrapServers: k:9092
                          groupId: g
                          startingOffsets: earliest
                          encoding: otlp_json
                          bounded: true
                          topics: {metrics: m, logs: l, spans: s, deadLetters: d, topology: t, derivedMetrics: dm,
                                   alerts: a}
                          properties: {security.protocol: SSL, retries: 5}
                        elasticsearch:
                          hosts: [https://a:9200, http://b:9201]
                          username: u
                          password: p
                          indexPrefix: obs
                          applyTemplates: false
                          bulk: {maxActions: 10, maxSizeMb: 2, flushInterval: 250ms, maxRetries: 3, retryDelay: 1s}
                        traces:
                          window: 30s
                          allowedLateness: 2m
                          sessionGap: 10s
                          maxSpansPerTrace: 500
                          slowRequestThreshold: 250ms
                        logs: {newTemplateAlert: 10m, templateIdleTimeout: 1d}
                        anomaly:
                          enabled: false
                          threshold: 0.9
                          resolveAfter: 10m
                          rollupPeriod: 30s
                          idleTimeout: 2h
                          maxSeriesPerSubtask: 1000
                        flink:
                          parallelism: 4
                          checkpointInterval: 1m
                          configuration: {restart-strategy.type: none}
                        eventTime: {maxOutOfOrderness: 5s, idleness: 30s}
                        """,
                        "full.yaml");

        assertThat(config.kafka().encoding()).isEqualTo(OtlpEncoding.JSON);
        assertThat(config.kafka().properties())
                .isEqualTo(Map.of("security.protocol", "SSL", "retries", "5"));
        assertThat(config.elasticsearch().hosts())
                .isEqualTo(List.of(URI.create("https://a:9200"), URI.create("http://b:9201")));
        assertThat(config.elasticsearch().bulk())
                .isEqualTo(
                        new VigilConfig.Bulk(
                                10,
                                2,
                                Duration.ofMillis(250),
                                3,
                                Duration.ofSeconds(1),
                                Duration.ofMinutes(2)));
        assertThat(config.kafka().topics().topology()).isEqualTo("t");
        assertThat(config.kafka().topics().derivedMetrics()).isEqualTo("dm");
        assertThat(config.kafka().topics().alerts()).isEqualTo("a");
        assertThat(config.logs())
                .isEqualTo(new VigilConfig.Logs(Duration.ofMinutes(10), Duration.ofDays(1)));
        assertThat(config.anomaly())
                .isEqualTo(
                        new VigilConfig.Anomaly(
                                false,
                                0.9,
                                Duration.ofMinutes(10),
                                Duration.ofSeconds(30),
                                Duration.ofHours(2),
                                1000));
        assertThat(config.traces())
                .isEqualTo(
                        new VigilConfig.Traces(
                                Duration.ofSeconds(30),
                                Duration.ofMinutes(2),
                                Duration.ofSeconds(10),
                                500,
                                Duration.ofMillis(250)));
        assertThat(config.flink().parallelism()).isEqualTo(4);
        assertThat(config.flink().configuration()).containsEntry("restart-strategy.type", "none");
        assertThat(config.eventTime().idleness()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void missingRequiredKeyNamesItAndShowsAnExample() {
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        "elasticsearch: {hosts: [http://es:9200]}", "v.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "v.yaml: kafka.bootstrapServers: is required; add e.g."
                                + " `bootstrapServers: kafka-1:9092,kafka-2:9092`");
        assertThatThrownBy(() -> VigilConfig.parse("kafka: {bootstrapServers: k:1}", "v.yaml"))
                .hasMessageStartingWith("v.yaml: elasticsearch.hosts: is required");
    }

    @Test
    void misspeltKeyIsRejectedWithTheAllowedOnes() {
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL + "flink: {checkpointIntervall: 10s}", "v.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "v.yaml: flink.checkpointIntervall: unknown key; the keys allowed under"
                                + " flink are [parallelism, checkpointInterval, configuration]");
    }

    @Test
    void traceWindowMustDivideAnHour() {
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "traces: {window: 7m}", "v"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "v: traces.window: 420s does not divide an hour; use e.g. 10s, 30s, 1m, 5m"
                                + " or 15m");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "traces: {maxSpansPerTrace: 1}", "v"))
                .hasMessageStartingWith("v: traces.maxSpansPerTrace: ");
    }

    @Test
    void templatesMustOutliveTheirNewTemplateAlert() {
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL
                                                + "logs: {newTemplateAlert: 2h,"
                                                + " templateIdleTimeout: 1h}",
                                        "v"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("v: logs.templateIdleTimeout: must be longer than");
    }

    @Test
    void everyTopicOfTheJobsIsListed() {
        assertThat(VigilConfig.Topics.defaults().all()).isEqualTo(DEFAULT_TOPICS);
    }

    @Test
    void anomalySettingsAreChecked() {
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "anomaly: {threshold: 1.5}", "v"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "v: anomaly.threshold: 1.5 is out of range; use a value from 1.0E-6 to 1.0");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "anomaly: {threshold: high}", "v"))
                .hasMessage("v: anomaly.threshold: expected a number, got 'high'");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "anomaly: {rollupPeriod: 7m}", "v"))
                .hasMessageStartingWith("v: anomaly.rollupPeriod: 420s does not divide an hour");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL + "anomaly: {rollupPeriod: 5m, idleTimeout: 2m}",
                                        "v"))
                .hasMessageStartingWith("v: anomaly.idleTimeout: must be at least");
    }

    @Test
    void badValuesNameKeyAndFix() {
        assertThatThrownBy(
                        () -> VigilConfig.parse(MINIMAL + "flink: {checkpointInterval: 10x}", "v"))
                .hasMessage(
                        "v: flink.checkpointInterval: '10x' is not a duration; write e.g."
                                + " 500ms, 10s, 5m, 1h");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        "kafka: {bootstrapServers: k:1, encoding: avro}\n"
                                                + "elasticsearch: {hosts: [http://es:9200]}",
                                        "v"))
                .hasMessageStartingWith("v: kafka.encoding: ")
                .hasMessageContaining("otlp_proto");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        "kafka: {bootstrapServers: k:1}\n"
                                                + "elasticsearch: {hosts: [es:9200]}",
                                        "v"))
                .hasMessage(
                        "v: elasticsearch.hosts[0]: 'es:9200' is not an http(s) URL; write"
                                + " e.g. http://elasticsearch:9200");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL.replace("hosts:", "indexPrefix: Vigil, hosts:"),
                                        "v"))
                .hasMessageStartingWith("v: elasticsearch.indexPrefix: 'Vigil' is not a valid");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL.replace("hosts:", "bulk: {maxActions: 0}, hosts:"),
                                        "v"))
                .hasMessage(
                        "v: elasticsearch.bulk.maxActions: 0 is out of range; use a value"
                                + " from 1 to 100000");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "kafka2: {}", "v"))
                .hasMessageStartingWith(
                        "v: kafka2: unknown key; the keys allowed at the top level");
        assertThatThrownBy(() -> VigilConfig.parse("kafka: [1, 2]", "v"))
                .hasMessage("v: kafka: expected a mapping of keys, got a list");
        assertThatThrownBy(() -> VigilConfig.parse("kafka: {bootstrapServers: [", "v"))
                .hasMessageStartingWith("v: not valid YAML");
    }

    @Test
    void alertmanagerSendsIncidentsAndOnRequestTheirMembers() {
        assertThat(VigilConfig.parse(MINIMAL, "v").alertmanager())
                .isEqualTo(
                        new VigilConfig.Alertmanager(
                                "",
                                Duration.ofMinutes(1),
                                Duration.ofSeconds(30),
                                10_000,
                                "",
                                "",
                                false));
        assertThat(
                        VigilConfig.parse(
                                        MINIMAL
                                                + "alertmanager: {url: 'http://am:9093',"
                                                + " sendMembers: true}",
                                        "v")
                                .alertmanager()
                                .sendMembers())
                .isTrue();
        assertThatThrownBy(
                        () -> VigilConfig.parse(MINIMAL + "alertmanager: {sendMembers: all}", "v"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("v: alertmanager.sendMembers: expected true or false, got 'all'");
    }

    @Test
    void credentialsComeInPairs() {
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL.replace("hosts:", "username: u, hosts:"), "v"))
                .hasMessage(
                        "v: elasticsearch.password: is required when the other of"
                                + " username/password is set");
    }

    @Test
    void missingFileSaysWhatToDo(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThat(Files.exists(missing)).isFalse();
        assertThatThrownBy(() -> VigilConfig.load(missing))
                .hasMessage(
                        missing
                                + ": no such file; copy vigil.example.yaml and point --config at it");
    }

    @Test
    void forecastDefaults() {
        VigilConfig.Forecast forecast = VigilConfig.parse(MINIMAL, "v").forecast();
        assertThat(forecast)
                .isEqualTo(
                        new VigilConfig.Forecast(
                                true,
                                Duration.ofMinutes(5),
                                List.of(
                                        Duration.ofMinutes(15),
                                        Duration.ofHours(1),
                                        Duration.ofHours(6),
                                        Duration.ofHours(24)),
                                Duration.ofDays(7),
                                0.9,
                                Map.of(),
                                Duration.ofHours(1),
                                0.5));
        ForecastSettings settings = forecast.settings(Duration.ofMinutes(1));
        assertThat(settings.capacitySteps()).isEqualTo(7 * 24 * 60);
        assertThat(settings.alertSteps()).isEqualTo(60);
        assertThat(settings.resolveAfterMillis()).isEqualTo(15 * 60_000L);
    }

    @Test
    void everyForecastKeyIsRead() {
        VigilConfig.Forecast forecast =
                VigilConfig.parse(
                                MINIMAL
                                        + """
                                        forecast:
                                          enabled: true
                                          every: 10m
                                          horizons: [30m, 2h]
                                          capacity:
                                            horizon: 14d
                                            utilization: 0.8
                                            thresholds: {system.filesystem.usage: 5.0e11, jvm.threads.count: '400'}
                                          alert: {horizon: 2h, minConfidence: 0.7}
                                        """,
                                "v")
                        .forecast();
        assertThat(forecast)
                .isEqualTo(
                        new VigilConfig.Forecast(
                                true,
                                Duration.ofMinutes(10),
                                List.of(Duration.ofMinutes(30), Duration.ofHours(2)),
                                Duration.ofDays(14),
                                0.8,
                                Map.of(
                                        "system.filesystem.usage",
                                        5.0e11,
                                        "jvm.threads.count",
                                        400.0),
                                Duration.ofHours(2),
                                0.7));
        assertThat(
                        VigilConfig.parse(MINIMAL + "forecast: {enabled: false}", "v")
                                .forecast()
                                .enabled())
                .isFalse();
    }

    @Test
    void forecastingNeedsAnomalyDetection() {
        assertThat(
                        VigilConfig.parse(MINIMAL + "anomaly: {enabled: false}", "v")
                                .forecast()
                                .enabled())
                .as("off with anomaly detection unless asked for")
                .isFalse();
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL
                                                + "anomaly: {enabled: false}\n"
                                                + "forecast: {enabled: true}",
                                        "v"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "v: forecast.enabled: forecasting reads anomaly detection's rollups, and"
                                + " anomaly.enabled is false; set anomaly.enabled: true, or"
                                + " forecast.enabled: false");
    }

    @Test
    void forecastSettingsAreCheckedAgainstTheRollupPeriod() {
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL
                                                + "anomaly: {rollupPeriod: 10m}\n"
                                                + "forecast: {every: 10m}",
                                        "v"))
                .hasMessage(
                        "v: forecast.horizons[0]: 15 min is not a whole number of"
                                + " anomaly.rollupPeriod (10 min); forecasts move in steps of it");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "forecast: {every: 90s}", "v"))
                .hasMessage(
                        "v: forecast.every: 90 s is not a whole number of anomaly.rollupPeriod"
                                + " (1 min); forecasts move in steps of it");
        assertThatThrownBy(
                        () -> VigilConfig.parse(MINIMAL + "forecast: {alert: {horizon: 3m}}", "v"))
                .hasMessage(
                        "v: forecast.alert.horizon: 3 min is too short; use at least 4 rollup"
                                + " periods (4 min): the alert resolves after a quarter of it");
        assertThatThrownBy(
                        () -> VigilConfig.parse(MINIMAL + "forecast: {alert: {horizon: 2d}}", "v"))
                .hasMessage(
                        "v: forecast.alert.horizon: 2 d is too long; use at most 1440 rollup"
                                + " periods (1 d)");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL + "forecast: {capacity: {horizon: 60d}}", "v"))
                .hasMessage(
                        "v: forecast.capacity.horizon: 60 d is too long; use at most 43200 rollup"
                                + " periods (30 d)");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "forecast: {horizons: 1h}", "v"))
                .hasMessage("v: forecast.horizons: expected a list of durations, got '1h'");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "forecast: {horizons: [1h, x]}", "v"))
                .hasMessage(
                        "v: forecast.horizons[1]: 'x' is not a duration; write e.g. 15m, 1h, 1d");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "forecast: {horizons: []}", "v"))
                .hasMessage("v: forecast.horizons: must list at least one duration");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL + "forecast: {capacity: {utilization: 1.2}}", "v"))
                .hasMessage(
                        "v: forecast.capacity.utilization: 1.2 is out of range; use a value from"
                                + " 1.0E-6 to 1.0");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL
                                                + "forecast: {capacity: {thresholds: {disk: full}}}",
                                        "v"))
                .hasMessage("v: forecast.capacity.thresholds.disk: expected a number, got 'full'");
        assertThatThrownBy(
                        () ->
                                VigilConfig.parse(
                                        MINIMAL + "forecast: {alert: {minConfidence: 0}}", "v"))
                .hasMessage(
                        "v: forecast.alert.minConfidence: 0.0 is out of range; use a value from"
                                + " 1.0E-6 to 1.0");
        assertThatThrownBy(() -> VigilConfig.parse(MINIMAL + "forecast: {horizon: 1h}", "v"))
                .hasMessageStartingWith(
                        "v: forecast.horizon: unknown key; the keys allowed under"
                                + " forecast are");
    }
}
