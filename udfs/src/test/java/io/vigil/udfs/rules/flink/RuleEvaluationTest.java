package io.vigil.udfs.rules.flink;

import static io.vigil.udfs.testing.MetricFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.flink.CodecTypeInfo;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.testing.MetricFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RuleEvaluationTest {
    private static final List<RuleGroup> RULES =
            RuleFiles.parse(
                    """
                    groups:
                      - name: shop
                        rules:
                          - alert: HighLatency
                            expr: max_over_time(req_latency_milliseconds{service_name="checkout"}[2m]) > 500
                            for: 2m
                            labels:
                              severity: page
                            annotations:
                              summary: "{{ $labels.service_name }} at {{ $value }}ms"
                    """,
                    "shop.yml",
                    Duration.ofMinutes(1));

    /** Latency 100 ms every 30 s, 900 ms from minute 5 to 10 (exclusive). */
    private static MetricPoint latency(int step) {
        double seconds = step * 30.0;
        double value = seconds >= 300 && seconds < 600 ? 900 : 100;
        return MetricFixtures.gauge("req.latency", "checkout", seconds, value);
    }

    private static KeyedOneInputStreamOperatorTestHarness<
                    String, Tuple2<String, MetricPoint>, AlertEvent>
            harness(OperatorSubtaskState restore) throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new RuleEvaluation(RULES, AlertSource.RULE)),
                        (Tuple2<String, MetricPoint> t) -> t.f0,
                        Types.STRING);
        h.setup(CodecTypeInfo.ALERT_EVENT.createSerializer(h.getExecutionConfig()));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, MetricPoint>, AlertEvent>
                    h,
            int fromStep,
            int toStep)
            throws Exception {
        List<Tuple2<String, MetricPoint>> routed = new ArrayList<>();
        RuleRouting routing = new RuleRouting(RULES);
        for (int s = fromStep; s < toStep; s++) {
            routed.clear();
            routing.flatMap(
                    latency(s),
                    new org.apache.flink.api.common.functions.util.ListCollector<>(routed));
            long t = T0 + s * 30_000L;
            for (Tuple2<String, MetricPoint> r : routed) {
                h.processElement(new StreamRecord<>(r, t));
            }
            h.processWatermark(t);
        }
    }

    private static List<AlertEvent> alerts(
            KeyedOneInputStreamOperatorTestHarness<String, Tuple2<String, MetricPoint>, AlertEvent>
                    h) {
        return h.extractOutputValues();
    }

    @Test
    void firesAfterForAndResolvesWhenTheWindowClears() throws Exception {
        try (var h = harness(null)) {
            feed(h, 0, 41);
            List<AlertEvent> out = alerts(h);
            assertThat(out).hasSize(2);
            AlertEvent fired = out.get(0);
            AlertEvent resolved = out.get(1);
            // True from the evaluation at 5m (first 900 ms sample), pending 2m: fires at 7m.
            assertThat(fired.state()).isEqualTo(AlertState.FIRING);
            assertThat(fired.startsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 7 * 60_000));
            assertThat(fired.source()).isEqualTo(AlertSource.RULE);
            assertThat(fired.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(fired.labels())
                    .containsEntry("alertname", "HighLatency")
                    .containsEntry("severity", "critical")
                    .containsEntry("rule_severity", "page")
                    .containsEntry("source", "rule")
                    .containsEntry("service", "checkout")
                    .containsEntry("job", "checkout")
                    .containsEntry("host", "h1")
                    .doesNotContainKey("__name__");
            assertThat(fired.annotations())
                    .containsEntry("summary", "checkout at 900ms")
                    .containsEntry("rule_group", "shop");
            assertThat(fired.value()).isEqualTo(900);
            // The last 900 ms sample is at 9m30s; [t-2m, t] excludes it from 11m31s: resolved at
            // 12m.
            assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
            assertThat(resolved.id()).isEqualTo(fired.id());
            assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 12 * 60_000));
        }
    }

    @Test
    void stateSurvivesACheckpointAndClearsWhenTheDataStops() throws Exception {
        OperatorSubtaskState snapshot;
        AlertEvent fired;
        try (var h = harness(null)) {
            feed(h, 0, 17); // to 8m: fired at 7m
            fired = alerts(h).get(0);
            assertThat(alerts(h)).hasSize(1);
            snapshot = h.snapshot(1, T0 + 8 * 60_000);
        }
        try (var h = harness(snapshot)) {
            feed(h, 17, 41);
            List<AlertEvent> out = alerts(h);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).state()).isEqualTo(AlertState.RESOLVED);
            assertThat(out.get(0).id()).isEqualTo(fired.id());
            assertThat(h.numKeyedStateEntries()).isGreaterThan(0);
            // No data after 20m: the samples age out (2m range + 5m lookback + 1m), then the state
            // goes.
            h.processWatermark(T0 + 40 * 60_000);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
