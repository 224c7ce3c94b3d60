package io.vigil.bench.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineTimesTest {
    private static final String SPANS =
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                    + "{\"traceId\":\"ab\",\"startTimeUnixNano\":\"900\",\"endTimeUnixNano\":\"1500\"},"
                    + "{\"endTimeUnixNano\":1200,\"startTimeUnixNano\":\"1100\"}]}]}]}";

    @Test
    void aTraceLineIsReplayedAtItsEarliestSpanEnd() {
        assertThat(LineTimes.replayTime(SPANS, IncidentDataset.Signal.TRACES)).isEqualTo(1200);
    }

    @Test
    void spanStartsCountInTheBoundsButAMetricSeriesStartDoesNot() {
        assertThat(LineTimes.bounds(SPANS)).containsExactly(900, 1500);
        String gauge =
                "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":"
                        + "[{\"startTimeUnixNano\":\"5\",\"timeUnixNano\":\"70\"},"
                        + "{\"timeUnixNano\":\"60\"}]}}]}]}]}";
        assertThat(LineTimes.bounds(gauge)).containsExactly(60, 70);
        assertThat(LineTimes.replayTime(gauge, IncidentDataset.Signal.METRICS)).isEqualTo(60);
    }

    @Test
    void aLogWithoutTimeCountsByItsObservedTime() {
        String logs =
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                        + "{\"timeUnixNano\":\"0\",\"observedTimeUnixNano\":\"42\"}]}]}]}";
        assertThat(LineTimes.replayTime(logs, IncidentDataset.Signal.LOGS)).isEqualTo(42);
    }

    @Test
    void aLineThatIsNotJsonHasNoTime() {
        assertThat(LineTimes.replayTime("{oops", IncidentDataset.Signal.METRICS))
                .isEqualTo(Long.MAX_VALUE);
    }
}
