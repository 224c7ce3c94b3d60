package io.vigil.udfs.traces.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.TraceFixtures;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.RedWindow;
import io.vigil.udfs.traces.ServiceCall;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class TraceAggregatesTest {

    @Test
    void callsCountRequestsAndErrorsAndMergeAndSurviveSerialization() throws Exception {
        TraceAggregates.Calls calls =
                InstantiationUtil.clone(new TraceAggregates.Calls(), getClass().getClassLoader());

        RedStats a = calls.createAccumulator();
        a = calls.add(new ServiceCall("checkout", "payment", 1_000, false), a);
        a = calls.add(new ServiceCall("checkout", "payment", 3_000, true), a);
        RedStats b =
                calls.add(
                        new ServiceCall("checkout", "payment", 2_000, false),
                        calls.createAccumulator());
        RedStats merged = calls.getResult(calls.merge(a, b));

        assertThat(merged.requests()).isEqualTo(3);
        assertThat(merged.errors()).isEqualTo(1);
        assertThat(merged.latency().sumMicros()).isEqualTo(6_000);
        assertThat(merged.bucketCounts())
                .as("1, 2 and 3 ms: all up to 0.005 s")
                .containsExactly(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void redAddsRequestSpansOfAServiceAndMerges() throws Exception {
        TraceAggregates.Red red =
                InstantiationUtil.clone(new TraceAggregates.Red(), getClass().getClassLoader());
        List<SpanRecord> requests =
                TraceFixtures.decode(TraceFixtures.shop()).stream()
                        .filter(RedWindow::isRequest)
                        .filter(s -> s.serviceName().equals("checkout"))
                        .toList();
        int half = requests.size() / 2;

        RedWindow first = red.createAccumulator();
        RedWindow second = red.createAccumulator();
        for (int i = 0; i < requests.size(); i++) {
            RedWindow acc = i < half ? first : second;
            assertThat(red.add(requests.get(i), acc)).isSameAs(acc);
        }
        RedWindow all = red.getResult(red.merge(first, second));

        assertThat(requests).isNotEmpty();
        assertThat(all.service()).isEqualTo("checkout");
        assertThat(all.total().requests()).isEqualTo(requests.size());
    }
}
