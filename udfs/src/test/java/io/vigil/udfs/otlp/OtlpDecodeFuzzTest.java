package io.vigil.udfs.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.vigil.udfs.testing.HostileTelemetry;
import io.vigil.udfs.testing.OtlpFixtures;
import io.vigil.udfs.testing.OtlpMutations;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded fuzz of the three OTLP decoders: valid protobuf and JSON requests, damaged in every way a
 * broken or hostile producer could, must each come back as records or as problems that say what is
 * wrong and where; never as an exception, never as nothing.
 *
 * <p>Five families of input per signal, all from {@link #SEED}:
 *
 * <ul>
 *   <li><b>record</b>: one record (span, log record, data point or metric) of a valid request is
 *       made invalid (ids of the wrong length or all zero, times of 0 or past 2262, end before
 *       start, no name, no data, no value, bucket counts that do not fit the bounds, a bad exemplar
 *       or link id) or odd but valid (NaN, infinities, huge and negative numbers, unknown enum
 *       numbers, deep attribute nesting, long strings); sent as protobuf and as JSON. The bad
 *       record must be reported under its own path and every other record must still decode.
 *   <li><b>bytes</b>: protobuf and JSON encodings truncated, bit-flipped, overwritten, spliced with
 *       random bytes or invalid UTF-8, or replaced by random bytes. Protobuf that protobuf-java
 *       refuses as a whole must still give up its readable records, often.
 *   <li><b>unreadable record</b>: a string of one record (span name, log severity text, metric
 *       description) made invalid UTF-8 in the protobuf bytes, half the time with a valid but wrong
 *       record elsewhere: only that record (all the points of that metric) is lost, reported at its
 *       path with the offset of the string, and the wrong one at its own index.
 *   <li><b>json</b>: OTLP JSON with a value of the wrong type, a hostile number, a key removed or
 *       renamed, or a value buried in deep nesting.
 *   <li><b>hostile</b>: fixed whole-message cases: empty, a JSON array or string at the top level,
 *       huge declared protobuf lengths, nesting far past any limit.
 * </ul>
 *
 * <p>Checked for every input: {@link OtlpDecoder#decode} returns; there is at least one record or
 * one problem; no problem is empty or an "internal error"; every problem names its place (a JSON
 * path, a line and column, the protobuf field path, or the message as a whole). When the input
 * parses strictly, every record it holds is accounted for: decoded, or reported once under its own
 * path. When it does not, protobuf offsets lie within the payload, and the message is refused as a
 * whole only if none of its records is kept.
 */
class OtlpDecodeFuzzTest {

    /** The one seed everything here derives from; change it to explore, keep it to reproduce. */
    static final long SEED = 0x5EED_0717L;

    static final int RECORD_MUTATIONS = 200;
    static final int BYTE_MUTATIONS = 200;
    static final int JSON_MUTATIONS = 250;
    static final int UNREADABLE_RECORDS = 100;

    private static final long T0 = OtlpFixtures.BASE_NANOS;

    /**
     * Levels of alternating arrays and maps an attribute may have and still fit protobuf's
     * recursion limit of 100 message levels (a map level costs three: AnyValue, KeyValueList,
     * KeyValue). Deeper ones are in {@link #hostileWholeMessagesAreReportedAsSuch}.
     */
    private static final int DEEP_WITHIN_LIMIT = 30;

    /**
     * What a problem must look like: a place, then what is wrong. Places are the message as a whole
     * ("empty message", "invalid protobuf ...", "invalid JSON at line L, column C"), the JSON top
     * level, or a path of JSON field names with indexes starting at the request's resource list.
     */
    private static final Pattern LOCATED =
            Pattern.compile(
                    "empty message"
                            + "|request holds no (spans|log records|metric points)"
                            + "|invalid protobuf( at byte \\d+( \\(in [^)]+\\))?)?: .+"
                            + "|invalid JSON( at line \\d+, column \\d+)?: .+"
                            + "|expected a JSON object at the top level, got .+"
                            + "|\\(top level\\): .+"
                            + "|resource(Spans|Logs|Metrics)(\\[\\d+\\][.a-zA-Z0-9\\[\\]_]*)?: .+"
                            + "|\\.\\.\\. and \\d+ more problems",
                    Pattern.DOTALL);

    private static final Pattern MORE = Pattern.compile("\\.\\.\\. and (\\d+) more problems");

    private static final Pattern AT_BYTE = Pattern.compile("invalid protobuf at byte (\\d+): ");

    /** The signal under test, with its decoder and the ways its records can be broken. */
    enum Signal {
        SPANS(new OtlpSpanDecoder(OtlpEncoding.AUTO)),
        LOGS(new OtlpLogDecoder(OtlpEncoding.AUTO)),
        METRICS(new OtlpMetricDecoder(OtlpEncoding.AUTO));

        final OtlpDecoder<?> decoder;

        Signal(OtlpDecoder<?> decoder) {
            this.decoder = decoder;
        }

        Message valid(long seed, int records) {
            return switch (this) {
                case SPANS -> OtlpFixtures.traces(records, seed);
                case LOGS -> OtlpFixtures.logs(records, seed);
                case METRICS -> OtlpFixtures.metrics(records, seed);
            };
        }

        byte[] hostile(long seq) {
            return switch (this) {
                case SPANS -> HostileTelemetry.span(seq, SEED);
                case LOGS -> HostileTelemetry.log(seq, SEED);
                case METRICS -> HostileTelemetry.metric(seq, SEED);
            };
        }

        /** Parses like the decoder (JSON first when it looks like JSON), strictly; or null. */
        Message parse(byte[] payload) {
            if (payload == null || payload.length == 0) {
                return null;
            }
            RequestDecoder<?, ?> d = (RequestDecoder<?, ?>) decoder;
            try {
                if (OtlpEncoding.AUTO.resolve(payload) == OtlpEncoding.JSON) {
                    try {
                        return OtlpJson.merge(
                                        payload, d.parser().parseFrom(new byte[0]).toBuilder())
                                .build();
                    } catch (OtlpDecodeException e) {
                        if (payload[0] == '{') {
                            return null;
                        }
                    }
                }
                return d.parser().parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
                return null;
            }
        }
    }

    /** A record of a request: where it is, and how many decoded records it stands for. */
    private record Unit(String path, int points) {}

    /** The units of a request, in the order the decoder walks them. */
    private static List<Unit> units(Message request) {
        List<Unit> out = new ArrayList<>();
        if (request instanceof ExportTraceServiceRequest traces) {
            for (int r = 0; r < traces.getResourceSpansCount(); r++) {
                var rs = traces.getResourceSpans(r);
                for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                    for (int i = 0; i < rs.getScopeSpans(s).getSpansCount(); i++) {
                        out.add(
                                new Unit(
                                        "resourceSpans[%d].scopeSpans[%d].spans[%d]"
                                                .formatted(r, s, i),
                                        1));
                    }
                }
            }
        } else if (request instanceof ExportLogsServiceRequest logs) {
            for (int r = 0; r < logs.getResourceLogsCount(); r++) {
                var rl = logs.getResourceLogs(r);
                for (int s = 0; s < rl.getScopeLogsCount(); s++) {
                    for (int i = 0; i < rl.getScopeLogs(s).getLogRecordsCount(); i++) {
                        out.add(
                                new Unit(
                                        "resourceLogs[%d].scopeLogs[%d].logRecords[%d]"
                                                .formatted(r, s, i),
                                        1));
                    }
                }
            }
        } else {
            ExportMetricsServiceRequest metrics = (ExportMetricsServiceRequest) request;
            for (int r = 0; r < metrics.getResourceMetricsCount(); r++) {
                var rm = metrics.getResourceMetrics(r);
                for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
                    var sm = rm.getScopeMetrics(s);
                    for (int m = 0; m < sm.getMetricsCount(); m++) {
                        Metric metric = sm.getMetrics(m);
                        String path =
                                "resourceMetrics[%d].scopeMetrics[%d].metrics[%d]"
                                        .formatted(r, s, m);
                        int points = OtlpMetrics.dataPoints(metric);
                        if (metric.getName().isEmpty()
                                || metric.getDataCase() == Metric.DataCase.DATA_NOT_SET) {
                            out.add(new Unit(path, points));
                        } else {
                            String kind = dataField(metric);
                            for (int p = 0; p < points; p++) {
                                out.add(new Unit(path + "." + kind + ".dataPoints[" + p + "]", 1));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the four families

    @ParameterizedTest
    @EnumSource(Signal.class)
    void oneBadRecordIsReportedAtItsPathAndTheOthersStillDecode(Signal signal) {
        Random random = new Random(SEED ^ signal.ordinal());
        List<String> failures = new ArrayList<>();
        Map<Expect, Integer> counts = new EnumMap<>(Expect.class);
        for (int n = 0; n < RECORD_MUTATIONS; n++) {
            Message base = signal.valid(random.nextLong(), 4 + random.nextInt(8));
            List<Unit> units = units(base);
            int total = units.stream().mapToInt(Unit::points).sum();
            int target = random.nextInt(units.size());
            Mutation mutation = pick(signal, random);
            Message mutated = mutation.apply(signal, base, target, random);
            if (mutated.equals(base)) {
                continue; // not applicable to this record, e.g. exemplars of a summary point
            }
            counts.merge(mutation.expect, 1, Integer::sum);
            for (boolean json : new boolean[] {false, true}) {
                byte[] payload = json ? OtlpJson.toJson(mutated) : mutated.toByteArray();
                String label =
                        signal
                                + " record #"
                                + n
                                + " "
                                + mutation.name
                                + (json ? " json" : " proto");
                DecodeResult<?> result = check(signal, payload, label, failures);
                if (result == null) {
                    continue;
                }
                Unit unit = units.get(target);
                String at = mutation.metricLevel ? metricPath(unit.path) : unit.path;
                int lost = mutation.metricLevel ? pointsOfMetric(units, at) : 1;
                if (mutation.expect == Expect.REJECT) {
                    String where = mutation.field.isEmpty() ? at + ": " : at + "." + mutation.field;
                    if (result.records().size() != total - lost
                            || result.errors().size() != 1
                            || !result.errors().get(0).startsWith(where)) {
                        failures.add(
                                label
                                        + ": expected "
                                        + (total - lost)
                                        + " records and one problem at "
                                        + where
                                        + ", got "
                                        + result.records().size()
                                        + " and "
                                        + result.errors());
                    }
                } else if (result.records().size() != total || result.hasErrors()) {
                    failures.add(
                            label
                                    + ": expected all "
                                    + total
                                    + " records and no problem, got "
                                    + result.records().size()
                                    + " and "
                                    + result.errors());
                }
            }
        }
        assertThat(failures).as("failures of %s", counts).isEmpty();
        assertThat(counts.keySet()).containsExactlyInAnyOrder(Expect.values());
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void damagedBytesNeverBreakTheDecoder(Signal signal) {
        Random random = new Random(SEED * 31 + signal.ordinal());
        List<String> failures = new ArrayList<>();
        int decoded = 0;
        int salvaged = 0;
        for (int n = 0; n < BYTE_MUTATIONS; n++) {
            boolean json = n % 2 == 1;
            byte[] base =
                    n % 20 == 19
                            ? signal.hostile(n)
                            : json
                                    ? OtlpJson.toJson(signal.valid(random.nextLong(), 6))
                                    : signal.valid(random.nextLong(), 6).toByteArray();
            if (json && n % 20 == 19) {
                base = OtlpJson.toJson(signal.parse(base));
            }
            byte[] payload = OtlpMutations.bytes(base, random);
            DecodeResult<?> result =
                    check(
                            signal,
                            payload,
                            signal + " bytes #" + n + (json ? " json" : " proto"),
                            failures);
            if (result != null && !result.records().isEmpty()) {
                decoded++;
                if (!json && signal.parse(payload) == null) {
                    salvaged++;
                }
            }
        }
        assertThat(failures).isEmpty();
        // The damage must not be so heavy that nothing is left to decode.
        assertThat(decoded).isGreaterThan(BYTE_MUTATIONS / 20);
        // and protobuf that protobuf-java refuses as a whole still gives up its readable records.
        assertThat(salvaged).isGreaterThan(BYTE_MUTATIONS / 5);
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void oneUnreadableProtobufRecordCostsOnlyThatRecord(Signal signal) {
        Random random = new Random(SEED * 41 + signal.ordinal());
        List<String> failures = new ArrayList<>();
        int withSecond = 0;
        for (int n = 0; n < UNREADABLE_RECORDS; n++) {
            Message base = signal.valid(random.nextLong(), 4 + random.nextInt(8));
            List<Unit> units = units(base);
            int total = units.stream().mapToInt(Unit::points).sum();
            int target = random.nextInt(units.size());
            Unit unit = units.get(target);
            String lostAt = signal == Signal.METRICS ? metricPath(unit.path) : unit.path;
            int lost = signal == Signal.METRICS ? pointsOfMetric(units, lostAt) : 1;
            // A string of the target record that becomes invalid UTF-8 in the bytes below, which
            // keeps every length prefix true: protobuf-java refuses the record, and only it.
            String marker = "\u0001" + randomLetters(random, 12);
            Message.Builder request = base.toBuilder();
            Target record = record(signal, request, target);
            switch (signal) {
                case SPANS -> span(record).setName(marker);
                case LOGS -> log(record).setSeverityText(marker);
                case METRICS -> metric(record).setDescription(marker);
            }
            // Half the time a valid but wrong record elsewhere, whose index must hold.
            String second = null;
            if (random.nextBoolean()) {
                int other = random.nextInt(units.size());
                String otherRecord =
                        signal == Signal.METRICS
                                ? metricPath(units.get(other).path)
                                : units.get(other).path;
                Mutation mutation = pick(signal, random);
                while (mutation.expect != Expect.REJECT || mutation.metricLevel) {
                    mutation = pick(signal, random);
                }
                if (!otherRecord.equals(lostAt)) {
                    Message before = request.build();
                    mutation.change.accept(record(signal, request, other), random);
                    if (!request.build().equals(before)) {
                        second =
                                units.get(other).path
                                        + (mutation.field.isEmpty() ? ": " : "." + mutation.field);
                        withSecond++;
                    }
                }
            }
            byte[] payload = request.build().toByteArray();
            byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
            int at = indexOf(payload, markerBytes, 0);
            if (indexOf(payload, markerBytes, at + 1) >= 0) {
                continue; // not unique, which 12 random letters make next to impossible
            }
            byte[] bad =
                    OtlpMutations.INVALID_UTF8.get(
                            random.nextInt(OtlpMutations.INVALID_UTF8.size()));
            System.arraycopy(bad, 0, payload, at, bad.length);
            String label = signal + " unreadable #" + n + " at " + lostAt;
            DecodeResult<?> result = check(signal, payload, label, failures);
            if (result == null) {
                continue;
            }
            // With no other record to keep, the message fails as a whole, as it always did.
            String expected =
                    total == lost
                            ? "invalid protobuf: Protocol message had invalid UTF-8."
                            : lostAt
                                    + ": invalid protobuf at byte "
                                    + at
                                    + ": Protocol message had invalid UTF-8.";
            int records = total - lost - (second == null ? 0 : 1);
            if (result.records().size() != records
                    || result.errors().size() != (second == null ? 1 : 2)
                    || !result.errors().get(0).equals(expected)
                    || second != null && !result.errors().get(1).startsWith(second)) {
                failures.add(
                        label
                                + ": expected "
                                + records
                                + " records and the problems '"
                                + expected
                                + "'"
                                + (second == null ? "" : " and '" + second + "...'")
                                + ", got "
                                + result.records().size()
                                + " and "
                                + result.errors());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(withSecond).isGreaterThan(UNREADABLE_RECORDS / 4);
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void mistypedJsonNeverBreaksTheDecoder(Signal signal) {
        Random random = new Random(SEED * 37 + signal.ordinal());
        List<String> failures = new ArrayList<>();
        int withErrors = 0;
        for (int n = 0; n < JSON_MUTATIONS; n++) {
            byte[] base = OtlpJson.toJson(signal.valid(random.nextLong(), 5));
            byte[] payload = OtlpMutations.json(base, random);
            DecodeResult<?> result = check(signal, payload, signal + " json #" + n, failures);
            if (result != null && result.hasErrors()) {
                withErrors++;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(withErrors).isGreaterThan(JSON_MUTATIONS / 4);
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void hostileWholeMessagesAreReportedAsSuch(Signal signal) {
        List<String> failures = new ArrayList<>();
        List<byte[]> inputs = new ArrayList<>();
        for (String s :
                List.of(
                        "",
                        " ",
                        "{",
                        "}",
                        "[]",
                        "[{}]",
                        "\"resourceSpans\"",
                        "null",
                        "true",
                        "12",
                        "1e999",
                        "{}",
                        "{\"resourceSpans\":null,\"resourceLogs\":null,\"resourceMetrics\":null}",
                        "{\"resourceSpans\":{},\"resourceLogs\":{},\"resourceMetrics\":{}}",
                        "{\"resourceSpans\":[[]],\"resourceLogs\":[[]],\"resourceMetrics\":[[]]}",
                        "\uFEFF{}",
                        "\n\n\n{\"x\":1}",
                        "[".repeat(100_000),
                        "{\"a\":".repeat(100_000))) {
            inputs.add(s.getBytes(StandardCharsets.UTF_8));
        }
        inputs.add(null);
        inputs.add("{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_16));
        inputs.add("{\"resourceSpans\":[]}".getBytes(java.nio.charset.Charset.forName("UTF-32")));
        // Protobuf whose first field declares a length far past the end (2^31 - 1 and a ten-byte
        // varint), the length prefix of a packed field lying, a group that never ends.
        inputs.add(new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07});
        byte[] tenByte = new byte[12];
        java.util.Arrays.fill(tenByte, (byte) 0xFF);
        tenByte[0] = 0x0A;
        tenByte[11] = 0x01;
        inputs.add(tenByte);
        inputs.add(new byte[] {0x0B, 0x0B, 0x0B, 0x0B});
        inputs.add(new byte[] {0x0A, 0x02, 0x12, 0x7F});
        inputs.add(new byte[64]);
        byte[] ff = new byte[64];
        java.util.Arrays.fill(ff, (byte) 0xFF);
        inputs.add(ff);
        // Attribute values nested within and far beyond protobuf's recursion limit of 100.
        for (int depth : new int[] {10, 95, 101, 300, 5_000}) {
            Message deep = withDeepAttribute(signal, depth);
            inputs.add(deep.toByteArray());
            if (depth <= 300) {
                inputs.add(OtlpJson.toJson(deep));
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            check(signal, inputs.get(i), signal + " hostile #" + i, failures);
        }
        assertThat(failures).isEmpty();
    }

    // ------------------------------------------------------------------ the checks

    /**
     * Decodes {@code payload} and records in {@code failures} everything that breaks the contract.
     *
     * @return the result, or null if decoding threw
     */
    private static DecodeResult<?> check(
            Signal signal, byte[] payload, String label, List<String> failures) {
        DecodeResult<?> result;
        try {
            result = signal.decoder.decode(payload);
        } catch (Throwable t) { // StackOverflowError and OutOfMemoryError included
            failures.add(label + ": threw " + t);
            return null;
        }
        if (result == null) {
            failures.add(label + ": returned null");
            return null;
        }
        if (result.records().isEmpty() && result.errors().isEmpty()) {
            failures.add(label + ": nothing decoded and no problem reported");
        }
        for (String e : result.errors()) {
            if (e == null || e.isBlank() || e.startsWith("internal error")) {
                failures.add(label + ": bad problem text '" + e + "'");
            } else if (!LOCATED.matcher(e).matches()) {
                failures.add(label + ": problem does not say where: " + e);
            }
        }
        Message strict = signal.parse(payload);
        if (strict == null) {
            // Not readable as a whole: it has to reach the dead-letter path.
            if (!result.hasErrors()) {
                failures.add(label + ": unreadable message decoded without a problem");
            }
            // Protobuf records kept from it come with problems at a byte of the payload; the
            // problem of the message as a whole only when none could be kept.
            for (String e : result.errors()) {
                Matcher at = AT_BYTE.matcher(e);
                if (at.find() && Integer.parseInt(at.group(1)) > payload.length) {
                    failures.add(label + ": offset past the end of the payload: " + e);
                }
                if (e.startsWith("invalid protobuf: ") && !result.records().isEmpty()) {
                    failures.add(label + ": records kept, yet the whole message is refused");
                }
            }
            return result;
        }
        // Every record of the request is decoded or reported once under its path: a span, log
        // record or data point gives one record or one problem; a metric without name or data
        // gives one problem for all its points.
        List<Unit> units = units(strict);
        int accounted = result.records().size();
        for (String e : result.errors()) {
            Matcher more = MORE.matcher(e);
            if (more.matches()) {
                accounted += Integer.parseInt(more.group(1));
            } else if (e.startsWith("request holds no")) {
                if (!units.isEmpty()) {
                    failures.add(label + ": 'holds no' but holds " + units.size());
                }
            } else if (units.stream().anyMatch(u -> names(e, u.path))) {
                accounted++;
            } else {
                failures.add(label + ": problem names no record of the request: " + e);
            }
        }
        if (accounted != units.size()) {
            failures.add(
                    label
                            + ": "
                            + units.size()
                            + " records in the request but "
                            + result.records().size()
                            + " decoded and "
                            + result.errors()
                            + " reported");
        }
        return result;
    }

    /** Where {@code part} first occurs in {@code bytes} from {@code from} on, or -1. */
    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = Math.max(0, from); i <= bytes.length - part.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    private static String randomLetters(Random random, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    /** Whether problem {@code e} is about the record at {@code path} (not spans[10] for [1]). */
    private static boolean names(String e, String path) {
        return e.startsWith(path)
                && e.length() > path.length()
                && (e.charAt(path.length()) == '.' || e.charAt(path.length()) == ':');
    }

    // ------------------------------------------------------------------ record mutations

    enum Expect {
        /** The record must be reported under its path (and field) and left out. */
        REJECT,
        /** The record is odd but valid and must decode. */
        ACCEPT
    }

    /**
     * One way to change one record.
     *
     * @param field the JSON field the problem must name, "" for the record itself
     * @param metricLevel whether it changes the metric rather than one of its points
     */
    private record Mutation(
            String name,
            Expect expect,
            String field,
            boolean metricLevel,
            BiConsumer<Target, Random> change) {

        Message apply(Signal signal, Message base, int target, Random random) {
            Message.Builder request = base.toBuilder();
            change.accept(record(signal, request, target), random);
            return request.build();
        }
    }

    /** The record a mutation changes: a span, a log record or a metric and one of its points. */
    private record Target(Message.Builder builder, int point) {}

    private static Mutation reject(String name, String field, BiConsumer<Target, Random> c) {
        return new Mutation(name, Expect.REJECT, field, false, c);
    }

    private static Mutation accept(String name, BiConsumer<Target, Random> c) {
        return new Mutation(name, Expect.ACCEPT, "", false, c);
    }

    private static Mutation pick(Signal signal, Random random) {
        List<Mutation> all =
                switch (signal) {
                    case SPANS -> SPAN_MUTATIONS;
                    case LOGS -> LOG_MUTATIONS;
                    case METRICS -> METRIC_MUTATIONS;
                };
        return all.get(random.nextInt(all.size()));
    }

    private static final List<Mutation> SPAN_MUTATIONS =
            List.of(
                    reject(
                            "traceId wrong length",
                            "traceId",
                            (b, r) -> span(b).setTraceId(wrongId(r, 16))),
                    reject(
                            "traceId zero",
                            "traceId",
                            (b, r) -> span(b).setTraceId(ByteString.copyFrom(new byte[16]))),
                    reject("traceId missing", "traceId", (b, r) -> span(b).clearTraceId()),
                    reject(
                            "spanId wrong length",
                            "spanId",
                            (b, r) -> span(b).setSpanId(wrongId(r, 8))),
                    reject(
                            "spanId zero",
                            "spanId",
                            (b, r) -> span(b).setSpanId(ByteString.copyFrom(new byte[8]))),
                    reject(
                            "parentSpanId wrong length",
                            "parentSpanId",
                            (b, r) -> span(b).setParentSpanId(wrongId(r, 8))),
                    reject(
                            "start 0",
                            "startTimeUnixNano",
                            (b, r) -> span(b).setStartTimeUnixNano(0)),
                    reject(
                            "start past 2262",
                            "startTimeUnixNano",
                            (b, r) -> span(b).setStartTimeUnixNano(farFuture(r))),
                    reject(
                            "end before start",
                            "endTimeUnixNano",
                            (b, r) ->
                                    span(b).setEndTimeUnixNano(
                                                    span(b).getStartTimeUnixNano()
                                                            - 1
                                                            - r.nextInt(1000))),
                    reject("end 0", "endTimeUnixNano", (b, r) -> span(b).setEndTimeUnixNano(0)),
                    reject(
                            "end past 2262",
                            "endTimeUnixNano",
                            (b, r) -> span(b).setEndTimeUnixNano(farFuture(r))),
                    reject(
                            "link traceId wrong length",
                            "links[0].traceId",
                            (b, r) ->
                                    span(b).clearLinks()
                                            .addLinks(
                                                    Span.Link.newBuilder()
                                                            .setTraceId(wrongId(r, 16))
                                                            .setSpanId(
                                                                    ByteString.copyFrom(
                                                                            new byte[] {
                                                                                1, 2, 3, 4, 5, 6, 7,
                                                                                8
                                                                            })))),
                    accept("empty name", (b, r) -> span(b).setName("")),
                    accept("unknown kind", (b, r) -> span(b).setKindValue(6 + r.nextInt(100))),
                    accept(
                            "unknown status",
                            (b, r) -> span(b).getStatusBuilder().setCodeValue(3 + r.nextInt(100))),
                    accept(
                            "zero parent",
                            (b, r) -> span(b).setParentSpanId(ByteString.copyFrom(new byte[8]))),
                    accept("odd attributes", (b, r) -> span(b).addAllAttributes(oddAttributes(r))),
                    accept(
                            "deep attribute",
                            (b, r) ->
                                    span(b).addAttributes(deep(1 + r.nextInt(DEEP_WITHIN_LIMIT)))));

    private static final List<Mutation> LOG_MUTATIONS =
            List.of(
                    reject(
                            "no times",
                            "",
                            (b, r) -> log(b).setTimeUnixNano(0).setObservedTimeUnixNano(0)),
                    reject(
                            "time past 2262",
                            "timeUnixNano",
                            (b, r) -> log(b).setTimeUnixNano(farFuture(r))),
                    reject(
                            "observed past 2262",
                            "observedTimeUnixNano",
                            (b, r) -> log(b).setObservedTimeUnixNano(farFuture(r))),
                    reject(
                            "traceId wrong length",
                            "traceId",
                            (b, r) -> log(b).setTraceId(wrongId(r, 16))),
                    reject(
                            "spanId wrong length",
                            "spanId",
                            (b, r) -> log(b).setSpanId(wrongId(r, 8))),
                    accept("only observed time", (b, r) -> log(b).setTimeUnixNano(0)),
                    accept(
                            "zero ids",
                            (b, r) ->
                                    log(b).setTraceId(ByteString.copyFrom(new byte[16]))
                                            .setSpanId(ByteString.copyFrom(new byte[8]))),
                    accept(
                            "unknown severity",
                            (b, r) -> log(b).setSeverityNumberValue(25 + r.nextInt(1000))),
                    accept("empty body", (b, r) -> log(b).clearBody()),
                    accept(
                            "deep body",
                            (b, r) ->
                                    log(b).setBody(
                                                    deep(1 + r.nextInt(DEEP_WITHIN_LIMIT))
                                                            .getValue())),
                    accept("odd attributes", (b, r) -> log(b).addAllAttributes(oddAttributes(r))));

    private static final List<Mutation> METRIC_MUTATIONS =
            List.of(
                    new Mutation(
                            "empty name",
                            Expect.REJECT,
                            "name",
                            true,
                            (b, r) -> metric(b).setName("")),
                    new Mutation(
                            "no data", Expect.REJECT, "", true, (b, r) -> metric(b).clearData()),
                    reject("time 0", "timeUnixNano", (b, r) -> point(b, "time_unix_nano", 0L)),
                    reject(
                            "time past 2262",
                            "timeUnixNano",
                            (b, r) -> point(b, "time_unix_nano", farFuture(r))),
                    reject(
                            "exemplar traceId wrong length",
                            "exemplars[0].traceId",
                            (b, r) ->
                                    point(
                                            b,
                                            "exemplars",
                                            List.of(
                                                    Exemplar.newBuilder()
                                                            .setTimeUnixNano(T0)
                                                            .setAsDouble(1)
                                                            .setTraceId(wrongId(r, 16))
                                                            .build()))),
                    reject(
                            "exemplar spanId wrong length",
                            "exemplars[0].spanId",
                            (b, r) ->
                                    point(
                                            b,
                                            "exemplars",
                                            List.of(
                                                    Exemplar.newBuilder()
                                                            .setTimeUnixNano(T0)
                                                            .setAsDouble(1)
                                                            .setSpanId(wrongId(r, 8))
                                                            .build()))),
                    accept("NaN, infinite, huge or negative numbers", (b, r) -> oddNumbers(b, r)),
                    accept("unknown temporality", (b, r) -> temporality(b, 3 + r.nextInt(100))),
                    accept("point attributes", (b, r) -> point(b, "attributes", oddAttributes(r))),
                    accept(
                            "deep point attribute",
                            (b, r) ->
                                    point(
                                            b,
                                            "attributes",
                                            List.of(deep(1 + r.nextInt(DEEP_WITHIN_LIMIT))))));

    // ------------------------------------------------------------------ builders and helpers

    /** The builder of unit {@code target} of {@code request}: a span, log record or metric. */
    private static Target record(Signal signal, Message.Builder request, int target) {
        Message.Builder b = request;
        int seen = 0;
        String[] levels =
                switch (signal) {
                    case SPANS -> new String[] {"resource_spans", "scope_spans", "spans"};
                    case LOGS -> new String[] {"resource_logs", "scope_logs", "log_records"};
                    case METRICS -> new String[] {"resource_metrics", "scope_metrics", "metrics"};
                };
        // Walk the units in decoder order; for metrics a unit is a data point, so also descend.
        for (Unit unit : units(request.build())) {
            if (seen++ == target) {
                Matcher m = Pattern.compile("\\[(\\d+)\\]").matcher(unit.path);
                List<Integer> idx = new ArrayList<>();
                while (m.find()) {
                    idx.add(Integer.parseInt(m.group(1)));
                }
                for (int level = 0; level < 3; level++) {
                    var fd = b.getDescriptorForType().findFieldByName(levels[level]);
                    b = b.getRepeatedFieldBuilder(fd, idx.get(level));
                }
                return new Target(b, signal == Signal.METRICS ? idx.get(3) : -1);
            }
        }
        throw new IllegalArgumentException("no unit " + target);
    }

    private static Span.Builder span(Target t) {
        return (Span.Builder) t.builder();
    }

    private static LogRecord.Builder log(Target t) {
        return (LogRecord.Builder) t.builder();
    }

    private static Metric.Builder metric(Target t) {
        return (Metric.Builder) t.builder();
    }

    /** Sets a field of the current data point, whatever its kind. */
    private static void point(Target b, String field, Object value) {
        Metric.Builder metric = metric(b);
        var dataField =
                metric.getDescriptorForType().findFieldByName(snake(dataField(metric.build())));
        Message.Builder data = metric.getFieldBuilder(dataField);
        var points = data.getDescriptorForType().findFieldByName("data_points");
        Message.Builder point = data.getRepeatedFieldBuilder(points, b.point());
        var fd = point.getDescriptorForType().findFieldByName(field);
        if (fd == null) {
            return; // summaries have no exemplars
        }
        if (fd.isRepeated()) {
            point.clearField(fd); // so the new elements are at index 0 on
            for (Object v : (List<?>) value) {
                point.addRepeatedField(fd, v);
            }
        } else {
            point.setField(fd, value);
        }
    }

    private static void oddNumbers(Target b, Random random) {
        double[] doubles = {
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            -1e300
        };
        double d = doubles[random.nextInt(doubles.length)];
        long l = random.nextBoolean() ? Long.MIN_VALUE : -1L;
        point(b, "as_double", d);
        point(b, "sum", d);
        point(b, "min", d);
        point(b, "max", d);
        point(b, "count", l);
        point(b, "zero_count", l);
        point(b, "scale", random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE);
    }

    private static void temporality(Target b, int number) {
        Metric.Builder metric = metric(b);
        var dataField =
                metric.getDescriptorForType().findFieldByName(snake(dataField(metric.build())));
        Message.Builder data = metric.getFieldBuilder(dataField);
        var fd = data.getDescriptorForType().findFieldByName("aggregation_temporality");
        if (fd != null) {
            data.setField(fd, fd.getEnumType().findValueByNumberCreatingIfUnknown(number));
        }
    }

    private static String dataField(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> "gauge";
            case SUM -> "sum";
            case HISTOGRAM -> "histogram";
            case EXPONENTIAL_HISTOGRAM -> "exponentialHistogram";
            case SUMMARY -> "summary";
            case DATA_NOT_SET -> "";
        };
    }

    private static String snake(String json) {
        return json.replaceAll("([A-Z])", "_$1").toLowerCase();
    }

    private static String metricPath(String pointPath) {
        return pointPath.substring(0, pointPath.indexOf(']', pointPath.indexOf(".metrics[")) + 1);
    }

    private static int pointsOfMetric(List<Unit> units, String metricPath) {
        return (int) units.stream().filter(u -> u.path.startsWith(metricPath + ".")).count();
    }

    /** An id of any length from 1 to 2 * {@code bytes} except {@code bytes}, not all zero. */
    private static ByteString wrongId(Random random, int bytes) {
        int length = 1 + random.nextInt(2 * bytes - 1);
        if (length >= bytes) {
            length++;
        }
        byte[] id = OtlpMutations.randomBytes(random, length);
        id[0] = 1;
        return ByteString.copyFrom(id);
    }

    /** A time OTLP's unsigned 64 bits allow but no clock sends: from 2262 to 2554. */
    private static long farFuture(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> -1L;
            default -> Long.MIN_VALUE + Math.abs(random.nextLong() / 2);
        };
    }

    private static List<KeyValue> oddAttributes(Random random) {
        return List.of(
                kv("", AnyValue.newBuilder().setStringValue("empty key").build()),
                kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN).build()),
                kv("inf", AnyValue.newBuilder().setDoubleValue(Double.NEGATIVE_INFINITY).build()),
                kv("min", AnyValue.newBuilder().setIntValue(Long.MIN_VALUE).build()),
                kv("unset", AnyValue.getDefaultInstance()),
                kv(
                        "bytes",
                        AnyValue.newBuilder()
                                .setBytesValue(
                                        ByteString.copyFrom(OtlpMutations.randomBytes(random, 33)))
                                .build()),
                kv(
                        "long",
                        AnyValue.newBuilder()
                                .setStringValue("x".repeat(20_000 + random.nextInt(50_000)))
                                .build()),
                kv(
                        "nul\u0000",
                        AnyValue.newBuilder().setStringValue("\u0000\uD83D\uDD25\uFFFF").build()),
                kv(
                        "empty list",
                        AnyValue.newBuilder()
                                .setKvlistValue(KeyValueList.getDefaultInstance())
                                .build()));
    }

    /** An attribute whose value is {@code depth} levels of alternating arrays and maps. */
    private static KeyValue deep(int depth) {
        AnyValue v = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < depth; i++) {
            v =
                    i % 2 == 0
                            ? AnyValue.newBuilder()
                                    .setArrayValue(ArrayValue.newBuilder().addValues(v))
                                    .build()
                            : AnyValue.newBuilder()
                                    .setKvlistValue(
                                            KeyValueList.newBuilder().addValues(kv("k" + i, v)))
                                    .build();
        }
        return kv("deep", v);
    }

    private static ByteString lengthDelimited(int field, ByteString value) {
        ByteString.Output out = ByteString.newOutput(value.size() + 8);
        try {
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeBytes(field, value);
            coded.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteString();
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /**
     * A one-record request whose record has an attribute of {@code depth} nested arrays. The value
     * is written as wire bytes (an unknown field 2 of the KeyValue, which is where its value goes),
     * since protobuf-java itself recurses per level and overflows the stack writing 5,000.
     */
    private static Message withDeepAttribute(Signal signal, int depth) {
        ByteString v = AnyValue.newBuilder().setStringValue("bottom").build().toByteString();
        for (int i = 0; i < depth; i++) {
            // AnyValue{array_value (5) = ArrayValue{values (1) = v}}
            ByteString array = lengthDelimited(1, v);
            v = lengthDelimited(5, array);
        }
        KeyValue attribute =
                KeyValue.newBuilder()
                        .setKey("deep")
                        .setUnknownFields(
                                UnknownFieldSet.newBuilder()
                                        .addField(
                                                2,
                                                UnknownFieldSet.Field.newBuilder()
                                                        .addLengthDelimited(v)
                                                        .build())
                                        .build())
                        .build();
        Message.Builder request = signal.valid(1, 1).toBuilder();
        Target record = record(signal, request, 0);
        if (signal == Signal.METRICS) {
            point(record, "attributes", List.of(attribute));
        } else {
            var fd = record.builder().getDescriptorForType().findFieldByName("attributes");
            record.builder().addRepeatedField(fd, attribute);
        }
        return request.build();
    }
}
