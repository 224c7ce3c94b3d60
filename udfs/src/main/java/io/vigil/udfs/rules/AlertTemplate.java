package io.vigil.udfs.rules;

import io.vigil.udfs.promql.Labels;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A label or annotation template of an alerting rule, in the part of Go's {@code text/template}
 * language that Prometheus rules use: {@code {{ $labels.service }}}, {@code {{ $value }}}, {@code
 * {{ .Labels.x }}}, {@code {{ .Value }}}, pipelines into {@code humanize}, {@code humanize1024},
 * {@code humanizePercentage}, {@code humanizeDuration}, {@code printf "%.2f"}, {@code toUpper},
 * {@code toLower}, {@code title}, and the {@code {{-}} / {@code -}}} trim markers. Numbers print as
 * Go prints them ({@link GoFormat}). Anything else ({@code if}, {@code range}, other functions) is
 * refused when the rule is loaded, with the position.
 */
public final class AlertTemplate implements Serializable {
    private final String source;
    private final List<Part> parts;

    private AlertTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** A template that failed to parse: {@link #offset()} is where, in the template text. */
    public static final class TemplateException extends IllegalArgumentException {
        private final int offset;

        TemplateException(String message, int offset) {
            super(message);
            this.offset = offset;
        }

        /** The 0-based character offset of the problem in the template. */
        public int offset() {
            return offset;
        }
    }

    /** The template's text as written. */
    public String source() {
        return source;
    }

    /**
     * Parses a template.
     *
     * @throws TemplateException naming what is wrong and where
     */
    public static AlertTemplate parse(String text) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder literal = new StringBuilder();
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new TemplateException("unclosed action: {{ without }}", open);
            }
            String inner = text.substring(open + 2, close);
            int innerStart = open + 2;
            if (inner.startsWith("- ") || inner.equals("-")) {
                trimRight(literal);
                inner = inner.substring(1);
                innerStart++;
            }
            boolean trimAfter = false;
            if (inner.endsWith(" -")) {
                inner = inner.substring(0, inner.length() - 1);
                trimAfter = true;
            }
            if (literal.length() > 0) {
                parts.add(new Text(literal.toString()));
                literal.setLength(0);
            }
            parts.add(pipeline(inner, innerStart));
            i = close + 2;
            if (trimAfter) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
        }
        if (literal.length() > 0) {
            parts.add(new Text(literal.toString()));
        }
        return new AlertTemplate(text, List.copyOf(parts));
    }

    private static void trimRight(StringBuilder b) {
        int n = b.length();
        while (n > 0 && Character.isWhitespace(b.charAt(n - 1))) {
            n--;
        }
        b.setLength(n);
    }

    /**
     * Expands the template for one alert.
     *
     * @param labels the labels of the sample that raised the alert (metric name included)
     * @param value the sample's value
     */
    public String expand(Labels labels, double value) {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                b.append(t.text());
            } else {
                b.append(print(((Pipeline) p).run(labels, value)));
            }
        }
        return b.toString();
    }

    private static String print(Object v) {
        if (v instanceof Double d) {
            return GoFormat.v(d);
        }
        if (v instanceof Labels l) {
            StringBuilder b = new StringBuilder("map[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(l.name(i)).append(':').append(l.value(i));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }

    // ---- the parsed form ---------------------------------------------------------------------

    private sealed interface Part extends Serializable permits Text, Pipeline {}

    private record Text(String text) implements Part {}

    private record Pipeline(List<Command> commands) implements Part {
        Object run(Labels labels, double value) {
            Object piped = null;
            for (Command c : commands) {
                piped = c.run(labels, value, piped);
            }
            return piped;
        }
    }

    /** An operand, or a function with arguments (the piped value goes last, as in Go). */
    private record Command(String function, List<Operand> args, int offset)
            implements Serializable {
        Object run(Labels labels, double value, Object piped) {
            List<Object> values = new ArrayList<>();
            for (Operand a : args) {
                values.add(a.get(labels, value));
            }
            if (piped != null) {
                values.add(piped);
            }
            if (function == null) {
                return values.get(0);
            }
            return Functions.call(function, values);
        }
    }

    private record Operand(String kind, String name, Object constant) implements Serializable {
        Object get(Labels labels, double value) {
            return switch (kind) {
                case "label" -> labels.get(name);
                case "labels" -> labels;
                case "value" -> value;
                case "empty" -> "";
                default -> constant;
            };
        }
    }

    private static Pipeline pipeline(String text, int offset) {
        List<Command> commands = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        char quote = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '|';
            if (quoted) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quoted = false;
                }
                continue;
            }
            if (c == '"' || c == '`') {
                quoted = true;
                quote = c;
            } else if (c == '|') {
                commands.add(
                        command(
                                text.substring(start, Math.min(i, text.length())),
                                offset + start,
                                !commands.isEmpty()));
                start = i + 1;
            }
        }
        if (quoted) {
            throw new TemplateException("unterminated quoted string in action", offset);
        }
        return new Pipeline(List.copyOf(commands));
    }

    private static Command command(String text, int offset, boolean piped) {
        List<String> words = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int s = i;
            if (c == '"' || c == '`') {
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    if (text.charAt(i) == '\\' && c == '"') {
                        i++;
                    }
                    i++;
                }
                i++;
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
            words.add(text.substring(s, Math.min(i, text.length())));
            at.add(offset + s);
        }
        if (words.isEmpty()) {
            throw new TemplateException("empty action", offset);
        }
        String first = words.get(0);
        if (Functions.NAMES.contains(first)) {
            List<Operand> args = new ArrayList<>();
            for (int w = 1; w < words.size(); w++) {
                args.add(operand(words.get(w), at.get(w)));
            }
            int arity = args.size() + (piped ? 1 : 0);
            Functions.checkArity(first, arity, at.get(0));
            return new Command(first, List.copyOf(args), at.get(0));
        }
        if (first.matches("[a-z][A-Za-z0-9]*") || first.equals("if") || first.equals("range")) {
            throw new TemplateException(
                    "template function or action \""
                            + first
                            + "\" is not supported; supported: "
                            + String.join(", ", Functions.NAMES),
                    at.get(0));
        }
        if (words.size() > 1) {
            throw new TemplateException(
                    "unexpected \"" + words.get(1) + "\" after " + first, at.get(1));
        }
        if (piped) {
            throw new TemplateException(
                    "can't give an argument to non-function " + first, at.get(0));
        }
        return new Command(null, List.of(operand(first, at.get(0))), at.get(0));
    }

    private static Operand operand(String w, int offset) {
        if (w.startsWith("$labels.") || w.startsWith(".Labels.")) {
            return new Operand("label", w.substring(w.indexOf('.', 1) + 1), null);
        }
        if (w.equals("$labels") || w.equals(".Labels")) {
            return new Operand("labels", null, null);
        }
        if (w.equals("$value") || w.equals(".Value")) {
            return new Operand("value", null, null);
        }
        if (w.startsWith("$externalLabels.")
                || w.startsWith(".ExternalLabels.")
                || w.equals("$externalURL")
                || w.equals(".ExternalURL")) {
            return new Operand("empty", null, null);
        }
        if (w.startsWith("\"") && w.endsWith("\"") && w.length() >= 2) {
            return new Operand("const", null, unquote(w.substring(1, w.length() - 1)));
        }
        if (w.startsWith("`") && w.endsWith("`") && w.length() >= 2) {
            return new Operand("const", null, w.substring(1, w.length() - 1));
        }
        try {
            return new Operand("const", null, Double.parseDouble(w));
        } catch (NumberFormatException e) {
            throw new TemplateException(
                    "unknown operand \""
                            + w
                            + "\" (use $labels.<name>, $value, .Labels.<name>, .Value, a quoted"
                            + " string or a number)",
                    offset);
        }
    }

    private static String unquote(String s) {
        return s.replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\\"", "\"")
                .replace("\\\\", "\\");
    }

    /** The template functions of the subset, with Prometheus' behaviour. */
    static final class Functions {
        static final List<String> NAMES =
                List.of(
                        "humanize",
                        "humanize1024",
                        "humanizePercentage",
                        "humanizeDuration",
                        "printf",
                        "toUpper",
                        "toLower",
                        "title");

        private Functions() {}

        static void checkArity(String f, int n, int offset) {
            boolean ok = f.equals("printf") ? n >= 1 : n == 1;
            if (!ok) {
                throw new TemplateException(
                        "wrong number of arguments for "
                                + f
                                + ": want "
                                + (f.equals("printf") ? "at least 1" : "1")
                                + ", got "
                                + n,
                        offset);
            }
        }

        static Object call(String f, List<Object> args) {
            return switch (f) {
                case "humanize" -> humanize(number(args.get(0)));
                case "humanize1024" -> humanize1024(number(args.get(0)));
                case "humanizePercentage" -> GoFormat.g(number(args.get(0)) * 100, 4) + "%";
                case "humanizeDuration" -> humanizeDuration(number(args.get(0)));
                case "printf" -> printf(String.valueOf(args.get(0)), args.subList(1, args.size()));
                case "toUpper" -> String.valueOf(args.get(0)).toUpperCase(Locale.ROOT);
                case "toLower" -> String.valueOf(args.get(0)).toLowerCase(Locale.ROOT);
                default -> title(String.valueOf(args.get(0)));
            };
        }

        private static double number(Object o) {
            if (o instanceof Double d) {
                return d;
            }
            try {
                return Double.parseDouble(String.valueOf(o));
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        static String humanize(double v) {
            if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFormat.g(v, 4);
            }
            if (Math.abs(v) >= 1) {
                String[] prefixes = {"", "k", "M", "G", "T", "P", "E", "Z", "Y"};
                int p = 0;
                while (Math.abs(v) >= 1000 && p < prefixes.length - 1) {
                    v /= 1000;
                    p++;
                }
                return GoFormat.g(v, 4) + prefixes[p];
            }
            String[] prefixes = {"", "m", "u", "n", "p", "f", "a", "z", "y"};
            int p = 0;
            while (Math.abs(v) < 1 && p < prefixes.length - 1) {
                v *= 1000;
                p++;
            }
            return GoFormat.g(v, 4) + prefixes[p];
        }

        static String humanize1024(double v) {
            if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFormat.g(v, 4);
            }
            String[] prefixes = {"", "ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
            int p = 0;
            while (Math.abs(v) >= 1024 && p < prefixes.length - 1) {
                v /= 1024;
                p++;
            }
            return GoFormat.g(v, 4) + prefixes[p];
        }

        static String humanizeDuration(double v) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                return GoFormat.g(v, 4);
            }
            if (v == 0) {
                return "0s";
            }
            if (Math.abs(v) >= 1) {
                String sign = v < 0 ? "-" : "";
                v = Math.abs(v);
                long seconds = (long) v % 60;
                long minutes = (long) v / 60 % 60;
                long hours = (long) v / 60 / 60 % 24;
                long days = (long) v / 60 / 60 / 24;
                if (days != 0) {
                    return String.format(
                            Locale.ROOT, "%s%dd %dh %dm %ds", sign, days, hours, minutes, seconds);
                }
                if (hours != 0) {
                    return String.format(
                            Locale.ROOT, "%s%dh %dm %ds", sign, hours, minutes, seconds);
                }
                if (minutes != 0) {
                    return String.format(Locale.ROOT, "%s%dm %ds", sign, minutes, seconds);
                }
                return sign + GoFormat.g(v, 4) + "s";
            }
            String[] prefixes = {"", "m", "u", "n", "p", "f", "a", "z", "y"};
            int p = 0;
            while (Math.abs(v) < 1 && p < prefixes.length - 1) {
                v *= 1000;
                p++;
            }
            return GoFormat.g(v, 4) + prefixes[p] + "s";
        }

        private static String title(String s) {
            StringBuilder b = new StringBuilder(s.length());
            boolean start = true;
            for (char c : s.toCharArray()) {
                b.append(start ? Character.toTitleCase(c) : c);
                start = !Character.isLetterOrDigit(c);
            }
            return b.toString();
        }

        /** Go's printf for the verbs rules use: %s %v %d %f %.Nf %e %g %.Ng %%. */
        static String printf(String format, List<Object> args) {
            StringBuilder out = new StringBuilder();
            int arg = 0;
            for (int i = 0; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c != '%') {
                    out.append(c);
                    continue;
                }
                int j = i + 1;
                while (j < format.length() && "0123456789.+- #".indexOf(format.charAt(j)) >= 0) {
                    j++;
                }
                if (j >= format.length()) {
                    out.append("%!(NOVERB)");
                    break;
                }
                String flags = format.substring(i + 1, j);
                char verb = format.charAt(j);
                i = j;
                if (verb == '%') {
                    out.append('%');
                    continue;
                }
                if (arg >= args.size()) {
                    out.append("%!").append(verb).append("(MISSING)");
                    continue;
                }
                Object a = args.get(arg++);
                switch (verb) {
                    case 'v', 's' -> out.append(print(a));
                    case 'd' ->
                            out.append(
                                    a instanceof Double d
                                            ? "%!d(float64=" + GoFormat.v(d) + ")"
                                            : String.valueOf(a));
                    case 'g' -> {
                        int dot = flags.indexOf('.');
                        double d = number(a);
                        out.append(
                                dot >= 0
                                        ? GoFormat.g(d, Integer.parseInt(flags.substring(dot + 1)))
                                        : GoFormat.v(d));
                    }
                    case 'f', 'e', 'F', 'E' -> {
                        double d = number(a);
                        if (Double.isNaN(d) || Double.isInfinite(d)) {
                            out.append(GoFormat.v(d));
                        } else {
                            String javaVerb = verb == 'F' ? "f" : String.valueOf(verb);
                            String s = String.format(Locale.ROOT, "%" + flags + javaVerb, d);
                            out.append(s);
                        }
                    }
                    default ->
                            out.append("%!").append(verb).append('(').append(print(a)).append(')');
                }
            }
            return out.toString();
        }

        private static String print(Object o) {
            return o instanceof Double d ? GoFormat.v(d) : String.valueOf(o);
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
