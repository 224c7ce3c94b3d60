package io.vigil.bench.nab;

/**
 * One file scored at one threshold under one profile.
 *
 * @param key {@code category/name}
 * @param category the file's category
 * @param rows the file's row count, probation included
 * @param probation the number of leading probationary rows, never counted
 * @param windows the file's windows
 * @param scorableWindows windows with at least one row after probation (the others score nothing)
 * @param raw the file's raw NAB score: the earliest detection's weight per detected window, -A_FN
 *     per undetected scorable window, plus the (negative) weight of every false-positive row
 * @param counts row counts after probation
 */
public record NabFileScore(
        String key,
        String category,
        int rows,
        int probation,
        int windows,
        int scorableWindows,
        double raw,
        NabCounts counts) {}
