package io.vigil.udfs.logs.flink;

import static io.vigil.udfs.testing.MetricFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertState;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.logs.LogTemplateDocuments;
import io.vigil.udfs.logs.Match;
import io.vigil.udfs.logs.MinedLog;
import io.vigil.udfs.testing.KeyedHarnesses;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LogTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ALERT = Duration.ofHours(1);
    private static final Duration IDLE = Duration.ofDays(7);

    private LogTemplates function;

    private KeyedOneInputStreamOperatorTestHarness<String, MinedLog, EsDocument> harness()
            throws Exception {
        function = new LogTemplates(new LogTemplateDocuments("vigil"), ALERT, IDLE);
        return KeyedHarnesses.opened(function, LogTemplates::key, Types.STRING);
    }

    private static void add(
            KeyedOneInputStreamOperatorTestHarness<String, MinedLog, EsDocument> h,
            String service,
            double seconds,
            boolean error,
            Match.Kind kind)
            throws Exception {
        MinedLog m =
                new MinedLog(
                        TemplateMiningTest.log(
                                service, seconds, "payment failed for order 7", error ? 17 : 9),
                        "tpl1",
                        "payment failed for order <*>",
                        kind);
        h.processElement(new StreamRecord<>(m, m.epochMillis()));
    }

    @Test
    void documentsAndANewTemplateAlertThenStateBackToZero() throws Exception {
        try (var h = harness()) {
            add(h, "checkout", 1, true, Match.Kind.NEW);
            add(h, "checkout", 2, false, Match.Kind.MATCHED);
            add(h, "shop", 3, true, Match.Kind.MATCHED);
            add(h, "checkout", 61, true, Match.Kind.MATCHED);
            List<AlertEvent> alerts =
                    h.getSideOutput(LogTemplates.ALERTS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).state()).isEqualTo(AlertState.FIRING);
            assertThat(alerts.get(0).labels())
                    .containsEntry("alertname", "NewLogTemplate")
                    .containsEntry("severity", "info")
                    .containsEntry("template_id", "tpl1")
                    .containsEntry("service", "checkout")
                    .as("its first line was an error")
                    .containsEntry("level", "error");

            h.processWatermark(new Watermark(T0 + 60_000));
            assertThat(h.extractOutputValues()).as("the first minute is over").hasSize(1);
            JsonNode doc = JSON.readTree(h.extractOutputValues().get(0).json());
            assertThat(h.extractOutputValues().get(0).index()).isEqualTo("vigil-log-templates");
            assertThat(h.extractOutputValues().get(0).id()).isEqualTo("tpl1");
            assertThat(doc.at("/log/template/count").asLong()).isEqualTo(4);
            assertThat(doc.at("/log/template/error_count").asLong()).isEqualTo(3);
            assertThat(doc.at("/log/template/first_seen").asText())
                    .isEqualTo("2026-01-01T00:00:01Z");
            assertThat(doc.at("/log/template/last_seen").asText())
                    .isEqualTo("2026-01-01T00:01:01Z");
            assertThat(doc.at("/log/template/services").toString())
                    .isEqualTo("[\"checkout\",\"shop\"]");

            h.processWatermark(new Watermark(T0 + 3_600_000 + 1_000));
            alerts =
                    h.getSideOutput(LogTemplates.ALERTS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(alerts).hasSize(2);
            assertThat(alerts.get(1).state()).isEqualTo(AlertState.RESOLVED);
            assertThat(alerts.get(1).id()).isEqualTo(alerts.get(0).id());

            h.processWatermark(new Watermark(T0 + 61_000 + IDLE.toMillis()));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aGeneralisedTemplateIsNotANewKindOfMessage() throws Exception {
        try (var h = harness()) {
            add(h, "checkout", 1, false, Match.Kind.CHANGED);
            assertThat(h.getSideOutput(LogTemplates.ALERTS)).isNullOrEmpty();
            assertThat(function.newTemplates.getCount()).isZero();
        }
    }
}
