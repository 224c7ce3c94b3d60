package io.vigil.bench.loghub;

import io.vigil.udfs.logs.MinerConfig;
import io.vigil.udfs.logs.MinerRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Leave-one-system-out (LOSO) selection of the miner's rules and thresholds: for each system S, the
 * configuration is chosen by its mean GA on the <em>other</em> systems only, and S is scored with
 * that choice. The mean of those held-out scores estimates how the miner does on a system it was
 * not tuned on; beside the all-in mean (every system scored with the default, which was developed
 * looking at all of them) it shows how much of the score is fitted.
 *
 * <p>Selection for a fold, in two stages, each by the highest mean GA over the other systems (ties:
 * the higher mean FTA, then the earlier candidate, so the default wins a tie):
 *
 * <ol>
 *   <li><b>Rules</b>: the default, and the default with each {@link MinerRule} toggled (switched
 *       off if on, on if off): an ablation of every general rule.
 *   <li><b>Thresholds</b>: with the chosen rules, every combination of {@link #SIMILARITY} × {@link
 *       #MIN_DISTINCT} × {@link #MANY_DISTINCT} × {@link #SHARE} (the default values are in each
 *       list and come first).
 * </ol>
 *
 * <p>Scores are computed once per (configuration, system) and shared by the folds; the held-out
 * system's own scores never enter its selection (the selection only reads the other indices).
 */
public final class LeaveOneSystemOut {

    /** Sibling similarity values tried (default first). */
    public static final double[] SIMILARITY = {MinerConfig.DEFAULT_SIMILARITY, 0.4, 0.6};

    /** Minimum distinct values tried (default first). */
    public static final int[] MIN_DISTINCT = {MinerConfig.DEFAULT_MIN_DISTINCT_VALUES, 3, 4, 6};

    /** "Many" distinct values tried (default first). */
    public static final int[] MANY_DISTINCT = {MinerConfig.DEFAULT_MANY_DISTINCT_VALUES, 8, 15};

    /** Long-tail shares tried (default first). */
    public static final double[] SHARE = {MinerConfig.DEFAULT_MIN_DISTINCT_SHARE, 0.2, 1.0 / 3};

    /** Scores one configuration on one system (by index). */
    @FunctionalInterface
    public interface Scorer {
        GroupingScore score(MinerConfig config, int system);
    }

    /**
     * One fold.
     *
     * @param heldOut the held-out system's index
     * @param chosen the configuration chosen on the other systems
     * @param trainGa its mean GA on the other systems
     * @param defaultTrainGa the default's mean GA on the other systems
     * @param score the held-out system scored with {@code chosen}
     */
    public record Fold(
            int heldOut,
            MinerConfig chosen,
            double trainGa,
            double defaultTrainGa,
            GroupingScore score) {}

    private final MinerConfig base;
    private final int systems;
    private final Scorer scorer;
    private final Map<MinerConfig, GroupingScore[]> cache = new ConcurrentHashMap<>();

    /**
     * @param base the default configuration (the first candidate of each stage)
     * @param systems how many systems there are (indices {@code 0 … systems - 1})
     * @param scorer scores a configuration on a system; must be thread-safe (systems are scored in
     *     parallel)
     */
    public LeaveOneSystemOut(MinerConfig base, int systems, Scorer scorer) {
        if (systems < 2) {
            throw new IllegalArgumentException(
                    "leave-one-system-out needs at least 2 systems, got " + systems);
        }
        this.base = base;
        this.systems = systems;
        this.scorer = scorer;
    }

    /** Runs every fold. */
    public List<Fold> run() {
        List<Fold> folds = new ArrayList<>(systems);
        for (int s = 0; s < systems; s++) {
            folds.add(fold(s));
        }
        return folds;
    }

    /** The fold that holds out system {@code heldOut}. */
    public Fold fold(int heldOut) {
        MinerConfig rules = best(ruleCandidates(base), heldOut);
        MinerConfig chosen = best(thresholdCandidates(rules), heldOut);
        return new Fold(
                heldOut,
                chosen,
                trainMean(scores(chosen), heldOut, true),
                trainMean(scores(base), heldOut, true),
                scores(chosen)[heldOut]);
    }

    /**
     * The strict fold that holds out {@code heldOut}: a rule of the default stays on only if
     * switching it off lowers GA (or, GA equal, FTA) on at least {@link #MIN_SUPPORT} of the other
     * systems; a rule that only one other system needs counts as fitted to it and is switched off.
     * Then the threshold grid as in {@link #fold}. This asks what the score would be had such rules
     * never been written, since a rule that helps one system and costs nothing elsewhere survives
     * the plain ablation in every fold.
     */
    public Fold strictFold(int heldOut) {
        MinerConfig kept = base;
        GroupingScore[] all = scores(base);
        for (MinerRule r : MinerRule.values()) {
            if (!base.has(r)) {
                continue;
            }
            GroupingScore[] without = scores(base.with(r, false));
            int support = 0;
            for (int i = 0; i < systems; i++) {
                double dGa = all[i].ga() - without[i].ga();
                double dFta = all[i].fta() - without[i].fta();
                if (i != heldOut && (dGa > 1e-12 || (Math.abs(dGa) <= 1e-12 && dFta > 1e-12))) {
                    support++;
                }
            }
            if (support < MIN_SUPPORT) {
                kept = kept.with(r, false);
            }
        }
        MinerConfig chosen = best(thresholdCandidates(kept), heldOut);
        return new Fold(
                heldOut,
                chosen,
                trainMean(scores(chosen), heldOut, true),
                trainMean(scores(base), heldOut, true),
                scores(chosen)[heldOut]);
    }

