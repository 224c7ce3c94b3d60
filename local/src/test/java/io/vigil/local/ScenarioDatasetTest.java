package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpDecoder;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short {@code bad-deploy} dataset read back line by line with Vigil's own OTLP JSON decoders,
 * the raw JSON checked against the OTLP/JSON rules, and two runs compared byte for byte.
 */
class ScenarioDatasetTest {

    private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");
    private static final Duration SHORT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEX_32 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX_16 = Pattern.compile("[0-9a-f]{16}");

    @TempDir static Path temp;

    private static ScenarioDataset.Settings settings;
    private static ScenarioDataset.Summary summary;
    private static Path dir;

    @BeforeAll
    static void generateShortBadDeploy() throws Exception {
        settings =
                new ScenarioDataset.Settings(
                        IncidentScenarios.named("bad-deploy"), 7, START, SHORT, 5, true);
        dir = temp.resolve("bad-deploy");
        summary = ScenarioDataset.write(settings, dir);
    }

    @Test
    void writesTheContractsFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "metrics.jsonl.gz",
                            "traces.jsonl.gz",
                            "logs.jsonl.gz",
                            "faults.jsonl",
                            "DATASET.md");
        }
        // 4 minutes at 5 requests/s: Poisson, so within a few standard deviations of 1200.
        assertThat(summary.requests()).isBetween(1050L, 1350L);
    }

    @Test
    void everySpanLineDecodesWithVigilsDecoder() throws IOException {
        List<SpanRecord> spans =
                decodeAll("traces.jsonl.gz", new OtlpSpanDecoder(OtlpEncoding.JSON));
        assertThat(spans).hasSize((int) file("traces.jsonl.gz").items());
        assertThat(spans.size()).isGreaterThan(8 * (int) summary.requests());
        for (SpanRecord span : spans) {
            assertThat(span.traceId()).matches(HEX_32);
            assertThat(span.spanId()).matches(HEX_16);
            assertThat(span.serviceName()).isIn(TelemetryGenerator.SERVICES);
        }
        assertThat(spans)
                .extracting(SpanRecord::serviceName)
                .contains("frontend", "checkout", "payment", "shipping");
        assertTimeOrder(
                "traces.jsonl.gz",
                new OtlpSpanDecoder(OtlpEncoding.JSON),
                s -> s.endTimeUnixNano());
    }

    @Test
    void everyLogLineDecodesWithVigilsDecoder() throws IOException {
        List<LogEvent> logs = decodeAll("logs.jsonl.gz", new OtlpLogDecoder(OtlpEncoding.JSON));
        assertThat(logs).hasSize((int) file("logs.jsonl.gz").items());
        assertThat(logs).filteredOn(l -> !l.traceId().isEmpty()).isNotEmpty();
        for (LogEvent log : logs) {
            if (!log.traceId().isEmpty()) {
                assertThat(log.traceId()).matches(HEX_32);
            }
        }
        assertThat(logs)
                .extracting(LogEvent::body)
                .anySatisfy(b -> assertThat(b).startsWith("Deployment finished: checkout 2.5.0"))
                .anySatisfy(b -> assertThat(b).startsWith("Rollback finished: checkout 2.4.0"));
        assertTimeOrder(
                "logs.jsonl.gz",
                new OtlpLogDecoder(OtlpEncoding.JSON),
                LogEvent::effectiveTimeUnixNano);
    }

    @Test
    void everyMetricLineDecodesWithVigilsDecoder() throws IOException {
        List<MetricPoint> points =
                decodeAll("metrics.jsonl.gz", new OtlpMetricDecoder(OtlpEncoding.JSON));
        assertThat(points).hasSize((int) file("metrics.jsonl.gz").items());
        assertThat(points)
                .extracting(MetricPoint::name)
                .contains(
                        "system.cpu.utilization",
                        "system.memory.usage",
                        "system.filesystem.utilization",
                        "http.server.request.duration",
                        "http.server.requests",
                        "messaging.queue.depth");
        assertTimeOrder(
                "metrics.jsonl.gz",
                new OtlpMetricDecoder(OtlpEncoding.JSON),
                MetricPoint::timeUnixNano);
    }

    @Test
    void theJsonIsOtlpJsonNotProtobufsCanonicalJson() throws IOException {
        String line = lines("traces.jsonl.gz").get(0);
        JsonNode span = JSON.readTree(line).at("/resourceSpans/0/scopeSpans/0/spans/0");
        // Ids as hex (protobuf's own JSON mapping would write base64), 64-bit integers as
        // strings, enums as numbers.
        assertThat(span.get("traceId").asText()).matches(HEX_32);
        assertThat(span.get("spanId").asText()).matches(HEX_16);
        assertThat(span.get("startTimeUnixNano").isTextual()).isTrue();
        assertThat(span.get("kind").isInt()).isTrue();
        String metric = lines("metrics.jsonl.gz").get(0);
        assertThat(metric)
                .contains("\"timeUnixNano\":\"")
                .doesNotContain("AGGREGATION_TEMPORALITY");
    }

    @Test
    void eachLineIsOneServiceInstance() throws IOException {
        for (String name : List.of("metrics.jsonl.gz", "traces.jsonl.gz", "logs.jsonl.gz")) {
            for (String line : lines(name)) {
                JsonNode root = JSON.readTree(line);
                JsonNode resources = root.elements().next();
                assertThat(resources.size()).as("resources in a line of %s", name).isEqualTo(1);
            }
        }
    }

    @Test
    void faultsJsonlLabelsTheDeployWithTheNewInstance() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("faults.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode fault = JSON.readTree(lines.get(0));
        assertThat(fault.fieldNames())
                .toIterable()
                .containsExactly("id", "start", "end", "rootCause", "kind");
        Incident injected = IncidentScenarios.named("bad-deploy").incidents(START, SHORT).get(0);
        assertThat(fault.get("start").asText()).isEqualTo(injected.start().toString());
        assertThat(fault.get("end").asText()).isEqualTo(injected.end().toString());
        assertThat(fault.get("kind").asText()).isEqualTo("deploy");
        assertThat(fault.at("/rootCause/service").asText()).isEqualTo("checkout");
        TelemetryGenerator.Instance deployed =
                summary.instances().stream()
                        .filter(i -> i.version().equals("2.5.0"))
                        .findFirst()
                        .orElseThrow();
        assertThat(fault.at("/rootCause/instance").asText()).isEqualTo(deployed.instanceId());
        assertThat(deployed.since()).isEqualTo(injected.start());
    }

    @Test
    void datasetMdSaysHowItWasMade() throws IOException {
        String md = Files.readString(dir.resolve("DATASET.md"));
        assertThat(md)
                .contains("# Incident dataset `bad-deploy`")
                .contains(
                        "./vigil generate --scenario bad-deploy --seed 7 --start"
                                + " 2025-03-03T08:00:00Z --duration 4m --rate 5 --out DIR")
                .contains("| f-001 | deploy | checkout")
                .contains("`traces.jsonl.gz`");
    }

    @Test
    void theSameSettingsGiveTheSameBytesAndAnotherSeedOthers() throws Exception {
        ScenarioDataset.Settings flapping =
                new ScenarioDataset.Settings(
                        IncidentScenarios.named("flapping"),
                        3,
                        START,
                        Duration.ofMinutes(3),
                        3,
                        true);
        Path first = temp.resolve("same-1");
        Path second = temp.resolve("same-2");
        Path other = temp.resolve("other-seed");
        ScenarioDataset.write(flapping, first);
        ScenarioDataset.write(flapping, second);
        ScenarioDataset.write(
                new ScenarioDataset.Settings(
                        flapping.scenario(), 4, START, flapping.duration(), 3, true),
                other);

        assertThat(hashes(second)).isEqualTo(hashes(first)).hasSize(5);
        assertThat(hashes(other).get("traces.jsonl.gz"))
                .isNotEqualTo(hashes(first).get("traces.jsonl.gz"));
    }

    @Test
    void plainJsonlOnRequestReplacesTheGzippedFiles() throws Exception {
        Path plain = temp.resolve("plain");
        ScenarioDataset.Settings gz =
                new ScenarioDataset.Settings(
                        IncidentScenarios.named("quiet"), 1, START, Duration.ofMinutes(1), 2, true);
        ScenarioDataset.write(gz, plain);
        ScenarioDataset.write(
                new ScenarioDataset.Settings(gz.scenario(), 1, START, gz.duration(), 2, false),
                plain);

        assertThat(plain.resolve("traces.jsonl")).exists();
        assertThat(plain.resolve("traces.jsonl.gz")).doesNotExist();
        assertThat(Files.readString(plain.resolve("faults.jsonl"))).isEmpty();
        List<SpanRecord> spans = new ArrayList<>();
        OtlpSpanDecoder decoder = new OtlpSpanDecoder(OtlpEncoding.JSON);
        for (String line : Files.readAllLines(plain.resolve("traces.jsonl"))) {
            DecodeResult<SpanRecord> result = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
            assertThat(result.errors()).isEmpty();
            spans.addAll(result.records());
        }
        assertThat(spans).isNotEmpty();
    }

    // ----------------------------------------------------------------------------------------

    private static ScenarioDataset.FileSummary file(String name) {
        return summary.files().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> lines(String name) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name)));
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(lines).hasSize((int) file(name).lines());
        return lines;
    }

    private static <T> List<T> decodeAll(String name, OtlpDecoder<T> decoder) throws IOException {
        List<T> all = new ArrayList<>();
        int n = 0;
        for (String line : lines(name)) {
            n++;
            DecodeResult<T> result = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
            assertThat(result.errors()).as("%s line %d", name, n).isEmpty();
            assertThat(result.records()).as("%s line %d", name, n).isNotEmpty();
            all.addAll(result.records());
        }
        return all;
    }

    /**
     * Lines are in non-decreasing order of their first item's time, and that first item is the
     * line's earliest; every time lies within the run (plus the last requests' few ms).
     */
    private static <T> void assertTimeOrder(
            String name, OtlpDecoder<T> decoder, ToLongFunction<T> time) throws IOException {
        long previous = Long.MIN_VALUE;
        long from = SimulatedClock.toNanos(START);
        long to = SimulatedClock.toNanos(START.plus(SHORT).plusSeconds(1));
        for (String line : lines(name)) {
            List<T> records = decoder.decode(line.getBytes(StandardCharsets.UTF_8)).records();
            long first = time.applyAsLong(records.get(0));
            for (T record : records) {
                assertThat(time.applyAsLong(record))
                        .isGreaterThanOrEqualTo(first)
                        .isBetween(from, to);
            }
            assertThat(first)
                    .as("first time of a line of %s", name)
                    .isGreaterThanOrEqualTo(previous);
            previous = first;
        }
    }

    private static Map<String, String> hashes(Path dataset)
            throws IOException, NoSuchAlgorithmException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dataset)) {
            for (Path file : files.toList()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                hashes.put(
                        file.getFileName().toString(),
                        HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file))));
            }
        }
        return hashes;
    }
}
