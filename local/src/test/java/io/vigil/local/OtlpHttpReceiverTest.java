package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import org.junit.jupiter.api.Test;

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
}
