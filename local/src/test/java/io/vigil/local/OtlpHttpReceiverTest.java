package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/** Content negotiation and error bodies of the receiver (the HTTP path is in the ITCase). */
class OtlpHttpReceiverTest {

    @Test
    void acceptsProtobufAndJsonWithParameters() throws Exception {
        assertThat(OtlpHttpReceiver.isJson("application/x-protobuf")).isFalse();
        assertThat(OtlpHttpReceiver.isJson("application/json")).isTrue();
        assertThat(OtlpHttpReceiver.isJson("Application/JSON; charset=utf-8")).isTrue();
    }

    @Test
    void rejectsOtherContentTypes() {
        assertThatThrownBy(() -> OtlpHttpReceiver.isJson("text/plain"))
                .hasMessageContaining("unsupported Content-Type text/plain");
        assertThatThrownBy(() -> OtlpHttpReceiver.isJson(null))
                .hasMessageContaining("Content-Type is missing");
    }

    @Test
    void errorBodiesAreGoogleRpcStatus() throws Exception {
        byte[] proto = OtlpHttpReceiver.encodeStatus(3, "spans[0].traceId must be 16 bytes", false);
        CodedInputStream in = CodedInputStream.newInstance(proto);
        assertThat(in.readTag()).isEqualTo((1 << 3) | 0);
        assertThat(in.readInt32()).isEqualTo(3);
        assertThat(in.readTag()).isEqualTo((2 << 3) | 2);
        assertThat(in.readString()).isEqualTo("spans[0].traceId must be 16 bytes");

        JsonNode json =
                new ObjectMapper().readTree(OtlpHttpReceiver.encodeStatus(14, "Kafka down", true));
        assertThat(json.get("code").asInt()).isEqualTo(14);
        assertThat(json.get("message").asText()).isEqualTo("Kafka down");
    }

    @Test
    void signalsAreFoundByCounterName() {
        assertThat(OtlpSignal.fromName("spans")).isEqualTo(OtlpSignal.TRACES);
        assertThat(OtlpSignal.fromName("traces")).isEqualTo(OtlpSignal.TRACES);
        assertThat(OtlpSignal.fromName("Metrics")).isEqualTo(OtlpSignal.METRICS);
        assertThatThrownBy(() -> OtlpSignal.fromName("profiles"))
                .hasMessageContaining("unknown signal");
    }

    @Test
    void remoteWriteIsProtobufSnappyVersionOne() throws Exception {
        OtlpHttpReceiver.checkRemoteWriteHeaders("application/x-protobuf", "snappy", "0.1.0");
        OtlpHttpReceiver.checkRemoteWriteHeaders(
                "application/x-protobuf;proto=prometheus.WriteRequest", "Snappy", null);
        assertThatThrownBy(
                        () ->
                                OtlpHttpReceiver.checkRemoteWriteHeaders(
                                        "application/x-protobuf;proto=io.prometheus.write.v2.Request",
                                        "snappy",
                                        "2.0.0"))
                .hasMessageContaining("send remote-write 1.0");
        assertThatThrownBy(
                        () ->
                                OtlpHttpReceiver.checkRemoteWriteHeaders(
                                        "application/x-protobuf", "gzip", "0.1.0"))
                .hasMessageContaining("unsupported Content-Encoding gzip");
        assertThatThrownBy(
                        () ->
                                OtlpHttpReceiver.checkRemoteWriteHeaders(
                                        "application/json", "snappy", "0.1.0"))
                .hasMessageContaining("unsupported Content-Type application/json");
    }

    @Test
    void aBodyThatIsNotSnappyIsRefusedAndSnappyIsUnpacked() throws Exception {
        byte[] raw = "a WriteRequest would be here".getBytes(StandardCharsets.UTF_8);
        assertThat(OtlpHttpReceiver.unsnappy(Snappy.compress(raw))).isEqualTo(raw);
        assertThatThrownBy(() -> OtlpHttpReceiver.unsnappy(new byte[] {(byte) 0xff, 1, 2, 3}))
                .hasMessageContaining("body is not snappy");
        // a small body that would unpack past the cap is refused before it is unpacked
        byte[] bomb = Snappy.compress(new byte[OtlpHttpReceiver.MAX_REMOTE_WRITE_BYTES + 1]);
        assertThat(bomb.length).isLessThan(1 << 20);
        assertThatThrownBy(() -> OtlpHttpReceiver.unsnappy(bomb))
                .hasMessageContaining("at most " + OtlpHttpReceiver.MAX_REMOTE_WRITE_BYTES);
    }
}
