package io.vigil.udfs.remotewrite;

import static io.vigil.udfs.testing.RemoteWriteFixtures.writeRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.promql.Labels;
import io.vigil.udfs.promql.PointSamples;
import io.vigil.udfs.testing.RemoteWriteFixtures.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RemoteWriteTest {
    private static final long T = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private static String[] labels(String... pairs) {
        return pairs;
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> out = new LinkedHashMap<>();
        kvs.forEach(kv -> out.put(kv.getKey(), kv.getValue().getStringValue()));
        return out;
    }

    @Test
    void aCounterAndAGaugeOfOneTargetShareAResource() throws Exception {
        RemoteWrite.Converted c =
                RemoteWrite.convert(
                        writeRequest(
                                List.of(
                                        new Series(
                                                labels(
                                                        "__name__", "http_requests_total",
                                                        "code", "500",
                                                        "instance", "10.0.0.7:8080",
                                                        "job", "shop/checkout"),
                                                new long[] {T, T + 15_000},
                                                new double[] {3, 5},
                                                false),
                                        Series.of(
                                                labels(
                                                        "__name__", "process_open_fds",
                                                        "instance", "10.0.0.7:8080",
                                                        "job", "shop/checkout"),
                                                T,
                                                42))));

        assertThat(c.problems()).isEmpty();
        assertThat(c.series()).isEqualTo(2);
        assertThat(c.samples()).isEqualTo(3);
        assertThat(c.request().getResourceMetricsCount()).isEqualTo(1);
        ResourceMetrics r = c.request().getResourceMetrics(0);
        assertThat(attributes(r.getResource().getAttributesList()))
                .containsExactly(
                        Map.entry("service.namespace", "shop"),
                        Map.entry("service.name", "checkout"),
                        Map.entry("service.instance.id", "10.0.0.7:8080"));
        assertThat(r.getScopeMetrics(0).getScope().getName()).isEqualTo(RemoteWrite.SCOPE);
        List<Metric> metrics = r.getScopeMetrics(0).getMetricsList();
        assertThat(metrics)
                .extracting(Metric::getName)
                .containsExactly("http_requests_total", "process_open_fds");

        Metric counter = metrics.get(0);
        assertThat(counter.hasSum()).isTrue();
        assertThat(counter.getSum().getIsMonotonic()).isTrue();
        assertThat(counter.getSum().getAggregationTemporality())
                .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        assertThat(counter.getSum().getDataPointsList())
                .extracting(NumberDataPoint::getTimeUnixNano, NumberDataPoint::getAsDouble)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T * 1_000_000, 3.0),
                        org.assertj.core.groups.Tuple.tuple((T + 15_000) * 1_000_000, 5.0));
        assertThat(attributes(counter.getSum().getDataPoints(0).getAttributesList()))
                .containsExactly(Map.entry("code", "500"));

        Metric gauge = metrics.get(1);
        assertThat(gauge.hasGauge()).isTrue();
        assertThat(gauge.getGauge().getDataPoints(0).getAsDouble()).isEqualTo(42.0);
        assertThat(gauge.getGauge().getDataPoints(0).getAttributesList()).isEmpty();
    }

    @Test
    void rulesSeeEverySeriesUnderTheNameAndLabelsItWasSentWith() throws Exception {
        List<Series> sent =
                List.of(
                        Series.of(
                                labels(
                                        "__name__", "http_requests_total",
                                        "code", "200",
                                        "instance", "a:1",
                                        "job", "api"),
                                T,
                                7),
                        Series.of(
                                labels(
                                        "__name__", "http_request_duration_seconds_bucket",
                                        "instance", "a:1",
                                        "job", "api",
                                        "le", "0.25"),
                                T,
                                4),
                        Series.of(
                                labels("__name__", "up", "instance", "b:2", "job", "ns/db"), T, 1),
                        Series.of(labels("__name__", "node_load1", "instance", "c:3"), T, 0.5),
                        Series.of(labels("__name__", "cpu_usage_ratio", "job", "api"), T, 0.25));

        RemoteWrite.Converted c = RemoteWrite.convert(writeRequest(sent));
        DecodeResult<MetricPoint> decoded =
                new OtlpMetricDecoder(OtlpEncoding.PROTO).decode(c.request().toByteArray());
        assertThat(decoded.errors()).isEmpty();
        Map<Labels, Double> seen = new TreeMap<>();
        PointSamples samples = new PointSamples();
        for (MetricPoint p : decoded.records()) {
            samples.accept(p, (labels, at, value) -> seen.put(labels, value));
        }

        Map<Labels, Double> expected = new TreeMap<>();
        for (Series s : sent) {
            Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < s.labels().length; i += 2) {
                labels.put(s.labels()[i], s.labels()[i + 1]);
            }
            // the job's service name is a label too, as for every OTLP metric
            // (a series without one is unknown_service's, as any OTLP metric without a service)
            String job = labels.computeIfAbsent("job", k -> "unknown_service");
            labels.put("service_name", job.substring(job.indexOf('/') + 1));
            expected.put(Labels.of(labels), s.values()[0]);
        }
        // a counter's first sample is its baseline; the rules see it as sent
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void theStaleMarkerIsAPointWithNoRecordedValue() throws Exception {
        double stale = Double.longBitsToDouble(RemoteWrite.STALE_NAN_BITS);
        RemoteWrite.Converted c =
                RemoteWrite.convert(
                        writeRequest(
                                List.of(
                                        new Series(
                                                labels("__name__", "up", "job", "api"),
                                                new long[] {T, T + 1000, T + 2000},
                                                new double[] {1, Double.NaN, stale},
                                                false))));
        List<NumberDataPoint> points =
                c.request()
                        .getResourceMetrics(0)
                        .getScopeMetrics(0)
                        .getMetrics(0)
                        .getGauge()
                        .getDataPointsList();
        assertThat(points).extracting(NumberDataPoint::getFlags).containsExactly(0, 0, 1);
        assertThat(points.get(1).getAsDouble()).isNaN(); // a plain NaN is a value
        assertThat(points.get(2).hasAsDouble()).isFalse();
    }

    @Test
    void labelsInAnyOrderAreTakenAndEmptyOrReservedOnesAreNotAttributes() throws Exception {
        RemoteWrite.Converted c =
                RemoteWrite.convert(
                        writeRequest(
                                List.of(
                                        Series.of(
                                                labels(
                                                        "zone", "b",
                                                        "job", "api",
                                                        "__name__", "temperature",
                                                        "empty", "",
                                                        "__meta_x__", "y",
                                                        "area", "a"),
                                                T,
                                                21.5))));
        assertThat(c.problems()).isEmpty();
        Metric m = c.request().getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertThat(m.getName()).isEqualTo("temperature");
        assertThat(attributes(m.getGauge().getDataPoints(0).getAttributesList()))
                .containsExactly(Map.entry("area", "a"), Map.entry("zone", "b"));
    }

    @Test
    void aSeriesThatBreaksTheRulesIsRefusedByNameAndTheRestIsKept() throws Exception {
        List<Series> sent = new ArrayList<>();
        sent.add(Series.of(labels("job", "api"), T, 1));
        sent.add(Series.of(labels("__name__", "ok_one", "job", "api"), T, 1));
        sent.add(Series.of(labels("__name__", "9lives", "job", "api"), T, 1));
        sent.add(Series.of(labels("__name__", "x", "bad-label", "v"), T, 1));
        sent.add(Series.of(labels("__name__", "x", "a", "1", "a", "2"), T, 1));
        sent.add(Series.of(labels("__name__", "x", "", "v"), T, 1));
        sent.add(
                new Series(
                        labels("__name__", "latency", "job", "api"),
                        new long[0],
                        new double[0],
                        true));
        sent.add(Series.of(labels("__name__", "ok_two", "job", "api"), T, 2));

        RemoteWrite.Converted c = RemoteWrite.convert(writeRequest(sent));

        assertThat(c.problems())
                .containsExactly(
                        "timeseries[0] {job=\"api\"}: no __name__ label",
                        "timeseries[2] {__name__=\"9lives\", job=\"api\"}: metric name 9lives is"
                                + " not [a-zA-Z_:][a-zA-Z0-9_:]*",
                        "timeseries[3] {__name__=\"x\", bad-label=\"v\"}: label name bad-label is"
                                + " not [a-zA-Z_][a-zA-Z0-9_]*",
                        "timeseries[4] {__name__=\"x\", a=\"1\", a=\"2\"}: label a appears twice",
                        "timeseries[5] {__name__=\"x\", =\"v\"}: a label has no name",
                        "timeseries[6] {__name__=\"latency\", job=\"api\"}: native histogram"
                                + " samples are not read (remote-write 1.0 float samples only)");
        assertThat(c.series()).isEqualTo(2);
        assertThat(c.request().getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
                .extracting(Metric::getName)
                .containsExactly("ok_one", "ok_two");
    }

    @Test
    void aBodyThatIsNotAWriteRequestSaysWhereItBroke() {
        byte[] good = writeRequest(List.of(Series.of(labels("__name__", "up"), T, 1)));
        byte[] cut = java.util.Arrays.copyOf(good, 9);
        assertThatThrownBy(() -> RemoteWrite.convert(cut))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageStartingWith(
                        "not a remote-write WriteRequest: invalid protobuf at byte");
        assertThatThrownBy(() -> RemoteWrite.convert("hello, world".getBytes()))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("at byte");
    }

    @Test
    void anEmptyRequestIsAnEmptyExport() throws Exception {
        RemoteWrite.Converted c = RemoteWrite.convert(new byte[0]);
        assertThat(c.request().getResourceMetricsCount()).isZero();
        assertThat(c.series()).isZero();
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void rulesTakePrometheusNamesAsTheyAreAndASentServiceNameStays() throws Exception {
        List<Series> sent =
                List.of(
                        Series.of(
                                labels(
                                        "__name__", "jvm__memory_bytes",
                                        "area__kind", "heap",
                                        "job", "otel-collector",
                                        "service_name", "checkout"),
                                T,
                                3),
                        Series.of(labels("__name__", "_", "_", "x", "job", "a"), T, 1));
        RemoteWrite.Converted c = RemoteWrite.convert(writeRequest(sent));
        Map<String, Double> seen = new TreeMap<>();
        PointSamples samples = new PointSamples();
        for (MetricPoint p :
                new OtlpMetricDecoder(OtlpEncoding.PROTO)
                        .decode(c.request().toByteArray())
                        .records()) {
            samples.accept(p, (l, at, value) -> seen.put(l.toString(), value));
        }
        assertThat(seen)
                .containsOnlyKeys(
                        "jvm__memory_bytes{area__kind=\"heap\", job=\"otel-collector\","
                                + " service_name=\"checkout\"}",
                        "_{_=\"x\", job=\"a\", service_name=\"a\"}");
    }

    @Test
    void aMetricWithManySeriesIsCutSoNoKafkaMessageOutgrowsItsLimit() throws Exception {
        List<Series> sent = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            sent.add(Series.of(labels("__name__", "x", "job", "a", "i", "" + i), T, i));
        }
        List<Metric> metrics =
                RemoteWrite.convert(writeRequest(sent))
                        .request()
                        .getResourceMetrics(0)
                        .getScopeMetrics(0)
                        .getMetricsList();
        assertThat(metrics).extracting(Metric::getName).containsOnly("x");
        assertThat(metrics)
                .extracting(m -> m.getGauge().getDataPointsCount())
                .containsExactly(1_000, 1_000, 500);
    }

    @Test
    void timesOutsideOtlpAndOversizedLabelsAreRefused() throws Exception {
        String big = "v".repeat(RemoteWrite.MAX_LABEL_BYTES);
        RemoteWrite.Converted c =
                RemoteWrite.convert(
                        writeRequest(
                                List.of(
                                        Series.of(labels("__name__", "a"), -1, 1),
                                        Series.of(
                                                labels("__name__", "b"),
                                                RemoteWrite.MAX_TIME_MILLIS + 1,
                                                1),
                                        Series.of(labels("__name__", "c", "big", big), T, 1),
                                        Series.of(
                                                labels("__name__", "d"),
                                                RemoteWrite.MAX_TIME_MILLIS,
                                                1))));
        assertThat(c.problems())
                .containsExactly(
                        "timeseries[0] {__name__=\"a\"}: sample time -1 ms is before 1970 or after"
                                + " 2262",
                        "timeseries[1] {__name__=\"b\"}: sample time 9223372036855 ms is before"
                                + " 1970 or after 2262",
                        "timeseries[2] {__name__=\"c\", big=\""
                                + "v".repeat(100)
                                + "…(65536 characters)\"}: labels take 65548 characters; at most"
                                + " 65536");
        assertThat(c.series()).isEqualTo(1);
    }

    @Test
    void aFieldOfTheWrongWireTypeIsSkippedNotMisread() throws Exception {
        // TimeSeries { Label { name as a varint 5 (wrong), value "x" }, Sample { 1.0, T } }
        java.io.ByteArrayOutputStream label = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream l =
                com.google.protobuf.CodedOutputStream.newInstance(label);
        l.writeInt32(1, 5);
        l.writeString(2, "x");
        l.flush();
        java.io.ByteArrayOutputStream series = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream t =
                com.google.protobuf.CodedOutputStream.newInstance(series);
        t.writeByteArray(1, label.toByteArray());
        t.flush();
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        com.google.protobuf.CodedOutputStream r =
                com.google.protobuf.CodedOutputStream.newInstance(request);
        r.writeByteArray(1, series.toByteArray());
        r.flush();
        assertThat(RemoteWrite.convert(request.toByteArray()).problems())
                .containsExactly("timeseries[0] {=\"x\"}: a label has no name");
    }
}
