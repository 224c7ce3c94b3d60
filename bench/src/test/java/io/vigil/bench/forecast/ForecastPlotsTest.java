package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.bench.nab.NabFile;
import io.vigil.udfs.forecast.Forecaster;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ForecastPlots}: the data behind the plots (not pixels), then the PNGs. */
class ForecastPlotsTest {

    private static final long START = 1_420_070_400_000L; // 2015-01-01 00:00:00 UTC
    private static final long STEP = 5 * 60_000L;
    private static final int ROWS = 2000;

    /**
     * A seeded daily sine at 5 minutes with noise and, every 150 rows from row 400, a climb of 10
     * steps to a peak well above the rest: T (99th percentile) falls on the peaks, each a crossing
     * event.
     */
    private static NabFile synthetic(String category, String name, long seed) {
        Random random = new Random(seed);
        long[] millis = new long[ROWS];
        double[] values = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            millis[i] = START + i * STEP;
            values[i] = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + random.nextGaussian();
            int k = (i - 400) % 150;
            if (i >= 400 && k < 10) {
                values[i] += 8 * k;
            }
        }
        return NabFile.of(category, name, millis, values, List.of());
    }

    private static SeriesPlan plan() {
        return SeriesPlan.of(synthetic("realTest", "climbs.csv", 42), SeasonalPeriod.Variant.BOTH);
    }

    // ------------------------------------------------------------------ forecast plots

    @Test
    void originsEndOnTheLastRowAndDoNotOverlap() {
        // 2000 rows from row 1424: the last origin 1987 (+ 12 = row 1999), then every 24 back.
        int[] origins = ForecastPlots.origins(ROWS, ROWS - ForecastPlots.WINDOW_ROWS);
        assertThat(origins[origins.length - 1]).isEqualTo(ROWS - 1 - Protocol.HORIZON);
        assertThat(origins[0]).isGreaterThanOrEqualTo(1424).isLessThan(1424 + 24);
        assertThat(origins).hasSize(24);
        for (int j = 1; j < origins.length; j++) {
            assertThat(origins[j] - origins[j - 1])
                    .isEqualTo(ForecastPlots.ORIGIN_EVERY)
                    .isGreaterThan(Protocol.HORIZON);
        }
        assertThat(ForecastPlots.origins(20, 10)).isEmpty();
    }

    @Test
    void forecastTraceIsVigilsForecastAtEachOriginWithItsInterval() {
        SeriesPlan plan = plan();

        ForecastPlots.ForecastTrace trace = ForecastPlots.forecastTrace(plan, 1.25);

        assertThat(trace.from()).isEqualTo(ROWS - ForecastPlots.WINDOW_ROWS);
        assertThat(trace.to()).isEqualTo(ROWS);
        assertThat(trace.origins())
                .containsExactly(ForecastPlots.origins(ROWS, trace.from()))
                .hasSize(24);
        assertThat(trace.mase()).isEqualTo(1.25);

        // The same forecasts as the harness's vigil session, one step per row.
        ForecastMethod.Session session =
                new VigilMethod("vigil", VigilMethod.DEFAULT_MIN_CONFIDENCE).open(plan.context());
        Forecaster forecaster = new Forecaster(plan.dtSeconds() * 1000);
        int next = 0;
        for (int t = 0; next < trace.origins().length; t++) {
            session.observe(plan.values()[t]);
            forecaster.observe(plan.values()[t]);
            if (t == trace.origins()[next]) {
                assertThat(trace.mean()[next]).containsExactly(session.forecast(12));
                assertThat(trace.seasons()[next]).isEqualTo(forecaster.seasonSteps());
                double[] sigma = forecaster.forecast(12).sigma();
                for (int h = 0; h < 12; h++) {
                    assertThat(trace.upper()[next][h] - trace.mean()[next][h])
                            .isCloseTo(1.96 * sigma[h], within(1e-9));
                    assertThat(trace.mean()[next][h] - trace.lower()[next][h])
                            .isCloseTo(1.96 * sigma[h], within(1e-9));
                    assertThat(sigma[h]).isPositive();
                }
                next++;
            }
        }
        // A daily sine over 2000 rows: the forecaster uses the day.
        assertThat(trace.season()).isEqualTo(288);
        assertThat(ForecastPlots.season(288, 300)).isEqualTo("1 d (288 steps)");
        assertThat(ForecastPlots.season(0, 300)).isEqualTo("none");
        assertThat(ForecastPlots.season(336, 1800)).isEqualTo("7 d (336 steps)");
        assertThat(ForecastPlots.duration(300)).isEqualTo("5 min");

        // Coverage: the plotted values inside their interval, counted here by hand.
        int inside = 0;
        for (int j = 0; j < trace.origins().length; j++) {
            for (int h = 1; h <= 12; h++) {
                double v = plan.values()[trace.origins()[j] + h];
                if (v >= trace.lower()[j][h - 1] && v <= trace.upper()[j][h - 1]) {
                    inside++;
                }
            }
        }
        assertThat(trace.coverage()).isEqualTo(inside / (24 * 12.0)).isGreaterThan(0.5);
    }

    // ------------------------------------------------------------------ crossing plot

    @Test
    void crossingTraceHasTheCrossingPassesAlertsAndTheProtocolRunsCounts() {
        SeriesPlan plan = plan();
        VigilMethod vigil = new VigilMethod("vigil", VigilMethod.DEFAULT_MIN_CONFIDENCE);
        SeriesResult run =
                new ForecastBench(List.of(), List.of(vigil), SeasonalPeriod.Variant.BOTH, 1)
                        .runSeries(plan);

        ForecastPlots.CrossingTrace trace = ForecastPlots.crossingTrace(plan);

        SeriesCrossing protocol = run.crossing().get("vigil");
        SeriesCrossing plotted = trace.figures();
        assertThat(plotted.events()).isEqualTo(protocol.events()).isEqualTo(run.events());
        assertThat(plotted.caught()).isEqualTo(protocol.caught());
        assertThat(plotted.alerts()).isEqualTo(protocol.alerts());
        assertThat(plotted.truePositives()).isEqualTo(protocol.truePositives());
        assertThat(plotted.leadsMinutes()).containsExactly(protocol.leadsMinutes());
        assertThat(run.events()).as("the climbs cross T").isGreaterThanOrEqualTo(5);

        // Alerts only where the harness asks: from the first origin on, below T.
        for (int t = 0; t < ROWS; t++) {
            if (trace.alert()[t]) {
                assertThat(t).isGreaterThanOrEqualTo(plan.first());
                assertThat(plan.values()[t]).isLessThan(plan.threshold());
            }
        }
        assertThat(trace.outcomes()).hasSize(run.events());
        assertThat(trace.outcomes().stream().filter(CrossingScorer.Outcome::caught).count())
                .isEqualTo(protocol.caught());

        // The window: a day of rows; the events in it split into caught and missed.
        assertThat(trace.to() - trace.from()).isEqualTo(ForecastPlots.CROSSING_WINDOW_ROWS);
        int inWindow =
                (int)
                        trace.outcomes().stream()
                                .filter(o -> o.step() >= trace.from() && o.step() < trace.to())
                                .count();
        assertThat(trace.events(true).length + trace.events(false).length)
                .isEqualTo(inWindow)
                .isPositive();
        for (int[] episode : trace.episodes()) {
            for (int t = episode[0]; t <= episode[1]; t++) {
                assertThat(trace.alert()[t]).isTrue();
            }
            assertThat(episode[0] == trace.from() || !trace.alert()[episode[0] - 1]).isTrue();
            assertThat(episode[1] == trace.to() - 1 || !trace.alert()[episode[1] + 1]).isTrue();
        }
    }

    @Test
    void theCrossingWindowPrefersCaughtAndMissedEventsThenTheMostEvents() {
        CrossingScorer.Outcome caught100 = new CrossingScorer.Outcome(100, 30);
        CrossingScorer.Outcome caught150 = new CrossingScorer.Outcome(150, 30);
        CrossingScorer.Outcome caught180 = new CrossingScorer.Outcome(180, 30);
        CrossingScorer.Outcome missed900 = new CrossingScorer.Outcome(900, Double.NaN);
        CrossingScorer.Outcome caught950 = new CrossingScorer.Outcome(950, 30);

        // Three caught at 100..180 against one caught and one missed at 900..950: the mix wins,
        // starting a tenth of the window (10 rows) before its first event.
        assertThat(
                        ForecastPlots.crossingWindow(
                                List.of(caught100, caught150, caught180, missed900, caught950),
                                2000,
                                100))
                .isEqualTo(890);
        // All caught: the most events, the earliest of equal windows.
        assertThat(
                        ForecastPlots.crossingWindow(
                                List.of(caught100, caught150, caught180, caught950), 2000, 100))
                .isEqualTo(90);
        // Near the end the window stays inside the series; without events, the last rows.
        assertThat(ForecastPlots.crossingWindow(List.of(missed900, caught950), 1000, 100))
                .isEqualTo(890);
        assertThat(ForecastPlots.crossingWindow(List.of(caught950), 960, 100)).isEqualTo(860);
        assertThat(ForecastPlots.crossingWindow(List.of(), 2000, 100)).isEqualTo(1900);
    }

    // ------------------------------------------------------------------ choice and files

    @Test
    void representativeSeriesComeFirstThenTheRestInOrder() {
        List<SeriesPlan> plans = new ArrayList<>();
        plans.add(SeriesPlan.of(synthetic("b", "z.csv", 1), SeasonalPeriod.Variant.BOTH));
        plans.add(SeriesPlan.of(synthetic("a", "y.csv", 2), SeasonalPeriod.Variant.BOTH));
        plans.add(
                SeriesPlan.of(
                        synthetic("realTweets", "Twitter_volume_AAPL.csv", 3),
                        SeasonalPeriod.Variant.BOTH));
        plans.add(
                SeriesPlan.of(
                        synthetic("realKnownCause", "nyc_taxi.csv", 4),
                        SeasonalPeriod.Variant.BOTH));

        assertThat(ForecastPlots.representative(plans, 3))
                .extracting(SeriesPlan::key)
                .containsExactly(
                        "realKnownCause/nyc_taxi.csv",
                        "realTweets/Twitter_volume_AAPL.csv",
                        "b/z.csv");
        assertThat(ForecastPlots.representative(plans, 10)).hasSize(4);
        assertThat(ForecastPlots.representative(plans, 0)).isEmpty();
    }

    @Test
    void writesTheForecastPlotsThenTheCrossingPlotOfTheSeriesVigilCatchesMostOn(@TempDir Path dir)
            throws Exception {
        VigilMethod vigil = new VigilMethod("vigil", VigilMethod.DEFAULT_MIN_CONFIDENCE);
        ForecastReport report =
                new ForecastBench(List.of(vigil), List.of(vigil), SeasonalPeriod.Variant.BOTH, 1)
                        .run(
                                List.of(
                                        synthetic("realTest", "first.csv", 5),
                                        synthetic("realTest", "second.csv", 6)));
        // The most events caught by vigil; on a tie, the most events; then the first.
        SeriesResult first = report.series().get(0);
        SeriesResult second = report.series().get(1);
        int caughtFirst = first.crossing().get("vigil").caught();
        int caughtSecond = second.crossing().get("vigil").caught();
        SeriesResult most =
                caughtSecond > caughtFirst
                                || (caughtSecond == caughtFirst && second.events() > first.events())
                        ? second
                        : first;

        assertThat(ForecastPlots.crossingSeries(report)).isSameAs(most.plan());
        assertThat(ForecastPlots.mase(report, "realTest/first.csv"))
                .isEqualTo(report.series().get(0).accuracy().get("vigil").mase());

        List<Path> written = ForecastPlots.write(report, 2, dir);

        String crossing = "crossing_realTest_" + most.plan().file().name().replace(".csv", "");
        assertThat(written)
                .containsExactly(
                        dir.resolve("forecast_realTest_first.png"),
                        dir.resolve("forecast_realTest_second.png"),
                        dir.resolve(crossing + ".png"));
        for (Path png : written) {
            assertDecodes(png);
        }
        assertThat(ForecastPlots.write(report, 0, dir.resolve("none"))).isEmpty();
        assertThat(dir.resolve("none")).doesNotExist();
    }

    private static void assertDecodes(Path png) throws IOException {
        assertThat(png).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(ForecastPlots.WIDTH).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(ForecastPlots.HEIGHT).isEqualTo(500);
        assertThat(Files.size(png)).isLessThan(300_000L);
    }
}
