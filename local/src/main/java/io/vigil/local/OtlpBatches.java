package io.vigil.local;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Cuts a decoded OTLP export request into Kafka messages the way the Collector's kafka exporter
 * does: spans grouped per trace (key = 32-char lowercase hex trace id, so a trace stays on one
 * partition), metrics grouped per resource (key = a hash of the resource's attributes, as with the
 * exporter's {@code partition_metrics_by_resource_attributes}), logs unkeyed; and no message above
 * a size limit (the Collector's {@code producer.max_message_bytes}, 1,000,000 by default).
 *
 * <p>Metrics are keyed so that every point of a series reaches one partition in the order it was
 * sent: the metrics job reads a series' points in arrival order, and points of one series spread
 * over partitions that are read at different speeds (a backlog, a replay) arrive out of order and
 * are skipped. The Collector's exporter keys with the raw 16 bytes of its own hash; this receiver
 * keys with the 32-char hex string of an MD5 over the resource's attributes sorted by key (both are
 * opaque to consumers: only "same resource, same key" matters).
 *
 * <p>All three request types share one shape: {@code request.1 = repeated Resource*}, {@code
 * Resource*.2 = repeated Scope*}, {@code Scope*.2 = repeated item}; the other fields of the
 * resource and scope levels (resource, scope, schema URL) are copied to every message that holds
 * one of their items. Order is kept: items of one key appear in request order.
 */
final class OtlpBatches {

    /** A Kafka message: key (null for none), serialized request, and its item count. */
    record Payload(String key, byte[] value, int items) {}

    /** The request violates the OTLP data model (wrong id length); the message says where. */
    static final class InvalidRequestException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidRequestException(String message) {
            super(message);
        }
    }

    /** One item alone is larger than the message limit. */
    static final class ItemTooLargeException extends Exception {
        private static final long serialVersionUID = 1L;

        ItemTooLargeException(String message) {
            super(message);
        }
    }

    private static final int REPEATED_FIELD = 2;
    private static final int RESOURCE_LIST_FIELD = 1;

    /** Bound on tag plus length prefix of one embedded message (1 + 5 bytes). */
    private static final int FRAMING = 6;

    private OtlpBatches() {}

    /**
     * Validates {@code request} and splits it into payloads of at most {@code maxBytes} each. An
     * empty request gives no payload.
     */
    static List<Payload> split(OtlpSignal signal, Message request, int maxBytes)
            throws InvalidRequestException, ItemTooLargeException {
        FieldDescriptor resourcesField =
                request.getDescriptorForType().findFieldByNumber(RESOURCE_LIST_FIELD);
        Map<String, List<Unit>> groups = new LinkedHashMap<>();
        int r = 0;
        for (Object resourceObject : (List<?>) request.getField(resourcesField)) {
            Message resource = (Message) resourceObject;
            String resourceKey =
                    signal == OtlpSignal.METRICS
                            ? resourceKey(((ResourceMetrics) resource).getResource())
                            : null;
            FieldDescriptor scopesField =
                    resource.getDescriptorForType().findFieldByNumber(REPEATED_FIELD);
            int s = 0;
            for (Object scopeObject : (List<?>) resource.getField(scopesField)) {
                Message scope = (Message) scopeObject;
                FieldDescriptor itemsField =
                        scope.getDescriptorForType().findFieldByNumber(REPEATED_FIELD);
                int i = 0;
                for (Object itemObject : (List<?>) scope.getField(itemsField)) {
                    Message item = (Message) itemObject;
                    String key = keyOf(signal, item, r, s, i);
                    if (resourceKey != null) {
                        key = resourceKey;
                    }
                    groups.computeIfAbsent(key == null ? "" : key, k -> new ArrayList<>())
                            .add(new Unit(key, r, s, resource, scope, item));
                    i++;
                }
                s++;
            }
            r++;
        }
        List<Payload> payloads = new ArrayList<>();
        for (List<Unit> group : groups.values()) {
            pack(request, resourcesField, group, maxBytes, payloads, signal);
        }
        return payloads;
    }

    /** One item with its position: {@code r}, {@code s} index its resource and scope. */
    private record Unit(String key, int r, int s, Message resource, Message scope, Message item) {}

    private static void pack(
            Message request,
            FieldDescriptor resourcesField,
            List<Unit> units,
            int maxBytes,
            List<Payload> out,
            OtlpSignal signal)
            throws ItemTooLargeException {
        Packer packer = new Packer(request, resourcesField);
        for (Unit unit : units) {
            int added = packer.costOf(unit);
            if (packer.size + added > maxBytes && packer.items > 0) {
                out.add(packer.build(unit.key()));
                packer = new Packer(request, resourcesField);
                added = packer.costOf(unit);
            }
            if (added > maxBytes) {
                throw new ItemTooLargeException(
                        "one "
                                + signal.counterName()
                                + " item of "
                                + unit.item().getSerializedSize()
                                + " bytes exceeds the Kafka message limit of "
                                + maxBytes
                                + " bytes");
            }
            packer.add(unit, added);
        }
        if (packer.items > 0) {
            out.add(packer.build(units.get(0).key()));
        }
    }

    /** Accumulates units of one message, regrouped under their resource and scope. */
    private static final class Packer {
        private final Message request;
        private final FieldDescriptor resourcesField;

        /** Resource index → scope index → items, in request order. */
        private final Map<Integer, Map<Integer, List<Unit>>> tree = new LinkedHashMap<>();

        int size;
        int items;

        Packer(Message request, FieldDescriptor resourcesField) {
            this.request = request;
            this.resourcesField = resourcesField;
        }

        /** Bytes {@code unit} adds: the item, plus its resource and scope headers if new. */
        int costOf(Unit unit) {
            int cost = unit.item().getSerializedSize() + FRAMING;
            Map<Integer, List<Unit>> scopes = tree.get(unit.r());
            if (scopes == null) {
                cost += headerSize(unit.resource()) + FRAMING;
            }
            if (scopes == null || !scopes.containsKey(unit.s())) {
                cost += headerSize(unit.scope()) + FRAMING;
            }
            return cost;
        }

        void add(Unit unit, int cost) {
            tree.computeIfAbsent(unit.r(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(unit.s(), k -> new ArrayList<>())
                    .add(unit);
            size += cost;
            items++;
        }

        Payload build(String key) {
            Message.Builder out = request.newBuilderForType();
            for (Map<Integer, List<Unit>> scopes : tree.values()) {
                Message resourceMessage = scopes.values().iterator().next().get(0).resource();
                Message.Builder resource = withoutChildren(resourceMessage);
                FieldDescriptor scopesField =
                        resourceMessage.getDescriptorForType().findFieldByNumber(REPEATED_FIELD);
                for (List<Unit> units : scopes.values()) {
                    Message scopeMessage = units.get(0).scope();
                    Message.Builder scope = withoutChildren(scopeMessage);
                    FieldDescriptor itemsField =
                            scopeMessage.getDescriptorForType().findFieldByNumber(REPEATED_FIELD);
                    for (Unit unit : units) {
                        scope.addRepeatedField(itemsField, unit.item());
                    }
                    resource.addRepeatedField(scopesField, scope.build());
                }
                out.addRepeatedField(resourcesField, resource.build());
            }
            return new Payload(key, out.build().toByteArray(), items);
        }
    }

    private static Message.Builder withoutChildren(Message message) {
        return message.toBuilder()
                .clearField(message.getDescriptorForType().findFieldByNumber(REPEATED_FIELD));
    }

    private static int headerSize(Message message) {
        FieldDescriptor children = message.getDescriptorForType().findFieldByNumber(REPEATED_FIELD);
        int size = message.getSerializedSize();
        for (Object child : (List<?>) message.getField(children)) {
            int childSize = ((Message) child).getSerializedSize();
            size -= childSize + 1 + CodedOutputStream.computeUInt32SizeNoTag(childSize);
        }
        return size;
    }

    /**
     * The key of a resource's metrics: the hex MD5 of its attributes sorted by key, each attribute
     * in its protobuf encoding (deterministic for these messages: no map fields).
     */
    static String resourceKey(Resource resource) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
        resource.getAttributesList().stream()
                .sorted(Comparator.comparing(KeyValue::getKey))
                .forEach(attribute -> md5.update(attribute.toByteArray()));
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The Kafka key of an item (hex trace id for spans, none otherwise), after validation. */
    private static String keyOf(OtlpSignal signal, Message item, int r, int s, int i)
            throws InvalidRequestException {
        Supplier<String> where = () -> path(signal, r, s, i);
        switch (signal) {
            case TRACES -> {
                Span span = (Span) item;
                requireId(span.getTraceId(), 16, false, where, "traceId");
                requireId(span.getSpanId(), 8, false, where, "spanId");
                requireId(span.getParentSpanId(), 8, true, where, "parentSpanId");
                return HexFormat.of().formatHex(span.getTraceId().toByteArray());
            }
            case LOGS -> {
                LogRecord record = (LogRecord) item;
                requireId(record.getTraceId(), 16, true, where, "traceId");
                requireId(record.getSpanId(), 8, true, where, "spanId");
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    private static void requireId(
            ByteString id, int length, boolean optional, Supplier<String> where, String field)
            throws InvalidRequestException {
        if (id.isEmpty() && optional) {
            return;
        }
        if (id.size() != length) {
            throw new InvalidRequestException(
                    where.get() + "." + field + " must be " + length + " bytes, was " + id.size());
        }
        for (int i = 0; i < length; i++) {
            if (id.byteAt(i) != 0) {
                return;
            }
        }
        if (!optional) {
            throw new InvalidRequestException(where.get() + "." + field + " must not be all zeros");
        }
    }

    private static String path(OtlpSignal signal, int r, int s, int i) {
        return switch (signal) {
            case TRACES -> "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
            case METRICS -> "resourceMetrics[" + r + "].scopeMetrics[" + s + "].metrics[" + i + "]";
            case LOGS -> "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + i + "]";
        };
    }
}
