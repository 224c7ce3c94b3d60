package io.vigil.udfs.health.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.health.HealthEvent;
import io.vigil.udfs.testing.KeyedHarnesses;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

class HealthScoringTest {
    private static final long MINUTE = 60_000L;

    @Test
    void scoresEveryMinuteWhileSomethingIsOpenThenForgetsTheService() throws Exception {
        try (var h =
                KeyedHarnesses.opened(
                        new HealthScoring("vigil", java.time.Duration.ofMinutes(10)),
                        HealthEvent::service,
                        Types.STRING)) {
            h.processElement(
                    new StreamRecord<>(
                            HealthEvent.alert("checkout", "fp", 30_000, true, "critical", "Down"),
                            30_000));
            h.processWatermark(3 * MINUTE);
            List<EsDocument> docs = h.extractOutputValues();
            // minutes 1, 2 and 3, each scored 35 for the critical alert
            assertThat(docs).hasSize(3);
            assertThat(docs).allMatch(d -> d.json().contains("\"score\":35"));
            assertThat(docs.get(0).index()).isEqualTo("vigil-health-1970.01.01");
            assertThat(docs.get(0).json()).contains("\"@timestamp\":\"1970-01-01T00:01:00.000Z\"");

            h.processElement(
                    new StreamRecord<>(
                            HealthEvent.alert("checkout", "fp", 200_000, false, "critical", "Down"),
                            200_000));
            h.processWatermark(4 * MINUTE);
            assertThat(h.extractOutputValues().get(3).json()).contains("\"score\":100");
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            // nothing open and nothing heard for an hour: the service is forgotten
            h.processWatermark(70 * MINUTE);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
