package io.vigil.udfs.forecast;

import java.util.Arrays;

/**
 * An online forecaster for one series on a regular grid of steps: additive damped-trend
 * Holt-Winters with robust updates, a season found in the series' own history, and parameters
 * refitted every {@value #REFIT_EVERY} steps on the most recent {@value #RECENT} steps.
 *
 * <p><b>Model.</b> Level {@code l}, trend {@code b} damped by {@code φ}, and, when the series has a
 * season, a seasonal profile {@code s} of at most {@value #MAX_BUCKETS} buckets over the period (a
 * bucket spans several steps when the period is longer). One-step error {@code e = y − (l + φb +
 * s)}; before it updates anything it is clipped to {@value #CLIP} robust scales (an exponentially
 * weighted mean absolute error), so a spike does not drag the level: the forecast follows the
 * series' typical value, which is what an absolute-error measure rewards. Then {@code l ← l + φb +
 * αe}, {@code b ← φb + αβe}, {@code s ← s + γ(1 − α)e / bucket width}. The forecast {@code h} steps
 * ahead is {@code l + (φ + … + φ^h)b + s}.
 *
 * <p><b>Season.</b> Candidates are an hour, a day and a week. The hour is tested on the recent
 * steps; the day and the week on an hourly history of {@value #COARSE} buckets (two weeks), with
 * {@link Seasonality}'s test. At every refit the profile is estimated afresh from the history's
 * mean shape per phase (detrended), and it adapts online between refits.
 *
 * <p><b>Refit.</b> Every {@value #REFIT_EVERY} steps each candidate — {@code α} × (no trend or a
 * damped trend {@code (β, φ)}) × (season or not) — is run over the recent steps from a plain start,
 * and scored by its mean absolute error over horizons 1..{@value #FIT_HORIZON} from origins every
 * {@value #ORIGIN_STRIDE} steps. The best becomes the model, and its end state the live state. So a
 * season that does not forecast well is dropped, and the trend is used only when it helps.
 *
 * <p><b>Intervals.</b> The standard deviation at horizon {@code h ≤} {@value #FIT_HORIZON} is the
 * chosen candidate's own mean absolute {@code h}-step error × √(π/2); further out it grows like the
 * model's analytic error variance ({@code 1 + Σ (α(1 + βφ(1 − φ^j)/(1 − φ)))²}).
 *
 * <p><b>State.</b> {@value #RECENT} + {@value #COARSE} + up to {@value #MAX_BUCKETS} floats and
 * {@value #FIT_HORIZON} error figures, plus a dozen numbers: at most {@value #MAX_STATE_BYTES}
 * bytes serialized ({@link ForecasterCodec}).
 */
public final class Forecaster {

    /** Recent steps kept for refits and the hourly season. */
    public static final int RECENT = 256;

    /** Hourly buckets kept for the daily and weekly season (two weeks). */
    public static final int COARSE = 336;

    /** Most buckets of a seasonal profile. */
    public static final int MAX_BUCKETS = 288;

    /** Horizons the refit scores, steps. */
    public static final int FIT_HORIZON = 12;

    /**
     * Steps between scheduled refits. A model has to be tried on an hour of data before a refit can
     * prefer it, so at one-minute steps a climb that started is taken up by the refit after its
     * first hour; refitting every 32 steps keeps that within half an hour more.
     */
    public static final int REFIT_EVERY = 32;

    /** Steps before the first refit. */
    public static final int FIRST_FIT = 48;

    /** Errors are clipped to this many robust scales before they update the state. */
    static final double CLIP = 3;

    /** Steps of a refit's run not scored (the state settles). */
    static final int BURN_IN = 24;

    /** Steps between the refit's scored origins. */
    static final int ORIGIN_STRIDE = 8;

    /**
     * When the one-step errors lean this far to one side (their weighted mean, in robust scales),
     * the model no longer fits: it is refitted early.
     */
    static final double DRIFT_LIMIT = 1.0;

    /** Smoothing of {@link #drift}. */
    static final double DRIFT_DECAY = 0.1;

    /** Fewest steps between two refits. */
    static final int MIN_REFIT_GAP = 16;

