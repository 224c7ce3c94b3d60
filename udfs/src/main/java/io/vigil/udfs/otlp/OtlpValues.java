package io.vigil.udfs.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.AttributeType;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Conversions from OTLP protobuf values to the model's flat forms, shared by the decoders. */
final class OtlpValues {

    /** OTel's fallback when a resource has no {@code service.name}. */
    static final String UNKNOWN_SERVICE = "unknown_service";

    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonFactory JSON = new JsonFactory();

    private OtlpValues() {}

    static Attribute[] attributes(List<KeyValue> keyValues) {
        if (keyValues.isEmpty()) {
            return Attribute.NONE;
        }
        Attribute[] out = new Attribute[keyValues.size()];
        for (int i = 0; i < out.length; i++) {
            KeyValue kv = keyValues.get(i);
            out[i] = attribute(kv.getKey(), kv.getValue());
        }
        return out;
    }

    private static Attribute attribute(String key, AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> new Attribute(key, AttributeType.STRING, v.getStringValue());
            case BOOL_VALUE ->
                    new Attribute(key, AttributeType.BOOL, Boolean.toString(v.getBoolValue()));
            case INT_VALUE ->
                    new Attribute(key, AttributeType.INT64, Long.toString(v.getIntValue()));
            case DOUBLE_VALUE ->
                    new Attribute(key, AttributeType.FLOAT64, Double.toString(v.getDoubleValue()));
            case BYTES_VALUE -> new Attribute(key, AttributeType.BINARY, base64(v.getBytesValue()));
            case ARRAY_VALUE -> new Attribute(key, AttributeType.ARRAY, json(v));
            case KVLIST_VALUE -> new Attribute(key, AttributeType.KVLIST, json(v));
            case VALUE_NOT_SET -> new Attribute(key, AttributeType.STRING, "");
        };
    }

    /** A log body: a string as-is, {@code ""} when unset, any other value as compact JSON. */
    static String body(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case VALUE_NOT_SET -> "";
            default -> json(v);
        };
    }

    /** The first {@code service.name} among resource attributes, else {@code unknown_service}. */
    static String serviceName(Attribute[] resource) {
        String name = Attribute.find(resource, "service.name");
        return name.isEmpty() ? UNKNOWN_SERVICE : name;
    }

    /** Lowercase hex of an id; {@code ""} for an empty or all-zero (invalid, "unset") id. */
    static String optionalId(ByteString id) {
        return isAllZero(id) ? "" : hex(id);
    }

    static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    /**
     * What is wrong with a required id, or {@code null} if it is valid: exactly {@code
     * expectedBytes} long and not all zero (W3C trace context forbids all-zero ids).
     */
    static String requiredIdProblem(ByteString id, int expectedBytes) {
        if (id.isEmpty()) {
            return "missing";
        }
        String problem = optionalIdProblem(id, expectedBytes);
        if (problem != null) {
            return problem;
        }
        return isAllZero(id) ? "must not be all zero" : null;
    }

    /** Like {@link #requiredIdProblem} but an empty id is fine (it means "none"). */
    static String optionalIdProblem(ByteString id, int expectedBytes) {
        if (!id.isEmpty() && id.size() != expectedBytes) {
            return "expected " + expectedBytes + " bytes, got " + id.size();
        }
        return null;
    }

    /**
     * What is wrong with a required timestamp, or {@code null} if it is usable. OTLP times are
     * unsigned, so values from 2262 on read as negative Java longs; no real clock sends them.
     */
    static String timeProblem(long unixNano) {
        if (unixNano == 0) {
            return "missing";
        }
        return unixNano < 0 ? Long.toUnsignedString(unixNano) + " is after the year 2262" : null;
    }

    private static boolean isAllZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static String base64(ByteString bytes) {
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String json(AnyValue v) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeJson(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Writes an {@code AnyValue} as its natural JSON: arrays as arrays, key/value lists as objects,
     * bytes as base64 strings, an unset value as {@code null}.
     */
    private static void writeJson(JsonGenerator g, AnyValue v) throws IOException {
        switch (v.getValueCase()) {
            case STRING_VALUE -> g.writeString(v.getStringValue());
            case BOOL_VALUE -> g.writeBoolean(v.getBoolValue());
            case INT_VALUE -> g.writeNumber(v.getIntValue());
            case DOUBLE_VALUE -> g.writeNumber(v.getDoubleValue());
            case BYTES_VALUE -> g.writeString(base64(v.getBytesValue()));
            case ARRAY_VALUE -> {
                g.writeStartArray();
                for (AnyValue element : v.getArrayValue().getValuesList()) {
                    writeJson(g, element);
                }
                g.writeEndArray();
            }
            case KVLIST_VALUE -> {
                g.writeStartObject();
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    g.writeFieldName(kv.getKey());
                    writeJson(g, kv.getValue());
                }
                g.writeEndObject();
            }
            case VALUE_NOT_SET -> g.writeNull();
        }
    }
}
