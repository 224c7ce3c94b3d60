package io.vigil.udfs.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringCodecTest {
    @Test
    void stringsOfAnyLengthRoundTrip() throws IOException {
        List<String> strings =
                List.of(
                        "",
                        "checkout",
                        "é🔥\u0000",
                        "x".repeat(65_534),
                        "x".repeat(65_535),
                        "é".repeat(40_000),
                        "🔥".repeat(30_000),
                        "v".repeat(200_000));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String s : strings) {
            StringCodec.write(out, s);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        for (String s : strings) {
            assertThat(StringCodec.read(in)).isEqualTo(s);
        }
        assertThat(in.available()).isZero();
    }

    @Test
    void shortStringsAreWrittenAsWriteUtfWritesThem() throws IOException {
        ByteArrayOutputStream codec = new ByteArrayOutputStream();
        StringCodec.write(new DataOutputStream(codec), "série 🔥");
        ByteArrayOutputStream utf = new ByteArrayOutputStream();
        new DataOutputStream(utf).writeUTF("série 🔥");
        assertThat(codec.toByteArray()).isEqualTo(utf.toByteArray());
    }
}
