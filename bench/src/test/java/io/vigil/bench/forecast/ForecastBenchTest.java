package io.vigil.bench.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.bench.nab.NabFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's contract with a method: order, origins, eligible steps, failures. */
class ForecastBenchTest {
    private static final long FIVE_MINUTES = 300_000;

    /** 200 rows at 5 min: a ramp 0..199 with a spike of 500 at row 150. */
    private static NabFile ramp() {
        long[] ts = new long[200];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            ts[i] = 1_400_000_000_000L + i * FIVE_MINUTES;
            y[i] = i;
        }
        y[150] = 500;
        return NabFile.of("realTest", "ramp.csv", ts, y, List.of());
    }

    /** Records what the harness does; forecasts the last value. */
    static final class Recorder implements ForecastMethod {
        final List<String> calls = new ArrayList<>();
        SeriesContext context;

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public Session open(SeriesContext context) {
            this.context = context;
            return new Session() {
                int seen;
                double last;

                @Override
                public void observe(double value) {
                    seen++;
                    last = value;
                }

                @Override
                public double[] forecast(int steps) {
                    calls.add("forecast " + steps + " after " + seen);
                    double[] f = new double[steps];
                    java.util.Arrays.fill(f, last);
                    return f;
                }

                @Override
                public boolean predictsCrossing(double threshold, int steps) {
                    calls.add("cross " + steps + " after " + seen + " at " + last);
                    return false;
                }
            };
        }
    }

    @Test
    void forecastsAreAskedRightAfterEachOrigin() {
        SeriesPlan plan = SeriesPlan.of(ramp(), SeasonalPeriod.Variant.BOTH);
        Recorder recorder = new Recorder();
        SeriesAccuracy a = ForecastBench.forecastPass(plan, recorder);
        // n = 200: p = 30, K_s = floor(158 / 19) = 8, origins 29, 37, …, 181.
        assertThat(recorder.context)
                .isEqualTo(new SeriesContext("realTest/ramp.csv", 300, 30, 0, 200));
        assertThat(recorder.calls)
                .hasSize(20)
                .startsWith("forecast 12 after 30", "forecast 12 after 38");
        assertThat(a.refits()).isEqualTo(20);
        assertThat(a.fails()).isZero();
        assertThat(a.cpuNanos()).isNotNegative();
    }

    @Test
    void crossingIsAskedAtEligibleStepsOnly() {
        SeriesPlan plan = SeriesPlan.of(ramp(), SeasonalPeriod.Variant.BOTH);
        Recorder recorder = new Recorder();
        SeriesCrossing c = ForecastBench.crossingPass(plan, new CrossingScorer(plan), recorder);
        // T = 99th percentile of y[30:] = 30..149, 500, 151..199: sorted[167] + 0.31 · 1 = 198.31.
        // Rows 29..198 are asked except the spike (150); 199 is at or above T.
        assertThat(plan.threshold()).isCloseTo(198.31, within(1e-9));
        assertThat(c.steps()).isEqualTo(169);
        assertThat(recorder.calls.get(0)).isEqualTo("cross 12 after 30 at 29.0");
        assertThat(recorder.calls.get(168)).isEqualTo("cross 12 after 199 at 198.0");
        assertThat(recorder.calls).noneMatch(call -> call.endsWith("at 500.0"));
        assertThat(c.alerts()).isZero();
        assertThat(c.events()).isEqualTo(2);
    }

    @Test
    void aFailingForecastIsScoredAsNaiveAndCounted() {
        ForecastMethod broken =
                new ForecastMethod() {
                    @Override
                    public String name() {
                        return "broken";
                    }

                    @Override
                    public Session open(SeriesContext context) {
                        return new Session() {
                            int seen;

                            @Override
                            public void observe(double value) {
                                seen++;
                            }

                            @Override
                            public double[] forecast(int steps) {
                                if (seen % 2 == 0) {
                                    throw new IllegalStateException("no");
                                }
                                return new double[] {Double.NaN};
                            }

                            @Override
                            public boolean predictsCrossing(double threshold, int steps) {
                                return false;
                            }
                        };
                    }
                };
        SeriesPlan plan = SeriesPlan.of(ramp(), SeasonalPeriod.Variant.BOTH);
        SeriesAccuracy failed = ForecastBench.forecastPass(plan, broken);
        SeriesAccuracy naive = ForecastBench.forecastPass(plan, new NaiveMethod("naive", 0));
        assertThat(failed.fails()).isEqualTo(20);
        assertThat(failed.mase()).isEqualTo(naive.mase());
    }

    @Test
    void runsSeriesInParallelAndKeepsTheirOrderAndSkipsShortOnes() throws Exception {
        NabFile tiny =
                NabFile.of(
                        "realTest", "tiny.csv", new long[] {0, 1}, new double[] {1, 2}, List.of());
        ForecastReport report =
                new ForecastBench(
                                ForecastMethods.forecasting(),
                                ForecastMethods.crossing(),
                                SeasonalPeriod.Variant.BOTH,
                                2)
                        .run(List.of(ramp(), tiny));
        assertThat(report.series()).hasSize(1);
        assertThat(report.skipped()).containsOnlyKeys("realTest/tiny.csv");
        assertThat(report.methods())
                .containsExactly(
                        "vigil",
                        "naive",
                        "snaive",
                        "linear_1h",
                        "linear_1d",
                        "vigil_c0.4",
                        "vigil_c0.3",
                        "always",
                        "naive_z1",
                        "naive_z2",
                        "naive_z3");
        MethodSummary always = report.summary("always");
        assertThat(always.events()).isEqualTo(2);
        assertThat(always.recall()).isEqualTo(1);
        assertThat(always.maseMean()).isNaN();
        MethodSummary naive = report.summary("naive");
        assertThat(naive.maseMean()).isPositive();
        assertThat(naive.precision()).isNaN();
    }
}
