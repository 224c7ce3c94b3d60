package io.vigil.udfs.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads what can still be read of a protobuf export request that protobuf-java rejects as a whole,
 * so that one bad record costs that record, as in JSON ({@link OtlpJson#mergeRecords}).
 *
 * <p>Walks the wire format, with protobuf-java's own {@link CodedInputStream}, down the three
 * container levels every OTLP request has: the request's {@code resource_X} entries, their {@code
 * scope_X} entries, their records ({@code spans}, {@code log_records}, {@code metrics}). Each
 * record is parsed on its own by its generated parser, and each other field of a container by the
 * container's parser, as deep in the recursion limit as the strict parse would be there, so that
 * both refuse the same things. What is left out is reported to {@link Problems} at its path in JSON
 * field names, with the byte offset in the whole payload where protobuf-java gave up:
 *
 * <ul>
 *   <li>a record that does not parse (a string that is not UTF-8, a bad tag inside it, nesting past
 *       the limit) is left out, e.g. {@code resourceSpans[1].scopeSpans[0].spans[4]: invalid
 *       protobuf at byte 412: Protocol message had invalid UTF-8.}; an empty placeholder marked
 *       with {@link Problems#addPlaceholder} keeps its place, so the records after it keep their
 *       indexes in the problems {@code collect} finds;
 *   <li>any other field of a container that does not parse (its {@code resource}, its {@code
 *       scope}) costs the whole container, as its records could not be attributed without it: the
 *       field's path is reported, and an empty container keeps the place;
 *   <li>broken framing (a bad tag, a length running past its container, the input ending inside a
 *       field) ends the container it is in: what was read before it is kept, the break is reported
 *       at the path where it is, and the rest of the container is lost (the rest of the message,
 *       when the input ends inside every container around the break).
 * </ul>
 *
 * <p>The offset is how far protobuf-java had read when it gave up: the start of a string that is
 * not UTF-8, the byte after a tag it rejects, the start of an entry whose length runs past its
 * container, the end of an input that ends between the entries of a container. Thread-safe: each
 * read keeps its state to itself.
 *
 * @param <M> the export request message
 */
final class ProtobufSalvage<M extends Message> {

    /** The repeated fields from the request down to the records, e.g. resource_spans, spans. */
    private final List<FieldDescriptor> levels;

    /** The default instances of the request and of each level's entries, the records last. */
    private final List<Message> types;

    /**
     * Reads requests of {@code request}'s type whose records sit at the end of {@code levels}.
     *
     * @param request the request's default instance
     * @param levels the repeated message fields that lead from the request to the records, each a
     *     field of the type of the one before, e.g. {@code
     *     ExportTraceServiceRequest.resource_spans}, {@code ResourceSpans.scope_spans}, {@code
     *     ScopeSpans.spans}
     * @throws IllegalArgumentException if they do not lead from one to the next
     */
    ProtobufSalvage(M request, FieldDescriptor... levels) {
        List<Message> chain = new ArrayList<>();
        chain.add(request);
        for (FieldDescriptor level : levels) {
            Objects.requireNonNull(level, "level");
            Message parent = chain.get(chain.size() - 1);
            Descriptor parentType = parent.getDescriptorForType();
            if (level.getContainingType() != parentType
                    || !level.isRepeated()
                    || level.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                throw new IllegalArgumentException(
                        level.getFullName()
                                + " is not a repeated message field of "
                                + parentType.getFullName());
            }
            chain.add(parent.newBuilderForType().newBuilderForField(level).build());
        }
        this.levels = List.of(levels);
        this.types = List.copyOf(chain);
    }

    /**
     * Reads what can be read of {@code payload}, reporting what cannot to {@code problems}.
     *
     * @return the request with every record that could be read and placeholders for those that
     *     could not; or {@code null}, with {@code problems} left empty, if not one record could be
     *     read (the payload is likely not this request at all) or if nothing was found wrong (then
     *     the strict parse refused something this walk does not look at)
     */
    M read(byte[] payload, Problems problems) {
        Walk walk = new Walk(payload, problems);
        Message.Builder request = types.get(0).newBuilderForType();
        End end = walk.container(0, "", request, 0, payload.length, "");
        if (end == End.UNREADABLE || walk.records == 0 || problems.isEmpty()) {
            problems.clear();
            return null;
        }
        @SuppressWarnings("unchecked") // a builder of M builds an M
        M built = (M) request.build();
        return built;
    }

    /** How reading a container ended. */
    private enum End {
        /** Read to its end; what was wrong inside was reported and left out. */
        WHOLE,
        /** Its framing broke: what came before the break is kept, the break is reported. */
        BROKEN,
        /** A field of its own did not parse: reported; the container has to be left out. */
        UNREADABLE
    }

    /** One read of one payload. */
    private final class Walk {

        private final byte[] payload;
        private final Problems problems;

        /** Records read whole. */
        int records;

        Walk(byte[] payload, Problems problems) {
            this.payload = payload;
            this.problems = problems;
        }

        /**
         * Reads the container at {@code depth} (0 the request, the records at {@code
         * levels.size()}) that lies from {@code from} to {@code to} into {@code builder}.
         *
         * @param path its JSON path, {@code ""} for the request
         * @param owner the path of the container whose own length ends at {@code to} ({@code ""}
         *     for the message): the one whose rest is lost when the framing breaks
         */
        End container(
                int depth, String path, Message.Builder builder, int from, int to, String owner) {
            FieldDescriptor entries = levels.get(depth);
            boolean ofRecords = depth == levels.size() - 1;
            CodedInputStream in = stream(from, to - from, depth);
            int index = 0;
            while (true) {
                int fieldStart = from + in.getTotalBytesRead();
                String at = path; // where a break is reported: the container until known better
                try {
                    int tag = in.readTag();
                    if (tag == 0) {
                        return End.WHOLE;
                    }
                    if (WireFormat.getTagFieldNumber(tag) != entries.getNumber()
                            || WireFormat.getTagWireType(tag)
                                    != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                        // Not an entry (one of another wire type is an unknown field, as in the
                        // strict parse): parsed alone, with the container's parser.
                        at =
                                child(
                                        path,
                                        builder.getDescriptorForType()
                                                .findFieldByNumber(
                                                        WireFormat.getTagFieldNumber(tag)));
                        if (!in.skipField(tag)) {
                            // An end-group tag outside any group, which protobuf refuses thus:
                            in.checkLastTagWas(0);
                        }
                        int fieldEnd = from + in.getTotalBytesRead();
                        if (!merge(depth, at, path, builder, fieldStart, fieldEnd)) {
                            return End.UNREADABLE;
                        }
                        continue;
                    }
                    at = child(path, entries) + "[" + index++ + "]";
                    int length = in.readRawVarint32();
                    int start = from + in.getTotalBytesRead();
                    IOException runsPast = null;
                    try {
                        in.skipRawBytes(length);
                    } catch (IOException e) {
                        if (length < 0) {
                            throw e;
                        }
                        runsPast = e;
                    }
                    if (ofRecords) {
                        if (runsPast != null) {
                            broken(at, start, runsPast, owner);
                            return End.BROKEN;
                        }
                        record(depth + 1, at, builder, entries, start, length);
                        continue;
                    }
                    // A container that runs past the end of this one is read as far as it goes:
                    // the records before the input ended are whole.
                    Message.Builder entry = builder.newBuilderForField(entries);
                    int end = runsPast == null ? start + length : to;
                    int recordsBefore = records;
                    End read =
                            container(
                                    depth + 1,
                                    at,
                                    entry,
                                    start,
                                    end,
                                    runsPast == null ? at : owner);
                    if (read == End.UNREADABLE) {
                        // Left out, records and all; an empty one keeps the place, and the
                        // indexes of the entries after it, and holds nothing to collect.
                        records = recordsBefore;
                        entry.clear();
                    }
                    builder.addRepeatedField(entries, entry.build());
                    if (runsPast != null) {
                        if (read == End.WHOLE) {
                            broken(at, to, runsPast, owner);
                        }
                        return End.BROKEN;
                    }
                } catch (IOException e) {
                    // Over an array, always protobuf's InvalidProtocolBufferException.
                    broken(at, from + in.getTotalBytesRead(), e, owner);
                    return End.BROKEN;
                }
            }
        }

        /**
         * Parses the record of {@code length} bytes at {@code start} and adds it to {@code
         * builder}, or reports it and adds a placeholder.
         */
        private void record(
                int depth,
                String path,
                Message.Builder builder,
                FieldDescriptor entries,
                int start,
                int length) {
            CodedInputStream in = stream(start, length, depth);
            Message record;
            try {
                record = types.get(depth).getParserForType().parseFrom(in);
                in.checkLastTagWas(0);
                records++;
            } catch (InvalidProtocolBufferException e) {
                problems.add(
                        path,
                        "invalid protobuf at byte "
                                + (start + in.getTotalBytesRead())
                                + ": "
                                + e.getMessage());
                record = builder.newBuilderForField(entries).build();
                problems.addPlaceholder(record);
            }
            builder.addRepeatedField(entries, record);
        }

        /**
         * Parses one field of the container at {@code depth}, from {@code fieldStart} (its tag) to
         * {@code fieldEnd}, and merges it into {@code builder}, as the strict parse would have; or
         * reports it at {@code at}.
         *
         * @return whether it parsed
         */
        private boolean merge(
                int depth,
                String at,
                String path,
                Message.Builder builder,
                int fieldStart,
                int fieldEnd) {
            CodedInputStream in = stream(fieldStart, fieldEnd - fieldStart, depth);
            try {
                Message field = types.get(depth).getParserForType().parseFrom(in);
                in.checkLastTagWas(0);
                builder.mergeFrom(field);
                return true;
            } catch (InvalidProtocolBufferException e) {
                problems.add(
                        at,
                        "invalid protobuf at byte "
                                + (fieldStart + in.getTotalBytesRead())
                                + ": "
                                + sentence(e)
                                + "; all of "
                                + (path.isEmpty() ? "the message" : path)
                                + " is left out");
                return false;
            }
        }

        /** Reports a break in the framing at {@code path}. */
        private void broken(String path, int offset, IOException e, String owner) {
            problems.add(
                    path,
                    "invalid protobuf at byte "
                            + offset
                            + ": "
                            + sentence(e)
                            + "; the rest of "
                            + (owner.isEmpty() ? "the message" : owner)
                            + " is unreadable");
        }

        /**
         * A stream over {@code length} bytes of the payload from {@code offset}, whose recursion
         * limit leaves what the strict parse has left at {@code depth} levels into the request.
         */
        private CodedInputStream stream(int offset, int length, int depth) {
            CodedInputStream in = CodedInputStream.newInstance(payload, offset, length);
            int limit = in.setRecursionLimit(0); // returns protobuf's default
            in.setRecursionLimit(Math.max(0, limit - depth));
            return in;
        }
    }

    /** The path of {@code field} in the container at {@code path}; the container's if unknown. */
    private static String child(String path, FieldDescriptor field) {
        if (field == null) {
            return path;
        }
        return path.isEmpty() ? field.getJsonName() : path + "." + field.getJsonName();
    }

    /** Protobuf's message without its closing full stop, to go on with "; ...". */
    private static String sentence(IOException e) {
        String message = String.valueOf(e.getMessage()).strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
