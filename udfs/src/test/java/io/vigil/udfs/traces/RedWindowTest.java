package io.vigil.udfs.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.TraceFixtures;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * RED of the shop's first minute, against values computed by hand from the table in {@link
 * TraceFixtures} (a quantile q of n samples is the sample of rank floor(q (n − 1)), within 1%).
 */
class RedWindowTest {

    /**
     * The frontend's first minute as {@link RedWindow#toBytes()} wrote it before duration buckets
     * (commit ea16859): what a savepoint taken then holds.
     */
    static final String FRONTEND_MINUTE_0_WITHOUT_BUCKETS =
            "000866726f6e74656e640000019b76daa800000000000000ea6000000002000d474554202f70726f6475"
                    + "637473000000000000000500000000000000000000003e000000000000000500000000000f90"
                    + "6000000000000186a0000000000007a1200ec2f1e7e9ed51f03f000000000000000005058a09"
                    + "02120210020e027202000e504f5354202f636865636b6f7574000000000000000300000000000"
                    + "000010000003b000000000000000300000000002191c000000000000493e0000000000016e360"
                    + "0ec2f1e7e9ed51f03f00000000000000000503f809021e02860102";

    private static Map<String, RedWindow> minute(int minute) {
        Map<String, RedWindow> red = new TreeMap<>();
        long from = TraceFixtures.nanos(60 * minute);
        long to = TraceFixtures.nanos(60 * (minute + 1));
        for (SpanRecord s : TraceFixtures.decode(TraceFixtures.shop())) {
            if (RedWindow.isRequest(s) && s.endTimeUnixNano() >= from && s.endTimeUnixNano() < to) {
                red.computeIfAbsent(s.serviceName(), k -> new RedWindow()).add(s);
            }
        }
        return red;
    }

    private static void assertStats(
            RedStats s, long requests, long errors, long sumMillis, long p50, long p95, long p99) {
        assertThat(s.requests()).isEqualTo(requests);
        assertThat(s.errors()).isEqualTo(errors);
        assertThat(s.latency().sumMicros()).isEqualTo(sumMillis * 1000);
        assertThat((double) s.latency().quantileMicros(0.5))
                .isCloseTo(p50 * 1000, withinPercentage(1));
        assertThat((double) s.latency().quantileMicros(0.95))
                .isCloseTo(p95 * 1000, withinPercentage(1));
        assertThat((double) s.latency().quantileMicros(0.99))
                .isCloseTo(p99 * 1000, withinPercentage(1));
    }

    @Test
    void firstMinuteEqualsHandComputedValues() {
        Map<String, RedWindow> red = minute(0);
        assertThat(red.keySet()).containsExactly("checkout", "frontend", "inventory", "payment");

        RedWindow frontend = red.get("frontend");
        // GET /products: 100 120 140 160 500 → p50 rank 2 = 140, p95/p99 rank 3 = 160
        assertStats(frontend.operations().get("GET /products"), 5, 0, 1020, 140, 160, 160);
        // POST /checkout: 300 400(error) 1500 → rank 1 = 400 for all three
        assertStats(frontend.operations().get("POST /checkout"), 3, 1, 2200, 400, 400, 400);
        // service: 100 120 140 160 300 400 500 1500 → p50 rank 3 = 160, p95/p99 rank 6 = 500
        assertStats(frontend.total(), 8, 1, 3220, 160, 500, 500);
        assertThat(frontend.total().errorRate()).isEqualTo(0.125);
        assertThat(frontend.rankedByTotalTime()).containsExactly("POST /checkout", "GET /products");
        assertThat(frontend.rankedByP95()).containsExactly("POST /checkout", "GET /products");
        // buckets (s): 0.1 → (0.075, 0.1]; 0.12 0.14 0.16 → (0.1, 0.25]; 0.3 0.4 0.5 → (0.25,
        // 0.5]; 1.5 → (1, 2.5]. 0.1 and 0.5 are bounds: each goes to the bucket it ends.
        assertThat(frontend.operations().get("GET /products").bucketCounts())
                .containsExactly(0, 0, 0, 0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(frontend.operations().get("POST /checkout").bucketCounts())
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0);
        assertThat(frontend.total().bucketCounts())
                .containsExactly(0, 0, 0, 0, 0, 1, 3, 3, 0, 0, 1, 0, 0, 0, 0);

        RedWindow inventory = red.get("inventory");
        // GET /stock = D − 20: 80 100 120 140 480; PUT /reserve: 50 50 50
        assertStats(inventory.operations().get("GET /stock"), 5, 0, 920, 120, 140, 140);
        assertStats(inventory.operations().get("PUT /reserve"), 3, 0, 150, 50, 50, 50);
        // service: 50 50 50 80 100 120 140 480 → rank 3 = 80, rank 6 = 140
        assertStats(inventory.total(), 8, 0, 1070, 80, 140, 140);
        assertThat(inventory.rankedByTotalTime()).containsExactly("GET /stock", "PUT /reserve");

        // checkout = D − 20: 280 380(error) 1480; payment = D/2: 150 200(error) 750
        assertStats(red.get("checkout").total(), 3, 1, 2140, 380, 380, 380);
        assertStats(red.get("payment").operations().get("POST /charge"), 3, 1, 1100, 200, 200, 200);
    }