    /** A refit weighs an origin {@code e^(−age / RECENCY)}, age in steps. */
    static final double RECENCY = 128;

    /** Seasonal smoothing per period. */
    static final double GAMMA = 0.1;

    /** Smoothing of the robust scale. */
    static final double SCALE_DECAY = 0.05;

    /** Upper bound of {@link ForecasterCodec}'s output. */
    public static final int MAX_STATE_BYTES = 4096;

    static final double[] ALPHAS = {0.03, 0.08, 0.15, 0.25, 0.4, 0.6, 0.8, 1.0};
    static final double[][] TRENDS = {
        {0, 1}, {0.02, 1}, {0.1, 1}, {0.03, 0.98}, {0.1, 0.9}, {0.3, 0.8}
    };

    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long[] SEASON_MILLIS = {
        HOUR_MILLIS, 24 * HOUR_MILLIS, 7 * 24 * HOUR_MILLIS
    };

    final long stepMillis;

    /** The horizons a refit scores, steps, ascending: 1..12, or 12 spread up to an hour. */
    final int[] fitHorizons;

    /** Steps per hourly bucket of the coarse history. */
    final int coarseSteps;

    /** Steps seen, observed or skipped. */
    long steps;

    /** Values seen, skipped steps not counted. */
    long observed;

    final float[] recent = new float[RECENT];
    final float[] coarse = new float[COARSE];

    /** Coarse buckets completed. */
    long coarseBuckets;

    double coarseSum;
    int coarseCount;

    /** Season in steps, 0 if none. */
    int period;

    int bucketSteps = 1;
    float[] profile;
    boolean seasonal;

    double alpha = 0.4;
    double beta;
    double phi = 1;
    double level = Double.NaN;
    double trend;
    double scale = Double.NaN;
    final float[] horizonError = new float[FIT_HORIZON];

    long refits;

    /**
     * After this many errors past the clip in a row, all on one side, the series has moved (a shift
     * or a steep climb, not a spike): errors are taken whole until one falls within the clip.
     */
    static final int RUN = 5;

    /** Exponentially weighted mean of the one-step errors in robust scales, signed. */
    double drift;

    /** {@link #steps} at the last refit. */
    long lastRefit;

    /** Sign of the last error past the clip, 0 if the last error was within it. */
    int exceeded;

    /**
     * A forecaster for a series with one value every {@code stepMillis}.
     *
     * @throws IllegalArgumentException if {@code stepMillis} is not positive
     */
    public Forecaster(long stepMillis) {
        if (stepMillis <= 0) {
            throw new IllegalArgumentException("step must be positive, was " + stepMillis + " ms");
        }
        this.stepMillis = stepMillis;
        this.coarseSteps = (int) Math.max(1, Math.round((double) HOUR_MILLIS / stepMillis));
        this.fitHorizons = fitHorizons(coarseSteps);
        Arrays.fill(recent, Float.NaN);
    }

    /**
     * Horizons 1..{@value #FIT_HORIZON}, or, when an hour has more steps than that, {@value
     * #FIT_HORIZON} horizons spread evenly on a log scale from 1 step to an hour.
     */
    static int[] fitHorizons(int hourSteps) {
        int[] h = new int[FIT_HORIZON];
        for (int j = 0; j < FIT_HORIZON; j++) {
            h[j] =
                    hourSteps <= FIT_HORIZON
                            ? j + 1
                            : (int) Math.round(Math.pow(hourSteps, j / (FIT_HORIZON - 1.0)));
            if (j > 0 && h[j] <= h[j - 1]) {
                h[j] = h[j - 1] + 1;
            }
        }
        return h;
    }

