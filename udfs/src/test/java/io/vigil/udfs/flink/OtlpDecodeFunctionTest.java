package io.vigil.udfs.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.model.DeadLetter;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.RawMessage;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.OtlpFixtures;
import io.vigil.udfs.testing.OtlpMutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OtlpDecodeFunctionTest {

    private static final long KAFKA_TIME = OtlpFixtures.BASE_TIME.toEpochMilli();

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private OneInputStreamOperatorTestHarness<RawMessage, SpanRecord> harness;

    @BeforeEach
    void open() throws Exception {
        MockEnvironment environment =
                new MockEnvironmentBuilder()
                        .setMetricGroup(
                                new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
                                    @Override
                                    public InternalOperatorMetricGroup getOrAddOperator(
                                            OperatorID id, String name) {
                                        return metrics;
                                    }
                                })
                        .build();
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(
                                new OtlpDecodeFunction<>(new OtlpSpanDecoder(OtlpEncoding.AUTO))),
                        environment);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void goodMessageEmitsItsRecordsAndNoDeadLetter() throws Exception {
        harness.processElement(message(7, OtlpFixtures.tracesRequest(25, 1, false)), KAFKA_TIME);
        harness.processElement(message(8, OtlpFixtures.tracesRequest(5, 2, true)), KAFKA_TIME);

        assertThat(harness.extractOutputValues()).hasSize(30);
        assertThat(harness.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS)).isNull();
        assertThat(counter(OtlpDecodeFunction.RECORDS_METRIC).getCount()).isEqualTo(30);
        assertThat(counter(OtlpDecodeFunction.DEAD_LETTERS_METRIC).getCount()).isZero();
    }

    @Test
    void badMessageBecomesOneDeadLetterWithReasonAndRawBytes() throws Exception {
        byte[] payload = "{\"resourceSpans\": 5}".getBytes();
        harness.processElement(message(9, payload), KAFKA_TIME);

        assertThat(harness.extractOutputValues()).isEmpty();
        DeadLetter dead = single(harness.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS));
        assertThat(dead.topic()).isEqualTo("otlp_spans");
        assertThat(dead.partition()).isEqualTo(3);
        assertThat(dead.offset()).isEqualTo(9);
        assertThat(dead.timestamp()).isEqualTo(KAFKA_TIME);
        assertThat(dead.signal()).isEqualTo("spans");
        assertThat(dead.reason()).isEqualTo("resourceSpans: expected an array, got number 5");
        assertThat(dead.payload()).isEqualTo(payload);
        assertThat(counter(OtlpDecodeFunction.DEAD_LETTERS_METRIC).getCount()).isEqualTo(1);
        assertThat(counter(OtlpDecodeFunction.RECORDS_METRIC).getCount()).isZero();
    }

    @Test
    void partlyBadMessageEmitsTheGoodRecordsAndOneDeadLetter() throws Exception {
        byte[] payload =
                ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                                + span("5b8efff798038103d269b633813fc60c")
                                + ","
                                + span("00000000000000000000000000000000")
                                + ","
                                + span("5b8efff798038103d269b633813fc60d")
                                + "]}]}]}")
                        .getBytes();
        harness.processElement(message(10, payload), KAFKA_TIME);

        assertThat(harness.extractOutputValues())
                .extracting(SpanRecord::traceId)
                .containsExactly(
                        "5b8efff798038103d269b633813fc60c", "5b8efff798038103d269b633813fc60d");
        DeadLetter dead = single(harness.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS));
        assertThat(dead.reason())
                .isEqualTo("resourceSpans[0].scopeSpans[0].spans[1].traceId: must not be all zero");
        assertThat(counter(OtlpDecodeFunction.RECORDS_METRIC).getCount()).isEqualTo(2);
        assertThat(counter(OtlpDecodeFunction.DEAD_LETTERS_METRIC).getCount()).isEqualTo(1);
    }

    @Test
    void everyMalformedFixtureBecomesExactlyOneDeadLetter() throws Exception {
        List<byte[]> malformed = OtlpFixtures.malformed(2 * OtlpFixtures.MALFORMED_KINDS, 5);
        for (int i = 0; i < malformed.size(); i++) {
            harness.processElement(message(i, malformed.get(i)), KAFKA_TIME);
        }

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS))
                .extracting(r -> r.getValue().offset())
                .containsExactlyElementsOf(
                        IntStream.range(0, malformed.size())
                                .mapToObj(i -> (long) i)
                                .collect(Collectors.toList()));
    }

    @Test
    void fuzzedMessagesEachGiveTheirRecordsOrOneDeadLetterWithTheReasonAndNeverThrow()
            throws Exception {
        // Seeded like OtlpDecodeFuzzTest: valid, byte-damaged and mistyped messages, interleaved.
        Random random = new Random(0x5EED_0717L);
        OtlpSpanDecoder oracle = new OtlpSpanDecoder(OtlpEncoding.AUTO);
        List<String> expectedTraceIds = new ArrayList<>();
        List<Long> expectedDeadOffsets = new ArrayList<>();
        List<String> expectedReasons = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] valid =
                    OtlpFixtures.tracesRequest(
                            1 + random.nextInt(6), random.nextLong(), i % 2 == 0);
            byte[] payload =
                    switch (i % 3) {
                        case 0 -> valid;
                        case 1 -> OtlpMutations.bytes(valid, random);
                        default ->
                                OtlpMutations.json(
                                        OtlpFixtures.tracesRequest(3, random.nextLong(), true),
                                        random);
                    };
            DecodeResult<SpanRecord> expected = oracle.decode(payload);
            expected.records().forEach(r -> expectedTraceIds.add(r.traceId()));
            if (expected.hasErrors()) {
                expectedDeadOffsets.add((long) i);
                expectedReasons.add(OtlpDecodeFunction.reason(expected));
            }
            harness.processElement(message(i, payload), KAFKA_TIME);
        }

        assertThat(harness.extractOutputValues())
                .extracting(SpanRecord::traceId)
                .containsExactlyElementsOf(expectedTraceIds);
        ConcurrentLinkedQueue<StreamRecord<DeadLetter>> dead =
                harness.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS);
        assertThat(dead)
                .extracting(r -> r.getValue().offset())
                .containsExactlyElementsOf(expectedDeadOffsets);
        assertThat(dead)
                .extracting(r -> r.getValue().reason())
                .containsExactlyElementsOf(expectedReasons)
                .allSatisfy(
                        reason ->
                                assertThat(reason).isNotBlank().doesNotStartWith("internal error"));
        assertThat(expectedDeadOffsets)
                .as("the fuzz reaches the dead-letter path")
                .hasSizeGreaterThan(100);
        assertThat(expectedTraceIds).as("and the good records get through").hasSizeGreaterThan(300);
        assertThat(counter(OtlpDecodeFunction.DEAD_LETTERS_METRIC).getCount())
                .isEqualTo(expectedDeadOffsets.size());
        assertThat(counter(OtlpDecodeFunction.RECORDS_METRIC).getCount())
                .isEqualTo(expectedTraceIds.size());
    }

    @Test
    void outputTypeComesFromTheDecoderSoNoReturnsIsNeeded() throws Exception {
        OtlpDecodeFunction<?> logs =
                new OtlpDecodeFunction<>(new OtlpLogDecoder(OtlpEncoding.AUTO));
        assertThat(logs.getProducedType()).isEqualTo(TypeInformation.of(LogEvent.class));
        // The plain harness works too (no metric interception needed).
        var plain = ProcessFunctionTestHarnesses.forProcessFunction(logs);
        plain.processElement(message(0, OtlpFixtures.logsRequest(3, 1, false)), KAFKA_TIME);
        assertThat(plain.extractOutputValues()).hasSize(3);
        plain.close();
    }

    @Test
    void reasonIsCutToTheLimit() {
        List<String> errors = IntStream.range(0, 200).mapToObj(i -> "problem number " + i).toList();
        String reason = OtlpDecodeFunction.reason(new DecodeResult<>(List.of(), errors));
        assertThat(reason)
                .hasSize(OtlpDecodeFunction.MAX_REASON_LENGTH)
                .startsWith("problem number 0; problem number 1; ")
                .endsWith("...");
    }

    private static String span(String traceId) {
        return "{\"traceId\":\""
                + traceId
                + "\",\"spanId\":\"eee19b7ec3c1b174\",\"startTimeUnixNano\":\"1767225600000000000\","
                + "\"endTimeUnixNano\":\"1767225600500000000\"}";
    }

    private static RawMessage message(long offset, byte[] payload) {
        return new RawMessage("otlp_spans", 3, offset, KAFKA_TIME, new byte[0], payload);
    }

    private Counter counter(String name) {
        return (Counter) metrics.get(name);
    }

    private static DeadLetter single(ConcurrentLinkedQueue<StreamRecord<DeadLetter>> output) {
        assertThat(output).hasSize(1);
        return output.peek().getValue();
    }
}
