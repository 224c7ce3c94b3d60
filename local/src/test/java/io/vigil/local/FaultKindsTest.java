package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault kinds the scenarios added, each in its own window of one fast run: each shows in the
 * telemetry of the services it should touch during its window, and not in the others'.
 */
class FaultKindsTest {

    private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private static final Incident NETWORK =
            incident("checkout", IncidentKind.NETWORK_DELAY, 30, 90);
    private static final Incident CACHE_DOWN =
            incident("cache", IncidentKind.DEPENDENCY_DOWN, 120, 180);
    private static final Incident DATABASE_DOWN =
            incident("database", IncidentKind.DEPENDENCY_DOWN, 210, 270);
    private static final Incident DATABASE_CPU =
            incident("database", IncidentKind.CPU_SATURATION, 300, 360);
    private static final Incident SHIPPING_ERRORS =
            incident("shipping", IncidentKind.ERROR_BURST, 390, 450);
    private static final Incident LEAK = incident("shipping", IncidentKind.MEMORY_LEAK, 480, 600);

    /** Before any fault. */
    private static final Incident QUIET = incident("frontend", IncidentKind.ERROR_BURST, 0, 30);

    private static InMemoryExporters out;

    @BeforeAll
    static void run() throws Exception {
        out = new InMemoryExporters();
        try (TelemetryGenerator generator =
                TelemetryGenerator.start(
                        TelemetryGenerator.Options.builder()
                                .seed(5)
                                .start(START)
                                .duration(Duration.ofMinutes(11))
                                .requestsPerSecond(10)
                                .pacing(TelemetryGenerator.Pacing.FAST)
                                .incidents(
                                        List.of(
                                                NETWORK,
                                                CACHE_DOWN,
                                                DATABASE_DOWN,
                                                DATABASE_CPU,
                                                SHIPPING_ERRORS,
                                                LEAK))
                                .exporters(out)
                                .build())) {
            assertThat(generator.awaitCompletion(Duration.ofSeconds(120))).isTrue();
        }
    }

    @Test
    void networkDelaySlowsCallsIntoAndOutOfTheServiceNotItsCalleesOrCpu() {
        Predicate<SpanData> toCheckout =
                s -> s.getKind() == SpanKind.CLIENT && s.getName().equals("POST");
        double frontendToCheckout = median("frontend", toCheckout, NETWORK);
        assertThat(frontendToCheckout).isGreaterThan(median("frontend", toCheckout, QUIET) + 70);
        Predicate<SpanData> checkoutServer = s -> s.getKind() == SpanKind.SERVER;
        assertThat(median("checkout", checkoutServer, NETWORK))
                .isGreaterThan(median("checkout", checkoutServer, QUIET) + 50);
        Predicate<SpanData> paymentServer = s -> s.getKind() == SpanKind.SERVER;
        assertThat(median("payment", paymentServer, NETWORK))
                .isCloseTo(
                        median("payment", paymentServer, QUIET),
                        org.assertj.core.data.Offset.offset(1.0));
        assertThat(gauge("checkout", "system.cpu.utilization", NETWORK)).allMatch(v -> v < 0.7);
    }

    @Test
    void cacheDownFailsEveryCacheCallAndMostOrdersWith503() {
        Predicate<SpanData> cacheCall = s -> s.getName().equals("GET");
        assertThat(errorRate("checkout", cacheCall, CACHE_DOWN)).isEqualTo(1.0);
        assertThat(errorRate("checkout", cacheCall, QUIET)).isZero();
        List<SpanData> failedCall =
                spans("checkout", cacheCall, CACHE_DOWN).stream().limit(1).toList();
        assertThat(
                        failedCall
                                .get(0)
                                .getEvents()
                                .get(0)
                                .getAttributes()
                                .get(CheckoutFlow.EXCEPTION_TYPE))
                .isEqualTo("redis.clients.jedis.exceptions.JedisConnectionException");
        Predicate<SpanData> server = s -> s.getKind() == SpanKind.SERVER;
        assertThat(errorRate("checkout", server, CACHE_DOWN)).isBetween(0.6, 0.8);
        assertThat(spans("checkout", server, CACHE_DOWN))
                .extracting(s -> s.getAttributes().get(ServiceSdk.HTTP_RESPONSE_STATUS_CODE))
                .contains(503L, 200L);
        assertThat(gauge("cache", "system.cpu.utilization", CACHE_DOWN)).allMatch(v -> v < 0.011);
    }

    @Test
    void databaseDownFailsEveryPaymentWrite() {
        Predicate<SpanData> insert = s -> s.getName().equals("INSERT payments");
        assertThat(errorRate("payment", insert, DATABASE_DOWN)).isEqualTo(1.0);
        assertThat(errorRate("payment", insert, QUIET)).isLessThan(0.05);
        assertThat(spans("payment", insert, DATABASE_DOWN).get(0).getStatus().getDescription())
                .startsWith("Connection to database:5432 refused");
        assertThat(errorRate("frontend", s -> s.getKind() == SpanKind.SERVER, DATABASE_DOWN))
                .isEqualTo(1.0);
    }

