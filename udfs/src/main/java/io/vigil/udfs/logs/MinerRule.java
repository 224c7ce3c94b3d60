package io.vigil.udfs.logs;

import java.util.EnumSet;
import java.util.Set;

/**
 * The general rules of the default miner, each one switchable through {@link MinerConfig#rules()}
 * so that its worth can be measured (ablation, leave-one-system-out selection in {@code vigil bench
 * loghub --loso}). Every rule is about the shape, position or frequency of tokens, never about one
 * system's messages. {@link #DEFAULTS} is the set the default miner runs with.
 *
 * <p>Masking rules ({@link Masker}) decide which tokens are values before any template is
 * consulted; miner rules ({@link PatternMiner}) decide when sibling templates become one; text
 * rules decide only how a variable is written in the pattern (they change grouping only where the
 * written form differs between lines).
 */
public enum MinerRule {
    /** Masking: a path ({@code /a/b}) or URL ({@code scheme://…}) is one value. */
    PATHS,
    /**
     * Masking: a dotted name of three or more labels ({@code proxy.example.com:5070}, {@code
     * com.android.phone}) is one value.
     */
    DOTTED_NAMES,
    /**
     * Masking: in {@code key=value}, a path or a host of two or more labels as value is a value.
     */
    KEY_HOSTS,
    /** Masking: a token of only brackets and quotes ({@code ()}, {@code ''}) is an empty value. */
    EMPTY_VALUES,
    /** Masking: a unit right after a value ({@code 12 KB}, {@code 3 sec}) is part of it. */
    UNITS,
    /** Masking: day and month names next to a value or to each other are part of a timestamp. */
    DATES,
    /** Masking: {@code true}, {@code false} and {@code null} are values. */
    LITERALS,
    /** Masking: a run of 8 or more hex letters without a digit ({@code ffffffff}) is a value. */
    HEX_WORDS,
    /** Masking: consecutive equal variable tokens fold into one (lists of varying length). */
    FOLD_REPEATS,
    /** Miner: a first token that is a plain word never becomes a variable. */
    FIRST_WORD,
    /**
     * Miner: where every differing value has a masked part ({@code rdd_<*>_<*>}), two distinct
     * values make a variable.
     */
    MASKED_PART,
    /** Miner: the same few values at a differing position of two families make both a variable. */
    CROSS_FAMILY,
    /**
     * Text: a value keeps the punctuation around it ({@code (TID 12)} reads {@code (TID <*>)}, not
     * {@code (TID <*>}; {@code '/dev/x'} reads {@code '<*>'}), as analysts and the Loghub labels
     * write templates.
     */
    KEEP_PUNCTUATION,
    /**
     * Text: a colon separates two values instead of joining them ({@code 10.0.0.1:80} reads {@code
     * <*>:<*>}, {@code 12:30:01} reads {@code <*>:<*>:<*>}).
     */
    COLON_SEPARATES,
    /**
     * Text: an identifier made of words and values joined by underscores ({@code blk_-42}, {@code
     * rdd_2_3}) is one value: {@code <*>}, not {@code blk_<*>}.
     */
    WHOLE_IDS;

    /** The rules of the default miner: every rule. */
    public static final Set<MinerRule> DEFAULTS =
            java.util.Collections.unmodifiableSet(EnumSet.allOf(MinerRule.class));
}
