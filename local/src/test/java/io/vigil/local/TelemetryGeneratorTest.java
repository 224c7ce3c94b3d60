package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator, run fast into in-memory exporters: determinism, the call graph, and that each
 * scripted incident shows in the telemetry of its service during its window and not outside it.
 */
class TelemetryGeneratorTest {

    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_VERSION =
            AttributeKey.stringKey("service.version");

    /** One five-minute run with the standard script, shared by the incident tests. */
    private static Run fiveMinutes;

    private record Run(
            InMemoryExporters out, List<Incident> incidents, Map<String, Long> counters) {}

    @BeforeAll
    static void runFiveMinutes() throws Exception {
        fiveMinutes = run(11, FIVE_MINUTES, 10, null);
    }

    private static Run run(long seed, Duration duration, double rate, List<Incident> incidents)
            throws Exception {
        InMemoryExporters out = new InMemoryExporters();
        TelemetryGenerator.Options options =
                TelemetryGenerator.Options.builder()
                        .seed(seed)
                        .start(START)
                        .duration(duration)
                        .requestsPerSecond(rate)
                        .pacing(TelemetryGenerator.Pacing.FAST)
                        .incidents(incidents)
                        .exporters(out)
                        .build();
        List<Incident> planned;
        Map<String, Long> counters = new TreeMap<>();
        try (TelemetryGenerator generator = TelemetryGenerator.start(options)) {
            assertThat(generator.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            planned = generator.incidents();
            counters.put("requests", generator.requestsSimulated());
            counters.put("spans", generator.spansEmitted());
            counters.put("logs", generator.logsEmitted());
            counters.put("points", generator.metricPointsEmitted());
            counters.put("failed", generator.itemsFailed());
            counters.put("boundaries", generator.metricBoundaries());
        }
        return new Run(out, planned, counters);
    }

    @Test
    void sameSeedAndOptionsGiveTheSameTelemetry() throws Exception {
        Run first = run(7, Duration.ofMinutes(1), 5, null);
        Run second = run(7, Duration.ofMinutes(1), 5, null);

        assertThat(first.out().allSpans()).hasSizeGreaterThan(1000);
        for (String service : TelemetryGenerator.SERVICES) {
            assertThat(fingerprints(second.out().spans, service, TelemetryGeneratorTest::span))
                    .as("spans of %s", service)
                    .isEqualTo(
                            fingerprints(first.out().spans, service, TelemetryGeneratorTest::span));
            assertThat(fingerprints(second.out().logs, service, TelemetryGeneratorTest::log))
                    .as("logs of %s", service)
                    .isEqualTo(
                            fingerprints(first.out().logs, service, TelemetryGeneratorTest::log));
            assertThat(fingerprints(second.out().metrics, service, TelemetryGeneratorTest::metric))
                    .as("metrics of %s", service)
                    .isEqualTo(
                            fingerprints(
                                    first.out().metrics, service, TelemetryGeneratorTest::metric));
        }
        assertThat(second.counters()).isEqualTo(first.counters());
    }

    @Test
    void anotherSeedGivesOtherTelemetry() throws Exception {
        Run first = run(7, Duration.ofSeconds(30), 5, List.of());
        Run other = run(8, Duration.ofSeconds(30), 5, List.of());

        assertThat(fingerprints(other.out().spans, "frontend", TelemetryGeneratorTest::span))
                .isNotEqualTo(
                        fingerprints(first.out().spans, "frontend", TelemetryGeneratorTest::span));
    }

    @Test
    void countersMatchWhatTheExportersReceived() {
        Map<String, Long> counters = fiveMinutes.counters();
        InMemoryExporters out = fiveMinutes.out();

        assertThat(counters.get("spans")).isEqualTo(out.allSpans().size());
        assertThat(counters.get("logs")).isEqualTo(out.allLogs().size());
        assertThat(counters.get("points"))
                .isEqualTo(
                        out.allMetrics().stream()
                                .mapToLong(m -> m.getData().getPoints().size())
                                .sum());
        assertThat(counters.get("failed")).isZero();
        // 5 minutes at 10 requests/s: Poisson, so within a few standard deviations of 3000.
        assertThat(counters.get("requests")).isBetween(2800L, 3200L);
        assertThat(counters.get("boundaries")).isEqualTo(30);
    }

    @Test
    void aSuccessfulTraceFollowsTheCallGraph() {
        Map<String, List<SpanData>> byTrace =
                fiveMinutes.out().allSpans().stream()
                        .collect(Collectors.groupingBy(SpanData::getTraceId));
        List<SpanData> trace =
                byTrace.values().stream().filter(t -> t.size() == 9).findFirst().orElseThrow();
        Map<String, SpanData> byName = new TreeMap<>();
        for (SpanData span : trace) {
            byName.put(service(span) + " " + span.getKind() + " " + span.getName(), span);
        }
        assertThat(byName.keySet())
                .containsExactlyInAnyOrder(
                        "frontend SERVER POST /api/checkout",
                        "frontend CLIENT POST",
                        "checkout SERVER POST /checkout",
                        "checkout CLIENT GET",
                        "checkout CLIENT POST",
                        "payment SERVER POST /payments",
                        "payment CLIENT INSERT payments",
                        "checkout PRODUCER publish orders",
                        "shipping CONSUMER process orders");
        assertParent(byName, "frontend CLIENT POST", "frontend SERVER POST /api/checkout");
        assertParent(byName, "checkout SERVER POST /checkout", "frontend CLIENT POST");
        assertParent(byName, "checkout CLIENT GET", "checkout SERVER POST /checkout");
        assertParent(byName, "payment SERVER POST /payments", "checkout CLIENT POST");
        assertParent(byName, "payment CLIENT INSERT payments", "payment SERVER POST /payments");
        assertParent(
                byName, "shipping CONSUMER process orders", "checkout PRODUCER publish orders");

        SpanData db = byName.get("payment CLIENT INSERT payments");
        assertThat(db.getAttributes().get(AttributeKey.stringKey("db.system")))
                .isEqualTo("postgresql");
        assertThat(db.getAttributes().get(AttributeKey.stringKey("db.statement")))
                .startsWith("INSERT INTO payments");
        SpanData root = byName.get("frontend SERVER POST /api/checkout");
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        assertThat(root.getAttributes().get(ServiceSdk.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
        // Children lie within their parents.
        for (SpanData span : trace) {
            SpanData parent =
                    trace.stream()
                            .filter(p -> p.getSpanId().equals(span.getParentSpanId()))
                            .findFirst()
                            .orElse(null);
            if (parent != null && span.getKind() != SpanKind.CONSUMER) {
                assertThat(span.getStartEpochNanos())
                        .isGreaterThanOrEqualTo(parent.getStartEpochNanos());
                assertThat(span.getEndEpochNanos()).isLessThanOrEqualTo(parent.getEndEpochNanos());
            }
        }
    }

    @Test
    void resourcesIdentifyEachServiceInstance() {
        for (SpanData span : fiveMinutes.out().allSpans()) {
            var resource = span.getResource().getAttributes();
            assertThat(resource.get(SERVICE_NAME)).isIn(TelemetryGenerator.SERVICES);
            assertThat(resource.get(SERVICE_VERSION)).isNotBlank();
            assertThat(resource.get(AttributeKey.stringKey("service.instance.id"))).hasSize(36);
            assertThat(resource.get(AttributeKey.stringKey("host.name")))
                    .startsWith(resource.get(SERVICE_NAME) + "-");
            assertThat(resource.get(AttributeKey.stringKey("deployment.environment")))
                    .isEqualTo("demo");
        }
    }

    @Test
    void errorBurstFailsCheckoutOnlyDuringItsWindow() {
        Incident burst = incident(IncidentKind.ERROR_BURST);
        double inside = errorRate("checkout", burst, true);
        double outside = errorRate("checkout", burst, false);

        assertThat(inside).isBetween(0.2, 0.5);
        assertThat(outside).isLessThan(0.05);

        LogRecordData errorLog =
                fiveMinutes.out().logs.get("checkout").stream()
                        .filter(l -> l.getSeverity() == Severity.ERROR)
                        .filter(l -> burst.isActiveAt(instant(l.getTimestampEpochNanos())))
                        .findFirst()
                        .orElseThrow();
        assertThat(errorLog.getAttributes().get(CheckoutFlow.EXCEPTION_TYPE))
                .isEqualTo("java.util.concurrent.RejectedExecutionException");
        assertThat(errorLog.getSpanContext().isValid()).isTrue();
        assertThat(errorLog.getSeverityText()).isEqualTo("ERROR");
    }

    @Test
    void errorSpansCarryAnExceptionEvent() {
        List<SpanData> failed =
                fiveMinutes.out().spans.get("checkout").stream()
                        .filter(s -> s.getKind() == SpanKind.SERVER)
                        .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                        .filter(
                                s ->
                                        s.getAttributes().get(ServiceSdk.HTTP_RESPONSE_STATUS_CODE)
                                                == 500L)
                        .toList();
        assertThat(failed).isNotEmpty();
        for (SpanData span : failed) {
            assertThat(span.getEvents())
                    .anySatisfy(
                            e -> {
                                assertThat(e.getName()).isEqualTo("exception");
                                assertThat(e.getAttributes().get(CheckoutFlow.EXCEPTION_STACKTRACE))
                                        .contains("\tat ");
                            });
        }
    }

    @Test
    void deployReplacesTheVersionUntilRollback() {
        Incident deploy = incident(IncidentKind.DEPLOY_ERRORS);
        List<SpanData> checkout = fiveMinutes.out().spans.get("checkout");
        for (SpanData span : checkout) {
            String version = span.getResource().getAttributes().get(SERVICE_VERSION);
            Instant at = instant(span.getStartEpochNanos());
            // Spans of a request that arrived just before a switch still come from the old
            // instance: skip a second around each switch.
            if (Duration.between(deploy.start(), at).abs().getSeconds() >= 1
                    && Duration.between(deploy.end(), at).abs().getSeconds() >= 1) {
                assertThat(version)
                        .as("version at %s", at)
                        .isEqualTo(deploy.isActiveAt(at) ? "2.5.0" : "2.4.0");
            }
        }
        assertThat(errorRate("checkout", deploy, true)).isBetween(0.12, 0.4);
        assertThat(fiveMinutes.out().logs.get("checkout"))
                .anySatisfy(
                        l ->
                                assertThat(l.getBodyValue().asString())
                                        .startsWith("Deployment finished: checkout 2.5.0"))
                .anySatisfy(
                        l ->
                                assertThat(l.getBodyValue().asString())
                                        .startsWith("Rollback finished: checkout 2.4.0"));
    }

    @Test
    void latencyRegressionSlowsPaymentDatabaseCalls() {
        Incident regression = incident(IncidentKind.LATENCY_REGRESSION);
        double inside = medianMillis("payment", "INSERT payments", regression, true);
        double outside = medianMillis("payment", "INSERT payments", regression, false);

        assertThat(inside).isGreaterThan(4 * outside);
        assertThat(outside).isBetween(2.0, 6.0);
    }

    @Test
    void cpuSaturationAndDiskFillingShowInHostMetrics() {
        Incident cpu = incident(IncidentKind.CPU_SATURATION);
        Map<Instant, Double> paymentCpu = gauge("payment", "system.cpu.utilization");
        paymentCpu.forEach(
                (at, value) -> {
                    if (cpu.isActiveAt(at)) {
                        assertThat(value).as("cpu at %s", at).isBetween(0.93, 0.98);
                    } else {
                        assertThat(value).as("cpu at %s", at).isLessThan(0.7);
                    }
                });
        assertThat(paymentCpu.keySet().stream().filter(cpu::isActiveAt))
                .hasSizeGreaterThanOrEqualTo(2);

        Incident disk = incident(IncidentKind.DISK_FILLING);
        Map<Instant, Double> databaseDisk = gauge("database", "system.filesystem.utilization");
        double peak =
                databaseDisk.entrySet().stream()
                        .filter(e -> disk.isActiveAt(e.getKey()))
                        .mapToDouble(Map.Entry::getValue)
                        .max()
                        .orElseThrow();
        assertThat(peak).isGreaterThan(0.85);
        databaseDisk.forEach(
                (at, value) -> {
                    if (!disk.isActiveAt(at)) {
                        assertThat(value).as("disk at %s", at).isBetween(0.53, 0.57);
                    }
                });
    }

    @Test
    void metricsAreCollectedAtTheBoundariesOfSimulatedTime() {
        for (MetricData metric : fiveMinutes.out().metrics.get("frontend")) {
            for (var point : metric.getData().getPoints()) {
                long offset = point.getEpochNanos() - SimulatedClock.toNanos(START);
                assertThat(offset % Duration.ofSeconds(10).toNanos()).isZero();
            }
        }
        assertThat(fiveMinutes.out().metrics.get("frontend"))
                .extracting(MetricData::getName)
                .contains(
                        "system.cpu.utilization",
                        "system.memory.usage",
                        "system.filesystem.utilization",
                        "http.server.request.duration",
                        "http.server.requests");
        assertThat(fiveMinutes.out().metrics.get("shipping"))
                .extracting(MetricData::getName)
                .contains("messaging.queue.depth");
    }

    @Test
    void pacedRunFollowsTheWallClockAndStopsPromptlyWhenClosed() throws Exception {
        InMemoryExporters out = new InMemoryExporters();
        Instant before = Instant.now();
        TelemetryGenerator generator =
                TelemetryGenerator.start(
                        TelemetryGenerator.Options.builder()
                                .duration(Duration.ofMinutes(10))
                                .requestsPerSecond(50)
                                .exporters(out)
                                .build());
        try {
            assertThat(generator.simulatedStart()).isBetween(before.minusMillis(1), Instant.now());
            Readiness.await(
                    "first paced requests",
                    Duration.ofSeconds(30),
                    Duration.ofMillis(20),
                    () -> generator.requestsSimulated() >= 5,
                    java.util.Optional::empty);
            assertThat(generator.simulatedNow()).isBeforeOrEqualTo(Instant.now());
            assertThat(generator.isDone()).isFalse();
        } finally {
            generator.close();
        }
        assertThat(generator.isDone()).isTrue();
        // Stopped early: what was generated is still delivered.
        assertThat(out.allSpans()).hasSize((int) generator.spansEmitted()).isNotEmpty();
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> TelemetryGenerator.Options.builder().requestsPerSecond(0).build())
                .hasMessageContaining("requestsPerSecond");
        assertThatThrownBy(() -> TelemetryGenerator.Options.builder().speed(0.5).build())
                .hasMessageContaining("speed must be in [1, 1000.0], was 0.5");
        assertThatThrownBy(() -> TelemetryGenerator.Options.builder().speed(Double.NaN).build())
                .hasMessageContaining("speed");
        assertThatThrownBy(
                        () -> TelemetryGenerator.Options.builder().duration(Duration.ZERO).build())
                .hasMessageContaining("duration");
        assertThatThrownBy(
                        () ->
                                TelemetryGenerator.start(
                                        TelemetryGenerator.Options.builder()
                                                .start(START)
                                                .duration(Duration.ofMinutes(1))
                                                .exporters(new InMemoryExporters())
                                                .incidents(
                                                        List.of(
                                                                new Incident(
                                                                        "billing",
                                                                        IncidentKind.ERROR_BURST,
                                                                        START.plusSeconds(1),
                                                                        START.plusSeconds(2),
                                                                        "x")))
                                                .build()))
                .hasMessageContaining("unknown service 'billing'");
    }

    @Test
    void nextMinorBumpsTheMinorVersion() {
        assertThat(TelemetryGenerator.nextMinor("2.4.0")).isEqualTo("2.5.0");
        assertThat(TelemetryGenerator.nextMinor("15.6")).isEqualTo("15.7");
        assertThat(TelemetryGenerator.nextMinor("7")).isEqualTo("7.1");
    }

    // ----------------------------------------------------------------------------------------

    private static Incident incident(IncidentKind kind) {
        return fiveMinutes.incidents().stream()
                .filter(i -> i.kind() == kind)
                .findFirst()
                .orElseThrow();
    }

    private static double errorRate(String service, Incident window, boolean inside) {
        List<SpanData> servers =
                fiveMinutes.out().spans.get(service).stream()
                        .filter(s -> s.getKind() == SpanKind.SERVER)
                        .filter(s -> window.isActiveAt(instant(s.getStartEpochNanos())) == inside)
                        .toList();
        long failed =
                servers.stream()
                        .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                        .count();
        return (double) failed / servers.size();
    }

    private static double medianMillis(
            String service, String name, Incident window, boolean inside) {
        List<Double> durations = new ArrayList<>();
        for (SpanData span : fiveMinutes.out().spans.get(service)) {
            if (span.getName().equals(name)
                    && window.isActiveAt(instant(span.getStartEpochNanos())) == inside) {
                durations.add((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6);
            }
        }
        durations.sort(Double::compare);
        return durations.get(durations.size() / 2);
    }

    private static Map<Instant, Double> gauge(String service, String name) {
        Map<Instant, Double> values = new TreeMap<>();
        for (MetricData metric : fiveMinutes.out().metrics.get(service)) {
            if (metric.getName().equals(name)) {
                for (DoublePointData point : metric.getDoubleGaugeData().getPoints()) {
                    values.put(instant(point.getEpochNanos()), point.getValue());
                }
            }
        }
        return values;
    }

    private static void assertParent(Map<String, SpanData> spans, String child, String parent) {
        assertThat(spans.get(child).getParentSpanId())
                .as("parent of " + child)
                .isEqualTo(spans.get(parent).getSpanId());
        assertThat(spans.get(child).getTraceId()).isEqualTo(spans.get(parent).getTraceId());
    }

    private static String service(SpanData span) {
        return span.getResource().getAttributes().get(SERVICE_NAME);
    }

    private static Instant instant(long epochNanos) {
        return SimulatedClock.toInstant(epochNanos);
    }

    private static <T> List<String> fingerprints(
            Map<String, List<T>> byService, String service, Function<T, String> print) {
        return byService.getOrDefault(service, List.of()).stream().map(print).toList();
    }

    private static String span(SpanData s) {
        return String.join(
                "|",
                s.getTraceId(),
                s.getSpanId(),
                s.getParentSpanId(),
                s.getName(),
                s.getKind().name(),
                Long.toString(s.getStartEpochNanos()),
                Long.toString(s.getEndEpochNanos()),
                s.getStatus().toString(),
                s.getAttributes().toString(),
                s.getEvents().toString(),
                s.getResource().getAttributes().toString());
    }

    private static String log(LogRecordData l) {
        return String.join(
                "|",
                Long.toString(l.getTimestampEpochNanos()),
                String.valueOf(l.getSeverity()),
                String.valueOf(l.getBodyValue().asString()),
                l.getSpanContext().getTraceId(),
                l.getSpanContext().getSpanId(),
                l.getAttributes().toString(),
                l.getResource().getAttributes().toString());
    }

    private static String metric(MetricData m) {
        List<String> points = new ArrayList<>();
        m.getData().getPoints().forEach(p -> points.add(p.toString()));
        points.sort(String::compareTo);
        return m.getName() + "|" + m.getResource().getAttributes() + "|" + points;
    }
}