    @Test
    void secondMinuteHasItsOwnRequests() {
        Map<String, RedWindow> red = minute(1);
        // browse 110, 130; buy 600 → frontend: 110 130 600
        assertStats(red.get("frontend").total(), 3, 0, 840, 130, 130, 130);
        assertStats(red.get("payment").total(), 1, 0, 300, 300, 300, 300);
    }

    @Test
    void mergingWindowsAddsRequestsAndSurvivesSerialization() {
        RedWindow a = minute(0).get("frontend");
        RedWindow b = minute(1).get("frontend");
        RedWindow merged = RedWindow.fromBytes(a.toBytes()).merge(b).window(0, 120_000);
        RedWindow read = RedWindow.fromBytes(merged.toBytes());

        assertThat(read.service()).isEqualTo("frontend");
        assertThat(read.windowMillis()).isEqualTo(120_000);
        // 11 requests: 100 110 120 130 140 160 300 400 500 600 1500 → p50 rank 5 = 160
        assertStats(read.total(), 11, 1, 4060, 160, 600, 600);
        assertThat(read.operations().keySet()).containsExactly("GET /products", "POST /checkout");
        // and 0.11 0.13 → (0.1, 0.25], 0.6 → (0.5, 0.75]
        assertThat(read.total().bucketCounts())
                .containsExactly(0, 0, 0, 0, 0, 1, 5, 3, 1, 0, 1, 0, 0, 0, 0);
        assertThat(a.total().requests()).as("merge copies, never shares").isEqualTo(8);
        assertThat(a.total().bucketCounts()[6]).isEqualTo(3);
    }

    @Test
    void bytesWrittenBeforeBucketsStillReadAsStatsWithoutBuckets() {
        RedWindow old =
                RedWindow.fromBytes(HexFormat.of().parseHex(FRONTEND_MINUTE_0_WITHOUT_BUCKETS));
        RedWindow now = minute(0).get("frontend").window(TraceFixtures.T0.toEpochMilli(), 60_000);

        assertThat(old.service()).isEqualTo("frontend");
        assertThat(old.windowStartMillis()).isEqualTo(now.windowStartMillis());
        assertThat(old.operations().keySet()).isEqualTo(now.operations().keySet());
        assertStats(old.total(), 8, 1, 3220, 160, 500, 500);
        assertThat(old.operations().values()).noneMatch(RedStats::hasBuckets);
        assertThat(old.total().hasBuckets()).isFalse();
        assertThat(now.total().hasBuckets()).isTrue();

        // A window restored without buckets stays without them when merged and checkpointed again.
        RedWindow merged = RedWindow.fromBytes(old.toBytes()).merge(minute(1).get("frontend"));
        RedWindow read = RedWindow.fromBytes(merged.toBytes());
        assertStats(read.total(), 11, 1, 4060, 160, 600, 600);
        assertThat(read.operations().values()).noneMatch(RedStats::hasBuckets);

        // What is written now is the old bytes and the buckets section behind them.
        byte[] bytes = now.toBytes();
        byte[] oldBytes = HexFormat.of().parseHex(FRONTEND_MINUTE_0_WITHOUT_BUCKETS);
        assertThat(bytes).startsWith(oldBytes);
        // tag + per operation mask and counts: GET /products 3 buckets, POST /checkout 2
        assertThat(bytes.length - oldBytes.length).isEqualTo(1 + (2 + 3 * 8) + (2 + 2 * 8));
    }

    @Test
    void onlyServerConsumerAndRootSpansAreRequests() {
        List<SpanRecord> spans = TraceFixtures.decode(TraceFixtures.shop());
        assertThat(spans.stream().filter(RedWindow::isRequest).count())
                .as("5+2 browse × 2 servers, 3+1 buy × 4 servers")
                .isEqualTo(7 * 2 + 4 * 4);
    }
}
