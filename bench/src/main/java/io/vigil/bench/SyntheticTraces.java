package io.vigil.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded traces of a small shop for throughput benchmarks: each trace is a browse (frontend →
 * inventory → database, 4 spans) or a buy (frontend → checkout → payment and inventory, 7 spans),
 * with log-normal durations and 2% failed payments; one trace starts every 5 ms of event time.
 * Spans are packed ~100 per OTLP request, grouped by service as an SDK batch exporter would.
 */
final class SyntheticTraces {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_767_225_600_000L * MS; // 2026-01-01T00:00:00Z

    private final Random random;
    private final Map<String, List<Span>> batch = new LinkedHashMap<>();
    private final List<byte[]> requests = new ArrayList<>();
    private int batched;
    private long spanCounter;
    private int spans;

    private SyntheticTraces(long seed) {
        this.random = new Random(seed);
    }

    /** OTLP protobuf requests holding at least {@code spans} spans (whole traces). */
    static List<byte[]> requests(int spans, long seed) {
        SyntheticTraces t = new SyntheticTraces(seed);
        for (long trace = 1; t.spans < spans; trace++) {
            long start = T0 + trace * 5 * MS;
            if (t.random.nextInt(3) == 0) {
                t.buy(trace, start);
            } else {
                t.browse(trace, start);
            }
            if (t.batched >= 100) {
                t.flush();
            }
        }
        t.flush();
        return t.requests;
    }

    /** How many spans {@link #requests} produced. */
    static int count(List<byte[]> requests) {
        int n = 0;
        for (byte[] r : requests) {
            try {
                for (ResourceSpans rs :
                        ExportTraceServiceRequest.parseFrom(r).getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        n += ss.getSpansCount();
                    }
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    private long duration(long medianMs) {
        return Math.max(2, Math.round(medianMs * Math.exp(random.nextGaussian() * 0.5))) * MS;
    }

    private void browse(long trace, long t) {
        long d = duration(80);
        byte[] f1 =
                span(
                        trace,
                        "frontend",
                        "GET /products",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        t,
                        t + d,
                        null,
                        false,
                        null);
        byte[] f2 =
                span(
                        trace,
                        "frontend",
                        "GET inventory",
                        Span.SpanKind.SPAN_KIND_CLIENT,
                        t + d / 20,
                        t + d - d / 20,
                        f1,
                        false,
                        "inventory");
        byte[] i1 =
                span(
                        trace,
                        "inventory",
                        "GET /stock",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        t + d / 10,
                        t + d - d / 10,
                        f2,
                        false,
                        null);
        span(
                trace,
                "inventory",
                "SELECT stock",
                Span.SpanKind.SPAN_KIND_CLIENT,
                t + d / 5,
                t + d - d / 5,
                i1,
                false,
                "postgres");
    }

    private void buy(long trace, long t) {
        long d = duration(300);
        boolean fails = random.nextInt(50) == 0;
        long p = d / 2;
        byte[] f1 =
                span(
                        trace,
                        "frontend",
                        "POST /checkout",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        t,
                        t + d,
                        null,
                        fails,
                        null);
        byte[] f2 =
                span(
                        trace,
                        "frontend",
                        "POST checkout",
                        Span.SpanKind.SPAN_KIND_CLIENT,
                        t + MS,
                        t + d - MS,
                        f1,
                        fails,
                        "checkout");
        byte[] c1 =
                span(
                        trace,
                        "checkout",
                        "POST /orders",
                        Span.SpanKind.SPAN_KIND_SERVER,
                        t + 2 * MS,
                        t + d - 2 * MS,
                        f2,
                        fails,
                        null);
        byte[] c2 =
                span(
                        trace,
                        "checkout",
                        "POST payment",
                        Span.SpanKind.SPAN_KIND_CLIENT,
                        t + 3 * MS,
                        t + 3 * MS + p,
                        c1,
                        fails,
                        "payment");
        span(
                trace,
                "payment",
                "POST /charge",
                Span.SpanKind.SPAN_KIND_SERVER,
                t + 4 * MS,
                t + 2 * MS + p,
                c2,
                fails,
                null);
        byte[] c3 =
                span(
                        trace,
                        "checkout",
                        "PUT inventory",
                        Span.SpanKind.SPAN_KIND_CLIENT,
                        t + 4 * MS + p,
                        t + d - 3 * MS,
                        c1,
                        false,
                        "inventory");
        span(
                trace,
                "inventory",
                "PUT /reserve",
                Span.SpanKind.SPAN_KIND_SERVER,
                t + 5 * MS + p,
                t + d - 4 * MS,
                c3,
                false,
                null);
    }

    private byte[] span(
            long trace,
            String service,
            String name,
            Span.SpanKind kind,
            long start,
            long end,
            byte[] parent,
            boolean error,
            String peer) {
        byte[] id = bytes(0x5800_0000_0000_0000L | ++spanCounter);
        Span.Builder s =
                Span.newBuilder()
                        .setTraceId(
                                ByteString.copyFrom(
                                        concat(bytes(0x5a5a_0000_0000_0000L), bytes(trace))))
                        .setSpanId(ByteString.copyFrom(id))
                        .setName(name)
                        .setKind(kind)
                        .setStartTimeUnixNano(start)
                        .setEndTimeUnixNano(end)
                        .setFlags(0x101)
                        .addAttributes(string("http.request.method", name.split(" ")[0]));
        if (parent != null) {
            s.setParentSpanId(ByteString.copyFrom(parent));
        }
        if (peer != null) {
            s.addAttributes(string("peer.service", peer));
        }
        if (error) {
            s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        batch.computeIfAbsent(service, k -> new ArrayList<>()).add(s.build());
        batched++;
        spans++;
        return id;
    }

    private void flush() {
        if (batched == 0) {
            return;
        }
        ExportTraceServiceRequest.Builder r = ExportTraceServiceRequest.newBuilder();
        batch.forEach(
                (service, spans) ->
                        r.addResourceSpans(
                                ResourceSpans.newBuilder()
                                        .setResource(
                                                Resource.newBuilder()
                                                        .addAttributes(
                                                                string("service.name", service)))
                                        .addScopeSpans(
                                                ScopeSpans.newBuilder().addAllSpans(spans))));
        requests.add(r.build().toByteArray());
        batch.clear();
        batched = 0;
    }

    private static byte[] bytes(long v) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[7 - i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
