package io.vigil.udfs.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * OTLP JSON to and from the OTLP protobuf messages, following the OTLP specification's "JSON
 * Protobuf Encoding" (opentelemetry-proto {@code docs/specification.md}).
 *
 * <p>Driven by the protobuf descriptors, so it covers every message of the three export requests
 * (and of {@code TracesData}, {@code LogsData}, {@code MetricsData}) with no per-type code. It is
 * not protobuf's {@code JsonFormat}, whose canonical proto3 mapping differs from OTLP's (ids in
 * base64, enums by name). When reading:
 *
 * <ul>
 *   <li>keys are the lowerCamelCase JSON names; the proto field names ({@code
 *       start_time_unix_nano}) are accepted too. Unknown keys are ignored, as the specification
 *       requires; {@code null} means "not set".
 *   <li>{@code traceId}, {@code spanId} and {@code parentSpanId} (of spans, span links, log records
 *       and exemplars) are hex strings of 32 or 16 characters, either case, or {@code ""} for
 *       "none". Every other {@code bytes} field is base64 (standard or URL-safe alphabet, padding
 *       optional).
 *   <li>enums are integers; value names ({@code "SPAN_KIND_SERVER"}, any case) are accepted too.
 *       Numbers this proto version does not know are kept.
 *   <li>integers are JSON numbers or decimal strings, 64-bit ones usually strings ({@code
 *       "1544712660300000000"}); exponent forms are accepted when the value is integral. Doubles
 *       are numbers or the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (or a
 *       decimal string).
 *   <li>a oneof ({@code AnyValue.value}, a data point's {@code asInt}/{@code asDouble}, {@code
 *       Metric.data}) may have only one member set.
 * </ul>
 *
 * <p>Every error names the JSON path where it sits, e.g. {@code
 * resourceSpans[0].scopeSpans[1].spans[3].traceId: expected 32 hex characters, got 31}.
 *
 * <p>{@link #toJson} writes what the specification says encoders must: JSON names, hex ids, integer
 * enums, 64-bit integers as strings, default values omitted. Thread-safe, stateless.
 */
public final class OtlpJson {

    /** Bytes fields carrying W3C ids, which OTLP JSON writes as hex, and their length in bytes. */
    private static final Map<String, Integer> HEX_ID_BYTES =
            Map.of("trace_id", 16, "span_id", 8, "parent_span_id", 8);

    /**
     * Longer numeric strings cannot be a 64-bit integer or a sensible double; refusing them early
     * keeps a hostile message from making BigDecimal do quadratic work.
     */
    private static final int MAX_NUMBER_TEXT = 64;

    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();
    private static final JsonFactory GENERATORS = new JsonFactory();

    private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS_BY_KEY =
            new ConcurrentHashMap<>();

    private OtlpJson() {}

    /**
     * Parses OTLP JSON into {@code builder}. Fields present in the JSON are set on the builder,
     * repeated fields are appended to, sub-messages merged, as protobuf's {@code mergeFrom} does.
     *
     * @param json an OTLP JSON document (UTF-8, or UTF-16/32 with a byte order mark)
     * @param builder the builder of the message the document encodes, e.g. {@code
     *     ExportTraceServiceRequest.newBuilder()}
     * @return {@code builder}
     * @throws OtlpDecodeException if the document is not JSON, not an object, or a value does not
     *     fit its field; the message names the JSON path
     */
    public static <B extends Message.Builder> B merge(byte[] json, B builder)
            throws OtlpDecodeException {
        new Reader(Set.of(), null).mergeObject(parse(json), builder);
        return builder;
    }

    /**
     * As {@link #merge}, but a value that does not fit its field inside an element of a repeated
     * field whose type is one of {@code recordTypes} (a span, a log record, a data point) costs
     * only that element: its problem, with the JSON path, goes to {@code problems}, and an empty
     * placeholder marked with {@link Problems#addPlaceholder} keeps its place, so the elements
     * after it keep their indexes. The innermost record type around a problem is the one left out.
     * Problems outside every record, and JSON that does not parse, still fail the whole document.
     */
    static <B extends Message.Builder> B mergeRecords(
            byte[] json, B builder, Set<Descriptor> recordTypes, Problems problems)
            throws OtlpDecodeException {
        new Reader(recordTypes, problems).mergeObject(parse(json), builder);
        return builder;
    }

    /** The JSON object {@code json} holds. */
    private static JsonNode parse(byte[] json) throws OtlpDecodeException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where =
                    at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new OtlpDecodeException(
                    "invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new OtlpDecodeException("invalid JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new OtlpDecodeException("invalid JSON: empty document");
        }
        if (!root.isObject()) {
            throw new OtlpDecodeException(
                    "expected a JSON object at the top level, got " + describe(root));
        }
        return root;
    }

    /**
     * Encodes {@code message} as OTLP JSON (UTF-8): JSON field names, hex ids, integer enums,
     * 64-bit integers as decimal strings, non-finite doubles as {@code "NaN"}/{@code
     * "Infinity"}/{@code "-Infinity"}, fields at their default value omitted. Fields are written in
     * field-number order, so equal messages give equal bytes.
     */
    public static byte[] toJson(MessageOrBuilder message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            writeMessage(g, message);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** JSON key to field, for both the JSON name and the proto name. */
    private static Map<String, FieldDescriptor> fieldsByKey(Descriptor type) {
        return FIELDS_BY_KEY.computeIfAbsent(
                type,
                t -> {
                    Map<String, FieldDescriptor> byKey = new HashMap<>();
                    for (FieldDescriptor fd : t.getFields()) {
                        byKey.put(fd.getJsonName(), fd);
                        byKey.putIfAbsent(fd.getName(), fd);
                    }
                    return Map.copyOf(byKey);
                });
    }

    /** The integer kinds of protobuf, by the range of values they accept. */
    private enum IntKind {
        INT32("a 32-bit integer"),
        UINT32("an unsigned 32-bit integer"),
        INT64("a 64-bit integer"),
        UINT64("an unsigned 64-bit integer");

        final String description;

        IntKind(String description) {
            this.description = description;
        }

        /** Whether {@code v}, a value in the signed 64-bit range, fits this kind. */
        boolean accepts(long v) {
            return switch (this) {
                case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
                case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
                case INT64 -> true;
                case UINT64 -> v >= 0;
            };
        }

        static IntKind of(FieldDescriptor.Type type) {
            return switch (type) {
                case INT32, SINT32, SFIXED32 -> INT32;
                case UINT32, FIXED32 -> UINT32;
                case INT64, SINT64, SFIXED64 -> INT64;
                case UINT64, FIXED64 -> UINT64;
                default -> throw new IllegalArgumentException("not an integer type: " + type);
            };
        }
    }

    /** One parse: walks the JSON tree alongside the descriptors and tracks the path for errors. */
    private static final class Reader {

        /** Field names (String) and array indexes (Integer) from the root to the current value. */
        private final List<Object> path = new ArrayList<>();

        /** Message types whose elements are left out alone when unreadable; empty for strict. */
        private final Set<Descriptor> recordTypes;

        /** Where the problems of records left out go; null when strict. */
        private final Problems problems;

        Reader(Set<Descriptor> recordTypes, Problems problems) {
            this.recordTypes = recordTypes;
            this.problems = problems;
        }

        void mergeObject(JsonNode object, Message.Builder builder) throws OtlpDecodeException {
            Map<String, FieldDescriptor> fields = fieldsByKey(builder.getDescriptorForType());
            List<OneofDescriptor> oneofsSet = null;
            Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                FieldDescriptor fd = fields.get(entry.getKey());
                JsonNode value = entry.getValue();
                if (fd == null || value.isNull()) {
                    continue;
                }
                path.add(entry.getKey());
                OneofDescriptor oneof = fd.getRealContainingOneof();
                if (oneof != null) {
                    if (oneofsSet == null) {
                        oneofsSet = new ArrayList<>(2);
                    } else if (oneofsSet.contains(oneof)) {
                        throw error("only one of " + jsonNames(oneof) + " may be set");
                    }
                    oneofsSet.add(oneof);
                }
                if (fd.isRepeated()) {
                    mergeRepeated(fd, value, builder);
                } else {
                    builder.setField(fd, value(fd, value, builder));
                }
                path.remove(path.size() - 1);
            }
        }

        private void mergeRepeated(FieldDescriptor fd, JsonNode array, Message.Builder builder)
                throws OtlpDecodeException {
            if (!array.isArray()) {
                throw error("expected an array, got " + describe(array));
            }
            boolean records =
                    fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                            && recordTypes.contains(fd.getMessageType());
            for (int i = 0; i < array.size(); i++) {
                path.add(i);
                int depth = path.size();
                Object element;
                try {
                    element = value(fd, array.get(i), builder);
                } catch (OtlpDecodeException e) {
                    if (!records) {
                        throw e;
                    }
                    // One bad record must not take its good neighbours down: report it, and
                    // keep its place so that the paths of the records after it stay true.
                    path.subList(depth, path.size()).clear();
                    Message placeholder = builder.newBuilderForField(fd).build();
                    problems.add("", e.getMessage());
                    problems.addPlaceholder(placeholder);
                    element = placeholder;
                }
                builder.addRepeatedField(fd, element);
                path.remove(path.size() - 1);
            }
        }

        /** The protobuf value of one (element of a) field, in the type {@code setField} takes. */
        private Object value(FieldDescriptor fd, JsonNode node, Message.Builder parent)
                throws OtlpDecodeException {
            return switch (fd.getType()) {
                case MESSAGE, GROUP -> message(fd, node, parent);
                case STRING -> string(node);
                case BOOL -> bool(node);
                case DOUBLE -> toDouble(node);
                case FLOAT -> (float) toDouble(node);
                case INT32, SINT32, SFIXED32, UINT32, FIXED32 ->
                        (int) integer(node, IntKind.of(fd.getType()));
                case INT64, SINT64, SFIXED64, UINT64, FIXED64 ->
                        integer(node, IntKind.of(fd.getType()));
                case BYTES -> {
                    Integer idBytes = HEX_ID_BYTES.get(fd.getName());
                    yield idBytes != null ? hexId(node, idBytes) : base64(node);
                }
                case ENUM -> enumValue(fd.getEnumType(), node);
            };
        }

        private Message message(FieldDescriptor fd, JsonNode node, Message.Builder parent)
                throws OtlpDecodeException {
            if (!node.isObject()) {
                throw error("expected an object, got " + describe(node));
            }
            Message.Builder sub = parent.newBuilderForField(fd);
            if (!fd.isRepeated() && parent.hasField(fd)) {
                sub.mergeFrom((Message) parent.getField(fd));
            }
            mergeObject(node, sub);
            return sub.build();
        }

        private String string(JsonNode node) throws OtlpDecodeException {
            if (!node.isTextual()) {
                throw error("expected a string, got " + describe(node));
            }
            return node.textValue();
        }

        private boolean bool(JsonNode node) throws OtlpDecodeException {
            if (!node.isBoolean()) {
                throw error("expected true or false, got " + describe(node));
            }
            return node.booleanValue();
        }

        private double toDouble(JsonNode node) throws OtlpDecodeException {
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isTextual()) {
                String s = node.textValue();
                if (s.equals("NaN")) {
                    return Double.NaN;
                } else if (s.equals("Infinity")) {
                    return Double.POSITIVE_INFINITY;
                } else if (s.equals("-Infinity")) {
                    return Double.NEGATIVE_INFINITY;
                } else if (s.length() <= MAX_NUMBER_TEXT) {
                    try {
                        return new BigDecimal(s).doubleValue();
                    } catch (NumberFormatException e) {
                        // not a decimal number: reported below
                    }
                }
            }
            throw error("expected a number, got " + describe(node));
        }

        /**
         * The integer value of {@code node} if {@code kind} accepts it; unsigned 64-bit values
         * above {@link Long#MAX_VALUE} come back in two's complement, as protobuf-java keeps them.
         */
        private long integer(JsonNode node, IntKind kind) throws OtlpDecodeException {
            // Fast paths for the usual forms: a JSON integer, or a plain decimal string.
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                long v = node.longValue();
                if (kind.accepts(v)) {
                    return v;
                }
            } else if (node.isTextual() && isPlainInteger(node.textValue())) {
                long v = Long.parseLong(node.textValue());
                if (kind.accepts(v)) {
                    return v;
                }
            }
            BigInteger exact = exactInteger(node);
            if (exact != null) {
                if (exact.bitLength() <= 63 && kind.accepts(exact.longValue())) {
                    return exact.longValue();
                }
                if (kind == IntKind.UINT64 && exact.signum() > 0 && exact.bitLength() == 64) {
                    return exact.longValue();
                }
            }
            throw error("expected " + kind.description + ", got " + describe(node));
        }

        private EnumValueDescriptor enumValue(EnumDescriptor type, JsonNode node)
                throws OtlpDecodeException {
            if (node.isTextual()) {
                String name = node.textValue();
                EnumValueDescriptor byName = type.findValueByName(name);
                if (byName != null) {
                    return byName;
                }
                for (EnumValueDescriptor v : type.getValues()) {
                    if (v.getName().equalsIgnoreCase(name)) {
                        return v;
                    }
                }
                if (!isPlainInteger(name)) {
                    throw error(
                            "expected a "
                                    + type.getName()
                                    + " number, got "
                                    + describe(node)
                                    + ", which is not one of its names either");
                }
            } else if (!node.isNumber()) {
                throw error("expected a " + type.getName() + " number, got " + describe(node));
            }
            int number = (int) integer(node, IntKind.INT32);
            return type.findValueByNumberCreatingIfUnknown(number);
        }

        private ByteString hexId(JsonNode node, int bytes) throws OtlpDecodeException {
            if (!node.isTextual()) {
                throw error("expected a hex string, got " + describe(node));
            }
            String hex = node.textValue();
            if (hex.isEmpty()) {
                return ByteString.EMPTY;
            }
            if (hex.length() != 2 * bytes) {
                throw error("expected " + 2 * bytes + " hex characters, got " + hex.length());
            }
            byte[] out = new byte[bytes];
            for (int i = 0; i < hex.length(); i++) {
                char c = hex.charAt(i);
                if (!HexFormat.isHexDigit(c)) {
                    throw error("invalid hex character '" + c + "' at index " + i);
                }
                out[i / 2] = (byte) (out[i / 2] << 4 | HexFormat.fromHexDigit(c));
            }
            return ByteString.copyFrom(out);
        }

        private ByteString base64(JsonNode node) throws OtlpDecodeException {
            if (!node.isTextual()) {
                throw error("expected a base64 string, got " + describe(node));
            }
            String text = node.textValue();
            boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
            try {
                return ByteString.copyFrom(
                        (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text));
            } catch (IllegalArgumentException e) {
                throw error("invalid base64: " + e.getMessage());
            }
        }

        private OtlpDecodeException error(String message) {
            StringBuilder at = new StringBuilder();
            for (Object step : path) {
                if (step instanceof Integer index) {
                    at.append('[').append(index).append(']');
                } else {
                    if (!at.isEmpty()) {
                        at.append('.');
                    }
                    at.append(step);
                }
            }
            return new OtlpDecodeException(
                    (at.isEmpty() ? "(top level)" : at.toString()) + ": " + message);
        }
    }

    /** An optional sign followed by 1 to 18 digits: always fits a long, parses without a throw. */
    private static boolean isPlainInteger(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The exact value of a JSON number or numeric string if it is an integer of at most 20 digits
     * (anything longer fits no protobuf integer), else {@code null}.
     */
    private static BigInteger exactInteger(JsonNode node) {
        BigDecimal d;
        if (node.isNumber()) {
            // A JSON number too big for a double (1e999) reads as an infinite DoubleNode, which
            // has no BigDecimal value (decimalValue() would throw NumberFormatException).
            if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                return null;
            }
            d = node.decimalValue();
        } else if (node.isTextual() && node.textValue().length() <= MAX_NUMBER_TEXT) {
            try {
                d = new BigDecimal(node.textValue());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        // Strip first: cheap, and keeps "1e-999999999" or "1e999999999" from costing a huge power
        // of ten.
        d = d.stripTrailingZeros();
        if (d.scale() > 0 || d.precision() - d.scale() > 20) {
            return null;
        }
        return d.toBigInteger();
    }

    private static String jsonNames(OneofDescriptor oneof) {
        return oneof.getFields().stream()
                .map(FieldDescriptor::getJsonName)
                .collect(Collectors.joining(", "));
    }

    /** A short description of a JSON value for error messages: its type and, if small, itself. */
    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            String text = node.textValue();
            return "string \""
                    + (text.length() <= 40 ? text : text.substring(0, 40) + "...")
                    + "\"";
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node.asText();
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static void writeMessage(JsonGenerator g, MessageOrBuilder message) throws IOException {
        g.writeStartObject();
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor fd = field.getKey();
            g.writeFieldName(fd.getJsonName());
            if (fd.isRepeated()) {
                g.writeStartArray();
                for (Object element : (List<?>) field.getValue()) {
                    writeValue(g, fd, element);
                }
                g.writeEndArray();
            } else {
                writeValue(g, fd, field.getValue());
            }
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, FieldDescriptor fd, Object value)
            throws IOException {
        switch (fd.getType()) {
            case MESSAGE, GROUP -> writeMessage(g, (MessageOrBuilder) value);
            case STRING -> g.writeString((String) value);
            case BOOL -> g.writeBoolean((Boolean) value);
            case DOUBLE -> writeDouble(g, (Double) value);
            case FLOAT -> writeDouble(g, (Float) value);
            case INT32, SINT32, SFIXED32 -> g.writeNumber((Integer) value);
            case UINT32, FIXED32 -> g.writeNumber(Integer.toUnsignedLong((Integer) value));
            case INT64, SINT64, SFIXED64 -> g.writeString(Long.toString((Long) value));
            case UINT64, FIXED64 -> g.writeString(Long.toUnsignedString((Long) value));
            case ENUM -> g.writeNumber(((EnumValueDescriptor) value).getNumber());
            case BYTES -> {
                byte[] bytes = ((ByteString) value).toByteArray();
                g.writeString(
                        HEX_ID_BYTES.containsKey(fd.getName())
                                ? HexFormat.of().formatHex(bytes)
                                : Base64.getEncoder().encodeToString(bytes));
            }
        }
    }

    private static void writeDouble(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(v)) {
            g.writeString(v > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(v);
        }
    }
}
