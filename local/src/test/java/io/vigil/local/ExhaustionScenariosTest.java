package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow exhaustion scenarios and the memory limit: the utilization series cross 0.80 and 0.90 at
 * the instants {@code faults.jsonl} states (within one 10-s interval), are flat with noise before
 * the fault and back at the base after it; {@code system.memory.utilization} is usage / limit.
 *
 * <p>The datasets are generated at a tenth of their default length (21 simulated minutes, the fault
 * 15 of them, 1 request/s) so the suite stays fast; the climb is then ten times as steep, so one
 * interval of it is ten times the noise. The default length is checked on the host model alone
 * ({@link HostState}, exactly the series the generator emits), where the noise of one point spans a
 * few intervals of the slow climb and the crossing is checked on the trend.
 */
class ExhaustionScenariosTest {

    private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");
    private static final Duration SCALED = Duration.ofMinutes(21);
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path temp;

    /** The two scaled datasets: decoded metric points and the fault line, by scenario name. */
    private static final Map<String, Dataset> DATASETS = new HashMap<>();

    private record Dataset(Path dir, List<MetricPoint> points, JsonNode fault) {

        /** The points of {@code metric} of {@code service}, by time. */
        NavigableMap<Instant, Double> series(String service, String metric) {
            NavigableMap<Instant, Double> series = new TreeMap<>();
            for (MetricPoint point : points) {
                if (point.serviceName().equals(service) && point.name().equals(metric)) {
                    series.put(at(point), point.value());
                }
            }
            return series;
        }

        Instant start() {
            return Instant.parse(fault.get("start").asText());
        }

        Instant end() {
            return Instant.parse(fault.get("end").asText());
        }

        /** The instant {@code faults.jsonl} states for {@code level}. */
        Instant crossing(double level) {
            for (JsonNode crossing : fault.at("/exhaustion/crossings")) {
                if (crossing.get("level").asDouble() == level) {
                    return Instant.parse(crossing.get("at").asText());
                }
            }
            throw new AssertionError("no crossing of " + level + " in " + fault);
        }
    }

    @BeforeAll
    static void generateScaledDatasets() throws Exception {
        for (IncidentScenario scenario : IncidentScenarios.exhaustion()) {
            Path dir = temp.resolve(scenario.name());
            ScenarioDataset.write(
                    new ScenarioDataset.Settings(scenario, 42, START, SCALED, 1, false), dir);
            List<MetricPoint> points = new ArrayList<>();
            OtlpMetricDecoder decoder = new OtlpMetricDecoder(OtlpEncoding.JSON);
            for (String line : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
                DecodeResult<MetricPoint> result =
                        decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                assertThat(result.errors()).isEmpty();
                points.addAll(result.records());
            }
            List<String> faults = Files.readAllLines(dir.resolve("faults.jsonl"));
            assertThat(faults).hasSize(1);
            DATASETS.put(scenario.name(), new Dataset(dir, points, JSON.readTree(faults.get(0))));
        }
    }

    @Test
    void theExhaustionScenariosAreSlowAndNotInTheIncidentsBenchmark() {
        assertThat(IncidentScenarios.exhaustion())
                .extracting(IncidentScenario::name)
                .containsExactly("disk-exhaustion", "memory-exhaustion");
        assertThat(IncidentScenarios.incidents())
                .doesNotContainAnyElementsOf(IncidentScenarios.exhaustion())
                .hasSize(IncidentScenarios.all().size() - 2);
        for (IncidentScenario scenario : IncidentScenarios.exhaustion()) {
            IncidentScenario.Placed fault =
                    scenario.place(START, scenario.defaultDuration()).get(0);
            assertThat(Duration.between(fault.start(), fault.end()))
                    .isBetween(Duration.ofHours(2), Duration.ofHours(3));
            assertThat(Duration.between(START, fault.start())).isEqualTo(Duration.ofMinutes(40));
        }
    }

    @Test
    void diskExhaustionCrossesEachLevelWhenFaultsJsonlSays() {
        Dataset disk = DATASETS.get("disk-exhaustion");
        assertThat(disk.fault().at("/rootCause/service").asText()).isEqualTo("database");
        assertThat(disk.fault().at("/exhaustion/metric").asText())
                .isEqualTo("system.filesystem.utilization");
        NavigableMap<Instant, Double> series =
                disk.series("database", "system.filesystem.utilization");
        assertCrossesAtTheStatedInstants(disk, series);
        assertFlatWithNoise(series.headMap(disk.start(), true), 0.55, 0.002);
        assertFlatWithNoise(series.tailMap(disk.end(), true), 0.55, 0.002);
        assertThat(series.lowerEntry(disk.end()).getValue()).isCloseTo(0.985, within(0.01));
    }

