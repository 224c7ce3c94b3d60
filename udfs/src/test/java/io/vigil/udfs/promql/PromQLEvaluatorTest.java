package io.vigil.udfs.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.promql.Evaluator.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@link Evaluator} against Prometheus' engine in the corners the promtool cases ({@code
 * PromtoolAgreementTest}) do not reach. Each expected value is worked out by hand from Prometheus'
 * semantics in the comment above it; where {@code promtool} 2.42 (the oracle of the agreement test)
 * was run on the same data, the comment says what it printed.
 */
class PromQLEvaluatorTest {
    private static final long MINUTE = 60_000L;

    private final SeriesStore store = new SeriesStore();
    private final Evaluator evaluator = new Evaluator(store);

    /** Appends {@code values[i]} at minute {@code i}; a {@code null} leaves that minute out. */
    private void series(Labels labels, Double... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                store.append(labels, i * MINUTE, values[i]);
            }
        }
    }

    private List<Sample> eval(String expr, long t) {
        return evaluator.evalVector(PromQL.parse(expr), t);
    }

    private double only(String expr, long t) {
        List<Sample> out = eval(expr, t);
        assertThat(out).as(expr).hasSize(1);
        return out.get(0).value();
    }

    // ---- rate / increase extrapolation --------------------------------------------------------

    @Test
    void extrapolationTowardsTheZeroPointIsCappedAtHalfASampleInterval() {
        // A counter that appears in the middle of the range: 1, 2, 3 at 3m, 4m, 5m; increase over
        // [0, 5m] at 5m. Sampled interval 120 s, 60 s between samples, so the threshold is 66 s.
        // The first sample is 180 s after the range start: beyond the threshold, so Prometheus
        // assumes the series began half an interval (30 s) before it. The zero point (120 s * 1/2
        // = 60 s before the first sample) can only shorten that, not lengthen it: Prometheus
        // takes min(30 s, 60 s) = 30 s (prometheus/prometheus#13725, in every release since
        // 2.51 and in 3.x). The last sample is at the range end: nothing to add there.
        // increase = 2 * (120 + 30 + 0) / 120 = 2.5. (promtool 2.42 predates the fix and uses the
        // 60 s zero point: 3.)
        series(Labels.of("__name__", "c"), null, null, null, 1.0, 2.0, 3.0);
        assertThat(only("increase(c[5m])", 5 * MINUTE)).isEqualTo(2.5);
        // rate: the same factor divided by the 300 s range, in Prometheus' order.
        assertThat(only("rate(c[5m])", 5 * MINUTE)).isEqualTo(2 * ((150.0 / 120.0) / 300.0));
    }

    @Test
    void zeroPointStillLimitsExtrapolationWithinTheThreshold() {
        // 1, 11, 21, 31, 41 at 1m..5m, increase over [0, 5m]: the first sample is 60 s after the
        // range start, within the 66 s threshold, so the range would be extrapolated all the way
        // to its start, but the counter would be zero 240 s * 1/40 = 6 s before the first sample:
        // increase = 40 * (240 + 6) / 240 = 41.
        series(Labels.of("__name__", "c"), null, 1.0, 11.0, 21.0, 31.0, 41.0);
        assertThat(only("increase(c[5m])", 5 * MINUTE)).isEqualTo(41.0);
    }

    @Test
    void aNaNSampleGivesANaNRateNotNoResult() {
        // A NaN that is not the stale marker is an ordinary value in Prometheus: irate over
        // 0, 1, NaN (at 0m, 1m, 2m) is (NaN - 1) / 60 = NaN, and the series is in the result
        // (promtool 2.42: {} NaN). rate's last-minus-first is NaN too. Only fewer than two
        // samples give no result.
        series(Labels.of("__name__", "g", "i", "a"), 0.0, 1.0, Double.NaN);
        List<Sample> irate = eval("irate(g[5m])", 2 * MINUTE);
        assertThat(irate).hasSize(1);
        assertThat(irate.get(0).labels()).isEqualTo(Labels.of("i", "a"));
        assertThat(irate.get(0).value()).isNaN();
        assertThat(only("rate(g[5m])", 2 * MINUTE)).isNaN();
        assertThat(only("increase(g[5m])", 2 * MINUTE)).isNaN();
        // And so an aggregation over it is NaN, as in Prometheus, rather than ignoring it.
        assertThat(only("count(irate(g[5m]))", 2 * MINUTE)).isEqualTo(1);
        assertThat(only("sum(irate(g[5m]))", 2 * MINUTE)).isNaN();
        // One sample: no result.
        assertThat(eval("irate(g[5m])", 0)).isEmpty();
        assertThat(eval("rate(g[5m])", 0)).isEmpty();
    }

    // ---- operators ----------------------------------------------------------------------------

    @Test
    void powerFollowsGosMathPow() {
        // Prometheus computes ^ with Go's math.Pow: Pow(1, y) = 1 for any y, NaN included, and
        // Pow(-1, ±Inf) = 1 (promtool 2.42 prints 1 for "one ^ NaN", "one ^ Inf" and
        // "mone ^ -Inf"). Java's Math.pow gives NaN for all of these.
        series(Labels.of("__name__", "one"), 1.0);
        series(Labels.of("__name__", "mone"), -1.0);
        assertThat(only("one ^ NaN", 0)).isEqualTo(1.0);
        assertThat(only("one ^ Inf", 0)).isEqualTo(1.0);
        assertThat(only("one ^ -Inf", 0)).isEqualTo(1.0);
        assertThat(only("mone ^ Inf", 0)).isEqualTo(1.0);
        assertThat(only("mone ^ -Inf", 0)).isEqualTo(1.0);
        assertThat(only("1 ^ NaN", 0)).isEqualTo(1.0);
        // Pow(x, ±0) = 1 for any x, NaN included (the same in Java).
        assertThat(only("NaN ^ 0", 0)).isEqualTo(1.0);
        // Everything else is IEEE's pow, the same in both.
        assertThat(only("one ^ 3", 0)).isEqualTo(1.0);
        assertThat(only("2 ^ 0.5", 0)).isEqualTo(Math.sqrt(2));
        assertThat(only("(-8) ^ (1/3)", 0)).isNaN();
        assertThat(only("NaN ^ 1", 0)).isNaN();
    }

    // ---- histogram_quantile -------------------------------------------------------------------

    @Test
    void histogramQuantileGroupsByEveryLabelButLe() {
        // Prometheus groups the buckets by all their labels except le, the metric name included,
        // and drops the name from the result: two histograms that differ only in their name give
        // two results with the same labels, which is an error ("vector cannot contain metrics
        // with the same labelset", promtool 2.42), not one histogram of the buckets added up.
        series(Labels.of("__name__", "h_bucket", "le", "1"), 1.0);
        series(Labels.of("__name__", "h_bucket", "le", "+Inf"), 2.0);
        series(Labels.of("__name__", "g_bucket", "le", "1"), 1.0);
        series(Labels.of("__name__", "g_bucket", "le", "+Inf"), 4.0);
        assertThatThrownBy(
                        () -> eval("histogram_quantile(0.5, {__name__=~\"h_bucket|g_bucket\"})", 0))
                .isInstanceOf(PromQLException.class)
                .hasMessageContaining("vector cannot contain metrics with the same labelset");
        // One histogram: rank 0.5 * 2 = 1 falls in the first bucket [0, 1], which holds 1
        // observation: 0 + 1 * 1/1 = 1; the name is dropped.
        List<Sample> h = eval("histogram_quantile(0.5, h_bucket)", 0);
        assertThat(h).containsExactly(new Sample(Labels.EMPTY, 1.0));
    }

    @ParameterizedTest(name = "le=\"{0}\" -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // Go's strconv.ParseFloat reads inf and infinity in any case, with a sign: the
                // bucket is the +Inf bucket, and the median of {le=1: 1, le=+Inf: 2} is 1
                // (promtool 2.42 prints 1 for INF and +infinity).
                "INF | 1",
                "+infinity | 1",
                "Inf | 1",
                // It refuses Java's suffixes and surrounding spaces: Prometheus skips the bucket,
                // so only the +Inf bucket is left, and one bucket gives NaN (promtool 2.42: NaN).
                "1f | NaN",
                "1d | NaN",
                "' 1' | NaN",
                // Underscores between digits are Go syntax: 1_0 is 10, rank 1 of 2 falls in
                // [0, 10] holding 1: 10 (promtool 2.42: 10).
                "1_0 | 10",
                "1__0 | NaN",
                // Beyond float64's range Go returns an error (and ±Inf): skipped too.
                "1e400 | NaN",
            })
    void histogramQuantileReadsLeAsGoDoes(String le, double expected) {
        // The bucket under test holds 1 observation, the +Inf bucket 2 (cumulative).
        Labels bound = Labels.of("__name__", "h_bucket", "le", le);
        Labels inf = Labels.of("__name__", "h_bucket", "le", "+Inf");
        if (le.toLowerCase(java.util.Locale.ROOT).matches("\\+?inf(inity)?")) {
            // A spelling of +Inf: it is the top bucket, and the other one is le="1".
            bound = Labels.of("__name__", "h_bucket", "le", "1");
            inf = Labels.of("__name__", "h_bucket", "le", le);
        }
        series(bound, 1.0);
        series(inf, 2.0);
        // Boxed, so that NaN equals NaN.
        assertThat(Double.valueOf(only("histogram_quantile(0.5, h_bucket)", 0)))
                .isEqualTo(Double.valueOf(expected));
    }
}
