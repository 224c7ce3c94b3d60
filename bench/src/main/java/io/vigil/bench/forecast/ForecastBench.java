package io.vigil.bench.forecast;

import io.vigil.bench.nab.NabFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the forecast protocol: for every series, every forecast method in a forecast pass and every
 * predictor in a crossing pass, each in a fresh {@link ForecastMethod.Session}.
 *
 * <ul>
 *   <li>Forecast pass: rows 0..last origin are observed in order; after observing y[o] at each
 *       origin o the session is asked for {@link Protocol#HORIZON} forecasts. Its thread CPU time
 *       (open, every observe, every forecast) is measured around the whole pass.
 *   <li>Crossing pass: every row is observed in order; at each step t >= p - 1 with y_t < T the
 *       session is asked {@code predictsCrossing(T, Hs)}.
 * </ul>
 *
 * Series run in parallel, one series per task on a fixed pool; a session runs on one thread from
 * open to its last call, so {@link ThreadMXBean#getCurrentThreadCpuTime()} deltas are its own.
 * Results are in series order whatever the thread count.
 */
public final class ForecastBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final List<ForecastMethod> forecasters;
    private final List<ForecastMethod> predictors;
    private final SeasonalPeriod.Variant variant;
    private final int threads;

    /**
     * @param forecasters the forecast section's methods (distinct names)
     * @param predictors the crossing section's predictors (distinct names; a name may also be a
     *     forecaster, its figures then share a row)
     * @param variant the seasonal-period rule's variant
     * @param threads series run in parallel (>= 1)
     */
    public ForecastBench(
            List<ForecastMethod> forecasters,
            List<ForecastMethod> predictors,
            SeasonalPeriod.Variant variant,
            int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        if (forecasters.isEmpty() && predictors.isEmpty()) {
            throw new IllegalArgumentException("no methods to run");
        }
        requireDistinct(forecasters, "forecast methods");
        requireDistinct(predictors, "crossing predictors");
        this.forecasters = List.copyOf(forecasters);
        this.predictors = List.copyOf(predictors);
        this.variant = variant;
        this.threads = threads;
        if (THREADS.isCurrentThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
    }

    private static void requireDistinct(List<ForecastMethod> methods, String what) {
        Set<String> names = new LinkedHashSet<>();
        for (ForecastMethod method : methods) {
            if (!names.add(method.name())) {
                throw new IllegalArgumentException(
                        "two " + what + " are named " + method.name() + "; names must differ");
            }
        }
    }

    /** Runs every method on every usable series of {@code files}. */
    public ForecastReport run(List<NabFile> files) throws InterruptedException {
        List<SeriesPlan> plans = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (NabFile file : files) {
            Optional<String> problem = SeriesPlan.unusable(file);
            if (problem.isPresent()) {
                skipped.put(file.key(), problem.get());
            } else {
                plans.add(SeriesPlan.of(file, variant));
            }
        }
        List<SeriesResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SeriesResult>> futures = new ArrayList<>();
            for (SeriesPlan plan : plans) {
                futures.add(pool.submit(() -> runSeries(plan)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(
                            plans.get(i).key() + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new ForecastReport(
                results,
                skipped,
                forecasters.stream().map(ForecastMethod::name).toList(),
                predictors.stream().map(ForecastMethod::name).toList(),
                variant);
    }

    /** Both sections on one series, on the calling thread. */
    SeriesResult runSeries(SeriesPlan plan) {
        Map<String, SeriesAccuracy> accuracy = new LinkedHashMap<>();
        for (ForecastMethod method : forecasters) {
            accuracy.put(method.name(), forecastPass(plan, method));
        }
        CrossingScorer scorer = new CrossingScorer(plan);
        Map<String, SeriesCrossing> crossing = new LinkedHashMap<>();
        for (ForecastMethod method : predictors) {
            crossing.put(method.name(), crossingPass(plan, scorer, method));
        }
        return new SeriesResult(plan, scorer.events().length, accuracy, crossing);
    }

    static SeriesAccuracy forecastPass(SeriesPlan plan, ForecastMethod method) {
        int[] origins = plan.origins();
        double[] y = plan.values();
        double[][] forecasts = new double[origins.length][];
        long start = cpuNanos();
        ForecastMethod.Session session = method.open(plan.context());
        int next = 0;
        int last = origins[origins.length - 1];
        for (int t = 0; t <= last; t++) {
            session.observe(y[t]);
            if (t == origins[next]) {
                try {
                    forecasts[next] = session.forecast(Protocol.HORIZON);
                } catch (RuntimeException e) {
                    forecasts[next] = null; // scored as naive, counted as a failure
                }
                next++;
            }
        }
        long cpu = cpuNanos() - start;
        long fits = session.fits();
        int fails = 0;
        for (int i = 0; i < origins.length; i++) {
            if (!valid(forecasts[i])) {
                double[] naive = new double[Protocol.HORIZON];
                Arrays.fill(naive, y[origins[i]]);
                forecasts[i] = naive;
                fails++;
            }
        }
        return AccuracyScorer.score(y, origins, forecasts, fails, cpu, fits);
    }

    private static boolean valid(double[] forecast) {
        if (forecast == null || forecast.length != Protocol.HORIZON) {
            return false;
        }
        for (double f : forecast) {
            if (!Double.isFinite(f)) {
                return false;
            }
        }
        return true;
    }

    static SeriesCrossing crossingPass(
            SeriesPlan plan, CrossingScorer scorer, ForecastMethod method) {
        long start = cpuNanos();
        boolean[] alert = alerts(plan, method.open(plan.context()));
        long cpu = cpuNanos() - start;
        return scorer.score(alert, cpu, eligibleSteps(plan));
    }

    /**
     * The crossing pass's alerts: every row is observed in order by {@code session} (fresh), and at
     * each step t >= p - 1 with y_t < T it is asked {@code predictsCrossing(T, Hs)}.
     *
     * @return alert[t], true where the session predicted a crossing
     */
    static boolean[] alerts(SeriesPlan plan, ForecastMethod.Session session) {
        double[] y = plan.values();
        double threshold = plan.threshold();
        int steps = plan.crossingSteps();
        int first = plan.first();
        boolean[] alert = new boolean[y.length];
        for (int t = 0; t < y.length; t++) {
            session.observe(y[t]);
            if (t >= first && y[t] < threshold) {
                alert[t] = session.predictsCrossing(threshold, steps);
            }
        }
        return alert;
    }

    /** The steps the crossing pass asks about: t >= p - 1 with y_t < T. */
    static int eligibleSteps(SeriesPlan plan) {
        double[] y = plan.values();
        int eligible = 0;
        for (int t = Math.max(0, plan.first()); t < y.length; t++) {
            if (y[t] < plan.threshold()) {
                eligible++;
            }
        }
        return eligible;
    }

    /** This thread's CPU time in nanoseconds; 0 where the JVM cannot measure it. */
    private static long cpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
