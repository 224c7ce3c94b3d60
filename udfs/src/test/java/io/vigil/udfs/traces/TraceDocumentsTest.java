package io.vigil.udfs.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.Temporality;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.promql.PointSamples;
import io.vigil.udfs.testing.TraceFixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TraceDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TraceDocuments DOCS = new TraceDocuments("vigil");

    /** The frontend's first minute of the shop (see {@link RedWindowTest} for the numbers). */
    private static RedWindow frontendMinute0() {
        RedWindow w = new RedWindow();
        for (SpanRecord s : TraceFixtures.decode(TraceFixtures.shop())) {
            if (RedWindow.isRequest(s)
                    && s.serviceName().equals("frontend")
                    && s.endTimeUnixNano() < TraceFixtures.nanos(60)) {
                w.add(s);
            }
        }
        return w.window(TraceFixtures.T0.toEpochMilli(), 60_000);
    }

    @Test
    void redDocumentsHaveOnePerOperationAndOneForTheService() throws Exception {
        List<EsDocument> docs = DOCS.red(frontendMinute0());
        assertThat(docs).hasSize(3);
        assertThat(docs).extracting(EsDocument::index).containsOnly("vigil-red-2026.01.01");
        assertThat(docs).extracting(EsDocument::id).doesNotHaveDuplicates();
        assertThat(DOCS.red(frontendMinute0()))
                .extracting(EsDocument::id)
                .as("ids are deterministic")
                .isEqualTo(docs.stream().map(EsDocument::id).toList());

        Map<String, JsonNode> byScope = new TreeMap<>();
        for (EsDocument d : docs) {
            JsonNode red = JSON.readTree(d.json()).at("/vigil/red");
            byScope.put(red.path("scope").asText() + ":" + red.path("operation").asText(), red);
            JsonNode root = JSON.readTree(d.json());
            assertThat(root.get("@timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(root.at("/service/name").asText()).isEqualTo("frontend");
            assertThat(root.at("/event/dataset").asText()).isEqualTo("vigil.red");
        }
        JsonNode service = byScope.get("service:");
        assertThat(service.get("requests").asLong()).isEqualTo(8);
        assertThat(service.get("errors").asLong()).isEqualTo(1);
        assertThat(service.get("error_rate").asDouble()).isEqualTo(0.125);
        assertThat(service.get("request_rate").asDouble())
                .isCloseTo(8 / 60.0, withinPercentage(0.001));
        assertThat(service.at("/duration/sum_us").asLong()).isEqualTo(3_220_000);
        assertThat(service.at("/duration/max_us").asLong()).isEqualTo(1_500_000);
        assertThat((double) service.at("/duration/p95_us").asLong())
                .isCloseTo(500_000, withinPercentage(1));
        assertThat(service.get("top_operation_by_total_time").asText()).isEqualTo("POST /checkout");
        long histogramCount = 0;
        for (JsonNode c : service.at("/duration/histogram/counts")) {
            histogramCount += c.asLong();
        }
        assertThat(histogramCount).isEqualTo(8);

        JsonNode products = byScope.get("operation:GET /products");
        assertThat(products.get("requests").asLong()).isEqualTo(5);
        assertThat(products.at("/rank/by_total_time").asInt()).isEqualTo(2);
        assertThat(products.at("/rank/by_p95").asInt()).isEqualTo(2);
        assertThat(byScope.get("operation:POST /checkout").at("/rank/by_total_time").asInt())
                .isEqualTo(1);
    }

    @Test
    void derivedMetricsAreOtlpTheMetricsJobCanRead() {
        byte[] otlp = TraceDocuments.derivedMetrics(frontendMinute0());
        List<MetricPoint> points = new OtlpMetricDecoder(OtlpEncoding.PROTO).decode(otlp).records();

        Map<String, List<MetricPoint>> byName =
                points.stream()
                        .collect(
                                Collectors.groupingBy(
                                        MetricPoint::name, TreeMap::new, Collectors.toList()));
        assertThat(byName.keySet())
                .containsExactly(
                        "vigil.operation.duration",
                        "vigil.operation.error_rate",
                        "vigil.operation.errors",
                        "vigil.operation.request.duration",
                        "vigil.operation.request_rate",
                        "vigil.operation.requests",
                        "vigil.service.duration",
                        "vigil.service.error_rate",
                        "vigil.service.errors",
                        "vigil.service.request.duration",
                        "vigil.service.request_rate",
                        "vigil.service.requests");
        assertThat(points).allSatisfy(p -> assertThat(p.serviceName()).isEqualTo("frontend"));
        MetricPoint requests = byName.get("vigil.service.requests").get(0);
        assertThat(requests.type()).isEqualTo(MetricType.SUM);
        assertThat(requests.temporality()).isEqualTo(Temporality.DELTA);
        assertThat(requests.value()).isEqualTo(8);
        assertThat(requests.timeUnixNano() - requests.startTimeUnixNano())
                .isEqualTo(60_000_000_000L);
        MetricPoint duration = byName.get("vigil.service.duration").get(0);
        assertThat(duration.count()).isEqualTo(8);
        assertThat(duration.sum()).isEqualTo(3_220_000);
        assertThat(duration.quantiles()).containsExactly(0, 0.5, 0.95, 0.99, 1);
        assertThat(duration.quantileValues()[0]).isEqualTo(100_000);
        assertThat(duration.quantileValues()[4]).isEqualTo(1_500_000);
        assertThat(byName.get("vigil.operation.requests"))
                .extracting(p -> p.attributes()[0].value() + "=" + (long) p.value())
                .containsExactlyInAnyOrder("GET /products=5", "POST /checkout=3");

        // The histogram: 0.1 | 0.12 0.14 0.16 | 0.3 0.4 0.5 | 1.5 s (see RedWindowTest)
        MetricPoint histogram = byName.get("vigil.service.request.duration").get(0);
        assertThat(histogram.type()).isEqualTo(MetricType.HISTOGRAM);
        assertThat(histogram.temporality()).isEqualTo(Temporality.DELTA);
        assertThat(histogram.unit()).isEqualTo("s");
        assertThat(histogram.description()).isEqualTo("Request duration");
        assertThat(histogram.attributes()).isEmpty();
        assertThat(histogram.explicitBounds())
                .containsExactly(
                        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10);
        assertThat(histogram.bucketCounts())
                .containsExactly(0, 0, 0, 0, 0, 1, 3, 3, 0, 0, 1, 0, 0, 0, 0);
        assertThat(histogram.count()).isEqualTo(8);
        assertThat(histogram.sum()).isEqualTo(3.22);
        assertThat(histogram.min()).isEqualTo(0.1);
        assertThat(histogram.max()).isEqualTo(1.5);
        assertThat(histogram.startTimeUnixNano()).isEqualTo(requests.startTimeUnixNano());
        assertThat(histogram.timeUnixNano()).isEqualTo(requests.timeUnixNano());
        // As the metrics job's rules see it, the latency SLI "faster than 0.25 s": 4 of 8.
        Map<String, Double> samples = new TreeMap<>();
        new PointSamples()
                .accept(
                        histogram,
                        (labels, at, value) ->
                                samples.put(
                                        labels.metricName() + "{le=" + labels.get("le") + "}",
                                        value));
        assertThat(
                        samples.get("vigil_service_request_duration_seconds_bucket{le=0.25}")
                                / samples.get("vigil_service_request_duration_seconds_count{le=}"))
                .isEqualTo(0.5);
        assertThat(byName.get("vigil.operation.request.duration"))
                .extracting(
                        p ->
                                p.attributes()[0].value()
                                        + " "
                                        + p.count()
                                        + " "
                                        + Arrays.toString(p.bucketCounts())
                                        + " "
                                        + p.sum()
                                        + " "
                                        + p.min()
                                        + "–"
                                        + p.max())
                .containsExactlyInAnyOrder(
                        "GET /products 5 [0, 0, 0, 0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0] 1.02 0.1–0.5",
                        "POST /checkout 3 [0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0] 2.2 0.3–1.5");
    }

    /**
     * The derived RED metrics under their Prometheus names, as rules and SLOs select them (the
     * table in docs/rules.md): each series name with its label names ({@code le} and {@code
     * quantile} values aside).
     */
    @Test
    void derivedMetricsInPromQL() {
        byte[] otlp = TraceDocuments.derivedMetrics(frontendMinute0());
        List<MetricPoint> points = new OtlpMetricDecoder(OtlpEncoding.PROTO).decode(otlp).records();
        Map<String, Set<String>> series = new TreeMap<>();
        PointSamples samples = new PointSamples();
        for (MetricPoint p : points) {
            samples.accept(
                    p,
                    (labels, at, value) -> {
                        SortedMap<String, String> l = labels.toMap();
                        String name = l.remove("__name__");
                        series.computeIfAbsent(name, k -> new TreeSet<>())
                                .add(String.join(",", l.keySet()));
                        assertThat(l).containsEntry("service_name", "frontend");
                        assertThat(l).containsEntry("job", "frontend");
                    });
        }
        String service = "job,service_name";
        String operation = "job,service_name,span_name";
        assertThat(series)
                .containsExactly(
                        Map.entry(
                                "vigil_operation_duration_microseconds",
                                Set.of("job,quantile,service_name,span_name")),
                        Map.entry("vigil_operation_duration_microseconds_count", Set.of(operation)),
                        Map.entry("vigil_operation_duration_microseconds_sum", Set.of(operation)),
                        Map.entry("vigil_operation_error_rate_ratio", Set.of(operation)),
                        Map.entry("vigil_operation_errors_total", Set.of(operation)),
                        Map.entry(
                                "vigil_operation_request_duration_seconds_bucket",
                                Set.of("job,le,service_name,span_name")),
                        Map.entry(
                                "vigil_operation_request_duration_seconds_count",
                                Set.of(operation)),
                        Map.entry(
                                "vigil_operation_request_duration_seconds_sum", Set.of(operation)),
                        Map.entry("vigil_operation_request_rate_per_second", Set.of(operation)),
                        Map.entry("vigil_operation_requests_total", Set.of(operation)),
                        Map.entry(
                                "vigil_service_duration_microseconds",
                                Set.of("job,quantile,service_name")),
                        Map.entry("vigil_service_duration_microseconds_count", Set.of(service)),
                        Map.entry("vigil_service_duration_microseconds_sum", Set.of(service)),
                        Map.entry("vigil_service_error_rate_ratio", Set.of(service)),
                        Map.entry("vigil_service_errors_total", Set.of(service)),
                        Map.entry(
                                "vigil_service_request_duration_seconds_bucket",
                                Set.of("job,le,service_name")),
                        Map.entry("vigil_service_request_duration_seconds_count", Set.of(service)),
                        Map.entry("vigil_service_request_duration_seconds_sum", Set.of(service)),
                        Map.entry("vigil_service_request_rate_per_second", Set.of(service)),
                        Map.entry("vigil_service_requests_total", Set.of(service)));
    }

    @Test
    void derivedMetricsOfAWindowRestoredWithoutBucketsHaveNoHistogram() {
        RedWindow old =
                RedWindow.fromBytes(
                        HexFormat.of().parseHex(RedWindowTest.FRONTEND_MINUTE_0_WITHOUT_BUCKETS));
        List<MetricPoint> points =
                new OtlpMetricDecoder(OtlpEncoding.PROTO)
                        .decode(TraceDocuments.derivedMetrics(old))
                        .records();
        assertThat(points)
                .extracting(MetricPoint::name)
                .contains("vigil.service.duration", "vigil.operation.duration")
                .doesNotContain(
                        "vigil.service.request.duration", "vigil.operation.request.duration");
    }

    @Test
    void topologyMessageNamesTheEdgeAndItsCalls() throws Exception {
        RedStats stats = new RedStats().record(10_000, false).record(30_000, true);
        JsonNode edge =
                JSON.readTree(
                        TraceDocuments.topology(
                                new EdgeWindow(
                                        "checkout",
                                        "payment",
                                        TraceFixtures.T0.toEpochMilli(),
                                        60_000,
                                        stats)));
        assertThat(edge.get("@timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(edge.get("parent").asText()).isEqualTo("checkout");
        assertThat(edge.get("child").asText()).isEqualTo("payment");
        assertThat(edge.get("calls").asLong()).isEqualTo(2);
        assertThat(edge.get("errors").asLong()).isEqualTo(1);
        assertThat(edge.get("error_rate").asDouble()).isEqualTo(0.5);
        assertThat(edge.at("/duration/max_us").asLong()).isEqualTo(30_000);
        assertThat(edge.at("/duration/histogram").isMissingNode()).isTrue();
    }

    @Test
    void slowRequestDocumentNamesTheDominantSpanAndServiceShares() throws Exception {
        List<SpanNode> buy = new ArrayList<>();
        for (SpanRecord s : TraceFixtures.decode(TraceFixtures.shop())) {
            if (s.traceId().endsWith("0000000000000008")) {
                buy.add(SpanNode.of(s));
            }
        }
        TraceAnalysis a = TraceAnalysis.of(buy, 1_000_000);
        TraceAnalysis.SlowRequest checkout =
                a.slowRequests().stream()
                        .filter(r -> r.request().service().equals("checkout"))
                        .findFirst()
                        .orElseThrow();
        EsDocument doc = DOCS.slowRequest("54000000000000000000000000000008", checkout, 1_000_000);
        JsonNode root = JSON.readTree(doc.json());
        assertThat(doc.index()).isEqualTo("vigil-slow-requests-2026.01.01");
        assertThat(root.at("/service/name").asText()).isEqualTo("checkout");
        JsonNode slow = root.at("/vigil/slow_request");
        assertThat(slow.get("operation").asText()).isEqualTo("POST /orders");
        assertThat(slow.get("duration_us").asLong()).isEqualTo(1_480_000);
        assertThat(slow.at("/dominant/service").asText()).isEqualTo("payment");
        assertThat(slow.at("/dominant/self_us").asLong()).isEqualTo(750_000);
        assertThat(slow.at("/dominant/share").asDouble()).isEqualTo(0.5068);
        // checkout: 660 + 10 + 10 = 680 ms on its own path; payment 750; inventory 50
        assertThat(slow.get("services").toString())
                .isEqualTo(
                        "[{\"name\":\"payment\",\"self_us\":750000,\"share\":0.5068},"
                                + "{\"name\":\"checkout\",\"self_us\":680000,\"share\":0.4595},"
                                + "{\"name\":\"inventory\",\"self_us\":50000,\"share\":0.0338}]");
    }
}
