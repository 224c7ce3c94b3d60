package io.vigil.bench.nab;

/**
 * The files of one category scored at the corpus threshold, normalised over the category's own
 * windows exactly as the corpus is over all of them.
 *
 * @param category the category (data directory) name
 * @param files the number of files in it
 * @param windows its windows
 * @param scorableWindows its windows with a row after probation
 * @param raw the sum of its files' raw scores
 * @param perfect {@code A_TP × windows}
 * @param nullRaw {@code -A_FN × scorableWindows}, the raw score of a detector that never fires
 * @param score {@code 100 (raw - nullRaw) / (perfect - nullRaw)}; {@code NaN} when the category has
 *     no windows (then only {@code raw}, the false-positive cost, says anything)
 * @param counts row counts after probation
 */
public record NabCategoryScore(
        String category,
        int files,
        int windows,
        int scorableWindows,
        double raw,
        double perfect,
        double nullRaw,
        double score,
        NabCounts counts) {}
