package io.vigil.udfs.promql;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed PromQL expression of the subset Vigil evaluates ({@link PromQL#parse}). Every node keeps
 * the offset in the source where it starts, for error messages.
 */
public sealed interface Expr extends Serializable {

    /** The offset (0-based, in characters) of the node's first character in the expression. */
    int position();

    /** What the node evaluates to. */
    ValueType type();

    /** The types a PromQL expression evaluates to. */
    enum ValueType {
        SCALAR("scalar"),
        INSTANT_VECTOR("instant vector"),
        RANGE_VECTOR("range vector");

        private final String text;

        ValueType(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A number literal: {@code 0.5}, {@code 1e3}, {@code Inf}. */
    record NumberLiteral(double value, int position) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    /** How a label matcher compares. */
    enum MatchType {
        EQUAL("="),
        NOT_EQUAL("!="),
        REGEX("=~"),
        NOT_REGEX("!~");

        private final String op;

        MatchType(String op) {
            this.op = op;
        }

        @Override
        public String toString() {
            return op;
        }
    }

    /**
     * One label matcher of a selector. Regular expressions are anchored at both ends, as in
     * Prometheus; a label the series lacks has the value {@code ""}.
     */
    record Matcher(String name, MatchType type, String value, Pattern pattern)
            implements Serializable {
        public Matcher {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }

        /** A matcher; compiles the regular expression of {@code =~} and {@code !~}. */
        public static Matcher of(String name, MatchType type, String value) {
            Pattern p =
                    type == MatchType.REGEX || type == MatchType.NOT_REGEX
                            ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL)
                            : null;
            return new Matcher(name, type, value, p);
        }

        /** Whether a label value (empty if the label is absent) matches. */
        public boolean matches(String v) {
            return switch (type) {
                case EQUAL -> v.equals(value);
                case NOT_EQUAL -> !v.equals(value);
                case REGEX -> pattern.matcher(v).matches();
                case NOT_REGEX -> !pattern.matcher(v).matches();
            };
        }

        /** Whether the series' labels match. */
        public boolean matches(Labels labels) {
            return matches(labels.get(name));
        }

        @Override
        public String toString() {
            return name + type + '"' + Labels.escape(value) + '"';
        }
    }

    /**
     * An instant vector selector: {@code http_requests_total{code=~"5.."}}. The metric name, if
     * given, is one of the matchers ({@code __name__="…"}).
     */
    record VectorSelector(List<Matcher> matchers, int position) implements Expr {
        public VectorSelector {
            matchers = List.copyOf(matchers);
        }

        @Override
        public ValueType type() {
            return ValueType.INSTANT_VECTOR;
        }

        /** Whether a series belongs to the selection. */
        public boolean matches(Labels labels) {
            for (Matcher m : matchers) {
                if (!m.matches(labels)) {
                    return false;
                }
            }
            return true;
        }

        /** The metric name the selector asks for with {@code =}, or {@code ""} if none. */
        public String metricName() {
            for (Matcher m : matchers) {
                if (m.name().equals(Labels.NAME) && m.type() == MatchType.EQUAL) {
                    return m.value();
                }
            }
            return "";
        }
    }

    /** A range vector selector: {@code http_requests_total[5m]}. */
    record MatrixSelector(VectorSelector selector, long rangeMillis, int position) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.RANGE_VECTOR;
        }
    }

    /** A function call: {@code rate(x[5m])}. */
    record Call(Function function, List<Expr> args, int position) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        @Override
        public ValueType type() {
            return function.returns();
        }
    }

    /** The aggregation operators of the subset. */
    enum AggregateOp {
        SUM,
        AVG,
        MAX,
        MIN,
        COUNT
    }

    /**
     * An aggregation: {@code sum by (job) (x)}. {@code without} lists labels to drop; otherwise
     * {@code grouping} lists the labels to keep ({@code by}; empty: one group).
     */
    record Aggregate(
            AggregateOp op, Expr expr, List<String> grouping, boolean without, int position)
            implements Expr {
        public Aggregate {
            grouping = List.copyOf(grouping);
        }

        @Override
        public ValueType type() {
            return ValueType.INSTANT_VECTOR;
        }
    }

    /** The binary operators of the subset. */
    enum BinaryOp {
        ADD("+", false),
        SUB("-", false),
        MUL("*", false),
        DIV("/", false),
        MOD("%", false),
        POW("^", false),
        EQL("==", true),
        NEQ("!=", true),
        GTR(">", true),
        LSS("<", true),
        GTE(">=", true),
        LTE("<=", true),
        AND("and", false),
        OR("or", false),
        UNLESS("unless", false);

        private final String symbol;
        private final boolean comparison;

        BinaryOp(String symbol, boolean comparison) {
            this.symbol = symbol;
            this.comparison = comparison;
        }

        /** Whether the operator compares ({@code ==}, {@code >}, …). */
        public boolean isComparison() {
            return comparison;
        }

        /** Whether the operator is a set operator ({@code and}, {@code or}, {@code unless}). */
        public boolean isSet() {
            return this == AND || this == OR || this == UNLESS;
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    /**
     * How the sides of a vector/vector operation are matched: on the labels named ({@code on}), on
     * all labels but those named ({@code ignoring}, also the default with an empty list); the
     * metric name never counts.
     */
    record Matching(boolean on, List<String> labels) implements Serializable {
        /** The default: all labels but the metric name. */
        public static final Matching DEFAULT = new Matching(false, List.of());

        public Matching {
            labels = List.copyOf(labels);
        }
    }

    /** A binary operation; {@code returnBool} for comparisons with {@code bool}. */
    record Binary(
            BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, Matching matching, int position)
            implements Expr {
        @Override
        public ValueType type() {
            return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
                    ? ValueType.SCALAR
                    : ValueType.INSTANT_VECTOR;
        }
    }

    /** Unary minus (unary plus is dropped by the parser). */
    record Negate(Expr expr, int position) implements Expr {
        @Override
        public ValueType type() {
            return expr.type();
        }
    }

    /** The functions of the subset, with their argument and result types. */
    enum Function {
        RATE("rate", ValueType.INSTANT_VECTOR, ValueType.RANGE_VECTOR),
        IRATE("irate", ValueType.INSTANT_VECTOR, ValueType.RANGE_VECTOR),
        INCREASE("increase", ValueType.INSTANT_VECTOR, ValueType.RANGE_VECTOR),
        AVG_OVER_TIME("avg_over_time", ValueType.INSTANT_VECTOR, ValueType.RANGE_VECTOR),
        MAX_OVER_TIME("max_over_time", ValueType.INSTANT_VECTOR, ValueType.RANGE_VECTOR),
        MIN_OVER_TIME("min_over_time", ValueType.INSTANT_VECTOR, ValueType.RANGE_VECTOR),
        HISTOGRAM_QUANTILE(
                "histogram_quantile",
                ValueType.INSTANT_VECTOR,
                ValueType.SCALAR,
                ValueType.INSTANT_VECTOR),
        ABSENT("absent", ValueType.INSTANT_VECTOR, ValueType.INSTANT_VECTOR);

        private final String promName;
        private final ValueType returns;
        private final List<ValueType> args;

        Function(String promName, ValueType returns, ValueType... args) {
            this.promName = promName;
            this.returns = returns;
            this.args = List.of(args);
        }

        /** The function's name in PromQL. */
        public String promName() {
            return promName;
        }

        /** The type of the result. */
        public ValueType returns() {
            return returns;
        }

        /** The types of the arguments, in order. */
        public List<ValueType> args() {
            return args;
        }

        /** The function named {@code name} in PromQL, or {@code null}. */
        public static Function named(String name) {
            for (Function f : values()) {
                if (f.promName.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }
}
