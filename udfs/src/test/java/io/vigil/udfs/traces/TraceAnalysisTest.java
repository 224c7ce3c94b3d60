package io.vigil.udfs.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.testing.TraceFixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TraceAnalysisTest {
    private static final long ONE_SECOND = 1_000_000;

    private static Map<String, List<SpanNode>> shopTraces() {
        Map<String, List<SpanNode>> traces = new LinkedHashMap<>();
        for (SpanRecord s : TraceFixtures.decode(TraceFixtures.shop())) {
            traces.computeIfAbsent(s.traceId(), t -> new ArrayList<>()).add(SpanNode.of(s));
        }
        return traces;
    }

    private static List<SpanNode> trace(int number) {
        String id = String.format("5400000000000000%016x", number);
        return shopTraces().get(id);
    }

    @Test
    void callsOfTheShopAreItsCallGraph() {
        Map<String, long[]> edges = new TreeMap<>();
        for (List<SpanNode> trace : shopTraces().values()) {
            TraceAnalysis a = TraceAnalysis.of(trace, ONE_SECOND);
            assertThat(a.unpairedSpans()).isZero();
            for (ServiceCall c : a.calls()) {
                long[] e = edges.computeIfAbsent(c.parent() + "→" + c.child(), k -> new long[2]);
                e[0]++;
                e[1] += c.error() ? 1 : 0;
            }
        }
        assertThat(edges.keySet())
                .containsExactly(
                        "checkout→inventory",
                        "checkout→payment",
                        "frontend→checkout",
                        "frontend→inventory",
                        "inventory→postgres");
        assertThat(edges.get("frontend→inventory")).containsExactly(7, 0);
        assertThat(edges.get("inventory→postgres")).containsExactly(7, 0);
        assertThat(edges.get("frontend→checkout")).containsExactly(4, 1);
        assertThat(edges.get("checkout→payment")).containsExactly(4, 1);
        assertThat(edges.get("checkout→inventory")).containsExactly(4, 0);
    }

    @Test
    void aCallLastsAsLongAsTheCallerWaited() {
        // Browse at 1 s, D = 100 ms: the frontend's client span is [1, 99] ms, the SELECT [15, 75].
        TraceAnalysis a = TraceAnalysis.of(trace(1), ONE_SECOND);
        assertThat(a.calls())
                .containsExactlyInAnyOrder(
                        new ServiceCall("frontend", "inventory", 98_000, false),
                        new ServiceCall("inventory", "postgres", 60_000, false));
        assertThat(a.root().operation()).isEqualTo("GET /products");
        assertThat(a.slowRequests()).isEmpty();
    }

    @Test
    void criticalPathOfTheSlowBuyIsDominatedByPayment() {
        // Buy at 29 s, D = 1500 ms, P = 750 ms (see TraceFixtures for the layout). On the path:
        // payment 750 ms; checkout's server span 1490−850 + 790−780 + 20−10 = 660 ms; the reserve
        // 50 ms; the four client/outer spans 5 + 5 ms each.
        TraceAnalysis a = TraceAnalysis.of(trace(8), ONE_SECOND);
        assertThat(a.root().operation()).isEqualTo("POST /checkout");
        assertThat(a.criticalPath())
                .extracting(PathSegment::operation, PathSegment::selfMicros)
                .startsWith(
                        tuple("POST /charge", 750_000L),
                        tuple("POST /orders", 660_000L),
                        tuple("PUT /reserve", 50_000L));
        assertThat(a.criticalPath().subList(3, 7))
                .extracting(PathSegment::operation, PathSegment::selfMicros)
                .containsExactlyInAnyOrder(
                        tuple("POST /checkout", 10_000L),
                        tuple("POST checkout", 10_000L),
                        tuple("POST payment", 10_000L),
                        tuple("PUT inventory", 10_000L));
        assertThat(a.criticalPath().stream().mapToLong(PathSegment::selfMicros).sum())
                .isEqualTo(a.root().durationMicros());
        assertThat(a.dominant().service()).isEqualTo("payment");

        // Two requests took at least 1 s: the frontend's and checkout's; checkout's own path
        // leaves out the frontend's 20 ms.
        assertThat(a.slowRequests())
                .extracting(r -> r.request().service(), r -> r.request().durationMicros())
                .containsExactlyInAnyOrder(
                        tuple("frontend", 1_500_000L), tuple("checkout", 1_480_000L));
        TraceAnalysis.SlowRequest checkout =
                a.slowRequests().stream()
                        .filter(r -> r.request().service().equals("checkout"))
                        .findFirst()
                        .orElseThrow();
        assertThat(checkout.dominant().operation()).isEqualTo("POST /charge");
        assertThat(checkout.criticalPath().stream().mapToLong(PathSegment::selfMicros).sum())
                .isEqualTo(1_480_000L);
    }

    @Test
    void aSpanWhoseParentIsMissingIsUnpairedAndItsSubtreeStillCounts() {
        List<SpanNode> buy = new ArrayList<>(trace(6));
        buy.removeIf(s -> s.service().equals("frontend"));
        TraceAnalysis a = TraceAnalysis.of(buy, ONE_SECOND);

        assertThat(a.unpairedSpans()).isEqualTo(1);
        assertThat(a.root().operation())
                .as("the orphan stands in for the root")
                .isEqualTo("POST /orders");
        assertThat(a.calls())
                .extracting(ServiceCall::edge)
                .containsExactlyInAnyOrder("checkout\npayment", "checkout\ninventory");
    }

    @Test
    void internalWorkInOneServiceIsNoCallButANetworkSelfCallIs() {
        SpanNode server = node("a1", "", "orders", SpanKind.SERVER, 0, 100);
        SpanNode internal = node("a2", "a1", "orders", SpanKind.INTERNAL, 10, 90);
        SpanNode client = node("a3", "a2", "orders", SpanKind.CLIENT, 20, 80);
        SpanNode self = node("a4", "a3", "orders", SpanKind.SERVER, 25, 75);
        SpanNode uninstrumented =
                new SpanNode("a5", "a4", "orders", "GET", SpanKind.CLIENT, 30, 40, true, "cache");
        SpanNode withoutPeer = node("a6", "a4", "orders", SpanKind.CLIENT, 40, 50);

        TraceAnalysis a =
                TraceAnalysis.of(
                        List.of(server, internal, client, self, uninstrumented, withoutPeer),
                        ONE_SECOND);

        assertThat(a.calls())
                .containsExactlyInAnyOrder(
                        new ServiceCall("orders", "orders", 60, false),
                        new ServiceCall("orders", "cache", 10, true));
        assertThat(a.unpairedSpans()).isZero();
    }

    @Test
    void aRepeatedSpanCountsOnceAndAnEmptyTraceHasNoRoot() {
        List<SpanNode> twice = new ArrayList<>(trace(1));
        twice.addAll(trace(1));
        assertThat(TraceAnalysis.of(twice, ONE_SECOND).calls()).hasSize(2);
        TraceAnalysis empty = TraceAnalysis.of(List.of(), ONE_SECOND);
        assertThat(empty.root()).isNull();
        assertThat(empty.dominant()).isNull();
        assertThat(empty.spans()).isZero();
    }

    private static SpanNode node(
            String id, String parent, String service, SpanKind kind, long start, long end) {
        return new SpanNode(id, parent, service, "op-" + id, kind, start, end, false, "");
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
