package io.vigil.udfs.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.promql.Expr.BinaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromQLTest {

    @Test
    void precedenceIsPrometheus() {
        // a + b * c: the product binds tighter.
        Expr.Binary sum = (Expr.Binary) PromQL.parse("a + b * c");
        assertThat(sum.op()).isEqualTo(BinaryOp.ADD);
        assertThat(((Expr.Binary) sum.rhs()).op()).isEqualTo(BinaryOp.MUL);
        // x > 1 and y > 2 or z: "and" binds tighter than "or".
        Expr.Binary or = (Expr.Binary) PromQL.parse("x > 1 and y > 2 or z");
        assertThat(or.op()).isEqualTo(BinaryOp.OR);
        assertThat(((Expr.Binary) or.lhs()).op()).isEqualTo(BinaryOp.AND);
        // ^ is right-associative: 2 ^ 3 ^ 2 = 2 ^ 9.
        Expr.Binary pow = (Expr.Binary) PromQL.parse("2 ^ 3 ^ 2");
        assertThat(pow.rhs()).isInstanceOf(Expr.Binary.class);
        // -a ^ b is -(a ^ b).
        assertThat(PromQL.parse("-a ^ 2")).isInstanceOf(Expr.Negate.class);
        // Subtraction is left-associative: a - b - c = (a - b) - c.
        Expr.Binary sub = (Expr.Binary) PromQL.parse("a - b - c");
        assertThat(sub.lhs()).isInstanceOf(Expr.Binary.class);
    }

    @Test
    void selectorsModifiersAndGrouping() {
        Expr.Binary b =
                (Expr.Binary)
                        PromQL.parse(
                                "sum by (job) (rate(http_requests_total{code=~\"5..\",job!=\"\"}[5m]))"
                                        + " / on(job) sum(rate(http_requests_total[1h30m])) by (job)"
                                        + " > bool 0.01");
        assertThat(b.op()).isEqualTo(BinaryOp.GTR);
        assertThat(b.returnBool()).isTrue();
        Expr.Binary ratio = (Expr.Binary) b.lhs();
        assertThat(ratio.matching()).isEqualTo(new Expr.Matching(true, java.util.List.of("job")));
        Expr.Aggregate right = (Expr.Aggregate) ratio.rhs();
        assertThat(right.grouping()).containsExactly("job");
        Expr.Call rate = (Expr.Call) right.expr();
        assertThat(((Expr.MatrixSelector) rate.args().get(0)).rangeMillis()).isEqualTo(5_400_000L);
    }

    @Test
    void keywordsAreCaseInsensitiveAndCommentsIgnored() {
        Expr e = PromQL.parse("SUM(x) BY (a) # the total\n AND y");
        assertThat(((Expr.Binary) e).op()).isEqualTo(BinaryOp.AND);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "rate(x[5m] | 11 | expected , or ) in the call to \"rate\", got end of expression",
                "topk(3, x) | 1 | aggregation \"topk\" is not supported",
                "predict_linear(x[1h], 3600) | 1 | function \"predict_linear\" is not supported",
                "foo(x) | 1 | unknown function \"foo\"",
                "x offset 5m | 3 | offset is not supported",
                "x @ 100 | 3 | the @ modifier is not supported",
                "rate(x[5m:1m]) | 10 | subqueries are not supported",
                "x / on(a) group_left y | 11 | group_left (many-to-one matching) is not supported",
                "rate(x) | 6 | expected type range vector in call to function \"rate\", got instant vector",
                "sum(x[5m]) | 5 | expected type instant vector in aggregation expression, got range"
                        + " vector",
                "x{a=\"1\"}[5m] + 1 | 1 | binary expression must contain only scalar and instant"
                        + " vector types",
                "1 > 2 | 3 | comparisons between scalars must use the bool modifier",
                "x and 1 | 3 | set operator \"and\" not allowed in binary scalar expression",
                "{a=~\".*\"} | 1 | vector selector must contain at least one non-empty matcher",
                "x{a=~\"(\"} | 6 | invalid regular expression",
                "x{a=1} | 5 | expected a quoted label value",
                "x[5] | 3 | bad duration \"5\"",
                "x[5q] | 3 | unit must be one of ms, s, m, h, d, w, y",
                "x[30m1h] | 3 | units must go from the largest to the smallest, each once",
                "x[5m5m] | 3 | units must go from the largest to the smallest, each once",
                "x + 5m | 5 | a duration (5m) is only allowed inside a range [5m]",
                "x + 5q | 5 | bad number or duration \"5q\"",
                "x > bool | 9 | unexpected end of expression",
                "x + on(a) | 10 | unexpected end of expression",
                "x{a=\"b} | 5 | unterminated quoted string",
                "x $ y | 3 | unexpected character '$'",
                "histogram_quantile(0.9) | 1 | expected 2 argument(s) in call to"
                        + " \"histogram_quantile\", got 1",
                "(x)[5m] | 4 | ranges only allowed for vector selectors",
                "x{__name__=\"y\"} | 3 | metric name must not be set twice",
                "x y | 3 | unexpected \"y\"",
                "+ | 2 | unexpected end of expression",
            })
    void refusesWhatItDoesNotEvaluateWithTheReasonAndPosition(
            String expr, int position, String reason) {
        assertThatThrownBy(() -> PromQL.parse(expr))
                .isInstanceOfSatisfying(
                        PromQLException.class,
                        e -> {
                            assertThat(e.reason()).contains(reason);
                            assertThat(e.position() + 1).isEqualTo(position);
                            assertThat(e.getMessage()).startsWith("at position " + position + ": ");
                        });
    }
}
