package io.vigil.udfs.otlp;

import static io.vigil.udfs.testing.ModelAssertions.assertSameRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.AttributeType;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import io.vigil.udfs.model.Temporality;
import io.vigil.udfs.testing.OtlpFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The official OTLP JSON examples (opentelemetry-proto {@code examples/}) decode from JSON, and the
 * same requests as protobuf decode to exactly the same records, whatever the encoding setting.
 */
class OtlpExamplesTest {

    private static final long TIME = 1_544_712_660_300_000_000L;
    private static final Attribute[] RESOURCE = {Attribute.string("service.name", "my.service")};

    @Test
    void traceExample() throws Exception {
        List<SpanRecord> spans =
                decodeBothWays(
                        "trace", ExportTraceServiceRequest.newBuilder(), OtlpSpanDecoder::new);

        assertThat(spans).hasSize(1);
        SpanRecord span = spans.get(0);
        assertThat(span)
                .usingRecursiveComparison()
                .ignoringFields("attributes", "resource", "events", "links")
                .isEqualTo(
                        new SpanRecord(
                                "5b8efff798038103d269b633813fc60c",
                                "eee19b7ec3c1b174",
                                "eee19b7ec3c1b173",
                                "",
                                "I'm a server span",
                                SpanKind.SERVER,
                                1_544_712_660_000_000_000L,
                                1_544_712_661_000_000_000L,
                                Attribute.NONE,
                                new SpanEventRecord[0],
                                new SpanLinkRecord[0],
                                StatusCode.UNSET,
                                "",
                                0,
                                Attribute.NONE,
                                "my.library",
                                "1.0.0",
                                "my.service"));
        assertThat(span.attributes())
                .containsExactly(Attribute.string("my.span.attr", "some value"));
        assertThat(span.resource()).containsExactly(RESOURCE);
        assertThat(span.events()).isEmpty();
        assertThat(span.links()).isEmpty();
        assertThat(span.durationNanos()).isEqualTo(1_000_000_000L);
    }

    @Test
    void logsExample() throws Exception {
        List<LogEvent> logs =
                decodeBothWays("logs", ExportLogsServiceRequest.newBuilder(), OtlpLogDecoder::new);

        assertThat(logs).hasSize(1);
        LogEvent log = logs.get(0);
        assertThat(log.timeUnixNano()).isEqualTo(TIME);
        assertThat(log.observedTimeUnixNano()).isEqualTo(TIME);
        assertThat(log.severityNumber()).isEqualTo(10);
        assertThat(log.severityText()).isEqualTo("Information");
        assertThat(log.body()).isEqualTo("Example log record");
        assertThat(log.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(log.spanId()).isEqualTo("eee19b7ec3c1b174");
        assertThat(log.flags()).isZero();
        assertThat(log.attributes())
                .containsExactly(
                        Attribute.string("string.attribute", "some string"),
                        new Attribute("boolean.attribute", AttributeType.BOOL, "true"),
                        new Attribute("int.attribute", AttributeType.INT64, "10"),
                        new Attribute("double.attribute", AttributeType.FLOAT64, "637.704"),
                        new Attribute(
                                "array.attribute", AttributeType.ARRAY, "[\"many\",\"values\"]"),
                        new Attribute(
                                "map.attribute",
                                AttributeType.KVLIST,
                                "{\"some.map.key\":\"some value\"}"));
        assertThat(log.resource()).containsExactly(RESOURCE);
        assertThat(log.scopeName()).isEqualTo("my.library");
        assertThat(log.scopeVersion()).isEqualTo("1.0.0");
        assertThat(log.serviceName()).isEqualTo("my.service");
    }

    @Test
    void metricsExample() throws Exception {
        List<MetricPoint> points =
                decodeBothWays(
                        "metrics",
                        ExportMetricsServiceRequest.newBuilder(),
                        OtlpMetricDecoder::new);

        assertThat(points)
                .extracting(MetricPoint::name, MetricPoint::type, MetricPoint::temporality)
                .containsExactly(
                        tuple("my.counter", MetricType.SUM, Temporality.DELTA),
                        tuple("my.gauge", MetricType.GAUGE, Temporality.UNSPECIFIED),
                        tuple("my.histogram", MetricType.HISTOGRAM, Temporality.DELTA),
                        tuple(
                                "my.exponential.histogram",
                                MetricType.EXPONENTIAL_HISTOGRAM,
                                Temporality.DELTA));
        assertThat(points).allSatisfy(p -> assertThat(p.timeUnixNano()).isEqualTo(TIME));
        assertThat(points).allSatisfy(p -> assertThat(p.serviceName()).isEqualTo("my.service"));

        MetricPoint counter = points.get(0);
        assertThat(counter.monotonic()).isTrue();
        assertThat(counter.value()).isEqualTo(5.0);
        assertThat(counter.startTimeUnixNano()).isEqualTo(TIME);
        assertThat(counter.attributes())
                .containsExactly(Attribute.string("my.counter.attr", "some value"));
        assertThat(counter.sum()).isNaN();

        MetricPoint gauge = points.get(1);
        assertThat(gauge.value()).isEqualTo(10.0);
        assertThat(gauge.startTimeUnixNano()).isZero();
        assertThat(gauge.monotonic()).isFalse();

        MetricPoint histogram = points.get(2);
        assertThat(histogram.value()).isNaN();
        assertThat(histogram.count()).isEqualTo(2);
        assertThat(histogram.sum()).isEqualTo(2.0);
        assertThat(histogram.min()).isEqualTo(0.0);
        assertThat(histogram.max()).isEqualTo(2.0);
        assertThat(histogram.explicitBounds()).containsExactly(1.0);
        assertThat(histogram.bucketCounts()).containsExactly(1, 1);

        MetricPoint exponential = points.get(3);
        assertThat(exponential.count()).isEqualTo(3);
        assertThat(exponential.sum()).isEqualTo(10.0);
        assertThat(exponential.min()).isEqualTo(0.0);
        assertThat(exponential.max()).isEqualTo(5.0);
        assertThat(exponential.scale()).isZero();
        assertThat(exponential.zeroCount()).isEqualTo(1);
        assertThat(exponential.positiveOffset()).isEqualTo(1);
        assertThat(exponential.positiveBucketCounts()).containsExactly(0, 2);
        assertThat(exponential.negativeBucketCounts()).isEmpty();
    }

    /**
     * Decodes an example as JSON (with JSON and AUTO encodings) and as protobuf (with PROTO and
     * AUTO), asserts no errors and the same records every way, and returns them.
     */
    private static <T> List<T> decodeBothWays(
            String example,
            Message.Builder builder,
            Function<OtlpEncoding, OtlpDecoder<T>> decoders)
            throws IOException, OtlpDecodeException {
        byte[] json = Files.readAllBytes(OtlpFixtures.otlpExample(example));
        byte[] proto = OtlpJson.merge(json, builder).build().toByteArray();

        DecodeResult<T> fromJson = decoders.apply(OtlpEncoding.JSON).decode(json);
        assertThat(fromJson.errors()).isEmpty();
        assertThat(fromJson.records()).isNotEmpty();
        for (DecodeResult<T> other :
                List.of(
                        decoders.apply(OtlpEncoding.AUTO).decode(json),
                        decoders.apply(OtlpEncoding.PROTO).decode(proto),
                        decoders.apply(OtlpEncoding.AUTO).decode(proto))) {
            assertThat(other.errors()).isEmpty();
            assertSameRecords(other.records(), fromJson.records());
        }
        return fromJson.records();
    }
}
