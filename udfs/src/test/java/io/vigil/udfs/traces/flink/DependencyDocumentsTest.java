package io.vigil.udfs.traces.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.testing.KeyedHarnesses;
import io.vigil.udfs.testing.OtlpFixtures;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.ServiceCall;
import io.vigil.udfs.traces.SpanNode;
import io.vigil.udfs.traces.TraceAnalysis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DependencyDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static final Duration LATENESS = Duration.ofMinutes(1);

    private static KeyedOneInputStreamOperatorTestHarness<Long, EdgeWindow, EsDocument> harness()
            throws Exception {
        return KeyedHarnesses.opened(
                new DependencyDocuments(new JaegerMapper(""), LATENESS),
                DependencyDocuments::key,
                Types.LONG);
    }

    /** Calls counted per edge in one window, as the traces job's edge window does. */
    private static List<EdgeWindow> window(long start, List<ServiceCall> calls) {
        Map<String, RedStats> byEdge = new TreeMap<>();
        for (ServiceCall c : calls) {
            byEdge.computeIfAbsent(c.edge(), e -> new RedStats())
                    .record(c.durationMicros(), c.error());
        }
        List<EdgeWindow> out = new ArrayList<>();
        byEdge.forEach(
                (edge, stats) -> {
                    String[] pc = edge.split("\n");
                    out.add(new EdgeWindow(pc[0], pc[1], start, MINUTE, stats));
                });
        return out;
    }

    private static void add(
            KeyedOneInputStreamOperatorTestHarness<Long, EdgeWindow, EsDocument> h, EdgeWindow e)
            throws Exception {
        h.processElement(new StreamRecord<>(e, e.windowStartMillis() + e.windowMillis() - 1));
    }

    /**
     * Traces built to give the contract example's graph — frontend→customer 42 (each with a query
     * to an uninstrumented mysql), frontend→driver 17 — in the first minute of 2020-12-01, go
     * through trace analysis, the edge window and this function: the document equals {@code
     * contracts/jaeger-es/examples/dependencies-doc.json} field by field.
     */
    @Test
    void documentFromTracesMatchesTheContractExample() throws Exception {
        long day = Instant.parse("2020-12-01T00:00:00Z").toEpochMilli() * 1000;
        List<ServiceCall> calls = new ArrayList<>();
        for (int t = 0; t < 59; t++) {
            long s = day + t * 1_000_000L;
            String callee = t < 42 ? "customer" : "driver";
            List<SpanNode> trace = new ArrayList<>();
            trace.add(
                    new SpanNode(
                            "a" + t,
                            "",
                            "frontend",
                            "HTTP GET /dispatch",
                            SpanKind.SERVER,
                            s,
                            s + 900,
                            false,
                            ""));
            trace.add(
                    new SpanNode(
                            "b" + t,
                            "a" + t,
                            "frontend",
                            "HTTP GET",
                            SpanKind.CLIENT,
                            s + 10,
                            s + 800,
                            false,
                            ""));
            trace.add(
                    new SpanNode(
                            "c" + t,
                            "b" + t,
                            callee,
                            "HTTP GET /" + callee,
                            SpanKind.SERVER,
                            s + 20,
                            s + 700,
                            false,
                            ""));
            if (callee.equals("customer")) {
                trace.add(
                        new SpanNode(
                                "d" + t,
                                "c" + t,
                                "customer",
                                "SQL SELECT",
                                SpanKind.CLIENT,
                                s + 30,
                                s + 600,
                                false,
                                "mysql"));
            }
            calls.addAll(TraceAnalysis.of(trace, Long.MAX_VALUE).calls());
        }
        try (var h = harness()) {
            for (EdgeWindow e : window(day / 1000, calls)) {
                add(h, e);
            }
            h.processWatermark(new Watermark(day / 1000 + MINUTE));
            List<EsDocument> docs = h.extractOutputValues();
            assertThat(docs).hasSize(1);
            EsDocument doc = docs.get(0);
            assertThat(doc.index()).isEqualTo("jaeger-dependencies-2020-12-01");
            assertThat(doc.id()).isEqualTo("vigil-2020-12-01T00:00:00Z");

            JsonNode expected =
                    OtlpFixtures.readJson(
                            OtlpFixtures.shared(
                                    "contracts", "jaeger-es", "examples", "dependencies-doc.json"));
            JsonNode actual = JSON.readTree(doc.json());
            assertThat(actual.get("timestamp")).isEqualTo(expected.get("timestamp"));
            // The example lists the links in the Spark job's order; Vigil sorts them by parent,
            // child. jaeger-query does not care about the order.
            assertThat(sorted(actual.get("dependencies")))
                    .isEqualTo(sorted(expected.get("dependencies")));
            assertThat(actual.size()).isEqualTo(expected.size());
        }
    }

    @Test
    void theHourDocumentGrowsWindowByWindowAndStateClearsAfterTheHour() throws Exception {
        long hour = OtlpFixtures.BASE_TIME.toEpochMilli();
        try (var h = harness()) {
            add(h, edge("a", "b", hour, 3));
            add(h, edge("a", "c", hour, 1));
            h.processWatermark(new Watermark(hour + MINUTE));
            add(h, edge("a", "b", hour + 5 * MINUTE, 2));
            h.processWatermark(new Watermark(hour + 6 * MINUTE));
            // The next hour is another document.
            add(h, edge("a", "b", hour + 60 * MINUTE, 7));
            h.processWatermark(new Watermark(hour + 61 * MINUTE));

            List<EsDocument> docs = h.extractOutputValues();
            assertThat(docs)
                    .extracting(EsDocument::id)
                    .containsExactly(
                            "vigil-2026-01-01T00:00:00Z",
                            "vigil-2026-01-01T00:00:00Z",
                            "vigil-2026-01-01T01:00:00Z");
            JsonNode second = JSON.readTree(docs.get(1).json());
            assertThat(second.get("timestamp").asText()).isEqualTo("2026-01-01T00:05:00Z");
            assertThat(second.get("dependencies").toString())
                    .isEqualTo(
                            "[{\"parent\":\"a\",\"child\":\"b\",\"callCount\":5,\"source\":\"jaeger\"},"
                                    + "{\"parent\":\"a\",\"child\":\"c\",\"callCount\":1,\"source\":\"jaeger\"}]");

            h.processWatermark(new Watermark(hour + 122 * MINUTE));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aWindowFiredAgainForLateCallsReplacesItsCountInsteadOfAddingToIt() throws Exception {
        long hour = OtlpFixtures.BASE_TIME.toEpochMilli();
        try (var h = harness()) {
            add(h, edge("a", "b", hour, 3));
            add(h, edge("a", "b", hour + MINUTE, 1));
            h.processWatermark(new Watermark(hour + 2 * MINUTE));
            // The edge window of minute 1 fires again with the late call: 2 calls in all.
            add(h, edge("a", "b", hour + MINUTE, 2));
            h.processWatermark(new Watermark(hour + 2 * MINUTE + 1));

            List<EsDocument> docs = h.extractOutputValues();
            JsonNode last = JSON.readTree(docs.get(docs.size() - 1).json());
            assertThat(last.get("dependencies").toString())
                    .isEqualTo(
                            "[{\"parent\":\"a\",\"child\":\"b\",\"callCount\":5,\"source\":\"jaeger\"}]");
        }
    }

    private static EdgeWindow edge(String parent, String child, long start, int calls) {
        RedStats stats = new RedStats();
        for (int i = 0; i < calls; i++) {
            stats.record(1000, false);
        }
        return new EdgeWindow(parent, child, start, MINUTE, stats);
    }

    private static List<String> sorted(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.toString()));
        out.sort(null);
        return out;
    }
}
