package io.vigil.udfs.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The duration buckets of {@link RedStats}: placement at the bounds, merging, their bytes. */
class RedStatsTest {

    private static final long MS = 1_000_000;

    /** The counts of a histogram with one request in bucket {@code i}. */
    private static long[] one(int i) {
        long[] counts = new long[RedStats.BUCKETS];
        counts[i] = 1;
        return counts;
    }

    @Test
    void boundsAreTheSemanticConventionsAdviceForHttpServerRequestDuration() {
        assertThat(RedStats.BUCKET_BOUNDS_SECONDS)
                .containsExactly(
                        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
                        10.0);
        assertThat(RedStats.BUCKETS).isEqualTo(RedStats.BUCKET_BOUNDS_SECONDS.size() + 1);
    }

    @Test
    void aDurationGoesToTheFirstBucketWhoseBoundIsAtLeastIt() {
        assertThat(new RedStats().recordNanos(5 * MS, false).bucketCounts())
                .as("exactly 0.005 s: the first bucket, (0, 0.005]")
                .isEqualTo(one(0));
        assertThat(new RedStats().recordNanos(5_000_100, false).bucketCounts())
                .as("0.0050001 s: the second, (0.005, 0.01]")
                .isEqualTo(one(1));
        assertThat(new RedStats().recordNanos(11_000 * MS, false).bucketCounts())
                .as("11 s: +Inf")
                .isEqualTo(one(14));
        assertThat(new RedStats().recordNanos(10_000 * MS, false).bucketCounts())
                .as("exactly 10 s: the last bounded bucket")
                .isEqualTo(one(13));
        assertThat(new RedStats().recordNanos(0, false).bucketCounts()).isEqualTo(one(0));
        assertThat(new RedStats().recordNanos(-5, false).bucketCounts())
                .as("negative counts as 0")
                .isEqualTo(one(0));
        assertThat(new RedStats().recordNanos(Long.MAX_VALUE, false).bucketCounts())
                .isEqualTo(one(14));

        List<Double> bounds = RedStats.BUCKET_BOUNDS_SECONDS;
        for (int i = 0; i < bounds.size(); i++) {
            long bound = Math.round(bounds.get(i) * 1e9);
            assertThat(RedStats.bucketOf(bound)).as("%s s", bounds.get(i)).isEqualTo(i);
            assertThat(RedStats.bucketOf(bound - 1)).as("%s s − 1 ns", bounds.get(i)).isEqualTo(i);
            assertThat(RedStats.bucketOf(bound + 1))
                    .as("%s s + 1 ns", bounds.get(i))
                    .isEqualTo(i + 1);
        }
    }

    @Test
    void microsecondsArePlacedLikeTheirNanoseconds() {
        assertThat(new RedStats().record(5_000, false).bucketCounts()).isEqualTo(one(0));
        assertThat(new RedStats().record(5_001, false).bucketCounts()).isEqualTo(one(1));
        assertThat(new RedStats().record(Long.MAX_VALUE, false).bucketCounts()).isEqualTo(one(14));

        RedStats stats = new RedStats().recordNanos(5_000_900, true);
        assertThat(stats.latency().maxMicros()).as("the sketch keeps whole µs").isEqualTo(5_000);
        assertThat(stats.bucketCounts()).as("the buckets the exact duration").isEqualTo(one(1));
        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.errors()).isEqualTo(1);
    }

    @Test
    void mergingAddsCountsAndStatsWithoutBucketsMakeTheMergeHaveNone() {
        RedStats a = new RedStats().record(1_000, false).record(300_000, false);
        RedStats b = new RedStats().record(2_000, true).record(20_000_000, false);
        RedStats merged = a.copy().merge(b);
        assertThat(merged.bucketCounts())
                .containsExactly(2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1);
        assertThat(merged.requests()).isEqualTo(4);
        assertThat(a.bucketCounts())
                .as("merge copies, never shares")
                .containsExactly(1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);

        RedStats old = new RedStats(1, 0, new LatencySketch().record(7_000), null);
        assertThat(old.hasBuckets()).isFalse();
        assertThatThrownBy(old::bucketCounts).isInstanceOf(IllegalStateException.class);
        assertThat(a.copy().merge(old).hasBuckets()).isFalse();
        assertThat(old.copy().merge(a).hasBuckets()).isFalse();
        assertThat(old.copy().merge(a).requests()).isEqualTo(3);
    }

    @Test
    void bucketsAreWrittenAsAMaskAndTheNonEmptyCounts() throws IOException {
        RedStats stats = new RedStats().record(1_000, false).record(2_000, false);
        stats.record(20_000_000, false);
        byte[] bytes = writeBuckets(stats);
        assertThat(bytes).as("mask + 2 non-empty buckets").hasSize(2 + 2 * 8);
        assertThat(readBuckets(bytes)).containsExactly(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);

        assertThat(writeBuckets(new RedStats())).hasSize(2);
        assertThat(readBuckets(writeBuckets(new RedStats()))).containsOnly(0).hasSize(15);

        RedStats old = new RedStats(0, 0, new LatencySketch(), null);
        assertThat(writeBuckets(old)).hasSize(2);
        assertThat(readBuckets(writeBuckets(old))).isNull();

        RedStats full = new RedStats();
        for (double bound : RedStats.BUCKET_BOUNDS_SECONDS) {
            full.record(Math.round(bound * 1e6), false);
        }
        full.record(11_000_000, false);
        assertThat(full.bucketCounts()).doesNotContain(0);
        assertThat(writeBuckets(full)).as("the most: every bucket").hasSize(2 + 15 * 8);
        assertThat(readBuckets(writeBuckets(full))).isEqualTo(full.bucketCounts());

        assertThatThrownBy(() -> readBuckets(new byte[] {(byte) 0x80, 1}))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> readBuckets(new byte[] {0, 1}))
                .as("a count is missing")
                .isInstanceOf(IOException.class);
    }

    @Test
    void bucketCountsMustFitTheRequests() {
        assertThatThrownBy(() -> new RedStats(2, 0, new LatencySketch(), one(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adding up to 2");
        assertThatThrownBy(() -> new RedStats(1, 0, new LatencySketch(), new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        long[] counts = one(3);
        RedStats stats = new RedStats(1, 0, new LatencySketch().record(60_000), counts);
        counts[3] = 7;
        assertThat(stats.bucketCounts()).as("the stats copy the array").isEqualTo(one(3));
    }

    private static byte[] writeBuckets(RedStats stats) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            stats.writeBuckets(out);
        }
        return bytes.toByteArray();
    }

    private static long[] readBuckets(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        long[] counts = RedStats.readBuckets(in);
        assertThat(in.available()).as("reads all it wrote").isZero();
        return counts;
    }
}