    @Test
    void memoryExhaustionCrossesEachLevelWhenFaultsJsonlSays() {
        Dataset memory = DATASETS.get("memory-exhaustion");
        assertThat(memory.fault().at("/rootCause/service").asText()).isEqualTo("shipping");
        assertThat(memory.fault().get("kind").asText()).isEqualTo("memory_leak");
        assertThat(memory.fault().at("/exhaustion/metric").asText())
                .isEqualTo("system.memory.utilization");
        NavigableMap<Instant, Double> series =
                memory.series("shipping", "system.memory.utilization");
        assertCrossesAtTheStatedInstants(memory, series);
        // The walk scatters by σ ≈ 1.2 % of the base: 0.006 of the limit.
        assertFlatWithNoise(series.headMap(memory.start(), true), 0.5, 0.03);
        assertThat(series.lowerEntry(memory.end()).getValue()).isBetween(0.99, 1.0);
        assertThat(series.values()).allMatch(u -> u <= 1.0);
        // OOM-killed at the end: back to the base at once.
        assertFlatWithNoise(series.tailMap(memory.end(), true), 0.5, 0.03);
    }

    @Test
    void memoryUtilizationIsUsageOverTheLimitOnEveryHost() {
        Dataset memory = DATASETS.get("memory-exhaustion");
        for (HostState.Profile profile : TelemetryGenerator.PROFILES) {
            String service = profile.service();
            NavigableMap<Instant, Double> usage = memory.series(service, "system.memory.usage");
            NavigableMap<Instant, Double> limit = memory.series(service, "system.memory.limit");
            NavigableMap<Instant, Double> utilization =
                    memory.series(service, "system.memory.utilization");
            assertThat(utilization.keySet()).isEqualTo(usage.keySet()).hasSize(126);
            assertThat(limit.keySet()).isEqualTo(usage.keySet());
            assertThat(limit.values()).containsOnly((double) profile.memoryLimitBytes());
            usage.forEach(
                    (at, used) ->
                            assertThat(utilization.get(at))
                                    .as("%s at %s", service, at)
                                    .isEqualTo(used / profile.memoryLimitBytes()));
            // Normal utilization sits around 0.4-0.6.
            assertThat(utilization.headMap(memory.start()).values()).allMatch(u -> u > 0.4);
            assertThat(utilization.headMap(memory.start()).values()).allMatch(u -> u < 0.6);
        }
        for (MetricPoint point : memory.points()) {
            switch (point.name()) {
                case "system.memory.limit" -> {
                    assertThat(point.unit()).isEqualTo("By");
                    assertThat(point.type()).isEqualTo(MetricType.SUM);
                    assertThat(point.monotonic()).isFalse();
                    assertThat(point.attributes()).isEmpty();
                }
                case "system.memory.utilization" -> {
                    assertThat(point.unit()).isEqualTo("1");
                    assertThat(point.type()).isEqualTo(MetricType.GAUGE);
                    assertThat(Attribute.find(point.attributes(), "system.memory.state"))
                            .isEqualTo("used");
                }
                default -> {}
            }
        }
    }

    @Test
    void faultsJsonlAndDatasetMdStateTheModelsCrossings() throws IOException {
        for (IncidentScenario scenario : IncidentScenarios.exhaustion()) {
            Dataset dataset = DATASETS.get(scenario.name());
            Incident incident = scenario.incidents(START, SCALED).get(0);
            ResourceExhaustion truth = ResourceExhaustion.of(incident).orElseThrow();
            String md = Files.readString(dataset.dir().resolve("DATASET.md"));
            assertThat(md).contains("## Exhaustion");
            for (ResourceExhaustion.Crossing crossing : truth.crossings()) {
                assertThat(dataset.crossing(crossing.level())).isEqualTo(crossing.at());
                assertThat(md).contains(" | " + crossing.at() + " |");
            }
            assertThat(truth.at(truth.full())).isEqualTo(incident.end());
        }
    }

    /**
     * The host model alone gives exactly the series the generator emits, so the default length can
     * be checked without generating 210 minutes of traffic.
     */
    @Test
    void theHostModelAloneGivesTheEmittedSeries() {
        IncidentScenario scenario = IncidentScenarios.named("memory-exhaustion");
        Map<String, NavigableMap<Instant, double[]>> model =
                HostModel.run(START, scenario.incidents(START, SCALED), SCALED);
        Dataset emitted = DATASETS.get("memory-exhaustion");
        assertThat(HostModel.column(model.get("shipping"), 0))
                .isEqualTo(emitted.series("shipping", "system.memory.utilization"));
        assertThat(HostModel.column(model.get("database"), 1))
                .isEqualTo(emitted.series("database", "system.filesystem.utilization"));
    }

