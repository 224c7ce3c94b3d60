package io.vigil.udfs.traces.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.KeyedHarnesses;
import io.vigil.udfs.testing.TraceFixtures;
import io.vigil.udfs.traces.ServiceCall;
import io.vigil.udfs.traces.TraceDocuments;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TraceSessionsTest {
    private static final Duration GAP = Duration.ofSeconds(30);
    private static final long T0 = TraceFixtures.T0.toEpochMilli();

    private TraceSessions function;

    private KeyedOneInputStreamOperatorTestHarness<String, SpanRecord, ServiceCall> harness(
            int maxSpans) throws Exception {
        function =
                new TraceSessions(
                        GAP, maxSpans, Duration.ofSeconds(1), new TraceDocuments("vigil"));
        return KeyedHarnesses.opened(function, TraceSessions::key, Types.STRING);
    }

    private static void add(
            KeyedOneInputStreamOperatorTestHarness<String, SpanRecord, ServiceCall> h,
            SpanRecord span)
            throws Exception {
        h.processElement(new StreamRecord<>(span, span.endTimeUnixNano() / 1_000_000));
    }

    private static List<SpanRecord> minute0() {
        return TraceFixtures.decode(TraceFixtures.shop()).stream()
                .filter(s -> s.endTimeUnixNano() < TraceFixtures.nanos(60))
                .toList();
    }

    private static Map<String, Long> edges(List<ServiceCall> calls) {
        return calls.stream()
                .collect(
                        Collectors.groupingBy(
                                c -> c.parent() + "→" + c.child(),
                                TreeMap::new,
                                Collectors.counting()));
    }

    @Test
    void completedTracesGiveTheirCallsAndStateReturnsToZero() throws Exception {
        try (var h = harness(10_000)) {
            minute0().forEach(s -> addUnchecked(h, s));
            assertThat(h.extractOutputValues()).as("nothing before the traces complete").isEmpty();
            assertThat(h.numKeyedStateEntries()).isPositive();

            // The last minute-0 span ends at 30.5 s; its trace completes one gap later.
            h.processWatermark(new Watermark(T0 + 60_500));
            assertThat(edges(h.extractOutputValues()))
                    .containsExactlyEntriesOf(
                            new TreeMap<>(
                                    Map.of(
                                            "checkout→inventory", 3L,
                                            "checkout→payment", 3L,
                                            "frontend→checkout", 3L,
                                            "frontend→inventory", 5L,
                                            "inventory→postgres", 5L)));
            List<EsDocument> slow =
                    h.getSideOutput(TraceSessions.SLOW_REQUESTS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(slow).hasSize(2);
            assertThat(slow)
                    .allSatisfy(
                            d -> assertThat(d.index()).isEqualTo("vigil-slow-requests-2026.01.01"));
            assertThat(function.tracesCompleted.getCount()).isEqualTo(8);
            assertThat(function.spansUnpaired.getCount()).isZero();
            assertThat(function.slowRequests.getCount()).isEqualTo(2);

            // Only the tombstones are left; one gap later nothing is.
            h.processWatermark(new Watermark(T0 + 90_500));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSpanAfterItsTraceCompletedIsCountedLateAndUnpaired() throws Exception {
        try (var h = harness(10_000)) {
            List<SpanRecord> spans = minute0();
            SpanRecord stock =
                    spans.stream()
                            .filter(s -> s.name().equals("GET /stock"))
                            .findFirst()
                            .orElseThrow();
            spans.stream().filter(s -> s != stock).forEach(s -> addUnchecked(h, s));
            h.processWatermark(new Watermark(T0 + 60_500));
            long callsBefore = h.extractOutputValues().size();
            // Without its inventory server span, that browse's SELECT has no parent.
            assertThat(function.spansUnpaired.getCount()).isEqualTo(1);

            add(h, stock);
            h.processWatermark(new Watermark(T0 + 200_000));
            assertThat(function.spansLate.getCount()).isEqualTo(1);
            assertThat(function.spansUnpaired.getCount()).as("its parent is gone").isEqualTo(2);
            assertThat(h.extractOutputValues()).hasSize((int) callsBefore);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aTraceThatNeverEndsIsAnalysedInPartsAndHoldsAtMostTheCap() throws Exception {
        try (var h = harness(5)) {
            // One trace, a chain of 12 spans alternating between two services, one per second:
            // it never goes quiet for a gap.
            String parent = "";
            for (int i = 0; i < 12; i++) {
                String id = String.format("%016x", 0x1000 + i);
                add(h, span(id, parent, i % 2 == 0 ? "a" : "b", i));
                parent = id;
                assertThat(h.numKeyedStateEntries()).isLessThanOrEqualTo(3);
            }
            assertThat(function.tracesOverflowed.getCount()).isEqualTo(2);
            // Parts of 5, 5 and 2: 4 + 4 + 1 calls inside the parts, the 2 spans opening the
            // second and third part lost their parent.
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).hasSize(9);
            assertThat(function.spansUnpaired.getCount()).isEqualTo(2);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aRepeatedSpanIsCountedOnce() throws Exception {
        try (var h = harness(10_000)) {
            SpanRecord root = span("0000000000000a01", "", "a", 0);
            SpanRecord child = span("0000000000000a02", "0000000000000a01", "b", 1);
            add(h, child);
            add(h, root);
            add(h, child);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues())
                    .containsExactly(new ServiceCall("a", "b", 500_000, false));
            assertThat(function.spansDuplicate.getCount()).isEqualTo(1);
        }
    }

    private static SpanRecord span(String id, String parent, String service, int second) {
        long start = TraceFixtures.nanos(second);
        return TraceFixtures.span(
                "7a000000000000000000000000000001",
                id,
                parent,
                service,
                "work",
                SpanKind.INTERNAL,
                start,
                start + 500_000_000L);
    }

    private static void addUnchecked(
            KeyedOneInputStreamOperatorTestHarness<String, SpanRecord, ServiceCall> h,
            SpanRecord span) {
        try {
            add(h, span);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
