package io.vigil.udfs.flink;

import io.vigil.udfs.model.DeadLetter;
import io.vigil.udfs.model.RawMessage;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpDecoder;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw Kafka messages into records with an {@link OtlpDecoder}; a message with any problem
 * also goes, once and whole, to the {@link #DEAD_LETTERS} side output with its reasons. Never fails
 * on input: one poison message must not restart the job forever.
 *
 * <pre>{@code
 * OtlpDecodeFunction<SpanRecord> decode =
 *         new OtlpDecodeFunction<>(new OtlpSpanDecoder(OtlpEncoding.AUTO));
 * SingleOutputStreamOperator<SpanRecord> spans =
 *         raw.process(decode).name("decode spans").uid("decode-spans");
 * DataStream<DeadLetter> dlq = spans.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS);
 * }</pre>
 *
 * <p>A dead letter carries the whole message, the records that did decode included: processing it
 * again is safe because every sink keys documents by deterministic ids. The output type comes from
 * {@link OtlpDecoder#recordType()}, so no {@code .returns(...)} is needed. Metrics on the
 * operator's group: counters {@value #RECORDS_METRIC} (records emitted) and {@value
 * #DEAD_LETTERS_METRIC} (messages dead-lettered).
 *
 * @param <T> the record type
 */
public class OtlpDecodeFunction<T> extends ProcessFunction<RawMessage, T>
        implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    /** The side output of messages that had problems: one dead letter per message. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Counter of records emitted. */
    public static final String RECORDS_METRIC = "records";

    /** Counter of messages sent to {@link #DEAD_LETTERS}. */
    public static final String DEAD_LETTERS_METRIC = "deadLetters";

    /**
     * The longest dead-letter reason, in characters. The reasons of one message are joined with
     * {@code "; "}; beyond this they are cut, ending in {@code "..."}: the first problems say what
     * is wrong, and the payload is kept for the rest.
     */
    public static final int MAX_REASON_LENGTH = 2000;

    private final OtlpDecoder<T> decoder;

    private transient Counter records;
    private transient Counter deadLetters;

    public OtlpDecodeFunction(OtlpDecoder<T> decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        records = metrics.counter(RECORDS_METRIC);
        deadLetters = metrics.counter(DEAD_LETTERS_METRIC);
    }

    @Override
    public void processElement(RawMessage message, Context ctx, Collector<T> out) {
        DecodeResult<T> result = decoder.decode(message.value());
        for (T record : result.records()) {
            out.collect(record);
        }
        records.inc(result.records().size());
        if (result.hasErrors()) {
            ctx.output(
                    DEAD_LETTERS,
                    new DeadLetter(
                            message.topic(),
                            message.partition(),
                            message.offset(),
                            message.timestamp(),
                            decoder.signal(),
                            reason(result),
                            message.value()));
            deadLetters.inc();
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(decoder.recordType());
    }

    /** The errors joined with {@code "; "}, cut to {@link #MAX_REASON_LENGTH}. */
    static String reason(DecodeResult<?> result) {
        String joined = String.join("; ", result.errors());
        if (joined.length() <= MAX_REASON_LENGTH) {
            return joined;
        }
        int cut = MAX_REASON_LENGTH - 3;
        if (Character.isHighSurrogate(joined.charAt(cut - 1))) {
            cut--; // never split a character outside the basic plane
        }
        return joined.substring(0, cut) + "...";
    }
}