    /** Systems (other than the held-out one) a rule must help to stay on in {@link #strictFold}. */
    public static final int MIN_SUPPORT = 2;

    /** The default and the default with each rule toggled, in {@link MinerRule} order. */
    static List<MinerConfig> ruleCandidates(MinerConfig base) {
        List<MinerConfig> out = new ArrayList<>();
        out.add(base);
        for (MinerRule r : MinerRule.values()) {
            out.add(base.with(r, !base.has(r)));
        }
        return out;
    }

    /**
     * The default, each rule toggled, and each threshold of the grid changed alone: the ablation
     * table (scored on every system, not a selection).
     */
    public static List<MinerConfig> singleChanges(MinerConfig base) {
        List<MinerConfig> out = ruleCandidates(base);
        for (double v : SIMILARITY) {
            add(
                    out,
                    base.withThresholds(
                            v,
                            base.minDistinctValues(),
                            base.manyDistinctValues(),
                            base.minDistinctShare()));
        }
        for (int v : MIN_DISTINCT) {
            if (v <= base.manyDistinctValues()) {
                add(
                        out,
                        base.withThresholds(
                                base.similarity(),
                                v,
                                base.manyDistinctValues(),
                                base.minDistinctShare()));
            }
        }
        for (int v : MANY_DISTINCT) {
            if (v >= base.minDistinctValues()) {
                add(
                        out,
                        base.withThresholds(
                                base.similarity(),
                                base.minDistinctValues(),
                                v,
                                base.minDistinctShare()));
            }
        }
        for (double v : SHARE) {
            add(
                    out,
                    base.withThresholds(
                            base.similarity(),
                            base.minDistinctValues(),
                            base.manyDistinctValues(),
                            v));
        }
        return out;
    }

    private static void add(List<MinerConfig> out, MinerConfig c) {
        if (!out.contains(c)) {
            out.add(c);
        }
    }

    /** The threshold grid with {@code rules}' rules, {@code rules}' own thresholds first. */
    static List<MinerConfig> thresholdCandidates(MinerConfig rules) {
        List<MinerConfig> out = new ArrayList<>();
        out.add(rules);
        for (double sim : SIMILARITY) {
            for (int min : MIN_DISTINCT) {
                for (int many : MANY_DISTINCT) {
                    for (double share : SHARE) {
                        if (many < min) {
                            continue;
                        }
                        MinerConfig c = rules.withThresholds(sim, min, many, share);
                        if (!out.contains(c)) {
                            out.add(c);
                        }
                    }
                }
            }
        }
        return out;
    }

    private MinerConfig best(List<MinerConfig> candidates, int heldOut) {
        MinerConfig best = null;
        double bestGa = -1;
        double bestFta = -1;
        for (MinerConfig c : candidates) {
            GroupingScore[] s = scores(c);
            double ga = trainMean(s, heldOut, true);
            double fta = trainMean(s, heldOut, false);
            // Strictly better only: on a tie the earlier candidate (the default) stays.
            if (ga > bestGa + 1e-12 || (Math.abs(ga - bestGa) <= 1e-12 && fta > bestFta + 1e-12)) {
                best = c;
                bestGa = ga;
                bestFta = fta;
            }
        }
        return best;
    }

    private double trainMean(GroupingScore[] s, int heldOut, boolean ga) {
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            if (i != heldOut) {
                sum += ga ? s[i].ga() : s[i].fta();
            }
        }
        return sum / (s.length - 1);
    }

    /** Every system's score under {@code c}, computed once. */
    public GroupingScore[] scores(MinerConfig c) {
        GroupingScore[] s = cache.get(c);
        if (s == null) {
            GroupingScore[] computed = new GroupingScore[systems];
            IntStream.range(0, systems).parallel().forEach(i -> computed[i] = scorer.score(c, i));
            cache.putIfAbsent(c, computed);
            s = computed;
        }
        return s;
    }

    /** Configurations scored so far. */
    public int evaluated() {
        return cache.size();
    }

    /**
     * How {@code c} differs from {@code base}, e.g. {@code -FIRST_WORD +WHOLE_IDS minDistinct=4};
     * {@code default} if it does not.
     */
    public static String describe(MinerConfig c, MinerConfig base) {
        List<String> parts = new ArrayList<>();
        Set<MinerRule> off = EnumSet.noneOf(MinerRule.class);
        off.addAll(base.rules());
        off.removeAll(c.rules());
        Set<MinerRule> on = EnumSet.noneOf(MinerRule.class);
        on.addAll(c.rules());
        on.removeAll(base.rules());
        off.forEach(r -> parts.add("-" + r));
        on.forEach(r -> parts.add("+" + r));
        Map<String, String> changed = new LinkedHashMap<>();
        if (c.similarity() != base.similarity()) {
            changed.put("similarity", fmt(c.similarity()));
        }
        if (c.minDistinctValues() != base.minDistinctValues()) {
            changed.put("minDistinct", Integer.toString(c.minDistinctValues()));
        }
        if (c.manyDistinctValues() != base.manyDistinctValues()) {
            changed.put("manyDistinct", Integer.toString(c.manyDistinctValues()));
        }
        if (c.minDistinctShare() != base.minDistinctShare()) {
            changed.put("share", fmt(c.minDistinctShare()));
        }
        changed.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "default" : String.join(" ", parts);
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
