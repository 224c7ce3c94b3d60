package io.vigil.udfs.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    /** The sample at DDSketch's rank floor(q (n − 1)) of the sorted samples. */
    private static long exact(long[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    @Test
    void quantilesAreWithinOnePercentOfTheExactRankOnSkewedLatencies() {
        Random random = new Random(42);
        long[] samples = new long[20_000];
        LatencySketch sketch = new LatencySketch();
        for (int i = 0; i < samples.length; i++) {
            // log-normal around 20 ms with a long tail, as request latencies are
            samples[i] = Math.round(Math.exp(Math.log(20_000) + random.nextGaussian() * 1.2));
            sketch.record(samples[i]);
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        for (double q : new double[] {0, 0.5, 0.9, 0.95, 0.99, 0.999, 1}) {
            assertThat((double) sketch.quantileMicros(q))
                    .as("q=%s", q)
                    .isCloseTo(exact(sorted, q), withinPercentage(1));
        }
        assertThat(sketch.count()).isEqualTo(samples.length);
        assertThat(sketch.sumMicros()).isEqualTo(Arrays.stream(samples).sum());
        assertThat(sketch.minMicros()).isEqualTo(sorted[0]);
        assertThat(sketch.maxMicros()).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void mergingPartsEqualsRecordingEverything() {
        Random random = new Random(7);
        LatencySketch all = new LatencySketch();
        List<LatencySketch> parts = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            LatencySketch part = new LatencySketch();
            for (int i = 0; i < 1000; i++) {
                long v = 1 + random.nextInt(5_000_000);
                part.record(v);
                all.record(v);
            }
            parts.add(part);
        }
        LatencySketch merged = new LatencySketch();
        parts.forEach(merged::merge);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            assertThat(merged.quantileMicros(q)).isEqualTo(all.quantileMicros(q));
        }
        assertThat(merged.count()).isEqualTo(all.count());
        assertThat(merged.sumMicros()).isEqualTo(all.sumMicros());
        assertThat(parts.get(0).count()).as("merge leaves its argument alone").isEqualTo(1000);
    }

    @Test
    void survivesSerializationAndCopy() {
        LatencySketch sketch = new LatencySketch();
        for (long v : new long[] {0, 0, 5, 120_000, 3_000_000}) {
            sketch.record(v);
        }
        LatencySketch read = LatencySketch.fromBytes(sketch.toBytes());
        LatencySketch copy = sketch.copy();
        sketch.record(9_000_000);
        for (LatencySketch s : List.of(read, copy)) {
            assertThat(s.count()).isEqualTo(5);
            assertThat(s.sumMicros()).isEqualTo(3_120_005);
            assertThat(s.minMicros()).isZero();
            assertThat(s.maxMicros()).isEqualTo(3_000_000);
            assertThat(s.quantileMicros(0.5)).isEqualTo(5);
        }
        assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void histogramBinsAreAscendingAndCountEverySample() {
        LatencySketch sketch = new LatencySketch();
        for (long v : new long[] {0, 100, 100, 101, 5_000, 80_000}) {
            sketch.record(v);
        }
        List<Double> values = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        sketch.forEachBin(
                (v, c) -> {
                    values.add(v);
                    counts.add(c);
                });
        assertThat(values).isSorted().doesNotHaveDuplicates();
        assertThat(values.get(0)).isZero();
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
        assertThat(values.get(values.size() - 1)).isCloseTo(80_000, withinPercentage(1));
    }

    @Test
    void emptyIsZeroAndBadQuantileIsRejected() {
        LatencySketch empty = new LatencySketch();
        assertThat(empty.quantileMicros(0.99)).isZero();
        assertThat(empty.minMicros()).isZero();
        assertThat(empty.maxMicros()).isZero();
        assertThatThrownBy(() -> empty.quantileMicros(1.5))
                .hasMessage("quantile must be in [0, 1], was 1.5");
    }
}
