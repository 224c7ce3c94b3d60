package io.vigil.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vigil.udfs.otlp.OtlpMetrics;
import java.nio.ByteBuffer;
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
        TracePath browse = new TracePath(trace, false);
        byte[] f1 = browse.server("frontend", "GET /products", t, t + d, null);
        byte[] f2 =
                browse.client(
                        "frontend", "GET inventory", t + d / 20, t + d - d / 20, f1, "inventory");
        byte[] i1 = browse.server("inventory", "GET /stock", t + d / 10, t + d - d / 10, f2);
        browse.client("inventory", "SELECT stock", t + d / 5, t + d - d / 5, i1, "postgres");
    }

    private void buy(long trace, long t) {
        long d = duration(300);
        boolean fails = random.nextInt(50) == 0;
        long p = d / 2;
        // a failed payment fails the order's path; the stock reservation beside it still succeeds
        TracePath order = new TracePath(trace, fails);
        TracePath stock = new TracePath(trace, false);
        byte[] f1 = order.server("frontend", "POST /checkout", t, t + d, null);
        byte[] f2 = order.client("frontend", "POST checkout", t + MS, t + d - MS, f1, "checkout");
        byte[] c1 = order.server("checkout", "POST /orders", t + 2 * MS, t + d - 2 * MS, f2);
        byte[] c2 =
                order.client("checkout", "POST payment", t + 3 * MS, t + 3 * MS + p, c1, "payment");
        order.server("payment", "POST /charge", t + 4 * MS, t + 2 * MS + p, c2);
        byte[] c3 =
                stock.client(
                        "checkout",
                        "PUT inventory",
                        t + 4 * MS + p,
                        t + d - 3 * MS,
                        c1,
                        "inventory");
        stock.server("inventory", "PUT /reserve", t + 5 * MS + p, t + d - 4 * MS, c3);
    }

    /** Adds spans to one trace, along one path of it: failed or not, as the path is. */
    private final class TracePath {
        private final long trace;
        private final boolean error;

        TracePath(long trace, boolean error) {
            this.trace = trace;
            this.error = error;
        }

        /** A server span of {@code service}; returns its id. */
        byte[] server(String service, String name, long start, long end, byte[] parent) {
            return span(service, name, Span.SpanKind.SPAN_KIND_SERVER, start, end, parent, null);
        }

        /** A client span of {@code service} calling {@code peer}; returns its id. */
        byte[] client(
                String service, String name, long start, long end, byte[] parent, String peer) {
            return span(service, name, Span.SpanKind.SPAN_KIND_CLIENT, start, end, parent, peer);
        }

        private byte[] span(
                String service,
                String name,
                Span.SpanKind kind,
                long start,
                long end,
                byte[] parent,
                String peer) {
            byte[] id = ids(0x5800_0000_0000_0000L | ++spanCounter);
            Span.Builder s =
                    Span.newBuilder()
                            .setTraceId(ByteString.copyFrom(ids(0x5a5a_0000_0000_0000L, trace)))
                            .setSpanId(ByteString.copyFrom(id))
                            .setName(name)
                            .setKind(kind)
                            .setStartTimeUnixNano(start)
                            .setEndTimeUnixNano(end)
                            .setFlags(0x101)
                            .addAttributes(
                                    OtlpMetrics.attribute(
                                            "http.request.method", name.split(" ")[0]));
            if (parent != null) {
                s.setParentSpanId(ByteString.copyFrom(parent));
            }
            if (peer != null) {
                s.addAttributes(OtlpMetrics.attribute("peer.service", peer));
            }
            if (error) {
                s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
            }
            batch.computeIfAbsent(service, k -> new ArrayList<>()).add(s.build());
            batched++;
            spans++;
            return id;
        }
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
                                                                OtlpMetrics.attribute(
                                                                        "service.name", service)))
                                        .addScopeSpans(
                                                ScopeSpans.newBuilder().addAllSpans(spans))));
        requests.add(r.build().toByteArray());
        batch.clear();
        batched = 0;
    }

    /** The big-endian bytes of {@code parts}, one after the other: an 8- or 16-byte id. */
    private static byte[] ids(long... parts) {
        ByteBuffer out = ByteBuffer.allocate(8 * parts.length);
        for (long part : parts) {
            out.putLong(part);
        }
        return out.array();
    }
}
