package io.vigil.udfs.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a log message into tokens and replaces the parts that are certainly variables with {@value
 * #VAR}, before any template is consulted. The rules are general, about the shape of values, not
 * keyed to any system's messages:
 *
 * <ol>
 *   <li>Tokens are separated by whitespace.
 *   <li>Whole-token values: a path ({@code /a/b}, {@code '/udev/vcs2'}) or URL; a dotted name of
 *       three or more labels (host names such as {@code proxy.example.com:5070}, Java packages and
 *       intents such as {@code com.android.phone}); only brackets or quotes ({@code ()}, an empty
 *       value). In {@code key=value}, a path or a host of two or more labels ({@code
 *       rhost=zummit.com}) as the value becomes {@code key=<*>}.
 *   <li>Inside a token, each run of letters and digits that is a number or id becomes {@value
 *       #VAR}: it starts with a digit, or has at least as many digits as letters, or is 12 or more
 *       characters with a digit, or is hex of 4 or more with a digit (UUID parts), or is 8 or more
 *       hex letters ({@code ffffffff}). {@code true}/{@code false}/{@code null} are values too. A
 *       sign before a number and a variable joined to the previous one by {@code . : -} fold into
 *       it: {@code blk_-42} reads {@code blk_<*>}, {@code 10.0.0.1:80} one {@code <*>}. {@code
 *       SOCKS5}, {@code ssh2}, {@code eth0} stay words. A token with no letters left outside
 *       variables is one {@value #VAR} ({@code 12:01}, {@code (1.5}, {@code 50%}).
 *   <li>A unit right after a variable ({@code 12 KB}, {@code 3 sec}, {@code 40 bytes}) is part of
 *       it; day and month names next to a variable or each other are (timestamps).
 *   <li>Consecutive equal variable tokens fold into one ({@code blk_<*> blk_<*> …}, {@code <*>
 *       <*>}): lists and values with optional units vary in length, their template should not.
 * </ol>
 *
 * <p>Each rule above can be switched off ({@link MinerRule}, {@link #withRules}) to measure it.
 * {@link #tokens} is the grouping key. {@link #display} gives the same tokens as a template shows
 * them, with the text rules: values keep the punctuation around them ({@code (TID <*>),}, {@code
 * '<*>'}), a colon separates values ({@code <*>:<*>}), an id of words and numbers joined by
 * underscores is one value ({@code <*>}, not {@code blk_<*>}), a URL keeps its scheme ({@code
 * hdfs://<*>}), and tokens folded into a value (units, bracketed values, list items) are shown as
 * the line had them ({@code <*> KB}, {@code <*> (<*>)}). The text rules never change the key, so
 * they change neither grouping nor ids.
 *
 * <p>Per source, regular expressions can be added ({@link #withPatterns}); each match is replaced
 * by {@value #VAR} before tokenising. The default has none.
 */
public final class Masker {
    /** The variable placeholder in patterns. */
    public static final String VAR = "<*>";

    /** A letter-digit run at least this long with any digit in it is an id, not a word. */
    static final int LONG_ID_LENGTH = 12;

    /** A hex run ({@code fe1a} in a UUID) at least this long with a digit is an id. */
    static final int MIN_HEX_LENGTH = 4;

    /**
     * A run of hex letters this long without a digit ({@code ffffffff}, a 32-bit mask) is a value:
     * no common word is eight letters from a to f.
     */
    static final int MIN_LETTER_HEX_LENGTH = 8;

    private static final java.util.Set<String> UNITS =
            java.util.Set.of(
                    "b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "byte", "bytes", "ms", "us",
                    "ns", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute",
                    "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days");

    private static final String EMPTY_VALUE_CHARS = "()[]{}'\"";

    private static final String OPENERS = "\"'([{<";

    /** Day and month names, variables when next to a number or each other (timestamps). */
    private static final java.util.Set<String> DATE_WORDS =
            java.util.Set.of(
                    "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr",
                    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    /**
     * Punctuation that may close a value: kept after it under {@link MinerRule#KEEP_PUNCTUATION}.
     */
    private static final String CLOSERS = "\"')]}>,;:.!?";

    private static final Masker DEFAULT = new Masker(List.of(), MinerRule.DEFAULTS);

    private final List<Pattern> patterns;
    private final boolean paths;
    private final boolean dottedNames;
    private final boolean keyHosts;
    private final boolean emptyValues;
    private final boolean units;
    private final boolean dates;
    private final boolean literals;
    private final boolean hexWords;
    private final boolean foldRepeats;
    private final boolean keepPunctuation;
    private final boolean colonSeparates;
    private final boolean wholeIds;

    private Masker(List<Pattern> patterns, java.util.Set<MinerRule> rules) {
        this.patterns = List.copyOf(patterns);
        this.paths = rules.contains(MinerRule.PATHS);
        this.dottedNames = rules.contains(MinerRule.DOTTED_NAMES);
        this.keyHosts = rules.contains(MinerRule.KEY_HOSTS);
        this.emptyValues = rules.contains(MinerRule.EMPTY_VALUES);
        this.units = rules.contains(MinerRule.UNITS);
        this.dates = rules.contains(MinerRule.DATES);
        this.literals = rules.contains(MinerRule.LITERALS);
        this.hexWords = rules.contains(MinerRule.HEX_WORDS);
        this.foldRepeats = rules.contains(MinerRule.FOLD_REPEATS);
        this.keepPunctuation = rules.contains(MinerRule.KEEP_PUNCTUATION);
        this.colonSeparates = rules.contains(MinerRule.COLON_SEPARATES);
        this.wholeIds = rules.contains(MinerRule.WHOLE_IDS);
    }

    /** The default rules ({@link MinerRule#DEFAULTS}), no extra patterns. */
    public static Masker defaults() {
        return DEFAULT;
    }

    /** The default rules plus these patterns, applied in order before tokenising. */
    public static Masker withPatterns(List<Pattern> patterns) {
        return new Masker(patterns, MinerRule.DEFAULTS);
    }

    /**
     * The masking and text rules among {@code rules} (miner rules are ignored here), no patterns.
     */
    public static Masker withRules(java.util.Set<MinerRule> rules) {
        return rules.equals(MinerRule.DEFAULTS) ? DEFAULT : new Masker(List.of(), rules);
    }

    /**
     * The message's tokens, variables masked: the grouping key of a line. Never empty (an empty
     * message is one empty token). The text rules ({@link MinerRule#KEEP_PUNCTUATION}, {@link
     * MinerRule#COLON_SEPARATES}, {@link MinerRule#WHOLE_IDS}) do not apply here, only in {@link
     * #display}.
     */
    public String[] tokens(String message) {
        return mask(message, null);
    }

    /**
     * The message's tokens as a template shows them: one per {@link #tokens} token, at the same
     * positions (folds are decided on the key tokens), written with the text rules. Without text
     * rules, equal to {@link #tokens}.
     */
    public String[] display(String message) {
        if (!rendersText()) {
            return tokens(message);
        }
        List<String> display = new ArrayList<>();
        mask(message, display);
        return display.toArray(new String[0]);
    }

    /** True if a text rule is on, so that {@link #display} may differ from {@link #tokens}. */
    public boolean rendersText() {
        return keepPunctuation || colonSeparates || wholeIds;
    }

    /**
     * The key tokens; with {@code display} not null, also the display tokens into it, one per key
     * token.
     */
    private String[] mask(String message, List<String> display) {
        String text = message;
        for (Pattern p : patterns) {
            text = p.matcher(text).replaceAll(VAR);
        }
        List<String> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        StringBuilder sb = new StringBuilder();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            String token;
            String shown = null;
            int eq = text.indexOf('=', start);
            if ((paths && isPath(text, start, i))
                    || (dottedNames && isDottedName(text, start, i, 2, false))) {
                token = VAR;
                if (display != null) {
                    shown = wholeValue(text, start, i);
                }
            } else if (emptyValues && isEmptyValue(text, start, i)) {
                token = VAR;
                if (display != null) {
                    if (!keepPunctuation) {
                        shown = VAR;
                    } else if (i - start == 1) {
                        shown = text.substring(start, i); // a lone bracket is not a value
                    } else if (i - start == 2) {
                        shown = text.charAt(start) + VAR + text.charAt(start + 1);
                    } else {
                        shown = VAR;
                    }
                }
            } else if (keyHosts
                    && eq > start
                    && eq + 1 < i
                    && (isPath(text, eq + 1, i) || isDottedName(text, eq + 1, i, 1, true))) {
                token = text.substring(start, eq + 1) + VAR; // key=host, key=/a/path
                if (display != null) {
                    shown = text.substring(start, eq + 1) + wholeValue(text, eq + 1, i);
                }
            } else {
                token = maskToken(text, start, i, sb, false);
                if (display != null) {
                    shown = rendersText() ? maskToken(text, start, i, sb, true) : token;
                }
            }
            String previous = out.isEmpty() ? null : out.get(out.size() - 1);
            if (token.equals(VAR) || (units && previous == VAR && isUnit(text, start, i))) {
                token = VAR; // one instance, so that templates can compare by reference
            }
            // A repeated variable token (a list of ids, a value and its unit) is one variable:
            // lists vary in length, and so do "403 bytes" and "1190 bytes (1.16 KB)".
            if (previous == null
                    || token.indexOf(VAR) < 0
                    || !token.equals(previous)
                    || !foldRepeats) {
                out.add(token);
                if (display != null) {
                    display.add(shown.equals(VAR) ? VAR : shown);
                }
            } else if (display != null && keepPunctuation) {
                // Folded into the previous value: that value now ends where this token ends.
                int last = display.size() - 1;
                display.set(last, foldInto(display.get(last), shown));
            }
        }
        if (out.isEmpty()) {
            if (display != null) {
                display.add("");
            }
            return new String[] {""};
        }
        if (dates) {
            maskDates(out, display);
        }
        return out.toArray(new String[0]);
    }

    /**
     * The display of a value after a token folded into it (a list item, a unit, a value in
     * brackets): the template shows the first line's tokens as they were ({@code <*> (<*>)}, {@code
     * <*> KB}, {@code <*>: <*>:}). A list shows the first line's length; showing a repeat once
     * instead measured lower (Loghub-2k PA 0.784 against 0.808), since fixed runs such as {@code
     * <*> <*> <*>} are common.
     */
    private static String foldInto(String previous, String shown) {
        return previous + " " + shown;
    }

    /**
     * Masks one whitespace-free token {@code text[start, end)}; with {@code render}, as a template
     * shows it (the text rules applied).
     */
    String maskToken(String text, int start, int end, StringBuilder sb, boolean render) {
        // Fast path: no digit at all means nothing to mask (a literal <*> is kept as it is).
        boolean digit = false;
        int hexRun = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
                break;
            }
            hexRun = hexWords && isHexLetter(c) ? hexRun + 1 : 0;
            if (hexRun >= MIN_LETTER_HEX_LENGTH
                    && (i + 1 == end || !Character.isLetterOrDigit(text.charAt(i + 1)))) {
                digit = true; // a run of hex letters as long as a 32-bit word: a value
                break;
            }
        }
        if (!digit && !(literals && hasLiteral(text, start, end))) {
            return text.substring(start, end);
        }
        sb.setLength(0);
        boolean constantLeft = false;
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                sb.append(c);
                i++;
                continue;
            }
            int segStart = i;
            int digits = 0;
            while (i < end && Character.isLetterOrDigit(text.charAt(i))) {
                char d = text.charAt(i);
                if (d >= '0' && d <= '9') {
                    digits++;
                }
                i++;
            }
            if (isVariable(text, segStart, i, digits, hexWords)
                    || (literals && isLiteralWord(text, segStart, i))) {
                appendVariable(sb, render && colonSeparates);
            } else {
                sb.append(text, segStart, i);
                constantLeft = true;
            }
        }
        if (!render) {
            return constantLeft ? sb.toString() : VAR;
        }
        if (wholeIds && isWholeId(text, start, end) && sb.indexOf(VAR) >= 0) {
            return keepPunctuation ? around(text, start, end, VAR) : VAR; // blk_-42, rdd_2_3
        }
        if (!constantLeft) {
            // "(1.5", "305)," keep their marks; "10.0.0.1:80" may read "<*>:<*>".
            String marked = sb.toString();
            return keepPunctuation ? marked : strip(marked);
        }
        return sb.toString();
    }

    /**
     * A whole-token value ({@code '/udev/vcs2'}, {@code proxy.example.com:5070}): {@value #VAR}, or
     * under {@link MinerRule#KEEP_PUNCTUATION} {@value #VAR} with the token's opening and closing
     * punctuation ({@code '<*>'}), and under {@link MinerRule#COLON_SEPARATES} a host's port as a
     * second value ({@code <*>:<*>}).
     */
    private String wholeValue(String text, int start, int end) {
        String core = VAR;
        boolean url = text.indexOf("://", start) >= 0 && text.indexOf("://", start) < end;
        if (colonSeparates && !url && hasPort(text, start, end)) {
            core = VAR + ":" + VAR;
        }
        if (!keepPunctuation) {
            return core;
        }
        if (url) {
            int s = start;
            while (s < end && OPENERS.indexOf(text.charAt(s)) >= 0) {
                s++;
            }
            core = text.substring(s, text.indexOf("://", s) + 3) + VAR; // hdfs://<*>
        }
        return around(text, start, end, core);
    }

    /**
     * A display token that the miner found to be a variable: {@value #VAR} with the token's opening
     * and closing punctuation ({@code (TID} → {@code (<*>}, {@code 12,} → {@code <*>,}).
     */
    static String variableKeepingMarks(String shown) {
        int s = 0;
        while (s < shown.length()
                && OPENERS.indexOf(shown.charAt(s)) >= 0
                && !shown.startsWith(VAR, s)) {
            s++;
        }
        int e = Math.max(s, marksFrom(shown));
        String marked = shown.substring(0, s) + VAR + shown.substring(e);
        return marked.equals(VAR) ? VAR : marked;
    }

    /** True under {@link MinerRule#KEEP_PUNCTUATION}. */
    boolean keepsPunctuation() {
        return keepPunctuation;
    }

    /**
     * {@code marked} without its leading and trailing punctuation ({@code (<*>:<*>,} reads {@code
     * <*>:<*>}).
     */
    private static String strip(String marked) {
        int s = 0;
        while (s < marked.length()
                && OPENERS.indexOf(marked.charAt(s)) >= 0
                && !marked.startsWith(VAR, s)) {
            s++;
        }
        int e = marksFrom(marked);
        String core = marked.substring(s, Math.max(s, e));
        return core.equals(VAR) || core.isEmpty() ? VAR : core;
    }

    /** Where {@code text[start, end)} begins after its leading punctuation. */
    private static int coreStart(String text, int start, int end) {
        int s = start;
        while (s < end && OPENERS.indexOf(text.charAt(s)) >= 0) {
            s++;
        }
        return s;
    }

    /** Where {@code text[s, end)} ends before its trailing punctuation. */
    private static int coreEnd(String text, int s, int end) {
        int e = end;
        while (e > s && CLOSERS.indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        return e;
    }

    /** {@code core} between the leading and trailing punctuation of {@code text[start, end)}. */
    private static String around(String text, int start, int end, String core) {
        int s = coreStart(text, start, end);
        int e = coreEnd(text, s, end);
        if (s == start && e == end) {
            return core;
        }
        return text.substring(start, s) + core + text.substring(e, end);
    }

    private static String stripTrailing(String shown) {
        return shown.substring(0, marksFrom(shown));
    }

    /**
     * Where the closing punctuation at the end of a display token starts (its length if none); a
     * {@value #VAR} at the end is not punctuation.
     */
    private static int marksFrom(String shown) {
        int e = shown.length();
        while (e > 0
                && CLOSERS.indexOf(shown.charAt(e - 1)) >= 0
                && !(e >= VAR.length() && shown.startsWith(VAR, e - VAR.length()))) {
            e--;
        }
        return e;
    }

    private static String trailingOf(String shown) {
        return shown.substring(stripTrailing(shown).length());
    }

    /** The closing punctuation at the end of {@code text[start, end)} ({@code "),"}). */
    static String trailingPunctuation(String text, int start, int end) {
        int e = end;
        while (e > start && CLOSERS.indexOf(text.charAt(e - 1)) >= 0) {
            e--;
        }
        return text.substring(e, end);
    }

    /** A value with a {@code :port} after it (the digits end the token, punctuation aside). */
    private static boolean hasPort(String text, int start, int end) {
        int e = end;
        while (e > start && !Character.isLetterOrDigit(text.charAt(e - 1))) {
            e--;
        }
        int d = e;
        while (d > start && Character.isDigit(text.charAt(d - 1))) {
            d--;
        }
        return d < e && d > start && text.charAt(d - 1) == ':';
    }

    /**
     * An identifier of words and numbers joined by underscores ({@code blk_-42}, {@code rdd_2_3},
     * {@code attempt_201512_0001_m_000001_0}), punctuation around it aside: letters, digits, {@code
     * _} and {@code -} only, with at least one {@code _}.
     */
    static boolean isWholeId(String text, int start, int end) {
        int s = coreStart(text, start, end);
        int e = coreEnd(text, s, end);
        if (s == e || !Character.isLetterOrDigit(text.charAt(s))) {
            return false;
        }
        boolean underscore = false;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '_') {
                underscore = true;
            } else if (!Character.isLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return underscore;
    }

    /**
     * A letter-digit run is a variable when it starts with a digit (numbers, {@code 0MB}, hex such
     * as {@code 00000f0a}), when it has at least as many digits as letters ({@code e820}, {@code
     * v2}, most hex ids), or when it is a long run with any digit (random ids). {@code SOCKS5},
     * {@code ssh2}, {@code eth0} and {@code alt0} stay constants.
     */
    /** Day and month names next to a variable or to each other become variables, then fold. */
    private void maskDates(List<String> tokens, List<String> display) {
        boolean changed = false;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < tokens.size(); i++) {
                if (!DATE_WORDS.contains(tokens.get(i))) {
                    continue;
                }
                boolean before = i > 0 && isDatePart(tokens.get(i - 1));
                boolean after = i + 1 < tokens.size() && isDatePart(tokens.get(i + 1));
                if (before || after) {
                    tokens.set(i, VAR);
                    if (display != null) {
                        display.set(i, VAR);
                    }
                    changed = true;
                }
            }
        }
        if (changed) {
            for (int i = tokens.size() - 1; i > 0; i--) {
                if (tokens.get(i) == VAR && tokens.get(i - 1) == VAR) {
                    tokens.remove(i);
                    if (display != null) {
                        String shown = display.remove(i);
                        // The timestamp is one value; it keeps the punctuation after its end.
                        String merged = stripTrailing(display.get(i - 1)) + trailingOf(shown);
                        display.set(i - 1, merged.equals(VAR) ? VAR : merged);
                    }
                }
            }
        }
    }

    /**
     * A unit after a number ({@code 12 KB}, {@code (1.5 MB)}, {@code 3 sec}, {@code 40 bytes}) is
     * part of the value; surrounding punctuation is ignored.
     */
    static boolean isUnit(String text, int start, int end) {
        while (start < end && !Character.isLetter(text.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(text.charAt(end - 1))) {
            end--;
        }
        int n = end - start;
        return n > 0
                && n <= 7
                && UNITS.contains(text.substring(start, end).toLowerCase(Locale.ROOT));
    }

    /** Only brackets and quotes ({@code ()}, {@code ''}, {@code []}): an empty value. */
    static boolean isEmptyValue(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (EMPTY_VALUE_CHARS.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasLiteral(String text, int start, int end) {
        String t = text.substring(start, end);
        return t.contains("true") || t.contains("false") || t.contains("null");
    }

    private static boolean isLiteralWord(String text, int start, int end) {
        int n = end - start;
        return (n == 4 && (text.startsWith("true", start) || text.startsWith("null", start)))
                || (n == 5 && text.startsWith("false", start));
    }

    /**
     * A dotted name, surrounding punctuation ignored: at least {@code minDots} dots between
     * non-empty labels of letters, digits, dashes and underscores, and nothing but punctuation
     * after it. With {@code hostOnly}, the last label must also be a top-level domain (two to four
     * lower-case letters) or be followed by {@code :port}.
     */
    static boolean isDottedName(String text, int start, int end, int minDots, boolean hostOnly) {
        while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
            start++;
        }
        int dots = 0;
        int labelStart = start;
        int i = start;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (i == labelStart) {
                    return false;
                }
                dots++;
                labelStart = i + 1;
            } else if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                break;
            }
        }
        if (dots < minDots || i == labelStart) {
            return false;
        }
        int lastLength = i - labelStart;
        boolean port =
                i + 1 < end && text.charAt(i) == ':' && Character.isDigit(text.charAt(i + 1));
        if (port) {
            return true;
        }
        for (int j = i; j < end; j++) {
            if (Character.isLetterOrDigit(text.charAt(j))) {
                return false; // more name after the labels: not a bare name
            }
        }
        if (!hostOnly) {
            return true;
        }
        boolean tld = lastLength >= 2 && lastLength <= 4;
        for (int j = labelStart; j < i && tld; j++) {
            char c = text.charAt(j);
            tld = c >= 'a' && c <= 'z';
        }
        return tld;
    }

    private static boolean isDatePart(String token) {
        return token == VAR || DATE_WORDS.contains(token);
    }

    private static boolean isVariable(String s, int start, int end, int digits, boolean hexWords) {
        if (digits == 0) {
            return hexWords && end - start >= MIN_LETTER_HEX_LENGTH && isHex(s, start, end);
        }
        int length = end - start;
        char first = s.charAt(start);
        return (first >= '0' && first <= '9')
                || digits * 2 >= length
                || length >= LONG_ID_LENGTH
                || (length >= MIN_HEX_LENGTH && isHex(s, start, end));
    }

    private static boolean isHexLetter(char c) {
        return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isHex(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            boolean hex =
                    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }

    /**
     * A path: after any opening quote or bracket, {@code /a/b…} with at least two slashes, or a URL
     * ({@code scheme://…}).
     */
    static boolean isPath(String text, int start, int end) {
        int i = start;
        while (i < end && OPENERS.indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i < end && text.charAt(i) == '/') {
            int slashes = 0;
            for (int j = i; j < end; j++) {
                if (text.charAt(j) == '/') {
                    slashes++;
                }
            }
            return slashes >= 2 && i + 1 < end && text.charAt(i + 1) != '/';
        }
        int scheme = text.indexOf("://", i);
        return scheme > i && scheme < end;
    }

    /**
     * Appends {@code <*>}, folding into it a sign before it ({@code blk_-42} reads as {@code
     * blk_<*>}, like {@code blk_42}) and a variable just before it joined by a dot, colon or dash
     * ({@code 10.0.0.1}, {@code 12:30:01}, {@code 82-68-222-194} read as one {@code <*>}).
     */
    private static void appendVariable(StringBuilder sb, boolean colonSeparates) {
        int n = sb.length();
        if (n > 0) {
            char last = sb.charAt(n - 1);
            boolean joiner =
                    last == '.' || (last == ':' && !colonSeparates) || last == '-' || last == '+';
            if (joiner && endsWithVar(sb, n - 1)) {
                sb.setLength(n - 1); // <*>.<*> is one <*>
                return;
            }
            if ((last == '-' || last == '+')
                    && (n == 1 || !Character.isLetterOrDigit(sb.charAt(n - 2)))) {
                sb.setLength(n - 1); // a sign
                n--;
            }
        }
        if (!endsWithVar(sb, sb.length())) {
            sb.append(VAR);
        }
    }

    private static boolean endsWithVar(String token) {
        return token.endsWith(VAR);
    }

    private static boolean endsWithVar(StringBuilder sb, int end) {
        return end >= 3
                && sb.charAt(end - 1) == '>'
                && sb.charAt(end - 2) == '*'
                && sb.charAt(end - 3) == '<';
    }

    private static boolean hasLetter(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
