package io.vigil.udfs.health.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.health.HealthEvent;
import io.vigil.udfs.health.HealthEvents;
import io.vigil.udfs.testing.KeyedHarnesses;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
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

    private static KeyedOneInputStreamOperatorTestHarness<String, HealthEvent, EsDocument> harness()
            throws Exception {
        return KeyedHarnesses.opened(
                new HealthScoring("vigil", java.time.Duration.ofMinutes(10)),
                HealthEvent::service,
                Types.STRING);
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, HealthEvent, EsDocument> h,
            HealthEvent e)
            throws Exception {
        h.processElement(new StreamRecord<>(e, e.atMillis()));
    }

    /** The score of each document, in order. */
    private static List<Integer> scores(List<EsDocument> docs) {
        return docs.stream()
                .map(
                        d -> {
                            String json = d.json();
                            int at = json.indexOf("\"score\":") + "\"score\":".length();
                            int end = at;
                            while (Character.isDigit(json.charAt(end))) {
                                end++;
                            }
                            return Integer.parseInt(json.substring(at, end));
                        })
                .toList();
    }

    /**
     * The incidents job runs far ahead of the traces job's RED, which holds the watermark back: an
     * incident that opens at minute 30 and resolves at 35 can arrive while minute 1 is scored. It
     * counts in minutes 31 to 35, the minutes after its opening up to its resolution, not from when
     * it arrived (taken in on arrival it held the demo's checkout at 15 from 08:04, for an incident
     * opened at 10:45).
     */
    @Test
    void eventsAheadOfTheWatermarkCountFromTheirOwnMinute() throws Exception {
        try (var h = harness()) {
            send(h, HealthEvent.measure("checkout", HealthEvent.Kind.ERROR_RATE, 30_000, 0.01));
            send(h, HealthEvent.incident("checkout", "inc-1", 30 * MINUTE, true, "critical"));
            h.processWatermark(20 * MINUTE);
            // minutes 1 to 20: the incident has not opened yet
            assertThat(scores(h.extractOutputValues())).hasSize(20).containsOnly(100);
            assertThat(h.extractOutputValues())
                    .allMatch(d -> d.json().contains("\"open_incidents\":0"));

            send(h, HealthEvent.incident("checkout", "inc-1", 35 * MINUTE, false, "critical"));
            List<EsDocument> before = h.extractOutputValues();
            // what waits is in the checkpoint
            OperatorSubtaskState checkpoint = h.snapshot(1, 1);
            try (var restored =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            new KeyedProcessOperator<>(
                                    new HealthScoring("vigil", java.time.Duration.ofMinutes(10))),
                            HealthEvent::service,
                            Types.STRING)) {
                restored.initializeState(checkpoint);
                restored.open();
                restored.processWatermark(40 * MINUTE);
                List<Integer> scores = new java.util.ArrayList<>(scores(before));
                scores.addAll(scores(restored.extractOutputValues()));
                assertThat(scores).hasSize(40);
                assertThat(scores.subList(20, 30)).as("minutes 21-30").containsOnly(100);
                assertThat(scores.subList(30, 35)).as("minutes 31-35").containsOnly(15);
                assertThat(scores.subList(35, 40)).as("minutes 36-40").containsOnly(100);
            }
            h.processWatermark(40 * MINUTE);
            List<Integer> scores = scores(h.extractOutputValues());
            assertThat(scores).hasSize(40);
            assertThat(scores.subList(20, 30)).as("minutes 21-30").containsOnly(100);
            assertThat(scores.subList(30, 35)).as("minutes 31-35").containsOnly(15);
            assertThat(scores.subList(35, 40)).as("minutes 36-40").containsOnly(100);

            // nothing open, nothing waiting: forgotten an hour after its last event
            h.processWatermark(100 * MINUTE);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * An event whose minute was scored already counts from the next minute scored and leaves the
     * documents written alone.
     */
    @Test
    void aLateEventCountsFromTheNextMinute() throws Exception {
        try (var h = harness()) {
            send(h, HealthEvent.measure("checkout", HealthEvent.Kind.ERROR_RATE, 30_000, 0.01));
            h.processWatermark(10 * MINUTE + 30_000);
            assertThat(scores(h.extractOutputValues())).hasSize(10).containsOnly(100);
            send(h, HealthEvent.alert("checkout", "fp", 5 * MINUTE, true, "critical", "Down"));
            h.processWatermark(12 * MINUTE);
            List<EsDocument> docs = h.extractOutputValues();
            assertThat(scores(docs))
                    .containsExactly(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 35, 35);
            assertThat(docs.get(10).json()).contains("\"@timestamp\":\"1970-01-01T00:11:00.000Z\"");
        }
    }

    /**
     * The incidents job confirms an incident whose lone alert kept firing 15 minutes, but it may
     * learn only afterwards that the alert had ended long before: the resolved incident then
     * carries a {@code resolved_at} before its {@code opened_at} (the demo's incident on database:
     * opened 09:31:20, resolved 09:16:30). In event time its end must not come before its opening,
     * or the service stays held down by a resolved incident for good.
     */
    @Test
    void anIncidentResolvedBeforeItOpenedDoesNotStayOpen() throws Exception {
        String open = incident("\"status\":\"open\",\"opened_at\":\"1970-01-01T00:31:20Z\"");
        String resolved =
                incident(
                        "\"status\":\"resolved\",\"opened_at\":\"1970-01-01T00:31:20Z\","
                                + "\"resolved_at\":\"1970-01-01T00:16:30Z\"");
        List<HealthEvent> ended = HealthEvents.fromIncident(bytes(resolved));
        assertThat(ended)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.active()).isFalse();
                            assertThat(e.atMillis()).isEqualTo(31 * MINUTE + 20_000);
                        });
        try (var h = harness()) {
            send(h, HealthEvent.measure("database", HealthEvent.Kind.ERROR_RATE, 10 * MINUTE, 0));
            HealthEvents.fromIncident(bytes(open)).forEach(e -> sendUnchecked(h, e));
            ended.forEach(e -> sendUnchecked(h, e));
            h.processWatermark(40 * MINUTE);
            List<EsDocument> docs = h.extractOutputValues();
            assertThat(docs).hasSize(30);
            assertThat(docs).allMatch(d -> d.json().contains("\"open_incidents\":0"));
            assertThat(scores(docs)).containsOnly(100);
        }
    }

    /**
     * An incident published as opened at minute 40 absorbs an incident opened at minute 30 and
     * takes its opening time; it resolves at minute 35. In event time its resolution (35) comes
     * before its first opening message (40), which must not open it again: the demo's checkout and
     * frontend stayed at 40 for two and a half hours that way.
     */
    @Test
    void anIncidentWhoseOpeningMovedBackStaysResolved() throws Exception {
        try (var h = harness()) {
            send(h, HealthEvent.measure("database", HealthEvent.Kind.ERROR_RATE, 10 * MINUTE, 0));
            for (String fields :
                    List.of(
                            "\"status\":\"open\",\"opened_at\":\"1970-01-01T00:40:00Z\"",
                            "\"status\":\"open\",\"opened_at\":\"1970-01-01T00:30:00Z\"",
                            "\"status\":\"resolved\",\"opened_at\":\"1970-01-01T00:30:00Z\","
                                    + "\"resolved_at\":\"1970-01-01T00:35:00Z\"")) {
                HealthEvents.fromIncident(bytes(incident(fields)))
                        .forEach(e -> sendUnchecked(h, e));
            }
            h.processWatermark(50 * MINUTE);
            List<Integer> scores = scores(h.extractOutputValues());
            assertThat(scores).hasSize(40);
            assertThat(scores.subList(0, 20)).as("minutes 11-30").containsOnly(100);
            assertThat(scores.subList(20, 25)).as("minutes 31-35").containsOnly(40);
            assertThat(scores.subList(25, 40)).as("minutes 36-50").containsOnly(100);
        }
    }

    private static String incident(String fields) {
        return "{\"vigil\":{\"incident\":{\"id\":\"inc-db\",\"severity\":\"warning\","
                + "\"services\":[\"database\"],"
                + fields
                + "}}}";
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static void sendUnchecked(
            KeyedOneInputStreamOperatorTestHarness<String, HealthEvent, EsDocument> h,
            HealthEvent e) {
        try {
            send(h, e);
        } catch (Exception x) {
            throw new IllegalStateException(x);
        }
    }
}
