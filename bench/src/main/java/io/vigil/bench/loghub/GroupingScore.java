package io.vigil.bench.loghub;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Log-parsing accuracy as {@code /work/shared/data/loghub/METRICS.md} §2 defines it.
 *
 * <p><b>GA</b> (grouping accuracy, Zhu et al. ICSE'19, logparser's {@code evaluator.py}): a line is
 * correct iff the set of lines in its predicted group equals the set of lines in its ground-truth
 * group; GA = correct lines / N. Groups are compared by id (predicted template id, ground-truth
 * {@code EventId}); the template text does not matter. Over-splitting a group or merging two groups
 * makes every line of the affected groups wrong.
 *
 * <p><b>FGA</b> (F1 of grouping accuracy, Jiang et al. ISSTA'24): GA per group instead of per line.
 * {@code c} = ground-truth groups reproduced exactly by a predicted group (by the same ids as GA);
 * PGA = c / predicted groups, RGA = c / ground-truth groups, FGA = their harmonic mean. A parser
 * that gets the few big groups right and fragments the many rare ones scores high GA but low FGA.
 *
 * <p><b>PA</b> (parsing accuracy, Loghub-2.0's {@code PA_calculator.py}): a line is correct iff its
 * predicted template string equals its ground-truth template string exactly; PA = correct / N.
 *
 * <p><b>FTA</b> (F1 of template accuracy, Khan et al. ICSE'22): templates are compared as strings
 * on both sides (two predicted groups with the same text are one template). A predicted template is
 * correct iff every line that received it has one and the same ground-truth template and that
 * template is the same string. PTA = correct / predicted templates, RTA = correct / ground-truth
 * templates, FTA = their harmonic mean. Both F1 values are 0 when nothing is correct.
 *
 * @param ga grouping accuracy in [0, 1]
 * @param pa parsing accuracy in [0, 1]
 * @param fga F1 of grouping accuracy in [0, 1]
 * @param fta F1 of template accuracy in [0, 1]
 * @param lines N
 * @param predictedGroups distinct predicted ids
 * @param truthGroups distinct ground-truth ids
 * @param exactGroups ground-truth groups reproduced exactly ({@code c} of FGA)
 * @param predictedTemplates distinct predicted template strings
 * @param truthTemplates distinct ground-truth template strings
 * @param correctTemplates predicted template strings that are correct in the sense of FTA
 */
public record GroupingScore(
        double ga,
        double pa,
        double fga,
        double fta,
        int lines,
        int predictedGroups,
        int truthGroups,
        int exactGroups,
        int predictedTemplates,
        int truthTemplates,
        int correctTemplates) {

    /**
     * Scores one system.
     *
     * @param predictedIds the predicted group of each line
     * @param predictedTemplates the predicted template of each line
     * @param truthIds the ground-truth group of each line
     * @param truthTemplates the ground-truth template of each line
     */
    public static GroupingScore of(
            List<String> predictedIds,
            List<String> predictedTemplates,
            List<String> truthIds,
            List<String> truthTemplates) {
        int n = truthIds.size();
        if (predictedIds.size() != n
                || predictedTemplates.size() != n
                || truthTemplates.size() != n) {
            throw new IllegalArgumentException(
                    "all four lists need one entry per line: "
                            + predictedIds.size()
                            + ", "
                            + predictedTemplates.size()
                            + ", "
                            + n
                            + ", "
                            + truthTemplates.size());
        }
        Exact groups = exact(predictedIds, truthIds);
        Exact templates = exact(predictedTemplates, truthTemplates);
        int parsed = 0;
        for (int i = 0; i < n; i++) {
            if (predictedTemplates.get(i).equals(truthTemplates.get(i))) {
                parsed++;
            }
        }
        // FTA: a pure predicted template whose one ground-truth template is its own text.
        int correctTemplates = 0;
        for (Map.Entry<String, String> e : templates.pureTruth.entrySet()) {
            if (e.getKey().equals(e.getValue())) {
                correctTemplates++;
            }
        }
        return new GroupingScore(
                n == 0 ? 0 : (double) groups.exactLines / n,
                n == 0 ? 0 : (double) parsed / n,
                f1(groups.exactGroups, groups.predicted, groups.truth),
                f1(correctTemplates, templates.predicted, templates.truth),
                n,
                groups.predicted,
                groups.truth,
                groups.exactGroups,
                templates.predicted,
                templates.truth,
                correctTemplates);
    }

    /**
     * The harmonic mean of {@code correct / predicted} and {@code correct / truth}, which is {@code
     * 2 correct / (predicted + truth)}; 0 when nothing is correct.
     */
    static double f1(int correct, int predicted, int truth) {
        return correct == 0 ? 0 : 2.0 * correct / (predicted + truth);
    }

    /**
     * How a predicted partition compares with a ground-truth one.
     *
     * @param pureTruth for each predicted group whose lines all share one ground-truth group: that
     *     group
     * @param exactGroups predicted groups equal (as line sets) to a ground-truth group
     * @param exactLines the lines in those groups
     */
    private record Exact(
            Map<String, String> pureTruth,
            int exactGroups,
            int exactLines,
            int predicted,
            int truth) {}

    private static Exact exact(List<String> predicted, List<String> truth) {
        Map<String, Integer> truthSize = new HashMap<>();
        Map<String, Integer> predictedSize = new HashMap<>();
        // For each predicted group: the one truth group all its lines share (mixed ones removed).
        Map<String, String> pureTruth = new HashMap<>();
        Set<String> mixed = new HashSet<>();
        for (int i = 0; i < predicted.size(); i++) {
            String p = predicted.get(i);
            String t = truth.get(i);
            truthSize.merge(t, 1, Integer::sum);
            predictedSize.merge(p, 1, Integer::sum);
            String seen = pureTruth.putIfAbsent(p, t);
            if (seen != null && !seen.equals(t)) {
                mixed.add(p);
            }
        }
        pureTruth.keySet().removeAll(mixed);
        int groups = 0;
        int lines = 0;
        for (Map.Entry<String, String> e : pureTruth.entrySet()) {
            int size = predictedSize.get(e.getKey());
            if (truthSize.get(e.getValue()) == size) {
                groups++; // pure and complete: the two line sets are equal
                lines += size;
            }
        }
        return new Exact(pureTruth, groups, lines, predictedSize.size(), truthSize.size());
    }
}
