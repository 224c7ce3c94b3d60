package io.vigil.udfs.promql;

import io.vigil.udfs.promql.Expr.AggregateOp;
import io.vigil.udfs.promql.Expr.BinaryOp;
import io.vigil.udfs.promql.Expr.Function;
import io.vigil.udfs.promql.Expr.MatchType;
import io.vigil.udfs.promql.Expr.Matcher;
import io.vigil.udfs.promql.Expr.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * Parses the PromQL subset that alerting rules use into an {@link Expr}: selectors with {@code =},
 * {@code !=}, {@code =~}, {@code !~} and ranges; {@code rate}, {@code irate}, {@code increase},
 * {@code avg_over_time}, {@code max_over_time}, {@code min_over_time}, {@code histogram_quantile},
 * {@code absent}; {@code sum}, {@code avg}, {@code max}, {@code min}, {@code count} with {@code by}
 * or {@code without}; arithmetic, comparisons (with {@code bool}) and {@code and}/{@code or}/{@code
 * unless}, one-to-one with {@code on}/{@code ignoring}; number literals, parentheses, unary minus;
 * {@code #} comments. Precedence and associativity are Prometheus' ({@code ^} binds tightest and to
 * the right, then unary minus with {@code * / %}, {@code + -}, comparisons, {@code and unless},
 * {@code or}).
 *
 * <p>Anything else in PromQL (other functions and aggregations, {@code offset}, {@code @},
 * subqueries, {@code group_left}) is refused with a {@link PromQLException} that names it and says
 * where it is, rather than being evaluated differently from Prometheus.
 */
public final class PromQL {
    private static final Set<String> OTHER_FUNCTIONS =
            Set.of(
                    "abs",
                    "absent_over_time",
                    "ceil",
                    "changes",
                    "clamp",
                    "clamp_max",
                    "clamp_min",
                    "day_of_month",
                    "day_of_week",
                    "day_of_year",
                    "days_in_month",
                    "delta",
                    "deriv",
                    "exp",
                    "floor",
                    "histogram_count",
                    "histogram_sum",
                    "histogram_fraction",
                    "holt_winters",
                    "hour",
                    "idelta",
                    "label_join",
                    "label_replace",
                    "ln",
                    "log2",
                    "log10",
                    "minute",
                    "month",
                    "predict_linear",
                    "resets",
                    "round",
                    "scalar",
                    "sgn",
                    "sort",
                    "sort_desc",
                    "sqrt",
                    "time",
                    "timestamp",
                    "vector",
                    "year",
                    "sum_over_time",
                    "count_over_time",
                    "quantile_over_time",
                    "stddev_over_time",
                    "stdvar_over_time",
                    "last_over_time",
                    "present_over_time",
                    "acos",
                    "asin",
                    "atan",
                    "cos",
                    "sin",
                    "tan",
                    "deg",
                    "rad",
                    "pi");
    private static final Set<String> OTHER_AGGREGATIONS =
            Set.of("stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group");

    private final String src;
    private final List<Token> tokens;
    private int at;

    private PromQL(String src) {
        this.src = src;
        this.tokens = new Lexer(src).tokens();
    }

    /**
     * Parses {@code expr}.
     *
     * @throws PromQLException naming what is wrong and where
     */
    public static Expr parse(String expr) {
        PromQL p = new PromQL(expr);
        if (p.peek().kind == Kind.EOF) {
            throw new PromQLException("empty expression", 0);
        }
        Expr e = p.expression(0);
        Token t = p.peek();
        if (t.kind != Kind.EOF) {
            throw new PromQLException("unexpected " + t.describe(), t.pos);
        }
        return e;
    }

    // ---- expressions ----------------------------------------------------------------------

    private static int precedence(BinaryOp op) {
        return switch (op) {
            case OR -> 1;
            case AND, UNLESS -> 2;
            case EQL, NEQ, GTR, LSS, GTE, LTE -> 3;
            case ADD, SUB -> 4;
            case MUL, DIV, MOD -> 5;
            case POW -> 6;
        };
    }

    private static final int UNARY_PRECEDENCE = 5;

