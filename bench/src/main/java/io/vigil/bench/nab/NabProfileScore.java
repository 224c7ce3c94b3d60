package io.vigil.bench.nab;

import java.util.List;

/**
 * A detector's outputs over a whole corpus scored under one profile at one threshold.
 *
 * @param profile the cost weights
 * @param threshold θ: a non-probationary row is a detection when its anomaly score is {@code >= θ};
 *     1.1 means nothing is detected
 * @param optimised whether θ was chosen by the corpus-wide optimiser (else it was given)
 * @param raw the sum of the files' raw scores
 * @param perfect {@code A_TP × windows}, the raw score of the perfect detector
 * @param nullRaw {@code -A_FN × scorableWindows}, the raw score of the detector that never fires
 * @param score the NAB score, {@code 100 (raw - nullRaw) / (perfect - nullRaw)}: 0 for the null
 *     detector, 100 for the perfect one, possibly negative; {@code NaN} for a corpus without
 *     windows
 * @param counts row counts after probation, over all files
 * @param windows all windows of the corpus
 * @param scorableWindows windows with a row after probation
 * @param categories per category, in name order
 * @param files per file, in key order
 */
public record NabProfileScore(
        NabProfile profile,
        double threshold,
        boolean optimised,
        double raw,
        double perfect,
        double nullRaw,
        double score,
        NabCounts counts,
        int windows,
        int scorableWindows,
        List<NabCategoryScore> categories,
        List<NabFileScore> files) {

    public NabProfileScore {
        categories = List.copyOf(categories);
        files = List.copyOf(files);
    }

    /** The category's score, or {@code null} if the corpus has no such category. */
    public NabCategoryScore category(String name) {
        return categories.stream().filter(c -> c.category().equals(name)).findFirst().orElse(null);
    }

    /** The file's score, or {@code null} if the corpus has no such file. */
    public NabFileScore file(String key) {
        return files.stream().filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }
}
