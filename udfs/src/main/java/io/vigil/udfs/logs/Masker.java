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

    private static final Masker DEFAULT = new Masker(List.of());

    private final List<Pattern> patterns;

    private Masker(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The default rules, no extra patterns. */
    public static Masker defaults() {
        return DEFAULT;
    }

    /** The default rules plus these patterns, applied in order before tokenising. */
    public static Masker withPatterns(List<Pattern> patterns) {
        return new Masker(patterns);
    }

    /**
     * The message's tokens, variables masked. Never empty (an empty message is one empty token).
     */
    public String[] tokens(String message) {
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
            int eq = text.indexOf('=', start);
            if (isPath(text, start, i)
                    || isDottedName(text, start, i, 2, false)
                    || isEmptyValue(text, start, i)) {
                token = VAR;
            } else if (eq > start
                    && eq + 1 < i
                    && (isPath(text, eq + 1, i) || isDottedName(text, eq + 1, i, 1, true))) {
                token = text.substring(start, eq + 1) + VAR; // key=host, key=/a/path
            } else {
                token = maskToken(text, start, i, sb);
            }
            String previous = out.isEmpty() ? null : out.get(out.size() - 1);
            if (token.equals(VAR) || (previous == VAR && isUnit(text, start, i))) {
                token = VAR; // one instance, so that templates can compare by reference
            }
            // A repeated variable token (a list of ids, a value and its unit) is one variable:
            // lists vary in length, and so do "403 bytes" and "1190 bytes (1.16 KB)".
            if (previous == null || token.indexOf(VAR) < 0 || !token.equals(previous)) {
                out.add(token);
            }
        }
        if (out.isEmpty()) {
            return new String[] {""};
        }
        maskDates(out);
        return out.toArray(new String[0]);
    }

    /** Masks one whitespace-free token {@code text[start, end)}. */
    static String maskToken(String text, int start, int end, StringBuilder sb) {
        // Fast path: no digit at all means nothing to mask (a literal <*> is kept as it is).
        boolean digit = false;
        int hexRun = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
                break;
            }
            hexRun = isHexLetter(c) ? hexRun + 1 : 0;
            if (hexRun >= MIN_LETTER_HEX_LENGTH
                    && (i + 1 == end || !Character.isLetterOrDigit(text.charAt(i + 1)))) {
                digit = true; // a run of hex letters as long as a 32-bit word: a value
                break;
            }
        }
        if (!digit && !hasLiteral(text, start, end)) {
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
            if (isVariable(text, segStart, i, digits) || isLiteralWord(text, segStart, i)) {
                appendVariable(sb);
            } else {
                sb.append(text, segStart, i);
                constantLeft = true;
            }
        }
        return constantLeft ? sb.toString() : VAR;
    }

    /**
     * A letter-digit run is a variable when it starts with a digit (numbers, {@code 0MB}, hex such
     * as {@code 00000f0a}), when it has at least as many digits as letters ({@code e820}, {@code
     * v2}, most hex ids), or when it is a long run with any digit (random ids). {@code SOCKS5},
     * {@code ssh2}, {@code eth0} and {@code alt0} stay constants.
     */
    /** Day and month names next to a variable or to each other become variables, then fold. */
    private static void maskDates(List<String> tokens) {
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
                    changed = true;
                }
            }
        }
        if (changed) {
            for (int i = tokens.size() - 1; i > 0; i--) {
                if (tokens.get(i) == VAR && tokens.get(i - 1) == VAR) {
                    tokens.remove(i);
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

    private static boolean isVariable(String s, int start, int end, int digits) {
        if (digits == 0) {
            return end - start >= MIN_LETTER_HEX_LENGTH && isHex(s, start, end);
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
    private static void appendVariable(StringBuilder sb) {
        int n = sb.length();
        if (n > 0) {
            char last = sb.charAt(n - 1);
            boolean joiner = last == '.' || last == ':' || last == '-' || last == '+';
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
