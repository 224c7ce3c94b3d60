package io.vigil.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StallWatchTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSignalIndexingNothingWhileItsInputArrivesIsReportedOnce() {
        StallWatch watch = new StallWatch(60 * SECOND);
        assertThat(watch.observe(0, Map.of("metrics", 100L), Map.of("metrics", 90L))).isEmpty();
        assertThat(watch.observe(30 * SECOND, Map.of("metrics", 400L), Map.of("metrics", 90L)))
                .isEmpty();

        List<StallWatch.Stall> stalls =
                watch.observe(61 * SECOND, Map.of("metrics", 700L), Map.of("metrics", 90L));

        assertThat(stalls).containsExactly(new StallWatch.Stall("metrics", 61 * SECOND, 600, 90));
        assertThat(watch.observe(90 * SECOND, Map.of("metrics", 900L), Map.of("metrics", 90L)))
                .as("reported once per stall")
                .isEmpty();
    }

    @Test
    void aSignalThatMovesAgainIsWatchedAfresh() {
        StallWatch watch = new StallWatch(60 * SECOND);
        watch.observe(0, Map.of("logs", 10L), Map.of("logs", 10L));
        assertThat(watch.observe(70 * SECOND, Map.of("logs", 20L), Map.of("logs", 10L))).hasSize(1);
        watch.observe(80 * SECOND, Map.of("logs", 30L), Map.of("logs", 25L));

        assertThat(watch.observe(130 * SECOND, Map.of("logs", 40L), Map.of("logs", 25L))).isEmpty();
        assertThat(watch.observe(141 * SECOND, Map.of("logs", 50L), Map.of("logs", 25L)))
                .extracting(StallWatch.Stall::signal)
                .containsExactly("logs");
    }

    @Test
    void quietInputIsNotAStall() {
        StallWatch watch = new StallWatch(60 * SECOND);
        watch.observe(0, Map.of("spans", 500L), Map.of("spans", 500L));

        assertThat(watch.observe(600 * SECOND, Map.of("spans", 500L), Map.of("spans", 500L)))
                .isEmpty();
    }

    @Test
    void aNonPositiveQuietTimeIsRefused() {
        assertThatThrownBy(() -> new StallWatch(0))
                .hasMessage("quietNanos must be positive, was 0");
    }
}