    @Test
    void databaseCpuSaturationCascadesUpToTheFrontend() {
        Predicate<SpanData> insert = s -> s.getName().equals("INSERT payments");
        assertThat(median("payment", insert, DATABASE_CPU))
                .isGreaterThan(5 * median("payment", insert, QUIET));
        Predicate<SpanData> server = s -> s.getKind() == SpanKind.SERVER;
        for (String service : List.of("payment", "checkout", "frontend")) {
            assertThat(median(service, server, DATABASE_CPU))
                    .as(service)
                    .isGreaterThan(median(service, server, QUIET) + 15);
        }
        assertThat(gauge("database", "system.cpu.utilization", DATABASE_CPU))
                .isNotEmpty()
                .allMatch(v -> v >= 0.93);
    }

    @Test
    void shippingErrorBurstFailsConsumerSpansOnly() {
        Predicate<SpanData> consume = s -> s.getKind() == SpanKind.CONSUMER;
        assertThat(errorRate("shipping", consume, SHIPPING_ERRORS)).isBetween(0.2, 0.5);
        assertThat(errorRate("shipping", consume, QUIET)).isZero();
        assertThat(errorRate("checkout", s -> s.getKind() == SpanKind.SERVER, SHIPPING_ERRORS))
                .isLessThan(0.05);
    }

    @Test
    void memoryLeakGrowsMemoryAndEndsWithARestart() {
        List<Double> during = memory("shipping", LEAK);
        assertThat(during.get(during.size() - 1)).isGreaterThan(1.5 * during.get(0));
        Incident after = incident("shipping", IncidentKind.MEMORY_LEAK, 600, 660);
        assertThat(memory("shipping", after)).allMatch(v -> v < 1.2 * (384L << 20));
        Incident lateLeak = incident("shipping", IncidentKind.MEMORY_LEAK, 570, 600);
        Predicate<SpanData> consume = s -> s.getKind() == SpanKind.CONSUMER;
        assertThat(median("shipping", consume, lateLeak))
                .isGreaterThan(1.4 * median("shipping", consume, QUIET));
    }

    // ----------------------------------------------------------------------------------------

    private static Incident incident(String service, IncidentKind kind, int from, int to) {
        return new Incident(
                service, kind, START.plusSeconds(from), START.plusSeconds(to), kind.wireName());
    }

    private static List<SpanData> spans(String service, Predicate<SpanData> filter, Incident in) {
        return out.spans.get(service).stream()
                .filter(filter)
                .filter(s -> in.isActiveAt(SimulatedClock.toInstant(s.getStartEpochNanos())))
                .toList();
    }

    private static double median(String service, Predicate<SpanData> filter, Incident in) {
        List<Double> millis = new ArrayList<>();
        for (SpanData span : spans(service, filter, in)) {
            millis.add((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6);
        }
        millis.sort(Double::compare);
        return millis.get(millis.size() / 2);
    }

    private static double errorRate(String service, Predicate<SpanData> filter, Incident in) {
        List<SpanData> spans = spans(service, filter, in);
        assertThat(spans).as("%s spans during %s", service, in.kind()).isNotEmpty();
        return (double)
                        spans.stream()
                                .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                                .count()
                / spans.size();
    }

    /** Gauge values at the boundaries inside the window (the one at its start excluded). */
    private static List<Double> gauge(String service, String name, Incident in) {
        Map<Instant, Double> values = new TreeMap<>();
        for (MetricData metric : out.metrics.get(service)) {
            if (metric.getName().equals(name)
                    && service.equals(metric.getResource().getAttributes().get(SERVICE_NAME))) {
                for (DoublePointData point : metric.getDoubleGaugeData().getPoints()) {
                    values.put(SimulatedClock.toInstant(point.getEpochNanos()), point.getValue());
                }
            }
        }
        return inside(values, in);
    }

    private static List<Double> memory(String service, Incident in) {
        Map<Instant, Double> values = new TreeMap<>();
        for (MetricData metric : out.metrics.get(service)) {
            if (metric.getName().equals("system.memory.usage")) {
                for (LongPointData point : metric.getLongSumData().getPoints()) {
                    values.put(
                            SimulatedClock.toInstant(point.getEpochNanos()),
                            (double) point.getValue());
                }
            }
        }
        return inside(values, in);
    }

    private static List<Double> inside(Map<Instant, Double> values, Incident in) {
        List<Double> inside = new ArrayList<>();
        values.forEach(
                (at, value) -> {
                    if (in.isActiveAt(at) && at.isAfter(in.start())) {
                        inside.add(value);
                    }
                });
        return inside;
    }
}
