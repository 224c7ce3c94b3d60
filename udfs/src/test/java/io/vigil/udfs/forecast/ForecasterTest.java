package io.vigil.udfs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecasterTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final int DAY = 288;

    /** A daily sine of amplitude 10 around 100 with seeded noise of σ {@code noise}. */
    private static double daily(int step, double noise, Random random) {
        return 100 + 10 * Math.sin(2 * Math.PI * step / DAY) + noise * random.nextGaussian();
    }

    @Test
    void aDailySeasonIsFoundAndForecast() {
        Forecaster f = new Forecaster(FIVE_MINUTES);
        Random random = new Random(7);
        int n = 5 * DAY;
        for (int i = 0; i < n; i++) {
            f.observe(daily(i, 0.5, random));
        }
        assertThat(f.seasonSteps()).isEqualTo(DAY);
        Forecast forecast = f.forecast(DAY / 2);
        double error = 0;
        double naive = 0;
        double last = daily(n - 1, 0, new Random(0));
        for (int h = 1; h <= DAY / 2; h++) {
            double truth = daily(n - 1 + h, 0, new Random(0));
            error += Math.abs(forecast.mean()[h - 1] - truth);
            naive += Math.abs(last - truth);
        }
        // Half a day ahead the season carries the forecast: within 1 of the noise-free curve on
        // average, where holding the last value is off by about 6.
        assertThat(error / (DAY / 2)).isLessThan(1.0);
        assertThat(naive / (DAY / 2)).isGreaterThan(5.0);
    }

    @Test
    void noSeasonInNoise() {
        Forecaster f = new Forecaster(FIVE_MINUTES);
        Random random = new Random(3);
        for (int i = 0; i < 5 * DAY; i++) {
            f.observe(50 + random.nextGaussian());
        }
        assertThat(f.seasonSteps()).isZero();
        Forecast forecast = f.forecast(12);
        for (double v : forecast.mean()) {
            assertThat(v).isCloseTo(50, within(0.6));
        }
    }

    @Test
    void aSteadyClimbIsExtrapolatedAndCalledIncreasing() {
        Forecaster f = new Forecaster(60_000L);
        Random random = new Random(11);
        for (int i = 0; i < 600; i++) {
            f.observe(0.5 + 0.0005 * i + 0.002 * random.nextGaussian());
        }
        Forecast forecast = f.forecast(60);
        double truth = 0.5 + 0.0005 * (599 + 60);
        assertThat(forecast.mean()[59]).isCloseTo(truth, within(0.01));
        assertThat(f.trendChange(60)).isCloseTo(0.03, within(0.01));
        assertThat(Trend.of(f, forecast, 60)).isEqualTo(Trend.INCREASING);
        assertThat(forecast.lower(60, 1.96)).isLessThan(truth);
        assertThat(forecast.upper(60, 1.96)).isGreaterThan(truth);
    }

    @Test
    void momentumThatFadesIsForecastWithADampedTrend() {
        // Increments that carry 80 % of the last one over (a damped-trend process): the trend
        // learnt is damped, and what it adds levels off instead of growing with the horizon.
        Forecaster f = new Forecaster(FIVE_MINUTES);
        Random random = new Random(1);
        double y = 100;
        double increment = 0;
        for (int i = 0; i < 1000; i++) {
            increment = 0.8 * increment + random.nextGaussian();
            y += increment;
            f.observe(y);
        }
        assertThat(f.phi).isLessThan(1.0);
        double at12 = f.trendChange(12);
        assertThat(at12).isNotZero();
        assertThat(f.trendChange(100)).isCloseTo(f.trendChange(50), within(0.01 * Math.abs(at12)));
        assertThat(Math.abs(f.trendChange(100))).isLessThan(1.2 * Math.abs(at12));
    }

    @Test
    void aSpikeDoesNotDragTheLevel() {
        Forecaster f = new Forecaster(FIVE_MINUTES);
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            f.observe(20 + random.nextGaussian());
        }
        f.observe(400);
        // One wild value moves the forecast by at most a few robust scales, not toward 400.
        assertThat(f.forecast(1).mean()[0]).isBetween(17.0, 26.0);
    }

    @Test
    void aConstantSeriesForecastsItself() {
        Forecaster f = new Forecaster(FIVE_MINUTES);
        for (int i = 0; i < 1000; i++) {
            f.observe(42);
        }
        Forecast forecast = f.forecast(24);
        for (int h = 1; h <= 24; h++) {
            assertThat(forecast.mean()[h - 1]).isEqualTo(42.0);
            assertThat(forecast.sigma()[h - 1]).isEqualTo(0.0);
        }
        assertThat(Trend.of(f, forecast, 24)).isEqualTo(Trend.STABLE);
    }

    @Test
    void gapsRunTheStateOnAsForecast() {
        Forecaster withGap = new Forecaster(60_000L);
        Forecaster whole = new Forecaster(60_000L);
        for (int i = 0; i < 300; i++) {
            double v = 10 + 0.1 * i;
            whole.observe(v);
            if (i >= 200 && i < 230) {
                withGap.observe(Double.NaN);
            } else {
                withGap.observe(v);
            }
        }
        assertThat(withGap.steps()).isEqualTo(300);
        // A clean line: the gap leaves the forecast where the unbroken series' is.
        assertThat(withGap.forecast(10).mean()[9]).isCloseTo(10 + 0.1 * 309, within(0.05));
        assertThat(whole.forecast(10).mean()[9]).isCloseTo(10 + 0.1 * 309, within(0.05));

        Forecaster skipped = new Forecaster(60_000L);
        for (int i = 0; i < 100; i++) {
            skipped.observe(5);
        }
        skipped.skip(20);
        assertThat(skipped.steps()).isEqualTo(120);
        assertThat(skipped.forecast(1).mean()[0]).isEqualTo(5.0);
    }

    @Test
    void beforeTheFirstValueTheForecastIsUnknown() {
        Forecast forecast = new Forecaster(FIVE_MINUTES).forecast(3);
        assertThat(forecast.mean()).containsOnly(Double.NaN);
        assertThat(forecast.sigma()).containsOnly(Double.NaN);
    }

    @Test
    void aRestoredForecasterForecastsExactlyAsTheOriginal() throws IOException {
        Forecaster original = new Forecaster(FIVE_MINUTES);
        Random random = new Random(13);
        for (int i = 0; i < 3 * DAY + 17; i++) {
            original.observe(i % 97 == 0 ? Double.NaN : daily(i, 1, random));
        }
        byte[] bytes = snapshot(original);
        assertThat(bytes.length).isLessThanOrEqualTo(Forecaster.MAX_STATE_BYTES);
        Forecaster restored =
                ForecasterCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertThat(restored.forecast(500))
                .usingRecursiveComparison()
                .isEqualTo(original.forecast(500));
        // And they stay equal through further steps and refits.
        for (int i = 0; i < 2 * Forecaster.REFIT_EVERY + 5; i++) {
            double v = daily(3 * DAY + 17 + i, 1, random);
            original.observe(v);
            restored.observe(v);
        }
        assertThat(restored.refits()).isEqualTo(original.refits());
        assertThat(restored.forecast(500))
                .usingRecursiveComparison()
                .isEqualTo(original.forecast(500));
        assertThat(snapshot(restored)).isEqualTo(snapshot(original));
    }

    @Test
    void theLargestStateFitsFourKilobytes() throws IOException {
        // A one-minute series with a weekly season: the profile and both histories are full.
        Forecaster f = new Forecaster(60_000L);
        Random random = new Random(17);
        int week = 7 * 24 * 60;
        for (int i = 0; i < 3 * week; i++) {
            double daily = Math.sin(2 * Math.PI * i / (24 * 60));
            double weekend = (i / (24 * 60)) % 7 >= 5 ? -3 : 0;
            f.observe(20 + 5 * daily + weekend + random.nextGaussian() * 0.3);
        }
        // The weekly season is found (whether the refit uses it depends on how well it forecasts).
        assertThat(f.period).isEqualTo(week);
        assertThat(f.profile).hasSize(Forecaster.MAX_BUCKETS);
        assertThat(snapshot(f).length).isLessThanOrEqualTo(Forecaster.MAX_STATE_BYTES);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> new Forecaster(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step must be positive");
        Forecaster f = new Forecaster(FIVE_MINUTES);
        assertThatThrownBy(() -> f.observe(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> f.forecast(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizon");
    }

    private static byte[] snapshot(Forecaster f) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ForecasterCodec.write(f, out);
        }
        return bytes.toByteArray();
    }
}
