package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Events, refractory, scoring, episodes, caught window and lead on a hand-made series: 41 rows at 5
 * minutes (row i at i · 5 min), T = 10, first = 2 (ts_first = 10 min), last timestamp 200 min.
 */
class CrossingScorerTest {
    private static final long MINUTE = 60_000;
    private static final double T = 10;

    private static long[] timestamps() {
        long[] ts = new long[41];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = i * 5 * MINUTE;
        }
        return ts;
    }

    /**
     * Exceedances at rows 1 (5 min: too early for an event, ts - 60 < ts_first), 14 (70 min: event
     * A), 16 (80 min: refractory after A), 31 (155 min: event B).
     */
    private static double[] values() {
        double[] y = new double[41];
        Arrays.fill(y, 1);
        y[1] = 11;
        y[14] = 12;
        y[16] = 11;
        y[31] = 15;
        return y;
    }

    private static CrossingScorer scorer() {
        return new CrossingScorer(timestamps(), values(), T, 2);
    }

    private static boolean[] alertsAt(int... rows) {
        boolean[] alert = new boolean[41];
        for (int row : rows) {
            alert[row] = true;
        }
        return alert;
    }

    @Test
    void eventsNeedARiseARefractoryHourAndAnHourAfterTheFirstOrigin() {
        assertThat(scorer().events()).containsExactly(14, 31);
    }

    @Test
    void scoresAlertsEpisodesAndLeads() {
        // 4,5,6 (20-30 min: A within the hour), 13 (65 min), 17 (85 min: nothing in (85, 145]),
        // 20, 25, 28 (B within the hour; 28 at 140 min is scored, 140 + 60 = last timestamp),
        // 32 and 33 (160, 165 min: too close to the end to be scored).
        SeriesCrossing c = scorer().score(alertsAt(4, 5, 6, 13, 17, 20, 25, 28, 32, 33), 0, 36);
        assertThat(c.alerts()).isEqualTo(8);
        assertThat(c.truePositives()).isEqualTo(7);
        assertThat(c.precision()).isEqualTo(7 / 8.0);
        // episodes {4,5,6} {13} {17} {20} {25} {28}; {17} has no true positive
        assertThat(c.episodes()).isEqualTo(6);
        assertThat(c.trueEpisodes()).isEqualTo(5);
        assertThat(c.events()).isEqualTo(2);
        assertThat(c.caught()).isEqualTo(2);
        // A at 70 min: earliest alert in [10, 65] is 20 min -> 50; B at 155: 100 min -> 55.
        assertThat(c.leadsMinutes()).containsExactly(50, 55);
        assertThat(c.medianLeadMinutes()).isEqualTo(52.5);
        assertThat(c.recall()).isEqualTo(1);
    }

    @Test
    void caughtWindowRunsFromAnHourToFiveMinutesBefore() {
        // B at 155 min: an alert at 95 min (row 19) is 60 min before, at 150 (row 30) 5 before.
        assertThat(scorer().score(alertsAt(19), 0, 1).leadsMinutes()).containsExactly(60);
        assertThat(scorer().score(alertsAt(30), 0, 1).leadsMinutes()).containsExactly(5);
        // 65 min before (row 18) and at the event's own row are outside.
        assertThat(scorer().score(alertsAt(18), 0, 1).caught()).isZero();
        assertThat(scorer().score(alertsAt(31), 0, 1).caught()).isZero();
    }

    @Test
    void outcomesNameEachEventCaughtOrMissedWithItsLead() {
        // Row 19 (95 min) catches B at 155 min 60 min ahead; nothing catches A.
        assertThat(scorer().outcomes(alertsAt(19)))
                .containsExactly(
                        new CrossingScorer.Outcome(14, Double.NaN),
                        new CrossingScorer.Outcome(31, 60));
        assertThat(scorer().outcomes(alertsAt(19)).get(0).caught()).isFalse();
        assertThat(scorer().outcomes(alertsAt(19)).get(1).caught()).isTrue();
        assertThat(scorer().outcomes(new boolean[41]))
                .noneMatch(CrossingScorer.Outcome::caught)
                .hasSize(2);
    }

    @Test
    void truePositiveWindowIsOpenAtTheAlertAndClosedAnHourLater() {
        // Row 2 (10 min): (10, 70] holds A at 70. Row 15 (75 min): (75, 135] holds 80 (row 16).
        // Row 17 (85 min): (85, 145] holds nothing.
        assertThat(scorer().score(alertsAt(2), 0, 1).truePositives()).isEqualTo(1);
        assertThat(scorer().score(alertsAt(15), 0, 1).truePositives()).isEqualTo(1);
        assertThat(scorer().score(alertsAt(17), 0, 1).truePositives()).isZero();
    }

    @Test
    void noAlertsGiveNanPrecisionAndZeroRecall() {
        SeriesCrossing c = scorer().score(new boolean[41], 0, 0);
        assertThat(c.precision()).isNaN();
        assertThat(c.recall()).isZero();
        assertThat(c.medianLeadMinutes()).isNaN();
    }
}
