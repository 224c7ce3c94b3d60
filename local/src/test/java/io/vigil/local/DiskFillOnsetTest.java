package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link IncidentKind#DISK_FILLING} with an {@link Incident#onset} before its start: the disk
 * fills from the onset (flat before it, on the model's curve from it, back at the base after the
 * end), payment's writes fail only in the last 20 % of [start, end], and the crossings are computed
 * from the onset.
 */
class DiskFillOnsetTest {

    private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    /** Fills from minute 1; the fault window is minutes 6 to 9, writes failing from 8:24. */
    private static final Incident DISK =
            new Incident(
                            "database",
                            IncidentKind.DISK_FILLING,
                            START.plus(Duration.ofMinutes(6)),
                            START.plus(Duration.ofMinutes(9)),
                            "disk fills")
                    .withOnset(START.plus(Duration.ofMinutes(1)));

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
                                .incidents(List.of(DISK))
                                .exporters(out)
                                .build())) {
            assertThat(generator.awaitCompletion(Duration.ofSeconds(120))).isTrue();
        }
    }

    @Test
    void theDiskFillsFromTheOnsetAlongTheModelsCurve() {
        HostState.Profile db = TelemetryGenerator.profile("database");
        NavigableMap<Instant, Double> disk = filesystem();
        int onCurve = 0;
        for (var e : disk.entrySet()) {
            Instant at = e.getKey();
            double value = e.getValue();
            if (!DISK.isUnderwayAt(at)) {
                assertThat(value).as("disk at %s", at).isBetween(0.545, 0.555);
                continue;
            }
            double mean =
                    db.filesystemBase()
                            + (HostState.DISK_FULL_LEVEL - db.filesystemBase())
                                    * Math.pow(DISK.buildUpAt(at), HostState.DISK_FILLING_EXPONENT);
            assertThat(value).as("disk at %s", at).isCloseTo(mean, within(0.005));
            onCurve++;
        }
        assertThat(onCurve).isEqualTo(48); // 8 minutes of 10-s boundaries
        // Already well up the climb when the fault window opens; nearly full at its end.
        assertThat(disk.get(DISK.start())).isBetween(0.78, 0.82);
        assertThat(disk.lowerEntry(DISK.end()).getValue()).isGreaterThan(0.97);
        assertThat(disk.ceilingEntry(DISK.end()).getValue()).isLessThan(0.56);
    }

    @Test
    void writesFailOnlyInTheLastFifthOfTheFaultWindow() {
        Instant failFrom = DISK.atProgress(TelemetryGenerator.DISK_WRITES_FAIL_FROM);
        assertThat(failFrom).isEqualTo(START.plus(Duration.ofSeconds(8 * 60 + 24)));
        List<SpanData> inserts =
                out.spans.get("payment").stream()
                        .filter(s -> s.getName().equals("INSERT payments"))
                        .toList();
        List<Instant> diskFull =
                inserts.stream()
                        .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                        .filter(
                                s ->
                                        s.getStatus()
                                                .getDescription()
                                                .contains("No space left on device"))
                        .map(s -> SimulatedClock.toInstant(s.getStartEpochNanos()))
                        .toList();
        assertThat(diskFull)
                .isNotEmpty()
                .allMatch(t -> !t.isBefore(failFrom) && t.isBefore(DISK.end()));
        long during =
                inserts.stream()
                        .map(s -> SimulatedClock.toInstant(s.getStartEpochNanos()))
                        .filter(t -> !t.isBefore(failFrom) && t.isBefore(DISK.end()))
                        .count();
        assertThat((double) diskFull.size() / during).isBetween(0.2, 0.4);
    }

    @Test
    void crossingsCountFromTheOnset() {
        // database: base 0.55, full 0.985 at the end; 0.9 at (0.35/0.435)^(1/1.2) of onset → end
        ResourceExhaustion fill = ResourceExhaustion.of(DISK).orElseThrow();
        double share = Math.pow(0.35 / 0.435, 1 / 1.2);
        assertThat(fill.at(0.9))
                .isEqualTo(DISK.onset().plusMillis((long) (share * 8 * 60_000)))
                .isEqualTo(Instant.parse("2025-03-03T08:07:40.457Z"));
        assertThat(fill.at(HostState.DISK_FULL_LEVEL)).isEqualTo(DISK.end());
        // without an onset, the same fault fills over its window only
        Incident sudden = DISK.withOnset(DISK.start());
        assertThat(ResourceExhaustion.of(sudden).orElseThrow().at(0.9))
                .isEqualTo(DISK.start().plusMillis((long) (share * 3 * 60_000)));
    }

    @Test
    void theOnsetIsInTheGroundTruthOnlyWhenEarlierThanTheStart() {
        assertThat(DISK.toRecord())
                .containsEntry("onset", "2025-03-03T08:01:00Z")
                .containsEntry("start", "2025-03-03T08:06:00Z");
        Incident sudden = DISK.withOnset(DISK.start());
        assertThat(sudden.toRecord()).doesNotContainKey("onset");
        assertThat(sudden)
                .isEqualTo(
                        new Incident(
                                "database",
                                IncidentKind.DISK_FILLING,
                                DISK.start(),
                                DISK.end(),
                                "disk fills"));
        assertThat(sudden.isUnderwayAt(DISK.onset())).isFalse();
        assertThat(DISK.isUnderwayAt(DISK.onset())).isTrue();
        assertThat(DISK.isActiveAt(DISK.onset())).isFalse();
        assertThat(DISK.buildUpAt(DISK.start())).isEqualTo(5.0 / 8);
        assertThat(DISK.progressAt(DISK.start())).isZero();
    }

    @Test
    void anOnsetAfterTheStartOrForAnotherKindIsRefused() {
        assertThatThrownBy(() -> DISK.withOnset(DISK.start().plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onset 2025-03-03T08:06:01Z must not be after start");
        Incident leak =
                new Incident(
                        "shipping", IncidentKind.MEMORY_LEAK, DISK.start(), DISK.end(), "leaks");
        assertThatThrownBy(() -> leak.withOnset(DISK.onset()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only disk_filling builds up before its start");
        assertThatThrownBy(
                        () ->
                                IncidentScript.validate(
                                        List.of(DISK),
                                        START.plus(Duration.ofMinutes(2)),
                                        Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("building from 2025-03-03T08:01:00Z");
    }

    private static NavigableMap<Instant, Double> filesystem() {
        NavigableMap<Instant, Double> values = new TreeMap<>();
        for (MetricData metric : out.metrics.get("database")) {
            if (metric.getName().equals("system.filesystem.utilization")
                    && "database".equals(metric.getResource().getAttributes().get(SERVICE_NAME))) {
                for (DoublePointData point : metric.getDoubleGaugeData().getPoints()) {
                    values.put(SimulatedClock.toInstant(point.getEpochNanos()), point.getValue());
                }
            }
        }
        return values;
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }
}
