package io.vigil.udfs.traces.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.KeyedHarnesses;
import io.vigil.udfs.testing.TraceFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class JaegerServiceDocumentsTest {
    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration LATENESS = Duration.ofHours(1);

    private static KeyedOneInputStreamOperatorTestHarness<String, SpanRecord, EsDocument> harness()
            throws Exception {
        return KeyedHarnesses.opened(
                new JaegerServiceDocuments(new JaegerMapper(""), LATENESS),
                JaegerServiceDocuments::key,
                Types.STRING);
    }

    private static SpanRecord span(String service, String operation, Instant start, String spanId) {
        long nanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        return TraceFixtures.span(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                spanId,
                "",
                service,
                operation,
                SpanKind.SERVER,
                nanos,
                nanos + 1_000_000);
    }

    private static void add(
            KeyedOneInputStreamOperatorTestHarness<String, SpanRecord, EsDocument> h,
            SpanRecord span)
            throws Exception {
        h.processElement(new StreamRecord<>(span, span.startTimeUnixNano() / 1_000_000));
    }

    @Test
    void onePairPerDayIsWrittenOnce() throws Exception {
        try (var h = harness()) {
            add(h, span("checkout", "POST /orders", DAY.plusSeconds(10), "00f067aa0ba902b7"));
            add(h, span("checkout", "POST /orders", DAY.plusSeconds(20), "00f067aa0ba902b8"));
            add(h, span("checkout", "GET /cart", DAY.plusSeconds(30), "00f067aa0ba902b9"));
            add(h, span("payment", "POST /orders", DAY.plusSeconds(40), "00f067aa0ba902ba"));
            // The same pair on the next day goes to the next day's index.
            add(
                    h,
                    span(
                            "checkout",
                            "POST /orders",
                            DAY.plusSeconds(86_400 + 5),
                            "00f067aa0ba902bb"));

            List<EsDocument> docs = h.extractOutputValues();
            assertThat(docs)
                    .extracting(EsDocument::index)
                    .containsExactly(
                            "jaeger-service-2026-03-01",
                            "jaeger-service-2026-03-01",
                            "jaeger-service-2026-03-01",
                            "jaeger-service-2026-03-02");
            assertThat(docs.get(0).json())
                    .isEqualTo("{\"serviceName\":\"checkout\",\"operationName\":\"POST /orders\"}");
            assertThat(h.numKeyedStateEntries()).isEqualTo(4);
        }
    }

    @Test
    void stateReturnsToZeroWhenTheDaysAreOver() throws Exception {
        try (var h = harness()) {
            add(h, span("checkout", "POST /orders", DAY.plusSeconds(10), "00f067aa0ba902b7"));
            add(h, span("payment", "charge", DAY.plusSeconds(86_400 + 5), "00f067aa0ba902b8"));
            assertThat(h.numEventTimeTimers()).isEqualTo(2);

            // End of the first day plus lateness: only the first day's entry goes.
            h.processWatermark(DAY.plus(Duration.ofDays(1)).plus(LATENESS).toEpochMilli());
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);

            h.processWatermark(DAY.plus(Duration.ofDays(2)).plus(LATENESS).toEpochMilli());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
