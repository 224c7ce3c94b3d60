package io.vigil.bench.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a corpus in NAB layout, and the errors for input that cannot be scored. */
class NabCorpusTest {

    @TempDir Path dir;
    private Path data;
    private Path windows;

    private static final String GOOD =
            """
            timestamp,value
            2014-01-01 00:00:00,1.5
            2014-01-01 00:05:00,2
            2014-01-01 00:10:00,1.0E7
            2014-01-01 00:15:00,3
            2014-01-01 00:20:00,4
            """;

    @BeforeEach
    void layout() throws IOException {
        data = Files.createDirectories(dir.resolve("data"));
        windows = dir.resolve("windows.json");
        write("b/two.csv", GOOD);
        write("a/one.csv", GOOD);
        Files.writeString(data.resolve("README.md"), "not a category");
        Files.writeString(data.resolve("a").resolve("notes.txt"), "not data");
    }

    private void write(String relative, String text) throws IOException {
        Path path = data.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    private void windows(String json) throws IOException {
        Files.writeString(windows, json);
    }

    @Test
    void loadsFilesInKeyOrderWithWindowsAsRowRanges() throws IOException {
        windows(
                """
                {
                  "b/two.csv": [
                    ["2014-01-01 00:05:00.000000", "2014-01-01 00:10:00.000000"],
                    ["2014-01-01 00:20:00.000000", "2014-01-01 00:20:00.000000"]
                  ],
                  "a/one.csv": []
                }
                """);
        NabCorpus corpus = NabCorpus.load(data, windows);
        assertThat(corpus.files())
                .extracting(NabFile::key)
                .containsExactly("a/one.csv", "b/two.csv");
        NabFile two = corpus.file("b/two.csv");
        assertThat(two.category()).isEqualTo("b");
        assertThat(two.name()).isEqualTo("two.csv");
        assertThat(two.windows()).containsExactly(new NabWindow(1, 2), new NabWindow(4, 4));
        assertThat(two.epochMillis()[0]).isEqualTo(1_388_534_400_000L); // 2014-01-01T00:00Z
        assertThat(two.epochMillis()[1] - two.epochMillis()[0]).isEqualTo(300_000L);
        assertThat(two.values()).containsExactly(1.5, 2, 1.0e7, 3, 4);
        assertThat(two.valueText()[2]).isEqualTo("1.0E7");
        assertThat(two.timestampText()[4]).isEqualTo("2014-01-01 00:20:00");
        assertThat(two.label(0)).isZero();
        assertThat(two.label(2)).isEqualTo(1);
        assertThat(corpus.windowCount()).isEqualTo(2);
        assertThat(corpus.rowCount()).isEqualTo(10);
        assertThat(corpus.byCategory()).containsOnlyKeys("a", "b");
    }

    @Test
    void malformedValueNamesFileAndLine() throws IOException {
        write("a/one.csv", GOOD.replace("2014-01-01 00:10:00,1.0E7", "2014-01-01 00:10:00,abc"));
        windows("{\"a/one.csv\": [], \"b/two.csv\": []}");
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .isInstanceOf(NabFormatException.class)
                .hasMessageContaining("one.csv:4:")
                .hasMessageContaining("value 'abc' is not a finite number");
    }

    @Test
    void malformedTimestampOrMissingValueNamesFileAndLine() throws IOException {
        windows("{\"a/one.csv\": [], \"b/two.csv\": []}");
        // Per case: the text of a/one.csv replaced, its replacement, the line and problem named.
        String row5 = "2014-01-01 00:15:00,3";
        String[][] cases = {
            {
                row5,
                "2014-01-01T00:15:00,3",
                "one.csv:5:",
                "timestamp '2014-01-01T00:15:00' is not YYYY-MM-DD HH:MM:SS"
            },
            {row5, "2014-02-30 00:15:00,3", "one.csv:5:", "timestamp '2014-02-30 00:15:00'"},
            {row5, "2014-01-01 00:15:00", "one.csv:5:", "has no value"},
            {"timestamp,value", "time,value", "one.csv:1:", "expected timestamp,value"}
        };
        for (String[] c : cases) {
            write("a/one.csv", GOOD.replace(c[0], c[1]));
            assertThatThrownBy(() -> NabCorpus.load(data, windows))
                    .hasMessageContaining(c[2])
                    .hasMessageContaining(c[3]);
        }
    }

    @Test
    void windowTimestampThatHitsNoRowNamesWindowsFileLineAndKey() throws IOException {
        windows(
                """
                {
                  "a/one.csv": [],
                  "b/two.csv": [
                    ["2014-01-01 00:07:00.000000", "2014-01-01 00:10:00.000000"]
                  ]
                }
                """);
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .isInstanceOf(NabFormatException.class)
                .hasMessageContaining("windows.json:4:")
                .hasMessageContaining(
                        "window start '2014-01-01 00:07:00.000000' of \"b/two.csv\" hits no row");
        windows(
                "{\"a/one.csv\": [], \"b/two.csv\": [[\"2014-01-01 00:10:00.000000\","
                        + " \"2014-01-01 00:05:00.000000\"]]}");
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .hasMessageContaining("window end '2014-01-01 00:05:00.000000'")
                .hasMessageContaining("at or after its start");
    }

    @Test
    void fileMissingFromTheWindowsFileAndWindowsWithoutADataFileAreErrors() throws IOException {
        windows("{\"a/one.csv\": []}");
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .isInstanceOf(NabFormatException.class)
                .hasMessageContaining("windows.json")
                .hasMessageContaining("no entry \"b/two.csv\"");
        windows("{\"a/one.csv\": [], \"b/two.csv\": [], \"c/three.csv\": []}");
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .hasMessageContaining("[c/three.csv]")
                .hasMessageContaining("no such data file");
    }

    @Test
    void overlappingWindowsAndBadJsonAreErrors() throws IOException {
        windows(
                """
                {"a/one.csv": [], "b/two.csv": [
                  ["2014-01-01 00:05:00.000000", "2014-01-01 00:15:00.000000"],
                  ["2014-01-01 00:10:00.000000", "2014-01-01 00:20:00.000000"]]}
                """);
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .hasMessageContaining("windows.json:3:")
                .hasMessageContaining("overlaps");
        windows("{\"a/one.csv\": [], \"b/two.csv\": [[\"2014-01-01 00:05:00\"]]}");
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .hasMessageContaining("expected a timestamp string in a window of \"b/two.csv\"");
        windows(
                "{\"a/one.csv\": [], \"b/two.csv\": [[\"2014-01-01 00:05:00\","
                        + " \"2014-01-01 00:10:00\", \"2014-01-01 00:15:00\"]]}");
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .hasMessageContaining("exactly two timestamps");
        windows("{\"a/one.csv\": [], ");
        assertThatThrownBy(() -> NabCorpus.load(data, windows))
                .isInstanceOf(NabFormatException.class)
                .hasMessageContaining("windows.json:1:");
    }

    @Test
    void inMemoryFilesValidateTheirWindows() {
        long[] millis = {0, 60_000, 120_000};
        assertThatThrownBy(
                        () ->
                                NabFile.of(
                                        "a",
                                        "x.csv",
                                        millis,
                                        new double[3],
                                        List.of(new NabWindow(1, 5))))
                .hasMessageContaining("ends after the last row");
        assertThat(NabFile.of("a", "x.csv", millis, new double[3], List.of()).timestampText()[1])
                .isEqualTo("1970-01-01 00:01:00");
    }
}