    private Expr expression(int minPrecedence) {
        Expr lhs = unary();
        while (true) {
            Token t = peek();
            BinaryOp op = binaryOp(t);
            if (op == null || precedence(op) < minPrecedence) {
                return lhs;
            }
            next();
            boolean returnBool = false;
            if (isKeyword(peek(), "bool")) {
                if (!op.isComparison()) {
                    throw new PromQLException(
                            "bool modifier can only be used on comparison operators", peek().pos);
                }
                next();
                returnBool = true;
            }
            Expr.Matching matching = Expr.Matching.DEFAULT;
            if (isKeyword(peek(), "on") || isKeyword(peek(), "ignoring")) {
                boolean on = isKeyword(next(), "on");
                matching = new Expr.Matching(on, labelList());
            }
            if (isKeyword(peek(), "group_left") || isKeyword(peek(), "group_right")) {
                throw unsupported(
                        peek().text.toLowerCase(Locale.ROOT)
                                + " (many-to-one matching) is not supported; only one-to-one"
                                + " matching with on/ignoring is",
                        peek().pos);
            }
            int next = op == BinaryOp.POW ? precedence(op) : precedence(op) + 1;
            Expr rhs = expression(next);
            lhs = binary(op, lhs, rhs, returnBool, matching, t.pos);
        }
    }

    private Expr binary(
            BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, Expr.Matching matching, int pos) {
        if (lhs.type() == ValueType.RANGE_VECTOR || rhs.type() == ValueType.RANGE_VECTOR) {
            throw new PromQLException(
                    "binary expression must contain only scalar and instant vector types",
                    lhs.type() == ValueType.RANGE_VECTOR ? lhs.position() : rhs.position());
        }
        boolean scalars = lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR;
        if (op.isSet() && (lhs.type() == ValueType.SCALAR || rhs.type() == ValueType.SCALAR)) {
            throw new PromQLException(
                    "set operator \"" + op + "\" not allowed in binary scalar expression", pos);
        }
        if (op.isComparison() && scalars && !returnBool) {
            throw new PromQLException(
                    "comparisons between scalars must use the bool modifier", pos);
        }
        if ((!matching.labels().isEmpty() || matching.on())
                && !(lhs.type() == ValueType.INSTANT_VECTOR
                        && rhs.type() == ValueType.INSTANT_VECTOR)) {
            throw new PromQLException(
                    "vector matching (on/ignoring) only allowed between instant vectors", pos);
        }
        return new Expr.Binary(op, lhs, rhs, returnBool, matching, pos);
    }

    private Expr unary() {
        Token t = peek();
        if (t.kind == Kind.OP && (t.text.equals("-") || t.text.equals("+"))) {
            next();
            Expr e = expression(UNARY_PRECEDENCE + 1);
            if (e.type() == ValueType.RANGE_VECTOR) {
                throw new PromQLException(
                        "unary expression only allowed on expressions of type scalar or instant"
                                + " vector, got range vector",
                        t.pos);
            }
            if (t.text.equals("+")) {
                return e;
            }
            if (e instanceof Expr.NumberLiteral n) {
                return new Expr.NumberLiteral(-n.value(), t.pos);
            }
            return new Expr.Negate(e, t.pos);
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) {
        Token t = peek();
        if (t.kind == Kind.LBRACKET) {
            if (!(e instanceof Expr.VectorSelector vs)) {
                if (looksLikeSubquery()) {
                    throw unsupported("subqueries are not supported", t.pos);
                }
                throw new PromQLException("ranges only allowed for vector selectors", t.pos);
            }
            next();
            Token d = next();
            if (d.kind != Kind.DURATION) {
                throw new PromQLException(
                        "expected a duration like 5m in the range, got " + d.describe(), d.pos);
            }
            Token close = next();
            if (close.kind == Kind.COLON) {
                throw unsupported("subqueries are not supported", close.pos);
            }
            if (close.kind != Kind.RBRACKET) {
                throw new PromQLException(
                        "expected ] after the range, got " + close.describe(), close.pos);
            }
            long ms = durationMillis(d);
            if (ms <= 0) {
                throw new PromQLException("range must be positive, was " + d.text, d.pos);
            }
            e = new Expr.MatrixSelector(vs, ms, e.position());
        }
        t = peek();
        if (isKeyword(t, "offset")) {
            throw unsupported("offset is not supported", t.pos);
        }
        if (t.kind == Kind.AT) {
            throw unsupported("the @ modifier is not supported", t.pos);
        }
        return e;
    }

    private boolean looksLikeSubquery() {
        for (int i = at + 1; i < tokens.size(); i++) {
            Kind k = tokens.get(i).kind;
            if (k == Kind.COLON) {
                return true;
            }
            if (k == Kind.RBRACKET || k == Kind.EOF) {
                return false;
            }
        }
        return false;
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind) {
            case NUMBER:
                return new Expr.NumberLiteral(number(t), t.pos);
            case LPAREN:
                {
                    Expr inner = expression(0);
                    expect(
                            Kind.RPAREN,
                            "to close the parenthesis opened at position " + (t.pos + 1));
                    if (peek().kind == Kind.LBRACKET) {
                        if (looksLikeSubquery()) {
                            throw unsupported("subqueries are not supported", peek().pos);
                        }
                        throw new PromQLException(
                                "ranges only allowed for vector selectors", peek().pos);
                    }
                    return inner;
                }
            case LBRACE:
                return selector(null, t);
            case IDENT:
                return identifier(t);
            case STRING:
                throw unsupported("string literals are only allowed as label values", t.pos);
            case DURATION:
                throw new PromQLException(
                        "a duration ("
                                + t.text
                                + ") is only allowed inside a range ["
                                + t.text
                                + "]",
                        t.pos);
            default:
                throw new PromQLException("unexpected " + t.describe(), t.pos);
        }
    }

