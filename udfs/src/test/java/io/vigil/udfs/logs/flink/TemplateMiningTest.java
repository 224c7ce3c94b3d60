package io.vigil.udfs.logs.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.vigil.udfs.logs.Match;
import io.vigil.udfs.logs.MinedLog;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.testing.MetricFixtures;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TemplateMiningTest {

    static LogEvent log(String service, double seconds, String body, int severity) {
        long nanos = (MetricFixtures.T0 + Math.round(seconds * 1000)) * 1_000_000;
        return new LogEvent(
                nanos,
                nanos,
                severity,
                "",
                body,
                Attribute.NONE,
                "",
                "",
                0,
                new Attribute[] {Attribute.string("service.name", service)},
                "",
                "",
                service);
    }

    /** Lines of three kinds, with varying parameters. */
    static List<LogEvent> lines(int n, int offset) {
        List<LogEvent> out = new java.util.ArrayList<>();
        for (int i = offset; i < offset + n; i++) {
            out.add(
                    switch (i % 3) {
                        case 0 ->
                                log(
                                        "checkout",
                                        i,
                                        "order " + (1000 + i) + " placed by user u" + (i % 17),
                                        9);
                        case 1 ->
                                log(
                                        "checkout",
                                        i,
                                        "payment failed for order "
                                                + (1000 + i)
                                                + ": card declined",
                                        17);
                        default ->
                                log(
                                        "payment",
                                        i,
                                        "charged "
                                                + (i * 7 % 90)
                                                + ".50 EUR in "
                                                + (i % 40)
                                                + " ms",
                                        9);
                    });
        }
        return out;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LogEvent, MinedLog> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TemplateMining()),
                TemplateMining::key,
                Types.STRING);
    }

    private static Map<String, String> idsByPattern(List<MinedLog> mined) {
        Map<String, String> out = new TreeMap<>();
        for (MinedLog m : mined) {
            out.put(m.pattern(), m.templateId());
        }
        return out;
    }

    @Test
    void theSameLinesGetTheSameTemplateIdsInEveryInstanceAndAfterARestore() throws Exception {
        List<MinedLog> first;
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            for (LogEvent l : lines(300, 0)) {
                h.processElement(new StreamRecord<>(l, 0));
            }
            first = h.extractOutputValues();
            snapshot = h.snapshot(1, 1);
        }
        List<MinedLog> lastHundred = first.subList(200, 300);
        assertThat(idsByPattern(lastHundred)).hasSize(3);

        // Another instance, the same lines: the same ids.
        try (var h = harness()) {
            h.open();
            for (LogEvent l : lines(300, 0)) {
                h.processElement(new StreamRecord<>(l, 0));
            }
            assertThat(idsByPattern(h.extractOutputValues().subList(200, 300)))
                    .isEqualTo(idsByPattern(lastHundred));
        }

        // Restored from the checkpoint: new lines of the same kinds match at once, same ids.
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            for (LogEvent l : lines(30, 300)) {
                h.processElement(new StreamRecord<>(l, 0));
            }
            List<MinedLog> after = h.extractOutputValues();
            assertThat(after).allSatisfy(m -> assertThat(m.kind()).isEqualTo(Match.Kind.MATCHED));
            assertThat(idsByPattern(after)).isEqualTo(idsByPattern(lastHundred));
        }
    }

    /** The {@code vigil.logs.records} and {@code vigil.logs.errors} of one minute's request. */
    private static long[] linesAndErrors(TemplateMining.ServiceMinute m) throws Exception {
        long[] out = new long[2];
        for (var r : ExportMetricsServiceRequest.parseFrom(m.request()).getResourceMetricsList()) {
            for (var scope : r.getScopeMetricsList()) {
                for (var metric : scope.getMetricsList()) {
                    if (metric.getName().equals("vigil.logs.records")) {
                        out[0] = metric.getSum().getDataPoints(0).getAsInt();
                    } else if (metric.getName().equals("vigil.logs.errors")) {
                        out[1] = metric.getSum().getDataPoints(0).getAsInt();
                    }
                }
            }
        }
        return out;
    }

    private static List<TemplateMining.ServiceMinute> minutes(
            KeyedOneInputStreamOperatorTestHarness<String, LogEvent, MinedLog> h) {
        var out = h.getSideOutput(TemplateMining.MINUTES);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void eachServiceMinuteLeavesOnceAsOneRequestWhenTheWatermarkPassesIt() throws Exception {
        try (var h = harness()) {
            h.open();
            // lines(9, 0): seconds 0..8, checkout twice per three seconds (one an error),
            // payment once; then one checkout line in the next minute
            for (LogEvent l : lines(9, 0)) {
                h.processElement(new StreamRecord<>(l, l.effectiveTimeUnixNano() / 1_000_000));
            }
            LogEvent next = log("checkout", 61, "order 5 placed by user u1", 9);
            h.processElement(new StreamRecord<>(next, next.effectiveTimeUnixNano() / 1_000_000));
            assertThat(minutes(h)).isEmpty();

            h.processWatermark(new Watermark(MetricFixtures.T0 + 59_999));
            List<TemplateMining.ServiceMinute> first = minutes(h);
            assertThat(first)
                    .extracting(TemplateMining.ServiceMinute::service)
                    .containsExactlyInAnyOrder("checkout", "payment");
            for (TemplateMining.ServiceMinute m : first) {
                assertThat(m.minuteStartMillis()).isEqualTo(MetricFixtures.T0);
                assertThat(linesAndErrors(m))
                        .as(m.service())
                        .containsExactly(
                                m.service().equals("checkout")
                                        ? new long[] {6, 3}
                                        : new long[] {3, 0});
            }

            h.processWatermark(new Watermark(MetricFixtures.T0 + 119_999));
            assertThat(minutes(h)).hasSize(3);
            assertThat(linesAndErrors(minutes(h).get(2))).containsExactly(1, 0);
            assertThat(h.numKeyedStateEntries()).as("sent minutes leave the state").isZero();
        }
    }

    @Test
    void aLineWhoseMinuteHasBeenSentIsMinedButNotCountedTwice() throws Exception {
        try (var h = harness()) {
            h.open();
            LogEvent first = log("checkout", 1, "order 5 placed by user u1", 9);
            h.processElement(new StreamRecord<>(first, first.effectiveTimeUnixNano() / 1_000_000));
            h.processWatermark(new Watermark(MetricFixtures.T0 + 60_000));
            assertThat(minutes(h)).hasSize(1);

            LogEvent late = log("checkout", 2, "order 6 placed by user u2", 9);
            h.processElement(new StreamRecord<>(late, late.effectiveTimeUnixNano() / 1_000_000));
            h.processWatermark(new Watermark(MetricFixtures.T0 + 180_000));

            assertThat(h.extractOutputValues()).as("still mined, so still indexed").hasSize(2);
            assertThat(minutes(h)).as("no second request for the minute").hasSize(1);
            TemplateMining function =
                    (TemplateMining)
                            ((KeyedProcessOperator<?, ?, ?>) h.getOneInputOperator())
                                    .getUserFunction();
            assertThat(function.linesTooLateForMetrics.getCount()).isEqualTo(1);
        }
    }
}
