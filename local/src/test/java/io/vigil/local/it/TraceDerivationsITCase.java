package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.testing.TraceFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The traces job on the real stack derives, from the shop of {@link TraceFixtures} (four services
 * and a database, sent per minute and service with callees first, so out of event-time order), RED
 * metrics equal to values computed by hand, the shop's call graph in Jaeger's dependencies index
 * and on {@code vigil.topology}, RED as OTLP on {@code vigil.metrics.derived}, and the slow
 * requests with their critical path. A late span within the allowed lateness corrects its minute;
 * one after it leaves the minute as it was.
 */
@ExtendWith(RealStack.class)
class TraceDerivationsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MINUTE_0 = "2026-01-01T00:00:00.000Z";
    private static final String MINUTE_1 = "2026-01-01T00:01:00.000Z";
    private static final String MINUTE_2 = "2026-01-01T00:02:00.000Z";
    private static final Map<String, Long> CALL_GRAPH =
            new TreeMap<>(
                    Map.of(
                            "checkout→inventory", 4L,
                            "checkout→payment", 4L,
                            "frontend→checkout", 4L,
                            "frontend→inventory", 7L,
                            "inventory→postgres", 7L));

    @Test
    void redGraphAndSlowRequestsOfTheShop() throws Exception {
        // Each service's spans of a minute are exported together, shuffled: out of order by up to
        // 30 s. With a 35 s bound none of them is late however the job's reads interleave with
        // its watermarks. The input pauses between the phases below while the test reads the
        // results; an idleness timeout longer than those pauses keeps the partition active, so
        // no subtask comes back from idle behind another (see JobsHarness).
        try (JobsHarness it =
                new JobsHarness("shop", Duration.ofSeconds(35), Duration.ofSeconds(30))) {
            JobClient job = it.startUnbounded();
            try {
                run(it);
            } finally {
                JobsHarness.stop(job);
            }
        }
    }

    private void run(JobsHarness it) throws Exception {
        String spans = it.topic("otlp_spans");
        // The shop, then a tick at 100 s: the watermark reaches 65 s and closes minute 0.
        List<ExportTraceServiceRequest> shop = new ArrayList<>(TraceFixtures.shop());
        shop.add(TraceFixtures.tick(299, 100));
        it.produce(spans, 0, bytes(shop));

        // Minute 0 as computed by hand in RedWindowTest.
        JsonNode frontend = awaitRed(it, "frontend", "", MINUTE_0, 8);
        assertRed(frontend, 8, 1, 3220, 160, 500, 500);
        assertRed(red(it, "frontend", "GET /products", MINUTE_0), 5, 0, 1020, 140, 160, 160);
        assertRed(red(it, "frontend", "POST /checkout", MINUTE_0), 3, 1, 2200, 400, 400, 400);
        assertRed(awaitRed(it, "inventory", "", MINUTE_0, 8), 8, 0, 1070, 80, 140, 140);
        assertRed(red(it, "inventory", "GET /stock", MINUTE_0), 5, 0, 920, 120, 140, 140);
        assertRed(red(it, "inventory", "PUT /reserve", MINUTE_0), 3, 0, 150, 50, 50, 50);
        assertRed(awaitRed(it, "checkout", "", MINUTE_0, 3), 3, 1, 2140, 380, 380, 380);
        assertRed(awaitRed(it, "payment", "", MINUTE_0, 3), 3, 1, 1100, 200, 200, 200);
        assertThat(
                        red(it, "frontend", "POST /checkout", MINUTE_0)
                                .at("/rank/by_total_time")
                                .asInt())
                .isEqualTo(1);

        // A late request of 200 ms at 50 s, within the allowed lateness: minute 0 is rewritten.
        it.produce(spans, 0, bytes(List.of(TraceFixtures.request(200, 50, 200))));
        // frontend: 100 120 140 160 200 300 400 500 1500 → p50 rank 4 = 200, p95 rank 7 = 500
        assertRed(awaitRed(it, "frontend", "", MINUTE_0, 9), 9, 1, 3420, 200, 500, 500);
        // GET /products: 100 120 140 160 200 500 → p50 rank 2 = 140, p95 rank 4 = 200
        assertRed(red(it, "frontend", "GET /products", MINUTE_0), 6, 0, 1220, 140, 200, 200);

        // The watermark passes 2 min (tick at 160 s): minute 0 is final and minute 1 closes (110
        // 130 600).
        it.produce(spans, 0, bytes(List.of(TraceFixtures.tick(300, 160))));
        assertRed(awaitRed(it, "frontend", "", MINUTE_1, 3), 3, 0, 840, 130, 130, 130);
        // A request at 55 s now is too late: counted, not in RED. The tick closes minute 2.
        it.produce(
                spans,
                0,
                bytes(List.of(TraceFixtures.request(201, 55, 300), TraceFixtures.tick(301, 220))));
        awaitRed(it, "ticker", "", MINUTE_2, 1);
        assertRed(red(it, "frontend", "", MINUTE_0), 9, 1, 3420, 200, 500, 500);

        // Jaeger's dependencies: one document for the hour, the shop's call graph.
        String deps = "it-shop-jaeger-dependencies-2026-01-01";
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(
                        () -> {
                            assertThat(it.es.count(deps)).as("documents in " + deps).isEqualTo(1);
                            assertThat(
                                            dependencies(
                                                    it.es.get(
                                                            "/"
                                                                    + deps
                                                                    + "/_doc/vigil-2026-01-01T00:00:00Z")))
                                    .isEqualTo(CALL_GRAPH);
                        });
        JsonNode doc = it.es.get("/" + deps + "/_doc/vigil-2026-01-01T00:00:00Z").path("_source");
        assertThat(doc.get("timestamp").asText())
                .as("the latest window with calls: the minute-1 traces completed in minute 1")
                .isEqualTo("2026-01-01T00:01:00Z");

        // The same edges, with errors and percentiles, on vigil.topology.
        Map<String, long[]> edges = new TreeMap<>();
        it.consumeUntil(
                it.topic("topology"),
                records -> {
                    // The latest message per edge and window wins (late calls resend a window).
                    Map<String, JsonNode> latest = new TreeMap<>();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        JsonNode e = read(r.value());
                        latest.put(
                                e.get("parent").asText()
                                        + "→"
                                        + e.get("child").asText()
                                        + "@"
                                        + e.get("@timestamp").asText(),
                                e);
                    }
                    edges.clear();
                    for (JsonNode e : latest.values()) {
                        long[] sums =
                                edges.computeIfAbsent(
                                        e.get("parent").asText() + "→" + e.get("child").asText(),
                                        k -> new long[2]);
                        sums[0] += e.get("calls").asLong();
                        sums[1] += e.get("errors").asLong();
                    }
                    Map<String, Long> calls = new TreeMap<>();
                    edges.forEach((k, v) -> calls.put(k, v[0]));
                    return calls.equals(CALL_GRAPH);
                });
        assertThat(edges.get("checkout→payment")[1]).isEqualTo(1);
        assertThat(edges.get("frontend→checkout")[1]).isEqualTo(1);
        assertThat(edges.get("frontend→inventory")[1]).isZero();

        // RED as OTLP metrics: the last word on the frontend's minute 0 is 9 requests.
        OtlpMetricDecoder decoder = new OtlpMetricDecoder(OtlpEncoding.PROTO);
        List<ConsumerRecord<byte[], byte[]>> derived =
                it.consumeUntil(
                        it.topic("metrics_derived"),
                        records -> frontendMinute0Requests(decoder, records) == 9);
        assertThat(
                        derived.stream()
                                .map(r -> new String(r.key(), StandardCharsets.UTF_8))
                                .distinct()
                                .sorted()
                                .toList())
                .containsExactly("checkout", "frontend", "inventory", "payment", "ticker");

        // The slow buy (1.5 s): the frontend's and checkout's requests, both dominated by payment.
        List<JsonNode> slow = it.es.search("it-shop-slow-requests-*", "{\"match_all\":{}}", 10);
        assertThat(slow).hasSize(2);
        assertThat(slow)
                .extracting(h -> h.at("/_source/service/name").asText())
                .containsExactlyInAnyOrder("frontend", "checkout");
        assertThat(slow)
                .allSatisfy(
                        h -> {
                            assertThat(
                                            h.at("/_source/vigil/slow_request/dominant/service")
                                                    .asText())
                                    .isEqualTo("payment");
                            assertThat(
                                            h.at("/_source/vigil/slow_request/dominant/self_us")
                                                    .asLong())
                                    .isEqualTo(750_000);
                        });
    }

    private static long frontendMinute0Requests(
            OtlpMetricDecoder decoder, List<ConsumerRecord<byte[], byte[]>> records) {
        long last = -1;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            for (MetricPoint p : decoder.decode(r.value()).records()) {
                if (p.serviceName().equals("frontend")
                        && p.name().equals("vigil.service.requests")
                        && p.startTimeUnixNano() == TraceFixtures.nanos(0)) {
                    last = (long) p.value();
                }
            }
        }
        return last;
    }

    private static Map<String, Long> dependencies(JsonNode doc) {
        Map<String, Long> found = new TreeMap<>();
        doc.at("/_source/dependencies")
                .forEach(
                        l ->
                                found.merge(
                                        l.get("parent").asText() + "→" + l.get("child").asText(),
                                        l.get("callCount").asLong(),
                                        Long::sum));
        return found;
    }

    /** Waits until the RED document exists with {@code requests} requests, and returns it. */
    private static JsonNode awaitRed(
            JobsHarness it, String service, String operation, String minute, long requests) {
        JsonNode[] found = new JsonNode[1];
        // A search right after the job created the index can meet unassigned shards (503).
        await().atMost(Duration.ofMinutes(2))
                .ignoreException(IOException.class)
                .until(
                        () -> {
                            found[0] = red(it, service, operation, minute);
                            return found[0] != null
                                    && found[0].get("requests").asLong() == requests;
                        });
        return found[0];
    }

    /** {@code vigil.red} of one service (operation "") or operation in one minute, or null. */
    private static JsonNode red(JobsHarness it, String service, String operation, String minute)
            throws Exception {
        String query =
                """
                {"bool": {"filter": [
                  {"term": {"service.name": "%s"}},
                  {"term": {"vigil.red.scope": "%s"}},
                  {"term": {"@timestamp": "%s"}}%s]}}"""
                        .formatted(
                                service,
                                operation.isEmpty() ? "service" : "operation",
                                minute,
                                operation.isEmpty()
                                        ? ""
                                        : ", {\"term\": {\"vigil.red.operation\": "
                                                + JSON.writeValueAsString(operation)
                                                + "}}");
        List<JsonNode> hits = it.es.search("it-shop-red-*", query, 2);
        assertThat(hits).hasSizeLessThanOrEqualTo(1);
        return hits.isEmpty() ? null : hits.get(0).at("/_source/vigil/red");
    }

    private static void assertRed(
            JsonNode red,
            long requests,
            long errors,
            long sumMillis,
            long p50,
            long p95,
            long p99) {
        assertThat(red).isNotNull();
        assertThat(red.get("requests").asLong()).isEqualTo(requests);
        assertThat(red.get("errors").asLong()).isEqualTo(errors);
        assertThat(red.get("error_rate").asDouble()).isEqualTo((double) errors / requests);
        assertThat(red.get("request_rate").asDouble())
                .isCloseTo(requests / 60.0, withinPercentage(0.001));
        assertThat(red.at("/duration/sum_us").asLong()).isEqualTo(sumMillis * 1000);
        assertThat((double) red.at("/duration/p50_us").asLong())
                .isCloseTo(p50 * 1000, withinPercentage(1));
        assertThat((double) red.at("/duration/p95_us").asLong())
                .isCloseTo(p95 * 1000, withinPercentage(1));
        assertThat((double) red.at("/duration/p99_us").asLong())
                .isCloseTo(p99 * 1000, withinPercentage(1));
    }

    private static List<byte[]> bytes(List<ExportTraceServiceRequest> requests) {
        return requests.stream().map(ExportTraceServiceRequest::toByteArray).toList();
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
