package io.vigil.udfs.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part every OTLP decoder shares: choosing the encoding, parsing the request, catching
 * everything, and the "request holds nothing" rule. Subclasses only walk the parsed request.
 *
 * @param <M> the export request message
 * @param <T> the record type produced
 */
abstract class RequestDecoder<M extends Message, T> implements OtlpDecoder<T> {

    private static final long serialVersionUID = 1L;

    private final OtlpEncoding encoding;

    RequestDecoder(OtlpEncoding encoding) {
        this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    @Override
    public final DecodeResult<T> decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return DecodeResult.failure("empty message");
        }
        try {
            Problems problems = new Problems();
            M request = parse(payload, problems);
            List<T> records = new ArrayList<>();
            collect(request, records, problems);
            if (records.isEmpty() && problems.isEmpty()) {
                problems.add("", "request holds no " + recordNoun());
            }
            return new DecodeResult<>(records, problems.toList());
        } catch (OtlpDecodeException e) {
            return DecodeResult.failure(e.getMessage());
        } catch (RuntimeException e) {
            // A bug of ours must not turn into a poison message that restarts the job forever.
            return DecodeResult.failure("internal error decoding " + signal() + ": " + e);
        }
    }

    /**
     * Parses the request; both readers report records they cannot read to {@code problems} and
     * leave placeholders for them (see {@link Problems#isPlaceholder}).
     */
    private M parse(byte[] payload, Problems problems) throws OtlpDecodeException {
        if (encoding.resolve(payload) == OtlpEncoding.PROTO) {
            return parseProtobuf(payload, problems);
        }
        try {
            return fromJson(payload, problems);
        } catch (OtlpDecodeException jsonProblem) {
            // Record problems found before the JSON failed as a whole belong to no request.
            problems.clear();
            if (encoding == OtlpEncoding.AUTO && payload[0] != '{') {
                // Leading "whitespace" may be protobuf: every request starts with 0x0A ('\n'),
                // and one whose first entry is 123 bytes long continues with 0x7B ('{').
                try {
                    return parser().parseFrom(payload);
                } catch (InvalidProtocolBufferException notProtobufEither) {
                    // protobuf with a bad record: what can be read of it, as for otlp_proto
                    M salvaged = salvage().read(payload, problems);
                    if (salvaged != null) {
                        return salvaged;
                    }
                    throw jsonProblem;
                }
            }
            if (encoding == OtlpEncoding.JSON
                    && jsonProblem.getMessage().startsWith("invalid JSON")
                    && !OtlpEncoding.looksLikeJson(payload)) {
                throw new OtlpDecodeException(
                        jsonProblem.getMessage()
                                + " (the payload does not start with '{': if it is protobuf,"
                                + " set the encoding to otlp_proto or auto)",
                        jsonProblem);
            }
            throw jsonProblem;
        }
    }

    /**
     * Parses a protobuf request strictly; if protobuf-java refuses it, keeps what can still be read
     * ({@link ProtobufSalvage}), with the problems at their paths, and only if not one record can
     * be read fails the message as a whole.
     */
    private M parseProtobuf(byte[] payload, Problems problems) throws OtlpDecodeException {
        try {
            return parser().parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            M salvaged = salvage().read(payload, problems);
            if (salvaged != null) {
                return salvaged;
            }
            String hint =
                    OtlpEncoding.looksLikeJson(payload)
                            ? " (the payload looks like JSON: set the encoding to otlp_json or"
                                    + " auto)"
                            : "";
            throw new OtlpDecodeException("invalid protobuf: " + e.getMessage() + hint, e);
        }
    }

    /**
     * Parses an OTLP JSON request, typically {@code OtlpJson.mergeRecords(json, X.newBuilder(),
     * RECORD_TYPES, problems)}: a record whose values do not fit is reported to {@code problems}
     * and replaced by a placeholder, so that one bad record does not cost the good ones.
     */
    abstract M fromJson(byte[] json, Problems problems) throws OtlpDecodeException;

    /** The protobuf parser of the request message. */
    abstract Parser<M> parser();

    /**
     * Where the records sit in the request, for reading what is left of one protobuf-java refuses.
     */
    abstract ProtobufSalvage<M> salvage();

    /** What the records are called in "request holds no ..." (plural). */
    abstract String recordNoun();

    /**
     * Converts every valid record of {@code request} into {@code out} and reports every invalid one
     * to {@code problems}, with its path in JSON field names. Skips the placeholders of records the
     * JSON reader reported already ({@link Problems#isPlaceholder}).
     */
    abstract void collect(M request, List<T> out, Problems problems);
}
