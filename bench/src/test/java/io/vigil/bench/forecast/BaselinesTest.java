package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The baseline methods' forecasts and crossing rules, session by session. */
class BaselinesTest {

    private static SeriesContext context(long dtSeconds, int period) {
        return new SeriesContext("test/x.csv", dtSeconds, 10, period, 100);
    }

    private static ForecastMethod.Session feed(
            ForecastMethod method, SeriesContext context, double... values) {
        ForecastMethod.Session session = method.open(context);
        for (double v : values) {
            session.observe(v);
        }
        return session;
    }

    @Test
    void naiveRepeatsTheLastValue() {
        ForecastMethod.Session s = feed(new NaiveMethod("naive", 0), context(300, 0), 1, 5, 3);
        assertThat(s.forecast(3)).containsExactly(3, 3, 3);
        assertThat(s.predictsCrossing(3.5, 12)).isFalse();
    }

    @Test
    void naiveWithABandIsAProximityRule() {
        // differences 1, 2, 3: sample std 1; z = 2 reaches 6 + 2 · 1 · √4 = 10 at k = 4.
        ForecastMethod naiveZ2 = new NaiveMethod("naive_z2", 2);
        ForecastMethod.Session s = feed(naiveZ2, context(300, 0), 0, 1, 3, 6);
        assertThat(s.predictsCrossing(10, 4)).isTrue();
        assertThat(s.predictsCrossing(10.01, 4)).isFalse();
        assertThat(s.predictsCrossing(8, 1)).isTrue();
        assertThat(s.predictsCrossing(8.01, 1)).isFalse();
    }

    @Test
    void sigmaUsesTheTrailing288Differences() {
        CrossingRule rule = new CrossingRule(1);
        // A jump long ago leaves the window: 1 jump of 1000 then 288 steps of +1.
        rule.observe(0);
        rule.observe(1000);
        for (int i = 1; i <= 288; i++) {
            rule.observe(1000 + i);
        }
        assertThat(rule.sigma()).isZero();
        rule.observe(1289 + 288);
        assertThat(rule.sigma()).isGreaterThan(10);
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeason() {
        ForecastMethod snaive = new SeasonalNaiveMethod();
        // m = 3, origin o = 4: y[o - 2 + ((h - 1) mod 3)] = y[2], y[3], y[4], y[2]
        ForecastMethod.Session s = feed(snaive, context(300, 3), 1, 2, 3, 4, 5);
        assertThat(s.forecast(4)).containsExactly(3, 4, 5, 3);
    }

    @Test
    void seasonalNaiveFallsBackToNaiveBeforeASeasonIsSeen() {
        ForecastMethod snaive = new SeasonalNaiveMethod();
        // No period detected: one day, 24 steps at 1 h; only 3 rows seen.
        assertThat(SeasonalNaiveMethod.period(context(3600, 0))).isEqualTo(24);
        assertThat(feed(snaive, context(3600, 0), 7, 8, 9).forecast(2)).containsExactly(9, 9);
    }

    @Test
    void linearExtrapolatesTheLastWindow() {
        LinearTrendMethod linear = new LinearTrendMethod("linear_1h", 3600, 0);
        // dt = 20 min: w = max(3, round(3)) = 3, so 0 and 10 have left the window.
        assertThat(linear.window(context(1200, 0))).isEqualTo(3);
        ForecastMethod.Session s = feed(linear, context(1200, 0), 0, 10, 1, 2, 3);
        double[] f = s.forecast(2);
        assertThat(f[0]).isCloseTo(4, within(1e-12));
        assertThat(f[1]).isCloseTo(5, within(1e-12));
        assertThat(s.predictsCrossing(5, 2)).isTrue();
        assertThat(s.predictsCrossing(5.01, 2)).isFalse();
        assertThat(linear.window(context(300, 0))).isEqualTo(12);
        assertThat(new LinearTrendMethod("linear_1d", 86400, 0).window(context(300, 0)))
                .isEqualTo(288);
    }

    @Test
    void alwaysAlerts() {
        ForecastMethod.Session s = feed(new AlwaysAlertMethod(), context(300, 0), 1);
        assertThat(s.predictsCrossing(1e9, 1)).isTrue();
    }
}
