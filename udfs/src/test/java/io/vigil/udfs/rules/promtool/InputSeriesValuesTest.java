package io.vigil.udfs.rules.promtool;

import static io.vigil.udfs.rules.promtool.InputSeriesValues.MISSING;
import static io.vigil.udfs.rules.promtool.InputSeriesValues.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.rules.promtool.InputSeriesValues.Sample;
import io.vigil.udfs.rules.promtool.InputSeriesValues.Value;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputSeriesValuesTest {

    private static String expand(String values) {
        return InputSeriesValues.render(InputSeriesValues.expand(values));
    }

    private static Value sample(double v) {
        return new Sample(v);
    }

    /** The four examples of the Prometheus docs, "Unit testing for rules", {@code <series>}. */
    @ParameterizedTest(name = "''{0}'' → ''{1}''")
    @CsvSource({
        "'-2+4x3', '-2 2 6 10'",
        "' 1-2x4', '1 -1 -3 -5 -7'",
        "' 1x4', '1 1 1 1 1'",
        "' 1 _x3 stale', '1 _ _ _ stale'"
    })
    void theDocumentedExamples(String values, String expanded) {
        assertThat(expand(values)).isEqualTo(expanded);
    }

    @Test
    void theDocumentedExamplesAsValues() {
        assertThat(InputSeriesValues.expand("-2+4x3"))
                .containsExactly(sample(-2), sample(2), sample(6), sample(10));
        assertThat(InputSeriesValues.expand("1 _x3 stale"))
                .containsExactly(sample(1), MISSING, MISSING, MISSING, STALE);
    }

    /** Every form of an item, with the edge cases of Prometheus 2.42's grammar. */
    @ParameterizedTest(name = "''{0}'' → ''{1}''")
    @CsvSource({
        // a number
        "'7', '7'",
        "'-1.5', '-1.5'",
        "'+5', '5'",
        "'1e3', '1000'",
        "'1E+3', '1000'",
        "'2.5e-3', '0.0025'",
        "'.5', '0.5'",
        "'5.', '5'",
        "'-0', '-0'",
        "'Inf', 'Inf'",
        "'+Inf', 'Inf'",
        "'-Inf', '-Inf'",
        "'inf', 'Inf'",
        "'NaN', 'NaN'",
        "'nan', 'NaN'",
        // octal: Go's ParseInt(s, 0, 64) comes before ParseFloat
        "'010', '8'",
        "'-017', '-15'",
        "'019', '19'",
        "'010.0', '10'",
        "'00', '0'",
        // a+bxn and a-bxn: n + 1 samples
        "'1+1x0', '1'",
        "'0+1x3', '0 1 2 3'",
        "'-3-10x4', '-3 -13 -23 -33 -43'",
        "'3-0x4', '3 3 3 3 3'",
        "'1+.5x2', '1 1.5 2'",
        "'10+010x2', '10 18 26'",
        "'Inf+0x2', 'Inf Inf Inf'",
        "'1-1e3x1', '1 -999'",
        // axn: n + 1 times
        "'0x0', '0'",
        "'5x2', '5 5 5'",
        "'-1x1', '-1 -1'",
        "'1e3x1', '1000 1000'",
        "'1x010', '1 1 1 1 1 1 1 1 1 1 1'",
        // _ and _xn: n missing samples
        "'_', '_'",
        "'_x0', ''",
        "'_x1', '_'",
        "'_x2', '_ _'",
        "'1 _x0 2', '1 2'",
        // stale, and the stale+bxn the grammar accepts: NaN samples after the marker
        "'stale', 'stale'",
        "'1 stale 2', '1 stale 2'",
        "'stale+1x2', 'stale NaN NaN'",
        "'stale-0x0', 'stale'",
        // several items
        "'1 2 _x2 3', '1 2 _ _ 3'",
        "'1 3 _ 5 _x4', '1 3 _ 5 _ _ _ _'",
        "'1 -1 -3-10x4 7 9 +5', '1 -1 -3 -13 -23 -33 -43 7 9 5'",
        "'10+10x2 30+20x5', '10 20 30 30 50 70 90 110 130'",
        "'1+0x6 0 0', '1 1 1 1 1 1 1 0 0'",
        // separators: spaces and tabs, leading and trailing
        "'  1 \t 2\t\t3   ', '1 2 3'",
        "'', ''",
        "'   ', ''"
    })
    void itemsExpand(String values, String expanded) {
        assertThat(expand(values)).isEqualTo(expanded);
    }

    @Test
    void aSeriesIsRepeatedAdditionNotMultiplication() {
        // Prometheus appends a, then does a += b: 0.1 added ten times is 0.9999999999999999,
        // where 0 + 10 × 0.1 would be 1.
        List<Value> values = InputSeriesValues.expand("0+0.1x10");
        assertThat(values).hasSize(11);
        assertThat(values.get(3)).isEqualTo(sample(0.30000000000000004));
        assertThat(values.get(10)).isEqualTo(sample(0.9999999999999999));
        assertThat(0 + 10 * 0.1).isEqualTo(1.0);

        double expected = 1;
        for (Value v : InputSeriesValues.expand("1-0.2x5")) {
            assertThat(v).isEqualTo(sample(expected));
            expected += -0.2;
        }
    }

    @Test
    void indexIsTimeInIntervals() {
        List<Value> values = InputSeriesValues.expand("_ 1 _x2 stale 4");
        assertThat(values).containsExactly(MISSING, sample(1), MISSING, MISSING, STALE, sample(4));
        assertThat(values.indexOf(sample(4))).isEqualTo(5); // at 5 × interval
    }

    @Test
    void theMarkerAndTheMissingSampleAreSingletons() {
        assertThat(new InputSeriesValues.Missing()).isEqualTo(MISSING);
        assertThat(new InputSeriesValues.Stale()).isEqualTo(STALE);
        assertThat(sample(Double.NaN)).isEqualTo(sample(Double.NaN)).isNotEqualTo(STALE);
        assertThat(Double.isNaN(Double.longBitsToDouble(InputSeriesValues.STALE_NAN_BITS)))
                .isTrue();
    }

    @Test
    void theResultIsUnmodifiable() {
        assertThatThrownBy(() -> InputSeriesValues.expand("1 2").add(STALE))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void renderingRoundTrips() {
        String values = "-2+4x3 1e-5 0+0.1x3 _x2 stale Inf -Inf NaN -0 1e20 123456789012";
        List<Value> expanded = InputSeriesValues.expand(values);
        assertThat(InputSeriesValues.expand(InputSeriesValues.render(expanded)))
                .isEqualTo(expanded);
        assertThat(InputSeriesValues.render(expanded))
                .isEqualTo(
                        "-2 2 6 10 1.0E-5 0 0.1 0.2 0.30000000000000004 _ _ stale Inf -Inf NaN"
                                + " -0 1.0E20 123456789012");
        assertThat(InputSeriesValues.render(Collections.emptyList())).isEmpty();
    }

    /** Bad notation: the message names the item and its 1-based position, and says why. */
    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "1 2 stalex3 | \"stalex3\" at position 5 | a staleness marker cannot be repeated",
                "Infx3 | \"Infx3\" at position 1 | write Inf+0x3",
                "1 Stale | \"Stale\" at position 3 | in lower case",
                "1 foo | \"foo\" at position 3 | expected a number, _ or stale",
                "-1+-1x2 | \"-1+-1x2\" at position 1 | expected a number after '+'",
                "1x | \"1x\" at position 1 | expected the repetition count after 'x'",
                "1+2 | \"1+2\" at position 1 | expected x and a repetition count after the"
                        + " increment +2",
                "1+2x | \"1+2x\" at position 1 | expected the repetition count",
                "1 1x2.5 | \"1x2.5\" at position 3 | \"2.5\" is not a whole number",
                "1x1e3 | \"1x1e3\" at position 1 | \"1e3\" is not a whole number",
                "1x-1 | \"1x-1\" at position 1 | expected only the repetition count",
                "1x2x3 | \"1x2x3\" at position 1 | expected only the repetition count",
                "3+3x4-4 | \"3+3x4-4\" at position 1 | expected only the repetition count",
                "-3-3 | \"-3-3\" at position 1 | expected x and a repetition count",
                "_-2 | \"_-2\" at position 1 | a missing sample is written _ or _xN",
                "1 _a4 | \"_a4\" at position 3 | a missing sample is written _ or _xN",
                "__ | \"__\" at position 1 | a missing sample is written _ or _xN",
                "x3 | \"x3\" at position 1 | expected a number, _ or stale before 'x'",
                "1 x3 | \"x3\" at position 3 | before 'x'",
                "1 + 2 | \"+\" at position 3 | expected a number after '+'",
                "-stale | \"-stale\" at position 1 | expected a number after '-'",
                "1a | \"1a\" at position 1 | bad number \"1a\"",
                "2s | \"2s\" at position 1 | bad number \"2s\"",
                "1_000 | \"1_000\" at position 1 | bad number \"1_\"",
                "1e | \"1e\" at position 1 | \"1e\" is not a number",
                "1ex2 | \"1ex2\" at position 1 | \"1e\" is not a number",
                "1e400 | \"1e400\" at position 1 | out of the range of a float64",
                "1.2.3 | \"1.2.3\" at position 1 | unexpected '.3' after '1.2'",
                "1 . | \".\" at position 3 | unexpected character '.'",
                "1 #2 | \"#2\" at position 3 | unexpected character '#' at position 3",
                "1 2,3 | \"2,3\" at position 3 | unexpected character ',' at position 4",
                "1 {a} | \"{a}\" at position 3 | unexpected character '{'",
                "0x1000000000 | \"0x1000000000\" at position 1 | more than 1051200 samples",
                "_x99999999999999999999999 | at position 1 | more than 1051200 samples"
            })
    void badNotationIsAnError(String values, String where, String why) {
        assertThatThrownBy(() -> InputSeriesValues.expand(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad item ")
                .hasMessageContaining(where)
                .hasMessageContaining("of values \"" + values + "\"")
                .hasMessageContaining(why);
    }

    @Test
    void lineBreaksAreErrors() {
        assertThatThrownBy(() -> InputSeriesValues.expand("1 2\n3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line break at position 4 of values");
        assertThatThrownBy(() -> InputSeriesValues.expand("1 2\r\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line break at position 4");
    }

    @Test
    void theLimitCountsAllItems() {
        int half = InputSeriesValues.MAX_VALUES / 2;
        assertThat(InputSeriesValues.expand("0x" + (half - 1) + " _x" + half))
                .hasSize(InputSeriesValues.MAX_VALUES);
        assertThatThrownBy(() -> InputSeriesValues.expand("0x" + (half - 1) + " _x" + half + " 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"1\" at position");
        assertThatThrownBy(() -> InputSeriesValues.expand("_x" + half + " 0+1x" + half))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than");
    }
}
