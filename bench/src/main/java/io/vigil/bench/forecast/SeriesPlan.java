package io.vigil.bench.forecast;

import io.vigil.bench.nab.NabFile;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the protocol derives from one series before any method runs: step dt, probation p, the
 * forecast origins, the seasonal period (from y[0..p-1] only), the crossing threshold T and horizon
 * Hs. Rows are used as stored: one step per row, gaps not filled, duplicates kept.
 */
public final class SeriesPlan {
    /**
     * The fewest rows a series needs: p >= 2 (so the first origin has a MASE scale) and one origin.
     */
    public static final int MIN_ROWS = 14;

    private final NabFile file;
    private final long dtSeconds;
    private final int probation;
    private final int[] origins;
    private final SeasonalPeriod.Detection season;
    private final double threshold;
    private final int crossingSteps;

    private SeriesPlan(NabFile file, SeasonalPeriod.Variant variant) {
        this.file = file;
        this.dtSeconds = Protocol.stepSeconds(file.epochMillis());
        int rows = file.size();
        this.probation = Protocol.probation(rows);
        this.origins = Protocol.origins(rows, probation);
        this.season =
                SeasonalPeriod.detect(
                        Arrays.copyOfRange(file.values(), 0, probation), dtSeconds, variant);
        this.threshold = Protocol.threshold(file.values(), probation);
        this.crossingSteps = Protocol.crossingSteps(dtSeconds);
    }

    /** Why {@code file} cannot be scored under the protocol, or empty when it can. */
    public static Optional<String> unusable(NabFile file) {
        if (file.size() < MIN_ROWS) {
            return Optional.of(file.size() + " rows; the protocol needs at least " + MIN_ROWS);
        }
        long dt = Protocol.stepSeconds(file.epochMillis());
        if (dt <= 0) {
            return Optional.of(
                    "the most common timestamp difference is "
                            + dt
                            + " s; timestamps must mostly increase");
        }
        return Optional.empty();
    }

    /**
     * The plan of {@code file}.
     *
     * @throws IllegalArgumentException if {@link #unusable} gives a reason
     */
    public static SeriesPlan of(NabFile file, SeasonalPeriod.Variant variant) {
        Optional<String> problem = unusable(file);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(file.key() + ": " + problem.get());
        }
        return new SeriesPlan(file, variant);
    }

    /** The series as loaded. */
    public NabFile file() {
        return file;
    }

    /** {@code <category>/<name>.csv}. */
    public String key() {
        return file.key();
    }

    /** n. */
    public int rows() {
        return file.size();
    }

    /** The values, in file order. Shared: do not modify. */
    public double[] values() {
        return file.values();
    }

    /** The timestamps in epoch milliseconds, in file order. Shared: do not modify. */
    public long[] epochMillis() {
        return file.epochMillis();
    }

    /** dt in seconds. */
    public long dtSeconds() {
        return dtSeconds;
    }

    /** p = floor(0.15 n). */
    public int probation() {
        return probation;
    }

    /** The first forecast origin p - 1, also the first step of the crossing section. */
    public int first() {
        return probation - 1;
    }

    /** K_s. */
    public int stride() {
        return Protocol.originStride(rows(), probation);
    }

    /** The forecast origins, ascending. Shared: do not modify. */
    public int[] origins() {
        return origins;
    }

    /** The seasonal-period detection on y[0..p-1]. */
    public SeasonalPeriod.Detection season() {
        return season;
    }

    /** The detected period m in steps, 0 for none. */
    public int period() {
        return season.period();
    }

    /** T = numpy.percentile(y[p:], 99). */
    public double threshold() {
        return threshold;
    }

    /** Hs = max(1, round(60 min / dt)). */
    public int crossingSteps() {
        return crossingSteps;
    }

    /** What a method is told when it opens a session on this series. */
    public SeriesContext context() {
        return new SeriesContext(key(), dtSeconds, probation, period(), rows());
    }
}
