package io.vigil.bench.loghub;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Log-parsing accuracy as {@code /work/shared/data/loghub/METRICS.md} §2 defines it.
 *
 * <p><b>GA</b> (grouping accuracy, Zhu et al. ICSE'19, logparser's {@code evaluator.py}): a line is
 * correct iff the set of lines in its predicted group equals the set of lines in its ground-truth
 * group; GA = correct lines / N. Groups are compared by id (predicted template id, ground-truth
 * {@code EventId}); the template text does not matter. Over-splitting a group or merging two groups
 * makes every line of the affected groups wrong.
 *
 * <p><b>PA</b> (parsing accuracy, Loghub-2.0's {@code PA_calculator.py}): a line is correct iff its
 * predicted template string equals its ground-truth template string exactly; PA = correct / N.
 *
 * @param ga grouping accuracy in [0, 1]
 * @param pa parsing accuracy in [0, 1]
 * @param lines N
 * @param predictedGroups distinct predicted ids
 * @param truthGroups distinct ground-truth ids
 */
public record GroupingScore(double ga, double pa, int lines, int predictedGroups, int truthGroups) {

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
        Map<String, Integer> truthSize = new HashMap<>();
        Map<String, Integer> predictedSize = new HashMap<>();
        // For each predicted group: the one truth id all its lines share, or null if mixed.
        Map<String, String> predictedTruth = new HashMap<>();
        Map<String, Boolean> predictedPure = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String p = predictedIds.get(i);
            String t = truthIds.get(i);
            truthSize.merge(t, 1, Integer::sum);
            predictedSize.merge(p, 1, Integer::sum);
            String seen = predictedTruth.putIfAbsent(p, t);
            if (seen != null && !seen.equals(t)) {
                predictedPure.put(p, false);
            }
        }
        int grouped = 0;
        for (Map.Entry<String, Integer> e : predictedSize.entrySet()) {
            String p = e.getKey();
            if (predictedPure.getOrDefault(p, true)
                    && truthSize.get(predictedTruth.get(p)).equals(e.getValue())) {
                grouped += e.getValue(); // pure and complete: the two sets are equal
            }
        }
        int parsed = 0;
        for (int i = 0; i < n; i++) {
            if (predictedTemplates.get(i).equals(truthTemplates.get(i))) {
                parsed++;
            }
        }
        return new GroupingScore(
                n == 0 ? 0 : (double) grouped / n,
                n == 0 ? 0 : (double) parsed / n,
                n,
                predictedSize.size(),
                truthSize.size());
    }
}
