package io.vigil.udfs.logs;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Configuration of a {@link PatternMiner}. {@link #DEFAULT} is the one configuration used for every
 * source; see each constant there for the reason behind its value.
 *
 * @param maxTemplates cap on live templates; a line that would create one more is counted in {@link
 *     TemplateMiner#overflowCount()} and returned as overflow
 * @param similarity a line joins the most similar template of its shape when at least this share of
 *     the template's constant tokens equal the line's tokens
 * @param lineCacheSize masked lines remembered for the exact-match fast path (cleared when full)
 * @param maxLineage ids kept in a template's lineage (oldest dropped first)
 * @param rules the general rules switched on ({@link MinerRule#DEFAULTS} by default); each can be
 *     switched off to measure what it is worth
 */
public record MinerConfig(
        int maxTemplates,
        double similarity,
        int minDistinctValues,
        int manyDistinctValues,
        double minDistinctShare,
        int lineCacheSize,
        int maxLineage,
        Set<MinerRule> rules) {

    /**
     * 10,000 templates: real services emit tens to a few thousand kinds of message (the Loghub
     * systems have 6 to 158 in 2,000 lines); ten thousand leaves room for a noisy source while
     * bounding memory (see {@link PatternMiner} for bytes per template).
     */
    public static final int DEFAULT_MAX_TEMPLATES = 10_000;

    /** See {@link PatternMiner} for why one half. */
    public static final double DEFAULT_SIMILARITY = 0.5;

    /** See {@link PatternMiner}: two values may be two constants, three make a variable. */
    public static final int DEFAULT_MIN_DISTINCT_VALUES = 5;

    /** See {@link PatternMiner}: this many distinct values make a variable however many lines. */
    public static final int DEFAULT_MANY_DISTINCT_VALUES = 10;

    /**
     * See {@link PatternMiner}: fewer distinct values are a variable if they are this share of
     * lines.
     */
    public static final double DEFAULT_MIN_DISTINCT_SHARE = 0.25;

    /**
     * 65,536 masked lines: a few MB, enough to hold every distinct masked shape of most sources.
     */
    public static final int DEFAULT_LINE_CACHE_SIZE = 1 << 16;

    /** 16 ids: enough to trace a template back through its generalisations. */
    public static final int DEFAULT_MAX_LINEAGE = 16;

    public static final MinerConfig DEFAULT =
            new MinerConfig(
                    DEFAULT_MAX_TEMPLATES,
                    DEFAULT_SIMILARITY,
                    DEFAULT_MIN_DISTINCT_VALUES,
                    DEFAULT_MANY_DISTINCT_VALUES,
                    DEFAULT_MIN_DISTINCT_SHARE,
                    DEFAULT_LINE_CACHE_SIZE,
                    DEFAULT_MAX_LINEAGE,
                    MinerRule.DEFAULTS);

    public MinerConfig {
        if (maxTemplates < 1) {
            throw new IllegalArgumentException(
                    "maxTemplates must be at least 1, got " + maxTemplates);
        }
        if (!(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity must be in (0, 1], got " + similarity);
        }
        if (minDistinctValues < 2) {
            throw new IllegalArgumentException(
                    "minDistinctValues must be at least 2, got " + minDistinctValues);
        }
        if (manyDistinctValues < minDistinctValues) {
            throw new IllegalArgumentException(
                    "manyDistinctValues must be at least minDistinctValues ("
                            + minDistinctValues
                            + "), got "
                            + manyDistinctValues);
        }
        if (!(minDistinctShare >= 0 && minDistinctShare <= 1)) {
            throw new IllegalArgumentException(
                    "minDistinctShare must be in [0, 1], got " + minDistinctShare);
        }
        if (lineCacheSize < 0) {
            throw new IllegalArgumentException(
                    "lineCacheSize must be 0 (no cache) or more, got " + lineCacheSize);
        }
        if (maxLineage < 1) {
            throw new IllegalArgumentException("maxLineage must be at least 1, got " + maxLineage);
        }
        if (rules == null) {
            throw new IllegalArgumentException(
                    "rules must not be null (use MinerRule.DEFAULTS, or an empty set for none)");
        }
        EnumSet<MinerRule> copy = EnumSet.noneOf(MinerRule.class);
        copy.addAll(rules);
        rules = Collections.unmodifiableSet(copy);
    }

    /** True if {@code rule} is switched on. */
    public boolean has(MinerRule rule) {
        return rules.contains(rule);
    }

    /** This configuration with {@code rule} switched on or off. */
    public MinerConfig with(MinerRule rule, boolean on) {
        EnumSet<MinerRule> next = EnumSet.noneOf(MinerRule.class);
        next.addAll(rules);
        if (on) {
            next.add(rule);
        } else {
            next.remove(rule);
        }
        return withRules(next);
    }

    /** This configuration with these rules switched on and no others. */
    public MinerConfig withRules(Set<MinerRule> next) {
        return new MinerConfig(
                maxTemplates,
                similarity,
                minDistinctValues,
                manyDistinctValues,
                minDistinctShare,
                lineCacheSize,
                maxLineage,
                next);
    }

    /** This configuration with other sibling thresholds (see the record components). */
    public MinerConfig withThresholds(
            double nextSimilarity, int nextMinDistinct, int nextManyDistinct, double nextShare) {
        return new MinerConfig(
                maxTemplates,
                nextSimilarity,
                nextMinDistinct,
                nextManyDistinct,
                nextShare,
                lineCacheSize,
                maxLineage,
                rules);
    }

    /** This configuration with another template cap. */
    public MinerConfig withMaxTemplates(int max) {
        return new MinerConfig(
                max,
                similarity,
                minDistinctValues,
                manyDistinctValues,
                minDistinctShare,
                lineCacheSize,
                maxLineage,
                rules);
    }
}
