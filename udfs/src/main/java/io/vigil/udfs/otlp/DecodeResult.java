package io.vigil.udfs.otlp;

import java.util.List;

/**
 * What decoding one message produced: the good records and the problems found. A non-empty {@code
 * errors} list sends the message to the dead-letter path; the good records still pass.
 *
 * @param records decoded records, in message order (unmodifiable)
 * @param errors one human-readable reason per problem, each naming its place in the message
 *     (unmodifiable)
 * @param <T> record type
 */
public record DecodeResult<T>(List<T> records, List<String> errors) {

    public DecodeResult {
        records = List.copyOf(records);
        errors = List.copyOf(errors);
    }

    /** A result with no records and one error. */
    public static <T> DecodeResult<T> failure(String reason) {
        return new DecodeResult<>(List.of(), List.of(reason));
    }

    /** Whether the message has to go to the dead-letter path. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
