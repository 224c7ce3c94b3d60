package io.vigil.udfs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fixtures other modules build on do what their Javadoc promises. */
class OtlpFixturesTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void requestsHoldExactlyTheAskedNumberOfValidRecords(boolean json) {
        DecodeResult<SpanRecord> spans =
                new OtlpSpanDecoder(OtlpEncoding.AUTO)
                        .decode(OtlpFixtures.tracesRequest(123, 7, json));
        DecodeResult<LogEvent> logs =
                new OtlpLogDecoder(OtlpEncoding.AUTO).decode(OtlpFixtures.logsRequest(77, 7, json));
        DecodeResult<MetricPoint> metrics =
                new OtlpMetricDecoder(OtlpEncoding.AUTO)
                        .decode(OtlpFixtures.metricsRequest(55, 7, json));

        assertThat(spans.errors()).isEmpty();
        assertThat(spans.records()).hasSize(123);
        assertThat(logs.errors()).isEmpty();
        assertThat(logs.records()).hasSize(77);
        assertThat(metrics.errors()).isEmpty();
        assertThat(metrics.records()).hasSize(55);
        assertThat(metrics.records())
                .extracting(MetricPoint::type)
                .containsOnly(MetricType.values());
        assertThat(spans.records())
                .extracting(SpanRecord::serviceName)
                .containsAnyElementsOf(OtlpFixtures.SERVICES)
                .allMatch(OtlpFixtures.SERVICES::contains);
        assertThat(spans.records())
                .allSatisfy(
                        s ->
                                assertThat(s.startTimeUnixNano())
                                        .isGreaterThanOrEqualTo(OtlpFixtures.BASE_NANOS));
    }

    @Test
    void sameArgumentsSameBytes() {
        assertThat(OtlpFixtures.tracesRequest(20, 3, false))
                .isEqualTo(OtlpFixtures.tracesRequest(20, 3, false))
                .isNotEqualTo(OtlpFixtures.tracesRequest(20, 4, false));
        assertThat(OtlpFixtures.malformed("metrics", 16, 3))
                .usingRecursiveComparison()
                .isEqualTo(OtlpFixtures.malformed("metrics", 16, 3));
    }

    @Test
    void sharedDirHoldsTheContracts() {
        assertThat(Path.of(OtlpFixtures.sharedDir()).resolve("contracts")).isDirectory();
        assertThat(Files.isRegularFile(OtlpFixtures.otlpExample("trace"))).isTrue();
        assertThat(OtlpFixtures.readJson(OtlpFixtures.otlpExample("trace")).has("resourceSpans"))
                .isTrue();
    }
}
