package io.vigil.udfs.logs.flink;

import static org.assertj.core.api.Assertions.assertThat;

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
}
