package io.vigil.udfs.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found in one message. Keeps the first {@link #MAX_REPORTED} and counts the
 * rest, so a message with a million bad points costs one short list, not a million strings.
 */
final class Problems {

    static final int MAX_REPORTED = 20;

    private final List<String> reported = new ArrayList<>();
    private int omitted;

    /**
     * Adds one problem.
     *
     * @param path where in the message, e.g. {@code resourceSpans[0].scopeSpans[0].spans[3]
     *     .traceId}; {@code ""} for the message as a whole
     * @param message what is wrong there
     */
    void add(String path, String message) {
        if (reported.size() < MAX_REPORTED) {
            reported.add(path.isEmpty() ? message : path + ": " + message);
        } else {
            omitted++;
        }
    }

    /**
     * Adds a problem of one record.
     *
     * @param recordPath where the record is, e.g. {@code resourceSpans[0].scopeSpans[0].spans[3]}
     */
    void add(String recordPath, Problem problem) {
        add(
                problem.field().isEmpty() ? recordPath : recordPath + "." + problem.field(),
                problem.message());
    }

    /**
     * What is wrong with a record.
     *
     * @param field the JSON name of the offending field, {@code ""} for the record as a whole
     * @param message what is wrong
     */
    record Problem(String field, String message) {}

    boolean isEmpty() {
        return reported.isEmpty();
    }

    List<String> toList() {
        if (omitted == 0) {
            return reported;
        }
        List<String> all = new ArrayList<>(reported);
        all.add("... and " + omitted + " more problems");
        return all;
    }
}
