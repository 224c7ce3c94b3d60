package io.vigil.udfs.rules.promtool;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Expands the {@code values} of a promtool unit test's {@code input_series} into samples, exactly
 * as {@code promtool test rules} of Prometheus 2.42 does (the series-description grammar of its
 * PromQL parser, {@code series_values} and {@code series_item} in {@code generated_parser.y}, and
 * the value-sequence lexer of {@code lex.go}).
 *
 * <p>Element {@code i} of the result is the sample at {@code i × interval} after the start of the
 * test (the test group's {@code interval}); a {@link Missing} element is a time with no sample, a
 * {@link Stale} element a staleness marker.
 *
 * <h2>Notation</h2>
 *
 * Items are separated by spaces or tabs; each item is one of:
 *
 * <table>
 *   <caption>Items of the values notation</caption>
 *   <tr><th>item</th><th>expands to</th><th>example</th></tr>
 *   <tr><td>{@code a}</td><td>the number {@code a}</td><td>{@code -1.5}, {@code 1e3}, {@code
 *       Inf}, {@code -Inf}, {@code NaN}</td></tr>
 *   <tr><td>{@code a+bxn}</td><td>{@code n+1} samples: {@code a}, {@code a+b}, …, {@code
 *       a+n·b}</td><td>{@code -2+4x3} → {@code -2 2 6 10}</td></tr>
 *   <tr><td>{@code a-bxn}</td><td>{@code n+1} samples: {@code a}, {@code a-b}, …, {@code
 *       a-n·b}</td><td>{@code 1-2x4} → {@code 1 -1 -3 -5 -7}</td></tr>
 *   <tr><td>{@code axn}</td><td>{@code a}, {@code n+1} times</td><td>{@code 1x4} → {@code 1 1 1
 *       1 1}</td></tr>
 *   <tr><td>{@code _}</td><td>one missing sample</td><td></td></tr>
 *   <tr><td>{@code _xn}</td><td>{@code n} missing samples (not {@code n+1})</td><td>{@code 1 _x3
 *       stale} → {@code 1 _ _ _ stale}</td></tr>
 *   <tr><td>{@code stale}</td><td>a staleness marker</td><td></td></tr>
 * </table>
 *
 * <p>The edge cases, as Prometheus 2.42 has them:
 *
 * <ul>
 *   <li><b>Float accumulation is repeated addition</b>, not {@code a + b·i}: sample {@code i+1} is
 *       sample {@code i} plus {@code b}, in float64, so {@code 0+0.1x10} ends in {@code
 *       0.9999999999999999}, not {@code 1}. {@code a-bxn} adds {@code -b}.
 *   <li>{@code n} is a decimal integer of at least 0: {@code 1+1x0} and {@code 0x0} are one sample,
 *       {@code _x0} is none; {@code 1x2.0}, {@code 1x1e3} and {@code 1x-1} are errors.
 *   <li>{@code a} and {@code b} are numbers, {@code a} optionally signed ({@code +5}, {@code
 *       -3-10x4}); {@code b} carries exactly one sign, so {@code -1+-1x2} is an error. An increment
 *       needs its {@code xn}: {@code 1+2} is an error ({@code 1 +2} is two samples).
 *   <li>Numbers are digits with an optional fraction and exponent ({@code 1}, {@code 1.}, {@code
 *       .5}, {@code 1.5e-3}) or the words {@code Inf} and {@code NaN} in any case. An integer with
 *       a leading {@code 0} and only octal digits is <b>octal</b> (Go's {@code ParseInt(s, 0, 64)}
 *       is tried first): {@code 010} is 8, while {@code 019} and {@code 010.0} are decimal.
 *       Hexadecimal is not allowed. A number that overflows float64 ({@code 1e400}) is an error.
 *   <li>A word runs on through letters, digits, {@code _} and {@code x}: {@code stalex3} and {@code
 *       Infx3} are unknown words, not repetitions (write {@code Inf+0x3}); only the exact word
 *       {@code stale} is a staleness marker ({@code Stale} is an error).
 *   <li>{@code stale} cannot be repeated with {@code x}, but the grammar does accept {@code
 *       stale+bxn}: the first sample is the marker and the {@code n} after it are ordinary NaN
 *       samples (the marker's NaN plus {@code b} is a NaN that is not the marker).
 *   <li>{@code 1 2 _x2 3} is five elements: 1, 2, missing, missing, 3. An empty string is none.
 *   <li>promtool writes the values on one line of a PromQL test script, so a line break is an error
 *       here (there it would end the series and break the script).
 * </ul>
 *
 * <p>Errors throw {@link IllegalArgumentException} naming the item and its 1-based position in the
 * string, e.g. {@code bad item "stalex3" at position 5 of values "1 2 stalex3": unknown word
 * "stalex3"; a staleness marker cannot be repeated, write stale once per sample}. One limit is
 * Vigil's own: a string expands to at most {@link #MAX_VALUES} elements (promtool has no limit and
 * {@code 1x100000000000} exhausts its memory).
 *
 * <p>Stateless and thread-safe.
 */
public final class InputSeriesValues {

    /** The most elements {@link #expand} returns: a year of samples at one a minute, twice. */
    public static final int MAX_VALUES = 1_051_200;

    /**
     * The bits of the NaN Prometheus stores as a staleness marker ({@code value.StaleNaN}), for
     * when a {@link Stale} is written to storage as a double.
     */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    /** One element of an expanded series: a {@link Sample}, {@link Missing} or {@link Stale}. */
    public sealed interface Value permits Sample, Missing, Stale {}

    /**
     * A sample with a value, possibly {@code NaN} or infinite. {@link #toString} writes it back in
     * the notation: {@code 3}, {@code -0.5}, {@code 1.0E-5}, {@code Inf}, {@code NaN}.
     */
    public record Sample(double value) implements Value {
        @Override
        public String toString() {
            if (Double.isNaN(value)) {
                return "NaN";
            }
            if (Double.isInfinite(value)) {
                return value > 0 ? "Inf" : "-Inf";
            }
            if (value == 0 && Double.doubleToRawLongBits(value) != 0) {
                return "-0";
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString((long) value);
            }
            return Double.toString(value);
        }
    }

    /** No sample at this time ({@code _}). Use {@link #MISSING}. */
    public record Missing() implements Value {
        @Override
        public String toString() {
            return "_";
        }
    }

    /** A staleness marker ({@code stale}). Use {@link #STALE}. */
    public record Stale() implements Value {
        @Override
        public String toString() {
            return "stale";
        }
    }

    /** The missing sample (all {@link Missing} are equal). */
    public static final Value MISSING = new Missing();

    /** The staleness marker (all {@link Stale} are equal). */
    public static final Value STALE = new Stale();

    private InputSeriesValues() {}

    /**
     * The elements the {@code values} of an input series expand to, in time order (the class
     * comment has the notation).
     *
     * <pre>
     * expand("-2+4x3")      = [-2, 2, 6, 10]
     * expand("1 _x3 stale") = [1, _, _, _, stale]
     * expand("")            = []
     * </pre>
     *
     * @return an unmodifiable list of at most {@link #MAX_VALUES} elements
     * @throws IllegalArgumentException if the notation is bad, naming the item and its 1-based
     *     position
     */
    public static List<Value> expand(String values) {
        Objects.requireNonNull(values, "values");
        List<Value> out = new ArrayList<>();
        int i = 0;
        while (i < values.length()) {
            char c = values.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '\n' || c == '\r') {
                throw new IllegalArgumentException(
                        "line break at position "
                                + (i + 1)
                                + " of values \""
                                + values
                                + "\": promtool writes the values on one line of its test"
                                + " script, so they must be on one line");
            } else {
                int end = i;
                while (end < values.length() && !isSeparator(values.charAt(end))) {
                    end++;
                }
                new Item(values, i, end).expandInto(out);
                i = end;
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The elements written back in the notation, one item each, separated by spaces: {@code
     * render(expand("1 _x3 stale"))} is {@code "1 _ _ _ stale"}, and {@code expand(render(list))}
     * equals {@code list}.
     */
    public static String render(List<? extends Value> values) {
        StringBuilder s = new StringBuilder();
        for (Value v : values) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(v);
        }
        return s.toString();
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private enum Type {
        NUMBER,
        WORD,
        ADD,
        SUB,
        TIMES,
        BLANK
    }

    /** A token of one item, at an offset of the whole values string. */
    private record Token(Type type, String text, int offset) {}

    /** One space-separated item of the values: lexed, then parsed as one {@code series_item}. */
    private static final class Item {
        private final String values;
        private final int start;
        private final int end;

        Item(String values, int start, int end) {
            this.values = values;
            this.start = start;
            this.end = end;
        }

        void expandInto(List<Value> out) {
            List<Token> t = lex();
            Token first = t.get(0);
            if (first.type() == Type.BLANK) {
                if (t.size() == 1) {
                    add(out, MISSING, BigInteger.ONE);
                } else if (t.size() == 3
                        && t.get(1).type() == Type.TIMES
                        && t.get(2).type() == Type.NUMBER) {
                    add(out, MISSING, count(t.get(2)));
                } else {
                    throw fail("a missing sample is written _ or _xN");
                }
                return;
            }

            boolean stale = false;
            double a;
            int i;
            switch (first.type()) {
                case WORD -> {
                    if (!first.text().equals("stale")) {
                        throw fail(unknownWord(first.text()));
                    }
                    stale = true;
                    a = Double.NaN;
                    i = 1;
                }
                case NUMBER -> {
                    a = number(first);
                    i = 1;
                }
                case ADD, SUB -> {
                    if (t.size() < 2 || t.get(1).type() != Type.NUMBER) {
                        throw fail("expected a number after '" + first.text() + "'");
                    }
                    a = signed(first, t.get(1));
                    i = 2;
                }
                default -> throw fail("expected a number, _ or stale before 'x'");
            }

            if (i == t.size()) {
                out.add(stale ? STALE : new Sample(a));
                checkSize(out);
                return;
            }
            Token next = t.get(i);
            if (next.type() == Type.TIMES) {
                if (stale) { // the lexer makes 'stalex3' a word: unreachable, kept for safety
                    throw fail(
                            "a staleness marker cannot be repeated, write stale once per sample");
                }
                if (i + 1 == t.size()) {
                    throw fail("expected the repetition count after 'x'");
                }
                if (i + 2 != t.size() || t.get(i + 1).type() != Type.NUMBER) {
                    throw fail("expected only the repetition count after 'x'");
                }
                // 'axn' is a repeated n + 1 times (the stale marker cannot be followed by x).
                add(out, new Sample(a), count(t.get(i + 1)).add(BigInteger.ONE));
                return;
            }
            if (next.type() == Type.ADD || next.type() == Type.SUB) {
                if (i + 1 == t.size() || t.get(i + 1).type() != Type.NUMBER) {
                    throw fail("expected a number after '" + next.text() + "'");
                }
                double b = signed(next, t.get(i + 1));
                String increment = next.text() + t.get(i + 1).text();
                if (i + 2 == t.size() || t.get(i + 2).type() != Type.TIMES) {
                    throw fail(
                            "expected x and a repetition count after the increment "
                                    + increment
                                    + " (a space makes it a sample of its own)");
                }
                if (i + 3 == t.size()) {
                    throw fail("expected the repetition count after 'x'");
                }
                if (i + 4 != t.size() || t.get(i + 3).type() != Type.NUMBER) {
                    throw fail("expected only the repetition count after 'x'");
                }
                long n = count(t.get(i + 3)).longValueExact(); // ≤ MAX_VALUES: checked
                checkRoom(out, BigInteger.valueOf(n).add(BigInteger.ONE));
                // Prometheus: append a, then a += b, n + 1 times, in float64.
                out.add(stale ? STALE : new Sample(a));
                for (long k = 1; k <= n; k++) {
                    a += b;
                    out.add(new Sample(a));
                }
                return;
            }
            throw fail("unexpected '" + next.text() + "' after '" + first.text() + "'");
        }

        /** The tokens of the item, as {@code lexValueSequence} of Prometheus' lexer makes them. */
        private List<Token> lex() {
            List<Token> tokens = new ArrayList<>();
            int p = start;
            while (p < end) {
                char c = values.charAt(p);
                int q = p + 1;
                Type type;
                if (c == 'x') {
                    type = Type.TIMES;
                } else if (c == '+') {
                    type = Type.ADD;
                } else if (c == '-') {
                    type = Type.SUB;
                } else if (c == '_') {
                    type = Type.BLANK;
                } else if (isDigit(c)
                        || (c == '.' && p + 1 < end && isDigit(values.charAt(p + 1)))) {
                    q = scanNumber(p);
                    if (q < end && values.charAt(q) != 'x' && isAlphaNumeric(values.charAt(q))) {
                        throw fail(
                                "bad number \""
                                        + values.substring(p, q + 1)
                                        + "\": a number is followed by a space, x, + or -");
                    }
                    type = Type.NUMBER;
                } else if (isLetter(c)) {
                    while (q < end
                            && (isAlphaNumeric(values.charAt(q)) || values.charAt(q) == ':')) {
                        q++;
                    }
                    String word = values.substring(p, q).toLowerCase(Locale.ROOT);
                    type = word.equals("inf") || word.equals("nan") ? Type.NUMBER : Type.WORD;
                } else {
                    int cp = values.codePointAt(p);
                    throw fail(
                            "unexpected character '"
                                    + new String(Character.toChars(cp))
                                    + "' at position "
                                    + (p + 1));
                }
                tokens.add(new Token(type, values.substring(p, q), p));
                p = q;
            }
            return tokens;
        }

        /** The end of the number starting at {@code p}: digits, fraction, exponent. */
        private int scanNumber(int p) {
            int q = digits(p);
            if (q < end && values.charAt(q) == '.') {
                q = digits(q + 1);
            }
            if (q < end && (values.charAt(q) == 'e' || values.charAt(q) == 'E')) {
                q++;
                if (q < end && (values.charAt(q) == '+' || values.charAt(q) == '-')) {
                    q++;
                }
                q = digits(q);
            }
            return q;
        }

        private int digits(int p) {
            while (p < end && isDigit(values.charAt(p))) {
                p++;
            }
            return p;
        }

        /** The value of a NUMBER token, as the parser's {@code number()} reads it. */
        private double number(Token t) {
            String s = t.text();
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.equals("inf")) {
                return Double.POSITIVE_INFINITY;
            }
            if (lower.equals("nan")) {
                return Double.NaN;
            }
            if (s.length() > 1 && s.charAt(0) == '0' && isOctal(s)) {
                // ParseInt(s, 0, 64) first: a leading 0 means octal. Past int64 it fails, and
                // ParseFloat then reads the digits as decimal.
                BigInteger octal = new BigInteger(s, 8);
                if (octal.bitLength() < 64) {
                    return octal.longValue();
                }
            }
            double d;
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw fail("\"" + s + "\" is not a number");
            }
            if (Double.isInfinite(d)) {
                throw fail("\"" + s + "\" is out of the range of a float64");
            }
            return d;
        }

        private double signed(Token sign, Token number) {
            double v = number(number);
            return sign.type() == Type.SUB ? -v : v;
        }

        /** The repetition count of a NUMBER token: a decimal unsigned integer. */
        private BigInteger count(Token t) {
            String s = t.text();
            for (int i = 0; i < s.length(); i++) {
                if (!isDigit(s.charAt(i))) {
                    throw fail("the repetition count \"" + s + "\" is not a whole number");
                }
            }
            BigInteger n = new BigInteger(s);
            if (n.compareTo(BigInteger.valueOf(MAX_VALUES)) > 0) {
                throw fail(tooMany());
            }
            return n;
        }

        private void add(List<Value> out, Value v, BigInteger times) {
            checkRoom(out, times);
            for (int k = times.intValueExact(); k > 0; k--) {
                out.add(v);
            }
        }

        private void checkRoom(List<Value> out, BigInteger more) {
            if (more.add(BigInteger.valueOf(out.size())).compareTo(BigInteger.valueOf(MAX_VALUES))
                    > 0) {
                throw fail(tooMany());
            }
        }

        private void checkSize(List<Value> out) {
            if (out.size() > MAX_VALUES) {
                throw fail(tooMany());
            }
        }

        private static String tooMany() {
            return "the values expand to more than " + MAX_VALUES + " samples";
        }

        private static String unknownWord(String word) {
            String lower = word.toLowerCase(Locale.ROOT);
            String reason = "unknown word \"" + word + "\"";
            if (lower.equals("stale")) {
                return reason + "; the staleness marker is written stale, in lower case";
            }
            if (lower.startsWith("stalex")) {
                return reason
                        + "; a staleness marker cannot be repeated, write stale once per sample";
            }
            if (lower.startsWith("infx") || lower.startsWith("nanx")) {
                String number = word.substring(0, 3);
                return reason
                        + "; a word runs on through x, so write "
                        + number
                        + "+0x"
                        + word.substring(4)
                        + " to repeat "
                        + number;
            }
            return reason + "; expected a number, _ or stale";
        }

        private IllegalArgumentException fail(String reason) {
            return new IllegalArgumentException(
                    "bad item \""
                            + values.substring(start, end)
                            + "\" at position "
                            + (start + 1)
                            + " of values \""
                            + values
                            + "\": "
                            + reason);
        }
    }

    private static boolean isOctal(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Prometheus' {@code isAlphaNumeric}: letters, digits and {@code _}. */
    private static boolean isAlphaNumeric(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }
}
