package io.vigil.udfs.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of encoded OTLP requests, for fuzz tests: byte-level damage to protobuf or JSON
 * (truncation, bit flips, random, inserted, deleted or duplicated bytes, invalid UTF-8) and
 * type-level damage to OTLP JSON (a value of the wrong type, a hostile number, a removed or renamed
 * key, deep nesting). The same {@link Random} state gives the same mutation.
 */
public final class OtlpMutations {

    /** How many kinds {@link #bytes} picks from. */
    public static final int BYTE_KINDS = 9;

    /** How many kinds {@link #json} picks from. */
    public static final int JSON_KINDS = 5;

    /**
     * Byte sequences that are not UTF-8: a lone continuation byte, a truncated two-byte sequence,
     * an overlong encoding of '/', an encoded UTF-16 surrogate, bytes UTF-8 never uses, a code
     * point past U+10FFFF.
     */
    public static final List<byte[]> INVALID_UTF8 =
            List.of(
                    new byte[] {(byte) 0x80},
                    new byte[] {(byte) 0xC3, '('},
                    new byte[] {(byte) 0xC0, (byte) 0xAF},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    new byte[] {(byte) 0xFE, (byte) 0xFF},
                    new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});

    /**
     * JSON literals that no OTLP field should take without a clear error, or that test the edges of
     * the ones it takes: numbers too big for any integer or double, fractions, signed zero,
     * exponent forms, numeric strings with blanks or hex, non-finite names, a NUL, a long string.
     */
    public static final List<String> HOSTILE_LITERALS =
            List.of(
                    "1e999",
                    "-1e999",
                    "1e-999",
                    "123456789012345678901234567890",
                    "-123456789012345678901234567890",
                    "18446744073709551616",
                    "-1",
                    "-0",
                    "1.5",
                    "4.2e1",
                    "\"-1\"",
                    "\"1e999\"",
                    "\"0x10\"",
                    "\" 12\"",
                    "\"NaN\"",
                    "\"Infinity\"",
                    "\"-Infinity\"",
                    "\"nan\"",
                    "\"\"",
                    "\"\\u0000\"",
                    "\"" + "9".repeat(5_000) + "\"",
                    "true",
                    "null",
                    "[]",
                    "{}",
                    "[[[[[[1]]]]]]",
                    "{\"\":{\"\":{}}}",
                    "\"SPAN_KIND_SERVER\"",
                    "\"5b8efff798038103d269b633813fc60c\"",
                    "\"zz\"");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RAW = "\u0001raw\u0001";

    private OtlpMutations() {}

    /**
     * One byte-level mutation of {@code input} (protobuf or JSON), of a kind picked by {@code
     * random}: (0) truncation, (1) one to eight bit flips, (2) bytes overwritten at random, (3)
     * random bytes inserted, (4) a range deleted, (5) a range duplicated, (6) invalid UTF-8 spliced
     * in, (7) the whole input replaced by random bytes, (8) two of the above.
     */
    public static byte[] bytes(byte[] input, Random random) {
        return bytes(input, random.nextInt(BYTE_KINDS), random);
    }

    /** {@link #bytes(byte[], Random)} of a given kind. */
    public static byte[] bytes(byte[] input, int kind, Random random) {
        if (input.length == 0) {
            return randomBytes(random, random.nextInt(64));
        }
        byte[] out = input.clone();
        switch (kind) {
            case 0 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            case 1 -> {
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> {
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
            case 3 -> out = splice(out, random.nextInt(out.length + 1), 0, randomBytes(random, 8));
            case 4 -> {
                int at = random.nextInt(out.length);
                out =
                        splice(
                                out,
                                at,
                                1 + random.nextInt(Math.min(32, out.length - at)),
                                new byte[0]);
            }
            case 5 -> {
                int at = random.nextInt(out.length);
                int len = 1 + random.nextInt(Math.min(64, out.length - at));
                out = splice(out, at, 0, Arrays.copyOfRange(out, at, at + len));
            }
            case 6 -> {
                byte[] bad = INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size()));
                // Overwrite rather than insert, so that protobuf length prefixes still hold and
                // the decoder has to notice the bad text itself.
                int at = random.nextInt(out.length);
                int len = Math.min(bad.length, out.length - at);
                System.arraycopy(bad, 0, out, at, len);
            }
            case 7 -> out = randomBytes(random, random.nextInt(2 * input.length + 1));
            default ->
                    out = bytes(bytes(out, random.nextInt(7), random), random.nextInt(7), random);
        }
        return out;
    }

    /**
     * One type-level mutation of an OTLP JSON document, of a kind picked by {@code random}: (0) a
     * value anywhere replaced by one of {@link #HOSTILE_LITERALS}, (1) a value replaced by a value
     * of another JSON type, (2) a key removed, (3) a key renamed to its proto name or to nonsense,
     * (4) a value wrapped in deep nesting (arrays or AnyValue arrays, 10 to 1,500 levels).
     *
     * @param json a JSON object
     * @return the mutated document, UTF-8
     */
    public static byte[] json(byte[] json, Random random) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
            return json.clone();
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        String raw = null;
        switch (random.nextInt(JSON_KINDS)) {
            case 0 -> {
                raw = HOSTILE_LITERALS.get(random.nextInt(HOSTILE_LITERALS.size()));
                slot.set(JsonNodeFactory.instance.textNode(RAW));
            }
            case 1 -> slot.set(otherType(slot.get(), random));
            case 2 -> slot.remove();
            case 3 -> slot.rename(random.nextBoolean() ? snakeCase(slot.key) : "x" + slot.key);
            default -> {
                int depth = 10 + random.nextInt(1_500);
                boolean anyValue = random.nextBoolean();
                String open = anyValue ? "{\"arrayValue\":{\"values\":[" : "[";
                String close = anyValue ? "]}}" : "]";
                raw = open.repeat(depth) + "{\"stringValue\":\"deep\"}" + close.repeat(depth);
                slot.set(JsonNodeFactory.instance.textNode(RAW));
            }
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (raw != null) {
            text = text.replace(MAPPER.valueToTree(RAW).toString(), raw);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code n} random bytes. */
    public static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }

    private static JsonNode otherType(JsonNode was, Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<JsonNode> choices = new ArrayList<>();
        if (!was.isTextual()) {
            choices.add(f.textNode(was.isValueNode() ? was.asText() : "text"));
        }
        if (!was.isNumber()) {
            choices.add(f.numberNode(random.nextInt(1000) - 500));
            choices.add(f.numberNode(random.nextDouble()));
        }
        if (!was.isBoolean()) {
            choices.add(f.booleanNode(random.nextBoolean()));
        }
        if (!was.isArray()) {
            choices.add(f.arrayNode().add(was.deepCopy()));
        }
        if (!was.isObject()) {
            choices.add(f.objectNode().set("value", was.deepCopy()));
        }
        choices.add(f.nullNode());
        return choices.get(random.nextInt(choices.size()));
    }

    private static String snakeCase(String key) {
        return key == null ? null : key.replaceAll("([A-Z])", "_$1").toLowerCase();
    }

    private static void collect(JsonNode node, List<Slot> out) {
        if (node instanceof ObjectNode object) {
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                out.add(new Slot(object, name, -1));
                collect(object.get(name), out);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                out.add(new Slot(array, null, i));
                collect(array.get(i), out);
            }
        }
    }

    /** A place in the tree: a key of an object or an index of an array. */
    private record Slot(JsonNode parent, String key, int index) {

        JsonNode get() {
            return key != null ? parent.get(key) : parent.get(index);
        }

        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) parent).set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (key != null) {
                ((ObjectNode) parent).remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }

        void rename(String to) {
            if (key != null) {
                JsonNode value = ((ObjectNode) parent).remove(key);
                ((ObjectNode) parent).set(to, value);
            } else {
                set(JsonNodeFactory.instance.objectNode().set("x", get()));
            }
        }
    }
}
