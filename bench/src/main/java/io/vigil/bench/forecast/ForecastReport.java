package io.vigil.bench.forecast;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of a {@link ForecastBench} run: per-series results in series order, the series that
 * could not be scored, and the pooled figures per method.
 */
public final class ForecastReport {
    private final List<SeriesResult> series;
    private final Map<String, String> skipped;
    private final List<String> forecasters;
    private final List<String> predictors;
    private final SeasonalPeriod.Variant variant;

    ForecastReport(
            List<SeriesResult> series,
            Map<String, String> skipped,
            List<String> forecasters,
            List<String> predictors,
            SeasonalPeriod.Variant variant) {
        this.series = List.copyOf(series);
        this.skipped = Map.copyOf(skipped);
        this.forecasters = List.copyOf(forecasters);
        this.predictors = List.copyOf(predictors);
        this.variant = variant;
    }

    /** Per-series results, in series order. */
    public List<SeriesResult> series() {
        return series;
    }

    /** Series left out, with the reason, by key. */
    public Map<String, String> skipped() {
        return skipped;
    }

    /** The forecast section's method names, in order. */
    public List<String> forecasters() {
        return forecasters;
    }

    /** The crossing section's predictor names, in order. */
    public List<String> predictors() {
        return predictors;
    }

    /** Every method name: forecasters first, then predictors that are not also forecasters. */
    public List<String> methods() {
        Set<String> names = new LinkedHashSet<>(forecasters);
        names.addAll(predictors);
        return List.copyOf(names);
    }

    /** The seasonal-period variant used. */
    public SeasonalPeriod.Variant variant() {
        return variant;
    }

    /** Crossing events over all series. */
    public long events() {
        long events = 0;
        for (SeriesResult r : series) {
            events += r.events();
        }
        return events;
    }

    /** The fewest events of any series (0 when there is none). */
    public int minEventsPerSeries() {
        return series.stream().mapToInt(SeriesResult::events).min().orElse(0);
    }

    /** Origins over all series. */
    public long origins() {
        long origins = 0;
        for (SeriesResult r : series) {
            origins += r.plan().origins().length;
        }
        return origins;
    }

    /** The pooled figures of {@code method}. */
    public MethodSummary summary(String method) {
        List<Double> mase = new ArrayList<>();
        List<Double> h1 = new ArrayList<>();
        List<Double> h12 = new ArrayList<>();
        List<Double> smape = new ArrayList<>();
        long cpu = 0;
        long refits = 0;
        long fits = 0;
        long fails = 0;
        long alerts = 0;
        long truePositives = 0;
        long episodes = 0;
        long trueEpisodes = 0;
        long events = 0;
        long caught = 0;
        long crossingCpu = 0;
        long steps = 0;
        boolean crossed = false;
        List<Double> leads = new ArrayList<>();
        for (SeriesResult r : series) {
            SeriesAccuracy a = r.accuracy().get(method);
            if (a != null && a.origins() > 0) {
                mase.add(a.mase());
                h1.add(a.maseH1());
                h12.add(a.maseH12());
                smape.add(a.smape());
            }
            if (a != null) {
                cpu += a.cpuNanos();
                refits += a.refits();
                fits += a.fits();
                fails += a.fails();
            }
            SeriesCrossing c = r.crossing().get(method);
            if (c != null) {
                crossed = true;
                alerts += c.alerts();
                truePositives += c.truePositives();
                episodes += c.episodes();
                trueEpisodes += c.trueEpisodes();
                events += c.events();
                caught += c.caught();
                crossingCpu += c.cpuNanos();
                steps += c.steps();
                for (double lead : c.leadsMinutes()) {
                    leads.add(lead);
                }
            }
        }
        return new MethodSummary(
                method,
                mase.size(),
                Stats.mean(array(mase)),
                Stats.median(array(mase)),
                Stats.mean(array(h1)),
                Stats.mean(array(h12)),
                Stats.mean(array(smape)),
                fits == 0 ? Double.NaN : cpu / 1e6 / fits,
                refits == 0 ? Double.NaN : cpu / 1e6 / refits,
                fits,
                refits,
                fails,
                alerts,
                ratio(truePositives, alerts),
                episodes,
                ratio(trueEpisodes, episodes),
                events,
                caught,
                crossed ? ratio(caught, events) : Double.NaN,
                Stats.median(array(leads)),
                crossed && steps > 0 ? crossingCpu / 1e3 / steps : Double.NaN);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
