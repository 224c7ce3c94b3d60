package io.vigil.udfs.promql;

import static io.vigil.udfs.promql.PrometheusNames.Kind.EXPONENTIAL_HISTOGRAM;
import static io.vigil.udfs.promql.PrometheusNames.Kind.GAUGE;
import static io.vigil.udfs.promql.PrometheusNames.Kind.HISTOGRAM;
import static io.vigil.udfs.promql.PrometheusNames.Kind.MONOTONIC_SUM;
import static io.vigil.udfs.promql.PrometheusNames.Kind.NON_MONOTONIC_SUM;
import static io.vigil.udfs.promql.PrometheusNames.Kind.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.promql.PrometheusNames.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusNamesTest {

    /** OpenTelemetry name, unit, kind, and the Prometheus name. */
    static Stream<Arguments> names() {
        return Stream.of(
                // OpenTelemetry semantic-convention metrics with the units of the specification's
                // table ("Prometheus and OpenMetrics Compatibility", Metric Metadata).
                arguments(
                        "http.server.request.duration",
                        "s",
                        HISTOGRAM,
                        "http_server_request_duration_seconds"),
                arguments("system.cpu.utilization", "1", GAUGE, "system_cpu_utilization_ratio"),
                arguments(
                        "http.server.requests",
                        "{request}",
                        MONOTONIC_SUM,
                        "http_server_requests_total"),
                arguments(
                        "system.memory.usage",
                        "By",
                        NON_MONOTONIC_SUM,
                        "system_memory_usage_bytes"),
                arguments(
                        "system.network.io", "By", MONOTONIC_SUM, "system_network_io_bytes_total"),
                arguments(
                        "process.network.io", "By/s", GAUGE, "process_network_io_bytes_per_second"),
                arguments("jvm.gc.duration", "ms", HISTOGRAM, "jvm_gc_duration_milliseconds"),
                arguments(
                        "rpc.server.duration",
                        "us",
                        EXPONENTIAL_HISTOGRAM,
                        "rpc_server_duration_microseconds"),
                arguments("db.client.latency", "ns", SUMMARY, "db_client_latency_nanoseconds"),
                arguments("system.cpu.time", "s", MONOTONIC_SUM, "system_cpu_time_seconds_total"),
                arguments("hw.temperature", "Cel", GAUGE, "hw_temperature_celsius"),
                arguments("hw.voltage", "V", GAUGE, "hw_voltage_volts"),
                arguments("hw.power", "W", GAUGE, "hw_power_watts"),
                arguments("hw.energy", "J", MONOTONIC_SUM, "hw_energy_joules_total"),
                arguments("hw.fan.speed", "1/s", GAUGE, "hw_fan_speed_per_second"),
                arguments("process.uptime", "d", GAUGE, "process_uptime_days"),
                arguments("backup.age", "h", GAUGE, "backup_age_hours"),
                arguments("session.length", "min", HISTOGRAM, "session_length_minutes"),

                // The Collector's translator README (pkg/translator/prometheus), table "List of
                // transformations to convert OpenTelemetry metrics to Prometheus metrics".
                arguments(
                        "(lambda).function.executions(#)", "", GAUGE, "lambda_function_executions"),
                arguments("system.filesystem.usage", "By", GAUGE, "system_filesystem_usage_bytes"),
                arguments("system.network.dropped", "{packets}", GAUGE, "system_network_dropped"),
                arguments(
                        "system.network.dropped",
                        "packets",
                        GAUGE,
                        "system_network_dropped_packets"),
                arguments(
                        "system.memory.utilization", "1", GAUGE, "system_memory_utilization_ratio"),
                arguments(
                        "storage.filesystem.utilization",
                        "%",
                        GAUGE,
                        "storage_filesystem_utilization_percent"),
                arguments("astro.light.speed", "m/s", GAUGE, "astro_light_speed_meters_per_second"),
                arguments(
                        "system.processes.created",
                        "",
                        MONOTONIC_SUM,
                        "system_processes_created_total"),

                // The Collector's translator tests (pkg/translator/prometheus
                // normalize_name_test.go): units, whitespace, broken units, receivers' metrics.
                arguments("system.io", "By", MONOTONIC_SUM, "system_io_bytes_total"),
                arguments(
                        "network_transmitted_bytes_total",
                        "By",
                        MONOTONIC_SUM,
                        "network_transmitted_bytes_total"),
                arguments(
                        "\t system.filesystem.usage       ",
                        "  By\t",
                        GAUGE,
                        "system_filesystem_usage_bytes"),
                arguments(
                        "system.network.dropped",
                        "{packets}",
                        MONOTONIC_SUM,
                        "system_network_dropped_total"),
                arguments("system.network.packets", "packets", GAUGE, "system_network_packets"),
                arguments(
                        "hw.gpu.memory.utilization", "1", GAUGE, "hw_gpu_memory_utilization_ratio"),
                arguments("hw.fan.speed_ratio", "1", GAUGE, "hw_fan_speed_ratio"),
                arguments("objects", "1", MONOTONIC_SUM, "objects_total"),
                arguments("hw.cpu.speed_limit", "Hz", GAUGE, "hw_cpu_speed_limit_hertz"),
                arguments("broken.metric.speed", "km/h", GAUGE, "broken_metric_speed_km_per_hour"),
                arguments(
                        "broken.metric.success_ratio",
                        "%",
                        GAUGE,
                        "broken_metric_success_ratio_percent"),
                arguments(
                        "broken.metric.success_percent",
                        "%",
                        GAUGE,
                        "broken_metric_success_percent"),
                arguments("test.metric.no_unit", "", GAUGE, "test_metric_no_unit"),
                arguments("test.metric.spaces", "   \t  ", GAUGE, "test_metric_spaces"),
                arguments(
                        "unsupported.metric.temperature",
                        "°F",
                        GAUGE,
                        "unsupported_metric_temperature_F"),
                arguments(
                        "unsupported.metric.weird",
                        "+=.:,!* & #",
                        GAUGE,
                        "unsupported_metric_weird"),
                arguments(
                        "unsupported.metric.redundant",
                        "__test $/°C",
                        GAUGE,
                        "unsupported_metric_redundant_test_per_C"),
                arguments(
                        "active_directory.ds.replication.object.rate",
                        "{objects}/s",
                        GAUGE,
                        "active_directory_ds_replication_object_rate_per_second"),
                arguments(
                        "active_directory.ds.ldap.bind.last_successful.time",
                        "ms",
                        GAUGE,
                        "active_directory_ds_ldap_bind_last_successful_time_milliseconds"),
                arguments(
                        "apache.current_connections",
                        "connections",
                        GAUGE,
                        "apache_current_connections"),
                arguments("apache.workers", "connections", GAUGE, "apache_workers_connections"),
                arguments(
                        "bigip.virtual_server.request.count",
                        "{requests}",
                        MONOTONIC_SUM,
                        "bigip_virtual_server_request_count_total"),
                arguments(
                        "system.disk.operation_time",
                        "s",
                        MONOTONIC_SUM,
                        "system_disk_operation_time_seconds_total"),
                arguments(
                        "system.cpu.load_average.15m",
                        "1",
                        GAUGE,
                        "system_cpu_load_average_15m_ratio"),
                arguments(
                        "mongodbatlas.process.journaling.data_files",
                        "MiBy",
                        GAUGE,
                        "mongodbatlas_process_journaling_data_files_mebibytes"),
                arguments(
                        "mongodbatlas.process.network.io",
                        "By/s",
                        GAUGE,
                        "mongodbatlas_process_network_io_bytes_per_second"),
                arguments(
                        "mongodbatlas.process.oplog.rate",
                        "GiBy/h",
                        GAUGE,
                        "mongodbatlas_process_oplog_rate_gibibytes_per_hour"),
                arguments(
                        "mongodbatlas.process.db.query_targeting.scanned_per_returned",
                        "{scanned}/{returned}",
                        GAUGE,
                        "mongodbatlas_process_db_query_targeting_scanned_per_returned"),
                arguments("nginx.requests", "requests", GAUGE, "nginx_requests"),
                arguments(
                        "nsxt.node.memory.usage", "KBy", GAUGE, "nsxt_node_memory_usage_kilobytes"),
                arguments("redis.latest_fork", "us", GAUGE, "redis_latest_fork_microseconds"),
                arguments("3.14 digits", "", GAUGE, "_3_14_digits"),
                arguments(
                        "envoy__rule_engine_zlib_buf_error",
                        "",
                        GAUGE,
                        "envoy_rule_engine_zlib_buf_error"),

                // Prometheus' otlptranslator tests (metric_namer_test.go, with suffixes, no UTF-8).
                arguments("requests", "1/s", GAUGE, "requests_per_second"),
                arguments("throughput", "By/s", GAUGE, "throughput_bytes_per_second"),
                arguments("custom_metric", "custom_unit", GAUGE, "custom_metric_custom_unit"),
                arguments("custom_metric", "By/{custom}", GAUGE, "custom_metric_bytes"),
                arguments("response_time_seconds", "s", GAUGE, "response_time_seconds"),
                arguments("cpu_seconds_total", "s", MONOTONIC_SUM, "cpu_seconds_total"),
                arguments(
                        "otelcol_process_cpu_seconds",
                        "s",
                        MONOTONIC_SUM,
                        "otelcol_process_cpu_seconds_total"),
                arguments("metric@with#special$chars", "", GAUGE, "metric_with_special_chars"),
                arguments("123metric", "", GAUGE, "_123metric"),
                arguments("requests.count", "1", MONOTONIC_SUM, "requests_count_total"),

                // The specification's suffix rules where the name already has some: the unit
                // comes before _total, which moves to the end; a rate's parts are each added
                // once; unit 1 adds nothing but _ratio on gauges.
                arguments("queue.wait_total", "s", MONOTONIC_SUM, "queue_wait_seconds_total"),
                arguments("disk.io_bytes", "By/s", GAUGE, "disk_io_bytes_per_second"),
                arguments("jobs.done", "1", NON_MONOTONIC_SUM, "jobs_done"),
                arguments("jobs.done", "1", HISTOGRAM, "jobs_done"),
                arguments("cache.hits", "{hit}/min", GAUGE, "cache_hits_per_minute"),
                arguments("kv.size", "TiBy", GAUGE, "kv_size_tebibytes"),
                arguments("kv.size", "kBy", GAUGE, "kv_size_kilobytes"));
    }

    @ParameterizedTest(name = "{0} [{1}] {2} → {3}")
    @MethodSource("names")
    void metricNamesFollowTheSpecificationAndTheCollector(
            String otelName, String unit, Kind kind, String expected) {
        assertThat(PrometheusNames.metricName(otelName, unit, kind)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{3} [{1}] {2}")
    @MethodSource("names")
    void translatingAPrometheusNameAgainLeavesItUnchanged(
            String otelName, String unit, Kind kind, String expected) {
        assertThat(PrometheusNames.metricName(expected, unit, kind)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("names")
    void everyNameIsAValidPrometheusNameWithoutDoubleUnderscores(
            String otelName, String unit, Kind kind, String expected) {
        assertThat(PrometheusNames.metricName(otelName, unit, kind))
                .matches("[a-zA-Z_:][a-zA-Z0-9_:]*")
                .doesNotContain("__");
    }

    @Test
    void unitOnlyWhenTheNameDoesNotEndWithItAsTheSpecificationSays() {
        // The Collector leaves the unit out when any word of the name is the unit
        // (system_network_packets_dropped); the specification only when the name ends with it.
        assertThat(PrometheusNames.metricName("system.network.packets.dropped", "packets", GAUGE))
                .isEqualTo("system_network_packets_dropped_packets");
        assertThat(PrometheusNames.metricName("seconds.before.birthday", "s", GAUGE))
                .isEqualTo("seconds_before_birthday_seconds");
        // Whole words: "milliseconds" does not end with the word "seconds".
        assertThat(PrometheusNames.metricName("gc.pause_milliseconds", "s", GAUGE))
                .isEqualTo("gc_pause_milliseconds_seconds");
        // Only a trailing _total is the type suffix; the Collector would drop this one too.
        assertThat(PrometheusNames.metricName("total.requests", "", MONOTONIC_SUM))
                .isEqualTo("total_requests_total");
    }

    @Test
    void colonsAreValidMetricNameCharacters() {
        assertThat(PrometheusNames.metricName("job:requests:rate5m", "", GAUGE))
                .isEqualTo("job:requests:rate5m");
        assertThat(PrometheusNames.metricName(":foo::bar", "", MONOTONIC_SUM))
                .isEqualTo(":foo::bar_total");
    }

    @Test
    void typeSuffixesDependOnTheKind() {
        assertThat(PrometheusNames.metricName("items", "1", GAUGE)).isEqualTo("items_ratio");
        assertThat(PrometheusNames.metricName("items", "1", MONOTONIC_SUM))
                .isEqualTo("items_total");
        assertThat(PrometheusNames.metricName("items", "1", NON_MONOTONIC_SUM)).isEqualTo("items");
        assertThat(PrometheusNames.metricName("items", "1", SUMMARY)).isEqualTo("items");
        assertThat(PrometheusNames.metricName("items", null, EXPONENTIAL_HISTOGRAM))
                .isEqualTo("items");
        assertThat(PrometheusNames.metricName("requests_total", "", NON_MONOTONIC_SUM))
                .isEqualTo("requests_total");
    }

    @Test
    void aNameMadeOfTheSuffixesAloneKeepsThem() {
        assertThat(PrometheusNames.metricName("total", "", MONOTONIC_SUM)).isEqualTo("total");
        assertThat(PrometheusNames.metricName("...", "By", GAUGE)).isEqualTo("bytes");
        assertThat(PrometheusNames.metricName("...", "", MONOTONIC_SUM)).isEqualTo("total");
    }

    @Test
    void nothingToNameIsAnError() {
        assertThatThrownBy(() -> PrometheusNames.metricName("(#)", "{request}", GAUGE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'(#)'");
        assertThatThrownBy(() -> PrometheusNames.metricName("", "", HISTOGRAM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The specification's unit table (Metric Metadata), plus 1 and the Collector's KBy. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "d, days",
        "h, hours",
        "min, minutes",
        "s, seconds",
        "ms, milliseconds",
        "us, microseconds",
        "ns, nanoseconds",
        "By, bytes",
        "KiBy, kibibytes",
        "MiBy, mebibytes",
        "GiBy, gibibytes",
        "TiBy, tebibytes",
        "kBy, kilobytes",
        "KBy, kilobytes",
        "MBy, megabytes",
        "GBy, gigabytes",
        "TBy, terabytes",
        "m, meters",
        "V, volts",
        "A, amperes",
        "J, joules",
        "W, watts",
        "g, grams",
        "Cel, celsius",
        "Hz, hertz",
        "%, percent",
        "1, ''",
        "'', ''",
        "{request}, ''",
        "By/s, bytes_per_second",
        "1/s, per_second",
        "{packet}/s, per_second",
        "By/{packet}, bytes",
        "m/s, meters_per_second",
        "By/m, bytes_per_minute",
        "1/min, per_minute",
        "GiBy/h, gibibytes_per_hour",
        "1/d, per_day",
        "1/w, per_week",
        "1/mo, per_month",
        "1/y, per_year",
        "km/h, km_per_hour",
        "packets, packets",
        "°F, F"
    })
    void unitsBecomeWords(String unit, String expected) {
        assertThat(PrometheusNames.unitName(unit)).isEqualTo(expected);
    }

    @Test
    void noUnitIsEmpty() {
        assertThat(PrometheusNames.unitName(null)).isEmpty();
        assertThat(PrometheusNames.metricName("up", null, GAUGE)).isEqualTo("up");
    }

    /** Attribute keys: the Collector's README examples, then the specification's collapsing. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "name, name",
        "host.name, host_name",
        "host_name, host_name",
        "'name (of the host)', name_of_the_host_",
        "'2 cents', key_2_cents",
        "service.name, service_name",
        "service.instance.id, service_instance_id",
        "http.response.status_code, http_response_status_code",
        "k8s.pod.name, k8s_pod_name",
        "foo..bar, foo_bar",
        "a-b/c, a_b_c",
        "_name, _name",
        "__name, _name",
        "__name__, _name_",
        "0, key_0",
        "9lives, key_9lives",
        ".9lives, _9lives",
        "über, _ber",
        "city😀name, city_name",
        "ALREADY_Valid_9, ALREADY_Valid_9"
    })
    void attributeKeysBecomeLabelNames(String key, String expected) {
        assertThat(PrometheusNames.labelName(key))
                .isEqualTo(expected)
                .matches("[a-zA-Z_][a-zA-Z0-9_]*");
        assertThat(PrometheusNames.labelName(expected)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "_", "...", "__", "😀"})
    void keysWithoutALetterOrDigitAreErrors(String key) {
        assertThatThrownBy(() -> PrometheusNames.labelName(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "'");
    }

    @Test
    void histogramsAndSummariesAreSeveralSeries() {
        String base = PrometheusNames.metricName("http.server.request.duration", "s", HISTOGRAM);
        assertThat(PrometheusNames.histogramSeries(base))
                .containsExactly(
                        "http_server_request_duration_seconds_bucket",
                        "http_server_request_duration_seconds_sum",
                        "http_server_request_duration_seconds_count");
        assertThat(PrometheusNames.seriesNames(base, HISTOGRAM))
                .isEqualTo(PrometheusNames.histogramSeries(base));
        assertThat(PrometheusNames.seriesNames("rpc_latency_seconds", SUMMARY))
                .containsExactly(
                        "rpc_latency_seconds",
                        "rpc_latency_seconds_sum",
                        "rpc_latency_seconds_count");
        assertThat(PrometheusNames.seriesNames("rpc_latency_seconds", EXPONENTIAL_HISTOGRAM))
                .containsExactly("rpc_latency_seconds");
        assertThat(PrometheusNames.seriesNames("requests_total", MONOTONIC_SUM))
                .containsExactly("requests_total");
    }

    @Test
    void kindsOfTheModel() {
        assertThat(Kind.of(MetricType.GAUGE, true)).isEqualTo(GAUGE);
        assertThat(Kind.of(MetricType.SUM, true)).isEqualTo(MONOTONIC_SUM);
        assertThat(Kind.of(MetricType.SUM, false)).isEqualTo(NON_MONOTONIC_SUM);
        assertThat(Kind.of(MetricType.HISTOGRAM, false)).isEqualTo(HISTOGRAM);
        assertThat(Kind.of(MetricType.EXPONENTIAL_HISTOGRAM, false))
                .isEqualTo(EXPONENTIAL_HISTOGRAM);
        assertThat(Kind.of(MetricType.SUMMARY, false)).isEqualTo(SUMMARY);
    }

    @Test
    void namesAreCheckedAsPrometheusDefinesThem() {
        assertThat(PrometheusNames.isValidMetricName("http_requests_total")).isTrue();
        assertThat(PrometheusNames.isValidMetricName("job:rate5m:sum")).isTrue();
        assertThat(PrometheusNames.isValidLabelName("_x9")).isTrue();
        assertThat(PrometheusNames.isValidLabelName("job:rate")).isFalse();
        assertThat(PrometheusNames.isValidMetricName("9x")).isFalse();
        assertThat(PrometheusNames.isValidMetricName("a-b")).isFalse();
        assertThat(PrometheusNames.isValidLabelName("é")).isFalse();
        assertThat(PrometheusNames.isValidMetricName("")).isFalse();
    }
}
