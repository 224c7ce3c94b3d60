package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.OtlpFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The traces job writes Jaeger's storage; the requests jaeger-query sends (taken from {@code
 * ../shared/contracts/jaeger-es/queries/}, with this test's ids and times put in) get back exactly
 * the services, operations, trace ids and traces of a fixed, seeded trace set.
 */
@ExtendWith(RealStack.class)
class JaegerQueriesITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 31;
    private static JobsHarness it;
    private static List<SpanRecord> spans;

    @BeforeAll
    static void writeTraces() throws Exception {
        it = new JobsHarness("jaegerq");
        byte[] request = OtlpFixtures.tracesRequest(300, SEED, false);
        spans = new OtlpSpanDecoder(OtlpEncoding.PROTO).decode(request).records();
        it.produce(it.topic("otlp_spans"), List.of(request));
        it.runBounded();
        // count() refreshes first, so the queries below see every document.
        assertThat(it.es.count(spanIndices())).isEqualTo(spans.size());
        assertThat(it.es.count("it-jaegerq-jaeger-service-*")).isPositive();
    }

    @AfterAll
    static void close() {
        it.close();
    }

    private static String spanIndices() {
        return "it-jaegerq-jaeger-span-*";
    }

    private static JsonNode query(String file) {
        return OtlpFixtures.readJson(
                Path.of(OtlpFixtures.sharedDir(), "contracts", "jaeger-es", "queries", file));
    }

    @Test
    void servicesAreThoseOfTheSpans() throws Exception {
        JsonNode response =
                it.es.post(
                        "/it-jaegerq-jaeger-service-*/_search?rest_total_hits_as_int=true",
                        query("services.request.json").toString());

        assertThat(keys(response, "distinct_services"))
                .isEqualTo(
                        spans.stream()
                                .map(SpanRecord::serviceName)
                                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void operationsAreThoseOfEachService() throws Exception {
        Map<String, TreeSet<String>> expected = new LinkedHashMap<>();
        for (SpanRecord span : spans) {
            expected.computeIfAbsent(span.serviceName(), s -> new TreeSet<>()).add(span.name());
        }
        for (Map.Entry<String, TreeSet<String>> service : expected.entrySet()) {
            ObjectNode body = (ObjectNode) query("operations.request.json");
            ((ObjectNode) body.at("/query/term")).put("serviceName", service.getKey());
            JsonNode response =
                    it.es.post(
                            "/it-jaegerq-jaeger-service-*/_search?rest_total_hits_as_int=true",
                            body.toString());
            assertThat(keys(response, "distinct_operations"))
                    .as("operations of %s", service.getKey())
                    .isEqualTo(service.getValue());
        }
    }

    @Test
    void findTraceIdsByServiceOperationDurationTimeAndErrorTag() throws Exception {
        SpanRecord errorSpan =
                spans.stream()
                        .filter(s -> s.statusCode() == StatusCode.ERROR)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("the fixture has no error span"));
        long minDurationMicros = micros(errorSpan) / 2;
        long fromMillis = OtlpFixtures.BASE_TIME.toEpochMilli();
        long toMillis = fromMillis + 3_600_000;

        ObjectNode body = (ObjectNode) query("find-trace-ids.request.json");
        ArrayNode must = (ArrayNode) body.at("/query/bool/must");
        ((ObjectNode) must.get(0).at("/range/duration")).put("from", minDurationMicros);
        ((ObjectNode) must.get(1).at("/range/startTimeMillis"))
                .put("from", fromMillis)
                .put("to", toMillis);
        ((ObjectNode) must.get(2).at("/match/process.serviceName"))
                .put("query", errorSpan.serviceName());
        ((ObjectNode) must.get(3).at("/match/operationName")).put("query", errorSpan.name());

        // What jaeger-query should find: traces with such a span, newest (max start) first.
        Map<String, Long> newestStart = new LinkedHashMap<>();
        for (SpanRecord s : spans) {
            if (s.serviceName().equals(errorSpan.serviceName())
                    && s.name().equals(errorSpan.name())
                    && s.statusCode() == StatusCode.ERROR
                    && micros(s) >= minDurationMicros) {
                newestStart.merge(jaegerTraceId(s), s.startTimeUnixNano(), Math::max);
            }
        }
        List<String> expected =
                newestStart.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(20)
                        .map(Map.Entry::getKey)
                        .toList();

        JsonNode response =
                it.es.post(
                        "/"
                                + spanIndices()
                                + "/_search?ignore_unavailable=true&rest_total_hits_as_int=true",
                        body.toString());
        List<String> found = new ArrayList<>();
        response.at("/aggregations/traceIDs/buckets")
                .forEach(b -> found.add(b.path("key").asText()));
        assertThat(expected).isNotEmpty();
        assertThat(found).isEqualTo(expected);
    }

    @Test
    void getTraceByIdReturnsEverySpanOfTheTraceInStartOrder() throws Exception {
        Map<String, List<SpanRecord>> byTrace = new LinkedHashMap<>();
        for (SpanRecord span : spans) {
            byTrace.computeIfAbsent(jaegerTraceId(span), t -> new ArrayList<>()).add(span);
        }
        List<String> traceIds = byTrace.keySet().stream().limit(5).toList();
        String[] lines =
                Files.readString(
                                Path.of(
                                        OtlpFixtures.sharedDir(),
                                        "contracts",
                                        "jaeger-es",
                                        "queries",
                                        "get-trace-by-id.msearch.ndjson"))
                        .split("\n");
        StringBuilder msearch = new StringBuilder();
        for (String traceId : traceIds) {
            ObjectNode search = (ObjectNode) JSON.readTree(lines[1]);
            ((ObjectNode) search.at("/query/bool/must/term")).put("traceID", traceId);
            search.putArray("search_after")
                    .add((OtlpFixtures.BASE_TIME.toEpochMilli() - 3_600_000) * 1_000);
            msearch.append(lines[0]).append('\n').append(search).append('\n');
        }

        JsonNode response =
                it.es.post(
                        "/" + spanIndices() + "/_msearch?rest_total_hits_as_int=true",
                        msearch.toString());

        for (int i = 0; i < traceIds.size(); i++) {
            List<SpanRecord> expected = new ArrayList<>(byTrace.get(traceIds.get(i)));
            expected.sort(Comparator.comparingLong(SpanRecord::startTimeUnixNano));
            List<String> found = new ArrayList<>();
            response.at("/responses/" + i + "/hits/hits")
                    .forEach(h -> found.add(h.at("/_source/spanID").asText()));
            assertThat(found)
                    .as("spans of trace %s", traceIds.get(i))
                    .isEqualTo(expected.stream().map(SpanRecord::spanId).toList());
        }
    }

    @Test
    void dependenciesAreTheCallGraphOfTheTraces() throws Exception {
        // The graph the spans imply: a span whose parent is in its trace and runs in another
        // service is one call from the parent's service to its own (the fixture has no
        // CLIENT→SERVER pairs inside one service and no peer.service).
        Map<String, SpanRecord> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.traceId() + s.spanId(), s));
        Map<String, Long> expected = new TreeMap<>();
        for (SpanRecord s : spans) {
            SpanRecord parent = byId.get(s.traceId() + s.parentSpanId());
            if (parent != null && !parent.serviceName().equals(s.serviceName())) {
                expected.merge(parent.serviceName() + "→" + s.serviceName(), 1L, Long::sum);
            }
        }

        ObjectNode body = (ObjectNode) query("dependencies.request.json");
        ((ObjectNode) body.at("/query/range/timestamp"))
                .put("from", OtlpFixtures.BASE_TIME.minusSeconds(12 * 3600).toString())
                .put("to", OtlpFixtures.BASE_TIME.plusSeconds(12 * 3600).toString());
        it.es.count("it-jaegerq-jaeger-dependencies-*");
        JsonNode response =
                it.es.post(
                        "/it-jaegerq-jaeger-dependencies-2026-01-01,it-jaegerq-jaeger-dependencies-2025-12-31"
                                + "/_search?ignore_unavailable=true&rest_total_hits_as_int=true",
                        body.toString());

        // As jaeger-query: concatenate every document's links, add up equal ones.
        Map<String, Long> found = new TreeMap<>();
        response.at("/hits/hits")
                .forEach(
                        hit ->
                                hit.at("/_source/dependencies")
                                        .forEach(
                                                link ->
                                                        found.merge(
                                                                link.path("parent").asText()
                                                                        + "→"
                                                                        + link.path("child")
                                                                                .asText(),
                                                                link.path("callCount").asLong(),
                                                                Long::sum)));
        assertThat(expected).isNotEmpty();
        assertThat(found).isEqualTo(expected);
        assertThat(response.at("/hits/total").asLong()).as("one document per hour").isEqualTo(1);
    }

    private static TreeSet<String> keys(JsonNode response, String aggregation) {
        TreeSet<String> keys = new TreeSet<>();
        response.at("/aggregations/" + aggregation + "/buckets")
                .forEach(b -> keys.add(b.path("key").asText()));
        return keys;
    }

    private static long micros(SpanRecord span) {
        return (span.endTimeUnixNano() - span.startTimeUnixNano()) / 1_000;
    }

    /** Jaeger's form: 16 hex characters when the high 64 bits are zero. */
    private static String jaegerTraceId(SpanRecord span) {
        String id = span.traceId();
        return id.startsWith("0000000000000000") ? id.substring(16) : id;
    }
}
