package io.vigil.udfs.otlp;

import java.util.Locale;

/** How the OTLP payload of a Kafka message is encoded. */
public enum OtlpEncoding {
    /**
     * Decide per message: OTLP JSON if the first byte that is not whitespace (or a UTF-8 byte
     * order mark) is {@code '{'}, else protobuf. No protobuf request starts with {@code 0x7B}
     * (that tag would be field 15 with the deprecated group wire type), but every one starts
     * with {@code 0x0A}, which is also {@code '\n'}: so when a payload that does not start with
     * {@code '{'} itself fails as JSON, the decoders try it as protobuf.
     */
    AUTO("auto"),
    /** Binary protobuf ({@code Export*ServiceRequest}, the Collector's {@code otlp_proto}). */
    PROTO("otlp_proto"),
    /** OTLP JSON (the Collector's {@code otlp_json}). */
    JSON("otlp_json");

    private final String configName;

    OtlpEncoding(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, matching the Collector's kafka exporter. */
    public String configName() {
        return configName;
    }

    /**
     * Parses a configured encoding name: {@code auto}, {@code otlp_proto} or {@code otlp_json}
     * (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the accepted values if {@code name} is none of them
     */
    public static OtlpEncoding fromConfig(String name) {
        String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (OtlpEncoding e : values()) {
            if (e.configName.equals(normalized)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "unsupported OTLP encoding '"
                        + name
                        + "': use one of auto, otlp_proto, otlp_json"
                        + " (the jaeger_*, zipkin_* and raw encodings are not supported)");
    }

    /**
     * The encoding of {@code payload} to try first: this encoding, or for {@link #AUTO} the one the
     * first significant byte indicates. Never returns {@code AUTO}.
     */
    public OtlpEncoding resolve(byte[] payload) {
        return this != AUTO ? this : looksLikeJson(payload) ? JSON : PROTO;
    }

    static boolean looksLikeJson(byte[] payload) {
        java.nio.charset.Charset wide = wideBom(payload);
        if (wide != null) {
            // UTF-16/32 with a byte order mark, which OtlpJson reads: JSON if a '{' comes first
            String start =
                    new String(payload, 0, Math.min(payload.length, 64), wide)
                            .replace("\uFEFF", "");
            return start.strip().startsWith("{");
        }
        int i = 0;
        if (payload.length >= 3
                && payload[0] == (byte) 0xEF
                && payload[1] == (byte) 0xBB
                && payload[2] == (byte) 0xBF) {
            i = 3;
        }
        for (; i < payload.length; i++) {
            byte b = payload[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** The charset a UTF-32 or UTF-16 byte order mark at the start names, or {@code null}. */
    private static java.nio.charset.Charset wideBom(byte[] p) {
        if (p.length >= 4 && p[0] == 0 && p[1] == 0 && p[2] == (byte) 0xFE && p[3] == (byte) 0xFF) {
            return java.nio.charset.Charset.forName("UTF-32BE");
        }
        if (p.length >= 4 && p[0] == (byte) 0xFF && p[1] == (byte) 0xFE && p[2] == 0 && p[3] == 0) {
            return java.nio.charset.Charset.forName("UTF-32LE");
        }
        if (p.length >= 2 && p[0] == (byte) 0xFE && p[1] == (byte) 0xFF) {
            return java.nio.charset.StandardCharsets.UTF_16BE;
        }
        if (p.length >= 2 && p[0] == (byte) 0xFF && p[1] == (byte) 0xFE) {
            return java.nio.charset.StandardCharsets.UTF_16LE;
        }
        return null;
    }
}