    private Expr identifier(Token t) {
        String lower = t.text.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("nan")) {
            return new Expr.NumberLiteral(
                    lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN, t.pos);
        }
        AggregateOp agg = aggregateOp(lower);
        if (agg != null
                && (peek().kind == Kind.LPAREN
                        || isKeyword(peek(), "by")
                        || isKeyword(peek(), "without"))) {
            return aggregate(agg, t);
        }
        if (OTHER_AGGREGATIONS.contains(lower)
                && (peek().kind == Kind.LPAREN
                        || isKeyword(peek(), "by")
                        || isKeyword(peek(), "without"))) {
            throw unsupported(
                    "aggregation \""
                            + lower
                            + "\" is not supported; supported: sum, avg, max, min, count",
                    t.pos);
        }
        if (peek().kind == Kind.LPAREN) {
            return call(t);
        }
        if (isReserved(lower)) {
            throw new PromQLException("unexpected keyword \"" + t.text + "\"", t.pos);
        }
        if (peek().kind == Kind.LBRACE) {
            return selector(t, next());
        }
        return new Expr.VectorSelector(
                List.of(Matcher.of(Labels.NAME, MatchType.EQUAL, t.text)), t.pos);
    }

    private static boolean isReserved(String lower) {
        return switch (lower) {
            case "and",
                            "or",
                            "unless",
                            "by",
                            "without",
                            "on",
                            "ignoring",
                            "bool",
                            "offset",
                            "group_left",
                            "group_right" ->
                    true;
            default -> false;
        };
    }

    private static AggregateOp aggregateOp(String lower) {
        return switch (lower) {
            case "sum" -> AggregateOp.SUM;
            case "avg" -> AggregateOp.AVG;
            case "max" -> AggregateOp.MAX;
            case "min" -> AggregateOp.MIN;
            case "count" -> AggregateOp.COUNT;
            default -> null;
        };
    }

    private Expr aggregate(AggregateOp op, Token name) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (isKeyword(peek(), "by") || isKeyword(peek(), "without")) {
            without = isKeyword(next(), "without");
            grouping = labelList();
            grouped = true;
        }
        Token open = expect(Kind.LPAREN, "after " + name.text);
        if (peek().kind == Kind.RPAREN) {
            throw new PromQLException("no argument in aggregation " + name.text, peek().pos);
        }
        Expr arg = expression(0);
        if (peek().kind == Kind.COMMA) {
            throw unsupported(
                    "aggregation \""
                            + name.text
                            + "\" takes one argument (parameters are only for"
                            + " topk, bottomk, quantile and count_values, which are not supported)",
                    peek().pos);
        }
        expect(Kind.RPAREN, "to close the aggregation opened at position " + (open.pos + 1));
        if (isKeyword(peek(), "by") || isKeyword(peek(), "without")) {
            if (grouped) {
                throw new PromQLException("aggregation has two grouping clauses", peek().pos);
            }
            without = isKeyword(next(), "without");
            grouping = labelList();
        }
        if (arg.type() != ValueType.INSTANT_VECTOR) {
            throw new PromQLException(
                    "expected type instant vector in aggregation expression, got " + arg.type(),
                    arg.position());
        }
        return new Expr.Aggregate(op, arg, grouping, without, name.pos);
    }

    private List<String> labelList() {
        expect(Kind.LPAREN, "to start the label list");
        List<String> labels = new ArrayList<>();
        while (peek().kind != Kind.RPAREN) {
            Token l = next();
            if (l.kind != Kind.IDENT || l.text.indexOf(':') >= 0) {
                throw new PromQLException("expected a label name, got " + l.describe(), l.pos);
            }
            labels.add(l.text);
            if (peek().kind == Kind.COMMA) {
                next();
            } else if (peek().kind != Kind.RPAREN) {
                throw new PromQLException(
                        "expected , or ) in the label list, got " + peek().describe(), peek().pos);
            }
        }
        next();
        return labels;
    }

    private Expr call(Token name) {
        Function f = Function.named(name.text);
        if (f == null) {
            if (OTHER_FUNCTIONS.contains(name.text)) {
                throw unsupported(
                        "function \""
                                + name.text
                                + "\" is not supported; supported: "
                                + supportedFunctions(),
                        name.pos);
            }
            throw new PromQLException("unknown function \"" + name.text + "\"", name.pos);
        }
        Token open = next();
        List<Expr> args = new ArrayList<>();
        while (peek().kind != Kind.RPAREN) {
            args.add(expression(0));
            if (peek().kind == Kind.COMMA) {
                next();
            } else if (peek().kind != Kind.RPAREN) {
                throw new PromQLException(
                        "expected , or ) in the call to \""
                                + f.promName()
                                + "\", got "
                                + peek().describe(),
                        peek().pos);
            }
        }
        expect(Kind.RPAREN, "to close the call opened at position " + (open.pos + 1));
        if (args.size() != f.args().size()) {
            throw new PromQLException(
                    "expected "
                            + f.args().size()
                            + " argument(s) in call to \""
                            + f.promName()
                            + "\", got "
                            + args.size(),
                    name.pos);
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).type() != f.args().get(i)) {
                throw new PromQLException(
                        "expected type "
                                + f.args().get(i)
                                + " in call to function \""
                                + f.promName()
                                + "\", got "
                                + args.get(i).type(),
                        args.get(i).position());
            }
        }
        return new Expr.Call(f, args, name.pos);
    }

    private static String supportedFunctions() {
        StringBuilder b = new StringBuilder();
        for (Function f : Function.values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(f.promName());
        }
        return b.toString();
    }

    private Expr selector(Token name, Token open) {
        List<Matcher> matchers = new ArrayList<>();
        int start = name != null ? name.pos : open.pos;
        if (name != null) {
            matchers.add(Matcher.of(Labels.NAME, MatchType.EQUAL, name.text));
        }
        while (peek().kind != Kind.RBRACE) {
            Token l = next();
            if (l.kind != Kind.IDENT || l.text.indexOf(':') >= 0) {
                throw new PromQLException(
                        "expected a label name in the selector, got " + l.describe(), l.pos);
            }
            Token op = next();
            MatchType type =
                    switch (op.text) {
                        case "=" -> MatchType.EQUAL;
                        case "!=" -> MatchType.NOT_EQUAL;
                        case "=~" -> MatchType.REGEX;
                        case "!~" -> MatchType.NOT_REGEX;
                        default -> null;
                    };
            if (op.kind != Kind.OP || type == null) {
                throw new PromQLException(
                        "expected a label matching operator (=, !=, =~, !~) after "
                                + l.text
                                + ", got "
                                + op.describe(),
                        op.pos);
            }
            Token v = next();
            if (v.kind != Kind.STRING) {
                throw new PromQLException(
                        "expected a quoted label value after "
                                + l.text
                                + op.text
                                + ", got "
                                + v.describe(),
                        v.pos);
            }
            if (name != null && l.text.equals(Labels.NAME)) {
                throw new PromQLException("metric name must not be set twice", l.pos);
            }
            try {
                matchers.add(Matcher.of(l.text, type, v.value));
            } catch (PatternSyntaxException e) {
                throw new PromQLException(
                        "invalid regular expression \"" + v.value + "\": " + e.getDescription(),
                        v.pos);
            }
            if (peek().kind == Kind.COMMA) {
                next();
            } else if (peek().kind != Kind.RBRACE) {
                throw new PromQLException(
                        "expected , or } in the selector, got " + peek().describe(), peek().pos);
            }
        }
        next();
        boolean nonEmpty = false;
        for (Matcher m : matchers) {
            if (!m.matches("")) {
                nonEmpty = true;
            }
        }
        if (!nonEmpty) {
            throw new PromQLException(
                    "vector selector must contain at least one non-empty matcher", start);
        }
        return new Expr.VectorSelector(matchers, start);
    }

    // ---- tokens -----------------------------------------------------------------------------

    private static BinaryOp binaryOp(Token t) {
        if (t.kind == Kind.OP) {
            return switch (t.text) {
                case "+" -> BinaryOp.ADD;
                case "-" -> BinaryOp.SUB;
                case "*" -> BinaryOp.MUL;
                case "/" -> BinaryOp.DIV;
                case "%" -> BinaryOp.MOD;
                case "^" -> BinaryOp.POW;
                case "==" -> BinaryOp.EQL;
                case "!=" -> BinaryOp.NEQ;
                case ">" -> BinaryOp.GTR;
                case "<" -> BinaryOp.LSS;
                case ">=" -> BinaryOp.GTE;
                case "<=" -> BinaryOp.LTE;
                default -> null;
            };
        }
        if (t.kind == Kind.IDENT) {
            return switch (t.text.toLowerCase(Locale.ROOT)) {
                case "and" -> BinaryOp.AND;
                case "or" -> BinaryOp.OR;
                case "unless" -> BinaryOp.UNLESS;
                default -> null;
            };
        }
        return null;
    }

    private static boolean isKeyword(Token t, String word) {
        return t.kind == Kind.IDENT && t.text.equalsIgnoreCase(word);
    }

    private static PromQLException unsupported(String what, int pos) {
        return new PromQLException(what + " (not in Vigil's PromQL subset)", pos);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind != Kind.EOF) {
            at++;
        }
        return t;
    }

    private Token expect(Kind kind, String why) {
        Token t = next();
        if (t.kind != kind) {
            throw new PromQLException(
                    "expected " + kind.text + " " + why + ", got " + t.describe(), t.pos);
        }
        return t;
    }

    private double number(Token t) {
        String s = t.text;
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseLong(s.substring(2), 16);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new PromQLException("bad number " + s, t.pos);
        }
    }

    /** Milliseconds of a Prometheus duration such as {@code 1h30m}, {@code 90s}, {@code 1d}. */
    public static long durationMillis(String text) {
        return durationMillis(new Token(Kind.DURATION, text, null, 0));
    }

    private static long durationMillis(Token t) {
        String s = t.text;
        long total = 0;
        int i = 0;
        if (s.isEmpty()) {
            throw new PromQLException("empty duration", t.pos);
        }
        long previousUnit = Long.MAX_VALUE;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new PromQLException("bad duration \"" + s + "\"", t.pos);
            }
            long n = Long.parseLong(s.substring(start, i));
            int u = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            long unit =
                    switch (s.substring(u, i)) {
                        case "ms" -> 1L;
                        case "s" -> 1_000L;
                        case "m" -> 60_000L;
                        case "h" -> 3_600_000L;
                        case "d" -> 86_400_000L;
                        case "w" -> 7 * 86_400_000L;
                        case "y" -> 365 * 86_400_000L;
                        default ->
                                throw new PromQLException(
                                        "bad duration \""
                                                + s
                                                + "\": unit must be one of ms, s, m, h, d, w, y",
                                        t.pos);
                    };
            if (unit >= previousUnit) {
                // Prometheus' durations name each unit once, largest first (1h30m, not 30m1h)
                throw new PromQLException(
                        "bad duration \""
                                + s
                                + "\": units must go from the largest to the smallest, each once"
                                + " (like 1h30m)",
                        t.pos);
            }
            previousUnit = unit;
            total = Math.addExact(total, Math.multiplyExact(n, unit));
        }
        return total;
    }

    enum Kind {
        NUMBER("a number"),
        DURATION("a duration"),
        IDENT("a name"),
        STRING("a string"),
        OP("an operator"),
        LPAREN("("),
        RPAREN(")"),
        LBRACE("{"),
        RBRACE("}"),
        LBRACKET("["),
        RBRACKET("]"),
        COMMA(","),
        COLON(":"),
        AT("@"),
        EOF("end of expression");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    record Token(Kind kind, String text, String value, int pos) {
        String describe() {
            return switch (kind) {
                case EOF -> kind.text;
                case STRING -> "string " + text;
                default -> "\"" + text + "\"";
            };
        }
    }

    /** Splits an expression into tokens; durations only right after {@code [}. */
    private static final class Lexer {
        private final String s;
        private int i;
        private final List<Token> out = new ArrayList<>();

        Lexer(String s) {
            this.s = s;
        }

        List<Token> tokens() {
            while (true) {
                skipSpace();
                if (i >= s.length()) {
                    out.add(new Token(Kind.EOF, "", null, i));
                    return out;
                }
                char c = s.charAt(i);
                int start = i;
                if (!out.isEmpty()
                        && out.get(out.size() - 1).kind == Kind.LBRACKET
                        && Character.isDigit(c)) {
                    while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.DURATION, s.substring(start, i), null, start));
                } else if (Character.isDigit(c)
                        || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    number();
                } else if (c == ':'
                        && !out.isEmpty()
                        && out.get(out.size() - 1).kind == Kind.DURATION) {
                    i++;
                    out.add(new Token(Kind.COLON, ":", null, start));
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    while (i < s.length()
                            && (Character.isLetterOrDigit(s.charAt(i))
                                    || s.charAt(i) == '_'
                                    || s.charAt(i) == ':')) {
                        i++;
                    }
                    out.add(new Token(Kind.IDENT, s.substring(start, i), null, start));
                } else if (c == '"' || c == '\'' || c == '`') {
                    string(c);
                } else {
                    symbol(c);
                }
            }
        }

        private void skipSpace() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '#') {
                    while (i < s.length() && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (Character.isWhitespace(c)) {
                    i++;
                } else {
                    return;
                }
            }
        }

        private void number() {
            int start = i;
            if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
                i += 2;
                while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                    i++;
                }
            } else {
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    int e = i + 1;
                    if (e < s.length() && (s.charAt(e) == '+' || s.charAt(e) == '-')) {
                        e++;
                    }
                    if (e < s.length() && Character.isDigit(s.charAt(e))) {
                        i = e;
                        while (i < s.length() && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                }
            }
            if (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
                int end = i;
                while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) {
                    end++;
                }
                String word = s.substring(start, end);
                if (word.matches("([0-9]+(ms|s|m|h|d|w|y))+")) {
                    i = end;
                    out.add(new Token(Kind.DURATION, word, null, start));
                    return;
                }
                throw new PromQLException(
                        "bad number or duration \""
                                + s.substring(start, end)
                                + "\" (a duration is only allowed inside a range like [5m])",
                        start);
            }
            out.add(new Token(Kind.NUMBER, s.substring(start, i), null, start));
        }

        private void string(char quote) {
            int start = i++;
            StringBuilder v = new StringBuilder();
            while (true) {
                if (i >= s.length() || (quote != '`' && s.charAt(i) == '\n')) {
                    throw new PromQLException("unterminated quoted string", start);
                }
                char c = s.charAt(i++);
                if (c == quote) {
                    break;
                }
                if (c == '\\' && quote != '`') {
                    if (i >= s.length()) {
                        throw new PromQLException("unterminated quoted string", start);
                    }
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> v.append('\n');
                        case 't' -> v.append('\t');
                        case 'r' -> v.append('\r');
                        case '\\', '"', '\'', '`' -> v.append(e);
                        case 'a' -> v.append('\u0007');
                        case 'b' -> v.append('\b');
                        case 'f' -> v.append('\f');
                        case 'v' -> v.append('\u000b');
                        default ->
                                throw new PromQLException("unknown escape sequence \\" + e, i - 2);
                    }
                } else {
                    v.append(c);
                }
            }
            out.add(new Token(Kind.STRING, s.substring(start, i), v.toString(), start));
        }

        private void symbol(char c) {
            int start = i;
            String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
            switch (two) {
                case "==", "!=", ">=", "<=", "=~", "!~" -> {
                    i += 2;
                    out.add(new Token(Kind.OP, two, null, start));
                    return;
                }
                default -> {}
            }
            i++;
            Kind k =
                    switch (c) {
                        case '(' -> Kind.LPAREN;
                        case ')' -> Kind.RPAREN;
                        case '{' -> Kind.LBRACE;
                        case '}' -> Kind.RBRACE;
                        case '[' -> Kind.LBRACKET;
                        case ']' -> Kind.RBRACKET;
                        case ',' -> Kind.COMMA;
                        case ':' -> Kind.COLON;
                        case '@' -> Kind.AT;
                        case '+', '-', '*', '/', '%', '^', '>', '<', '=' -> Kind.OP;
                        default ->
                                throw new PromQLException(
                                        "unexpected character '" + c + "'", start);
                    };
            out.add(new Token(k, String.valueOf(c), null, start));
        }
    }
}