    /**
     * At the default length (210 min, the fault 150 of them) the stated instants are the model's:
     * memory 0.80 after 90 min of leak, 0.90 after 120; the disk's where base + 0.435 ×
     * progress^1.2 reaches them. The climb is ten times slower than in the scaled datasets, so the
     * noise of one point spans a few 10-s intervals of it: the first point at or above each level,
     * and the trend (a least-squares line over the 20 minutes around the instant), are within a
     * minute of the stated instant, at 0.90 within 30 s.
     */
    @Test
    void atTheDefaultLengthTheSeriesCrossesNearTheStatedInstants() {
        IncidentScenario memory = IncidentScenarios.named("memory-exhaustion");
        IncidentScenario disk = IncidentScenarios.named("disk-exhaustion");
        Incident leak = memory.incidents(START, memory.defaultDuration()).get(0);
        Incident filling = disk.incidents(START, disk.defaultDuration()).get(0);
        ResourceExhaustion leakTruth = ResourceExhaustion.of(leak).orElseThrow();
        ResourceExhaustion fillingTruth = ResourceExhaustion.of(filling).orElseThrow();
        assertThat(leakTruth.crossings())
                .extracting(ResourceExhaustion.Crossing::at)
                .containsExactly(
                        Instant.parse("2025-03-03T10:10:00Z"),
                        Instant.parse("2025-03-03T10:40:00Z"),
                        Instant.parse("2025-03-03T11:10:00Z"));
        assertThat(fillingTruth.crossings())
                .extracting(ResourceExhaustion.Crossing::at)
                .containsExactly(
                        Instant.parse("2025-03-03T10:14:32.634Z"),
                        Instant.parse("2025-03-03T10:45:08.586Z"),
                        Instant.parse("2025-03-03T11:10:00Z"));

        NavigableMap<Instant, Double> memorySeries =
                HostModel.column(
                        HostModel.run(START, List.of(leak), memory.defaultDuration())
                                .get("shipping"),
                        0);
        NavigableMap<Instant, Double> diskSeries =
                HostModel.column(
                        HostModel.run(START, List.of(filling), disk.defaultDuration())
                                .get("database"),
                        1);
        assertCrossesNear(memorySeries, leak.start(), leakTruth);
        assertCrossesNear(diskSeries, filling.start(), fillingTruth);
        assertFlatWithNoise(memorySeries.headMap(leak.start(), true), 0.5, 0.03);
        assertFlatWithNoise(diskSeries.headMap(filling.start(), true), 0.55, 0.002);
    }

    // ----------------------------------------------------------------------------------------

    private static void assertCrossesAtTheStatedInstants(
            Dataset dataset, NavigableMap<Instant, Double> series) {
        for (double level : ResourceExhaustion.LEVELS) {
            Instant stated = dataset.crossing(level);
            assertThat(stated).isBetween(dataset.start(), dataset.end());
            Instant first = firstAtOrAbove(series, dataset.start(), level);
            assertThat(first)
                    .as("first point at or above %s (stated %s)", level, stated)
                    .isBetween(stated.minus(INTERVAL), stated.plus(INTERVAL));
        }
    }

    private static void assertCrossesNear(
            NavigableMap<Instant, Double> series, Instant from, ResourceExhaustion truth) {
        for (double level : ResourceExhaustion.LEVELS) {
            Duration tolerance = Duration.ofSeconds(level == 0.9 ? 30 : 60);
            Instant stated = truth.at(level);
            assertThat(firstAtOrAbove(series, from, level))
                    .as("first point at or above %s", level)
                    .isBetween(stated.minus(tolerance), stated.plus(tolerance));
            assertThat(trendCrossing(series, stated, level))
                    .as("trend crossing %s", level)
                    .isBetween(stated.minus(tolerance), stated.plus(tolerance));
        }
    }

    /** Every point within {@code tolerance} of {@code level}, and no trend between the halves. */
    private static void assertFlatWithNoise(
            NavigableMap<Instant, Double> series, double level, double tolerance) {
        assertThat(series).hasSizeGreaterThan(10);
        assertThat(series.values()).allMatch(v -> Math.abs(v - level) < tolerance);
        List<Double> values = new ArrayList<>(series.values());
        int half = values.size() / 2;
        double first = values.subList(0, half).stream().mapToDouble(v -> v).average().orElseThrow();
        double second =
                values.subList(half, values.size()).stream()
                        .mapToDouble(v -> v)
                        .average()
                        .orElseThrow();
        assertThat(second - first).isCloseTo(0.0, within(tolerance / 2));
    }

    private static Instant firstAtOrAbove(
            NavigableMap<Instant, Double> series, Instant from, double level) {
        return series.tailMap(from, true).entrySet().stream()
                .filter(e -> e.getValue() >= level)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    /** Where a least-squares line over the 10 minutes either side of {@code around} reaches it. */
    private static Instant trendCrossing(
            NavigableMap<Instant, Double> series, Instant around, double level) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Map.Entry<Instant, Double> e :
                series.subMap(around.minusSeconds(600), true, around.plusSeconds(600), true)
                        .entrySet()) {
            double x = Duration.between(around, e.getKey()).toMillis() / 1000.0;
            double y = e.getValue();
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        return around.plusMillis(Math.round((level - intercept) / slope * 1000));
    }

    private static Instant at(MetricPoint point) {
        return SimulatedClock.toInstant(point.timeUnixNano());
    }
}
