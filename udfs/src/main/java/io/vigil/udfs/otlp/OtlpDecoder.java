package io.vigil.udfs.otlp;

import java.io.Serializable;

/**
 * Decodes the payload of one Kafka message (one OTLP export request) into records.
 *
 * <p>Implementations never throw, whatever the bytes: problems are reported in {@link
 * DecodeResult#errors()}. They are stateless and thread-safe, and serializable so that Flink
 * functions can hold them.
 *
 * @param <T> the record type produced
 */
public interface OtlpDecoder<T> extends Serializable {

    /**
     * Decodes one payload.
     *
     * @param payload the message value; {@code null} is treated as empty
     * @return the records and the errors; never {@code null}
     */
    DecodeResult<T> decode(byte[] payload);

    /** The signal decoded: {@code "spans"}, {@code "logs"} or {@code "metrics"}. */
    String signal();

    /** The class of the records produced, for Flink's type information. */
    Class<T> recordType();
}
