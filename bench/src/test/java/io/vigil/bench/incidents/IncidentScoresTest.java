package io.vigil.bench.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's scoring rules, on the case {@code score.py --self-test} checks. */
class IncidentScoresTest {
    private static final long T0 = 1_700_000_000L; // 2023-11-14T22:13:20Z

    @TempDir Path dir;

    private static String z(long s) {
        return Instant.ofEpochSecond(s).toString();
    }

    private static String fault(String id, long start, String service) {
        return "{\"id\":\""
                + id
                + "\",\"start\":\""
                + z(start)
                + "\",\"end\":\""
                + z(start + 180)
                + "\",\"rootCause\":{\"service\":\""
                + service
                + "\"},\"kind\":\"cpu\"}";
    }

    private static RunIncident incident(String id, String openedAt, long alerts, String... causes) {
        StringBuilder rc = new StringBuilder("[");
        for (int i = 0; i < causes.length; i++) {
            rc.append(i == 0 ? "" : ",")
                    .append("{\"service\":\"")
                    .append(causes[i])
                    .append("\",\"score\":")
                    .append(1.0 / (i + 1))
                    .append('}');
        }
        rc.append(']');
        return RunIncident.parse(
                "{\"id\":\""
                        + id
                        + "\",\"openedAt\":\""
                        + openedAt
                        + "\",\"alerts\":"
                        + alerts
                        + ",\"rootCauses\":"
                        + rc
                        + "}",
                id);
    }

    private IncidentDataset dataset() throws IOException {
        try (OutputStream out =
                new GZIPOutputStream(Files.newOutputStream(dir.resolve("metrics.jsonl.gz")))) {
            for (long t : new long[] {T0, T0 + 3600}) {
                out.write(
                        ("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[]},\"scopeMetrics\":"
                                        + "[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":"
                                        + "[{\"startTimeUnixNano\":\"1\",\"timeUnixNano\":\""
                                        + t * 1_000_000_000L
                                        + "\",\"asDouble\":1.0}]}}]}]}]}\n")
                                .getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.writeString(
                dir.resolve("logs.jsonl"),
                "{\"resourceLogs\":[{\"resource\":{\"attributes\":[]},\"scopeLogs\":[{\"logRecords\":"
                        + "[{\"timeUnixNano\":\""
                        + (T0 + 172_800) * 1_000_000_000L
                        + "\",\"body\":{\"stringValue\":\"x\"}}]}]}]}\n");
        Files.write(
                dir.resolve("faults.jsonl"),
                List.of(
                        fault("f1", T0 + 3600, "a"),
                        fault("f2", T0 + 7200, "b"),
                        fault("f3", T0 + 10800, "c"),
                        fault("f4", T0 + 14400, "d")));
        return IncidentDataset.at(dir).orElseThrow();
    }

    @Test
    void scoresAsTheContractsReferenceScorerDoes() throws IOException {
        IncidentDataset dataset = dataset();
        List<RunIncident> incidents =
                List.of(
                        // f1: two in its window, the earlier-opened one (rank 2) counts
                        incident("i1b", z(T0 + 3800), 2, "a"),
                        incident("i1a", z(T0 + 3630), 10, "x", "a"),
                        // f2: 50 s before start, inside the 60 s margin; an offset time
                        incident("i2", "2023-11-15T02:12:30+02:00", 4, "b", "y"),
                        // 61 s before f3: in no window, so false; f3 missed
                        incident("i3", z(T0 + 10800 - 61), 1, "c"),
                        // f4: at end + 300 s exactly, rank 4
                        incident("i4", z(T0 + 14580 + 300), 3, "p", "q", "r", "d"),
                        incident("i5", z(T0 + 100_000), 0));

        IncidentScores s =
                IncidentScores.score(dataset.faults(), incidents, dataset.telemetrySpan());

        assertThat(s.faults()).isEqualTo(4);
        assertThat(s.detected()).isEqualTo(3);
        assertThat(s.accuracyAt(1)).contains(0.25);
        assertThat(s.accuracyAt(3)).contains(0.5);
        assertThat(s.accuracyAt(5)).contains(0.75);
        assertThat(s.incidents()).isEqualTo(6);
        assertThat(s.falseIncidents()).isEqualTo(2);
        assertThat(s.alerts()).isEqualTo(20);
        assertThat(s.mttdQuantile(0.5).orElseThrow()).isCloseTo(30, within(1e-9));
        assertThat(s.mttdQuantile(0.9).orElseThrow()).isCloseTo(30 + 0.8 * 450, within(1e-9));
        assertThat(s.days().orElseThrow()).isCloseTo(2.0, within(1e-9));
        assertThat(s.falsePerDay().orElseThrow()).isCloseTo(1.0, within(1e-9));
        assertThat(s.compression().orElseThrow()).isCloseTo(20.0 / 6, within(1e-9));
        assertThat(s.perFault())
                .extracting(IncidentScores.FaultOutcome::rank)
                .containsExactly(2, 1, 0, 4);
        assertThat(s.perFault())
                .extracting(o -> o.incident().orElse(null))
                .containsExactly("i1a", "i2", null, "i4");
        assertThat(s.report())
                .contains("detected     3/4 (75.0 %)")
                .contains("AS@1/3/5     25.0 % / 50.0 % / 75.0 %")
                .contains("false        2 of 6 incidents, 1.00 per day (2.000 days of data)");
    }

    @Test
    void noIncidentsMeansNothingDetected() throws IOException {
        IncidentDataset dataset = dataset();
        IncidentScores s = IncidentScores.score(dataset.faults(), List.of(), Optional.empty());
        assertThat(s.detected()).isZero();
        assertThat(s.accuracyAt(1)).contains(0.0);
        assertThat(s.compression()).isEmpty();
        assertThat(s.mttdQuantile(0.5)).isEmpty();
        assertThat(s.report()).contains("MTTD         median - s, p90 - s");
    }

    @Test
    void aFaultWithoutServiceIsNamedWithItsLine() throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), "");
        Files.writeString(
                dir.resolve("faults.jsonl"),
                "{\"id\":\"f\",\"start\":\"2024-01-01T00:00:00Z\",\"end\":\"2024-01-01T00:03:00Z\"}\n");
        IncidentDataset dataset = IncidentDataset.at(dir).orElseThrow();
        assertThatThrownBy(dataset::faults)
                .hasMessageContaining("faults.jsonl:1")
                .hasMessageContaining("rootCause.service");
    }

    @Test
    void aFolderOfDatasetsIsFoundAndAnEmptyOneNamed() throws IOException {
        Files.createDirectories(dir.resolve("b"));
        Files.createDirectories(dir.resolve("a/day"));
        Files.writeString(dir.resolve("b/traces.jsonl.gz"), "");
        Files.writeString(dir.resolve("a/day/logs.jsonl"), "");
        assertThat(IncidentDataset.discover(dir))
                .extracting(IncidentDataset::name)
                .containsExactly("day", "b");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> IncidentDataset.discover(empty))
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("no dataset");
    }
}
