package io.vigil.udfs.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NeverIdleTest {
    @Test
    void recordsAndWatermarksPassInOrderButIdlenessDoesNot() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> h =
                new OneInputStreamOperatorTestHarness<>(NeverIdle.operator())) {
            h.open();
            h.processElement(new StreamRecord<>("a", 10));
            h.processWatermark(new Watermark(20));
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            h.processWatermarkStatus(WatermarkStatus.ACTIVE);
            h.processElement(new StreamRecord<>("b", 30));
            h.processWatermark(new Watermark(40));

            assertThat(List.copyOf(h.getOutput()))
                    .containsExactly(
                            new StreamRecord<>("a", 10),
                            new Watermark(20),
                            new StreamRecord<>("b", 30),
                            new Watermark(40));
        }
    }
}
