package io.vigil.udfs.otlp;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Collects the problems found in one message. Keeps the first {@link #MAX_REPORTED} and counts the
 * rest, so a message with a million bad points costs one short list, not a million strings.
 */
final class Problems {

    static final int MAX_REPORTED = 20;

    private final List<String> reported = new ArrayList<>();
    private int omitted;

    /**
     * Records that stand in for ones already reported (by identity): the JSON reader keeps the
     * place of an unreadable record with an empty one, so the records after it keep their indexes
     * and paths. {@code null} until the first, which is rare.
     */
    private Set<Message> placeholders;

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

    /** Marks {@code placeholder} as standing in for a record whose problem is already reported. */
    void addPlaceholder(Message placeholder) {
        if (placeholders == null) {
            placeholders = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        placeholders.add(placeholder);
    }

    /**
     * Whether {@code record} is a placeholder of {@link #addPlaceholder}: the decoders skip it, as
     * its problem is reported already.
     */
    boolean isPlaceholder(Message record) {
        return placeholders != null && placeholders.contains(record);
    }

    /** Forgets everything, for when a payload is decoded again in another encoding. */
    void clear() {
        reported.clear();
        omitted = 0;
        placeholders = null;
    }

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
