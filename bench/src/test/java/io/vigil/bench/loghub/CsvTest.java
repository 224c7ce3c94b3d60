package io.vigil.bench.loghub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        String text = "a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n2,,z\n";
        assertThat(Csv.parse(text))
                .containsExactly(
                        List.of("a", "b", "c"),
                        List.of("1", "x, \"y\"", "two\nlines"),
                        List.of("2", "", "z"));
    }

    @Test
    void quotesOnlyWhenNeeded() {
        assertThat(Csv.quote("plain <*>")).isEqualTo("plain <*>");
        assertThat(Csv.quote("a, \"b\"")).isEqualTo("\"a, \"\"b\"\"\"");
    }
}