    /** The next step's value. Not-a-number counts as a missing step. */
    public void observe(double value) {
        if (Double.isNaN(value)) {
            skip(1);
            return;
        }
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value);
        }
        update(value);
        recent[(int) (steps % RECENT)] = (float) value;
        coarseSum += value;
        coarseCount++;
        observed++;
        advance();
        boolean scheduled = observed > FIRST_FIT && steps % REFIT_EVERY == 0;
        boolean drifting =
                observed > FIRST_FIT
                        && Math.abs(drift) > DRIFT_LIMIT
                        && steps - lastRefit >= MIN_REFIT_GAP;
        if (observed == FIRST_FIT || scheduled || drifting) {
            refit();
        }
    }

    /** {@code count} steps without a value: the state runs on as forecast. */
    public void skip(int count) {
        for (int i = 0; i < count; i++) {
            if (!Double.isNaN(level)) {
                level += phi * trend;
                trend *= phi;
            }
            recent[(int) (steps % RECENT)] = Float.NaN;
            advance();
        }
    }

    private void advance() {
        steps++;
        if (steps % coarseSteps == 0) {
            coarse[(int) (coarseBuckets % COARSE)] =
                    coarseCount == 0 ? Float.NaN : (float) (coarseSum / coarseCount);
            coarseBuckets++;
            coarseSum = 0;
            coarseCount = 0;
        }
    }

    private void update(double y) {
        if (Double.isNaN(level)) {
            level = y - seasonalAt(steps);
            return;
        }
        double s = seasonalAt(steps);
        double e = y - (level + phi * trend + s);
        if (Double.isNaN(scale)) {
            scale = Math.abs(e);
        }
        exceeded = clipRun(e, scale, exceeded);
        double clipped = robust(e, scale, exceeded);
        if (scale > 0) {
            drift += DRIFT_DECAY * (Math.max(-CLIP, Math.min(CLIP, e / scale)) - drift);
        }
        scale += SCALE_DECAY * (Math.min(Math.abs(e), CLIP * 2 * scale + 1e-300) - scale);
        level = level + phi * trend + alpha * clipped;
        trend = phi * trend + alpha * beta * clipped;
        if (seasonal) {
            profile[bucket(steps)] += (float) (GAMMA * (1 - alpha) * clipped / bucketSteps);
        }
    }

    /**
     * The signed count of errors past the clip in a row, {@code e} included: {@code run} extended
     * by one on {@code e}'s side, restarted at ±1 on the other side, 0 within the clip.
     */
    private static int clipRun(double e, double scale, int run) {
        if (!(Math.abs(e) > CLIP * scale)) {
            return 0;
        }
        int side = (int) Math.signum(e);
        return side * run > 0 ? run + side : side;
    }

    /** The error that moves the state: clipped, or whole once a run is longer than {@link #RUN}. */
    private static double robust(double e, double scale, int run) {
        return Math.abs(run) > RUN ? e : clip(e, scale);
    }

    private static double clip(double e, double scale) {
        double limit = CLIP * scale;
        if (!(limit > 0)) {
            return e;
        }
        return Math.max(-limit, Math.min(limit, e));
    }

    private double seasonalAt(long step) {
        return seasonal ? profile[bucket(step)] : 0;
    }

    private int bucket(long step) {
        return (int) ((step % period) / bucketSteps);
    }

    /**
     * The forecast for the next {@code horizon} steps. Before the first value it is all
     * not-a-number.
     */
    public Forecast forecast(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, was " + horizon);
        }
        double[] mean = new double[horizon];
        double[] sigma = new double[horizon];
        if (Double.isNaN(level)) {
            Arrays.fill(mean, Double.NaN);
            Arrays.fill(sigma, Double.NaN);
            return new Forecast(mean, sigma);
        }
        double damp = 0;
        double power = 1;
        for (int h = 1; h <= horizon; h++) {
            power *= phi;
            damp += power;
            mean[h - 1] = level + damp * trend + seasonalAt(steps + h - 1);
        }
        fillSigma(sigma);
        return new Forecast(mean, sigma);
    }

    private void fillSigma(double[] sigma) {
        double base = Double.isNaN(scale) ? 0 : scale;
        int longest = fitHorizons[FIT_HORIZON - 1];
        double variance = 0;
        double varianceLongest = 0;
        double power = 1;
        double dampSum = 0;
        int j = 0;
        for (int h = 1; h <= sigma.length; h++) {
            // Analytic variance in units of the one-step error variance.
            double c = h == 1 ? 0 : alpha * (1 + beta * dampSum);
            variance += h == 1 ? 1 : c * c;
            power *= phi;
            dampSum += power;
            if (h <= longest) {
                while (fitHorizons[j] < h) {
                    j++;
                }
                double measured = horizonError[j];
                if (fitHorizons[j] > h && j > 0) {
                    // Between two scored horizons: linear in between.
                    double share =
                            (double) (h - fitHorizons[j - 1])
                                    / (fitHorizons[j] - fitHorizons[j - 1]);
                    measured =
                            horizonError[j - 1] + share * (horizonError[j] - horizonError[j - 1]);
                }
                sigma[h - 1] =
                        ROOT_HALF_PI * (measured > 0 ? measured : base * Math.sqrt(variance));
                varianceLongest = variance;
            } else {
                sigma[h - 1] = sigma[longest - 1] * Math.sqrt(variance / varianceLongest);
            }
        }
    }

    private static final double ROOT_HALF_PI = Math.sqrt(Math.PI / 2);

    /**
     * How far the trend moves the forecast over {@code horizon} steps: {@code (φ + … + φ^h)b}, the
     * season left out; not-a-number before the first value.
     */
    public double trendChange(int horizon) {
        if (Double.isNaN(level)) {
            return Double.NaN;
        }
        double damp = 0;
        double power = 1;
        for (int h = 1; h <= horizon; h++) {
            power *= phi;
            damp += power;
        }
        return damp * trend;
    }

    /**
     * Whether the model explains the latest value: false while its one-step errors run past the
     * clip (a jump the model has not caught up with yet), when its forecast says little about what
     * comes next.
     */
    public boolean tracking() {
        return exceeded == 0;
    }

    /** The longest horizon a refit scores, steps: 12, or an hour when that is longer. */
    public int fitHorizonSteps() {
        return fitHorizons[FIT_HORIZON - 1];
    }

    /** The season in steps, 0 if none is used. */
    public int seasonSteps() {
        return seasonal ? period : 0;
    }

    /** Steps seen so far, observed or skipped. */
    public long steps() {
        return steps;
    }

    /** Refits done so far. */
    public long refits() {
        return refits;
    }

    /** The step length, milliseconds. */
    public long stepMillis() {
        return stepMillis;
    }

    /** Refits now, as the next scheduled refit would (for benchmarks and tests). */
    public void refitNow() {
        if (observed > 0) {
            refit();
        }
    }

    // ---------------------------------------------------------------- refit

    private void refit() {
        refits++;
        lastRefit = steps;
        drift = 0;
        int n = (int) Math.min(steps, RECENT);
        double[] window = new double[n];
        long first = steps - n;
        for (int i = 0; i < n; i++) {
            window[i] = recent[(int) ((first + i) % RECENT)];
        }
        detectSeason(window);
        Candidate best = null;
        float[] scratch = profile == null ? null : new float[profile.length];
        for (int useSeason = 0; useSeason <= (profile == null ? 0 : 1); useSeason++) {
            // Every α without a trend, then every trend with the best α and its neighbours.
            Candidate level = null;
            int bestAlpha = 0;
            for (int a = 0; a < ALPHAS.length; a++) {
                Candidate c = new Candidate(ALPHAS[a], TRENDS[0][0], TRENDS[0][1], useSeason == 1);
                c.run(this, window, first, scratch, false);
                if (level == null || c.score < level.score) {
                    level = c;
                    bestAlpha = a;
                }
            }
            Candidate seasonBest = level;
            for (int t = 1; t < TRENDS.length; t++) {
                for (int a = Math.max(0, bestAlpha - 1);
                        a <= Math.min(ALPHAS.length - 1, bestAlpha + 1);
                        a++) {
                    Candidate c =
                            new Candidate(ALPHAS[a], TRENDS[t][0], TRENDS[t][1], useSeason == 1);
                    c.run(this, window, first, scratch, false);
                    if (c.score < seasonBest.score) {
                        seasonBest = c;
                    }
                }
            }
            if (best == null || seasonBest.score < best.score) {
                best = seasonBest;
            }
        }
        if (best == null || Double.isNaN(best.score)) {
            return;
        }
        float[] adopted = best.seasonal ? profile.clone() : null;
        best.run(this, window, first, adopted, true);
        alpha = best.alpha;
        beta = best.beta;
        phi = best.phi;
        seasonal = best.seasonal;
        if (seasonal) {
            profile = adopted;
        }
        level = best.level;
        trend = best.trend;
        scale = best.scale;
        for (int h = 0; h < FIT_HORIZON; h++) {
            horizonError[h] = (float) best.horizonError[h];
        }
    }

    private void detectSeason(double[] window) {
        int bestPeriod = 0;
        double bestScore = -1;
        double[] fine = filled(window, window.length);
        int hour = (int) Math.round((double) HOUR_MILLIS / stepMillis);
        if (hour >= 4) {
            double score = Seasonality.score(fine, fine.length, hour);
            if (score > bestScore) {
                bestScore = score;
                bestPeriod = hour;
            }
        }
        int have = (int) Math.min(coarseBuckets, COARSE);
        double[] history = new double[have];
        for (int i = 0; i < have; i++) {
            history[i] = coarse[(int) ((coarseBuckets - have + i) % COARSE)];
        }
        history = filled(history, have);
        for (int k = 1; k < SEASON_MILLIS.length; k++) {
            int m = (int) Math.round((double) SEASON_MILLIS[k] / stepMillis);
            int coarseLag = (int) Math.round((double) m / coarseSteps);
            if (m < 4 || coarseLag < 2) {
                continue;
            }
            double score = Seasonality.score(history, have, coarseLag);
            if (score > bestScore) {
                bestScore = score;
                bestPeriod = m;
            }
        }
        startSeason(bestPeriod, fine, history);
    }

    private void startSeason(int m, double[] fine, double[] history) {
        period = m;
        seasonal = false;
        if (m == 0) {
            profile = null;
            bucketSteps = 1;
            return;
        }
        bucketSteps = (m + MAX_BUCKETS - 1) / MAX_BUCKETS;
        int buckets = (m + bucketSteps - 1) / bucketSteps;
        profile = new float[buckets];
        int hour = (int) Math.round((double) HOUR_MILLIS / stepMillis);
        if (m == hour) {
            // Phase means of the detrended recent steps.
            double[] x = Seasonality.detrended(fine, fine.length);
            double[] sum = new double[buckets];
            int[] count = new int[buckets];
            long first = steps - fine.length;
            for (int i = 0; i < x.length; i++) {
                int b = bucket(first + i);
                sum[b] += x[i];
                count[b]++;
            }
            for (int b = 0; b < buckets; b++) {
                profile[b] = count[b] == 0 ? 0 : (float) (sum[b] / count[b]);
            }
        } else {
            // Phase means of the detrended hourly history, interpolated onto the buckets.
            int lag = (int) Math.round((double) m / coarseSteps);
            double[] x = Seasonality.detrended(history, history.length);
            double[] sum = new double[lag];
            int[] count = new int[lag];
            long first = coarseBuckets - history.length;
            for (int i = 0; i < x.length; i++) {
                int phase = (int) ((first + i) % lag);
                sum[phase] += x[i];
                count[phase]++;
            }
            double[] shape = new double[lag];
            for (int p = 0; p < lag; p++) {
                shape[p] = count[p] == 0 ? 0 : sum[p] / count[p];
            }
            for (int b = 0; b < buckets; b++) {
                double middleStep = b * bucketSteps + bucketSteps / 2.0;
                double at = middleStep / coarseSteps - 0.5;
                int lo = (int) Math.floor(at);
                double frac = at - lo;
                double v0 = shape[Math.floorMod(lo, lag)];
                double v1 = shape[Math.floorMod(lo + 1, lag)];
                profile[b] = (float) (v0 + frac * (v1 - v0));
            }
        }
        centre(profile);
    }

    private static void centre(float[] profile) {
        double mean = 0;
        for (float v : profile) {
            mean += v;
        }
        mean /= profile.length;
        for (int i = 0; i < profile.length; i++) {
            profile[i] -= (float) mean;
        }
    }

    /**
     * A copy of {@code values[0..length)} with missing values carried forward (back at the start).
     */
    private static double[] filled(double[] values, int length) {
        double[] out = Arrays.copyOf(values, length);
        double last = Double.NaN;
        for (int i = 0; i < length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = last;
            } else {
                last = out[i];
            }
        }
        double next = Double.NaN;
        for (int i = length - 1; i >= 0; i--) {
            if (Double.isNaN(out[i])) {
                out[i] = next;
            } else {
                next = out[i];
            }
        }
        for (int i = 0; i < length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = 0;
            }
        }
        return out;
    }

    /** One parameter set run over the recent window. */
    private static final class Candidate {
        final double alpha;
        final double beta;
        final double phi;
        final boolean seasonal;
        double score = Double.NaN;
        double level;
        double trend;
        double scale;
        final double[] horizonError = new double[FIT_HORIZON];

        Candidate(double alpha, double beta, double phi, boolean seasonal) {
            this.alpha = alpha;
            this.beta = beta;
            this.phi = phi;
            this.seasonal = seasonal;
        }

        void run(Forecaster f, double[] w, long first, float[] profile, boolean keepProfile) {
            int n = w.length;
            float[] s = null;
            if (seasonal) {
                s = profile;
                if (!keepProfile) {
                    System.arraycopy(f.profile, 0, s, 0, s.length);
                }
            }
            int[] horizons = f.fitHorizons;
            int longest = horizons[FIT_HORIZON - 1];
            double[] damp = new double[longest + 1];
            double power = 1;
            for (int h = 1; h <= longest; h++) {
                power *= phi;
                damp[h] = damp[h - 1] + power;
            }
            double l = Double.NaN;
            double b = 0;
            double sc = Double.NaN;
            double errorSum = 0;
            double errorWeight = 0;
            int exceeded = 0;
            double[] perH = new double[FIT_HORIZON];
            int[] perHCount = new int[FIT_HORIZON];
            for (int i = 0; i < n; i++) {
                double y = w[i];
                long step = first + i;
                if (Double.isNaN(y)) {
                    if (!Double.isNaN(l)) {
                        l += phi * b;
                        b *= phi;
                    }
                    continue;
                }
                double season = s == null ? 0 : s[f.bucket(step)];
                if (Double.isNaN(l)) {
                    l = y - season;
                    continue;
                }
                if (i >= BURN_IN && i % ORIGIN_STRIDE == 0) {
                    // Score the forecasts made at the previous step's end state.
                    double weight = Math.exp((i - n) / RECENCY);
                    for (int k = 0; k < FIT_HORIZON && i - 1 + horizons[k] < n; k++) {
                        int h = horizons[k];
                        double actual = w[i - 1 + h];
                        if (Double.isNaN(actual)) {
                            continue;
                        }
                        double seasonH = s == null ? 0 : s[f.bucket(step - 1 + h)];
                        double err = Math.abs(actual - (l + damp[h] * b + seasonH));
                        errorSum += weight * err;
                        errorWeight += weight;
                        perH[k] += err;
                        perHCount[k]++;
                    }
                }
                double e = y - (l + phi * b + season);
                if (Double.isNaN(sc)) {
                    sc = Math.abs(e);
                }
                exceeded = clipRun(e, sc, exceeded);
                double clipped = robust(e, sc, exceeded);
                sc += SCALE_DECAY * (Math.min(Math.abs(e), CLIP * 2 * sc + 1e-300) - sc);
                l = l + phi * b + alpha * clipped;
                b = phi * b + alpha * beta * clipped;
                if (s != null) {
                    s[f.bucket(step)] += (float) (GAMMA * (1 - alpha) * clipped / f.bucketSteps);
                }
            }
            score = errorWeight == 0 ? Double.NaN : errorSum / errorWeight;
            level = l;
            trend = b;
            scale = Double.isNaN(sc) ? 0 : sc;
            for (int h = 0; h < FIT_HORIZON; h++) {
                horizonError[h] = perHCount[h] == 0 ? 0 : perH[h] / perHCount[h];
            }
        }
    }
}
