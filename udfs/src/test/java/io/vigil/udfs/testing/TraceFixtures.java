package io.vigil.udfs.testing;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small shop whose traces have a known call graph and hand-computable RED numbers: four
 * instrumented services (frontend, checkout, payment, inventory) and one uninstrumented peer
 * (postgres, named by {@code peer.service}). Times are from {@link #T0}.
 *
 * <p><b>Browse</b> trace at {@code s} seconds with frontend duration D ms: frontend SERVER {@code
 * GET /products} [0, D] → frontend CLIENT {@code GET inventory} [1, D−1] → inventory SERVER {@code
 * GET /stock} [10, D−10] (duration D−20) → inventory CLIENT {@code SELECT stock} [15, D−25] with
 * {@code peer.service=postgres}.
 *
 * <p><b>Buy</b> trace with frontend duration D, payment P = D/2, reserve R = 50 ms: frontend SERVER
 * {@code POST /checkout} [0, D] → frontend CLIENT [5, D−5] → checkout SERVER {@code POST /orders}
 * [10, D−10] → checkout CLIENT [20, P+30] → payment SERVER {@code POST /charge} [25, P+25];
 * checkout CLIENT [P+40, P+R+50] → inventory SERVER {@code PUT /reserve} [P+45, P+R+45]. A failed
 * buy has status ERROR on every span from payment up to the frontend.
 *
 * <table>
 *   <caption>The traces</caption>
 *   <tr><th>minute</th><th>browse (s: D)</th><th>buy (s: D)</th></tr>
 *   <tr><td>0</td><td>1: 100, 5: 120, 9: 140, 13: 160, 17: 500</td>
 *       <td>21: 300, 25: 400 (payment fails), 29: 1500</td></tr>
 *   <tr><td>1</td><td>61: 110, 65: 130</td><td>69: 600</td></tr>
 * </table>
 *
 * The call graph (calls): frontend→inventory 7, inventory→postgres 7, frontend→checkout 4,
 * checkout→payment 4 (1 error), checkout→inventory 4.
 *
 * <p>{@link #shop()} sends the spans as real exporters do: per minute, one request per service
 * (inventory, payment, checkout, frontend: callees before callers), spans shuffled (seeded) within
 * each request.
 */
public final class TraceFixtures {
    /** Time zero of the shop. */
    public static final Instant T0 = OtlpFixtures.BASE_TIME;

    private static final long MS = 1_000_000L;
    private static final Span.SpanKind SERVER = Span.SpanKind.SPAN_KIND_SERVER;
    private static final Span.SpanKind CLIENT = Span.SpanKind.SPAN_KIND_CLIENT;
    private static final Span.SpanKind INTERNAL = Span.SpanKind.SPAN_KIND_INTERNAL;
    private static final List<String> EXPORT_ORDER =
            List.of("inventory", "payment", "checkout", "frontend", "ticker");

    private TraceFixtures() {}

    /** The shop's traces, as OTLP requests in the order to send them. */
    public static List<ExportTraceServiceRequest> shop() {
        Builder minute0 = new Builder(1);
        minute0.browse(1, 100).browse(5, 120).browse(9, 140).browse(13, 160).browse(17, 500);
        minute0.buy(21, 300, false).buy(25, 400, true).buy(29, 1500, false);
        Builder minute1 = new Builder(100);
        minute1.browse(61, 110).browse(65, 130).buy(69, 600, false);
        List<ExportTraceServiceRequest> requests = new ArrayList<>(minute0.requests(11));
        requests.addAll(minute1.requests(12));
        return requests;
    }

    /**
     * The shop over minutes {@code from} to {@code to - 1}: per minute one browse at second 5 (100
     * ms) and one buy at second 25 (300 ms, not failing), each minute's requests as {@link #shop()}
     * sends them. Per minute, one call on each of the five edges; requests served: frontend 2,
     * inventory 2, checkout 1, payment 1.
     */
    public static List<ExportTraceServiceRequest> shopMinutes(int from, int to) {
        List<ExportTraceServiceRequest> requests = new ArrayList<>();
        for (int m = from; m < to; m++) {
            Builder minute = new Builder(1_000 + 2 * m);
            minute.browse(60 * m + 5, 100).buy(60 * m + 25, 300, false);
            requests.addAll(minute.requests(m));
        }
        return requests;
    }

    /** A browse request alone (its own trace, no calls): frontend GET /products. */
    public static ExportTraceServiceRequest request(
            int traceNumber, double atSeconds, long millis) {
        Builder b = new Builder(traceNumber).trace(atSeconds);
        b.span("frontend", "GET /products", SERVER, 0, millis, null, false, null);
        return b.requests(0).get(0);
    }

    /**
     * An order served by checkout alone (its own trace: a root server span {@code POST /orders} of
     * {@code millis}), failed (status error) or not.
     */
    public static ExportTraceServiceRequest order(
            int traceNumber, double atSeconds, long millis, boolean fails) {
        Builder b = new Builder(traceNumber).trace(atSeconds);
        b.span("checkout", "POST /orders", SERVER, 0, millis, null, fails, null);
        return b.requests(0).get(0);
    }

    /** A root span of service {@code ticker} ending at {@code atSeconds}: moves event time on. */
    public static ExportTraceServiceRequest tick(int traceNumber, double atSeconds) {
        Builder b = new Builder(traceNumber).trace(atSeconds);
        b.span("ticker", "tick", INTERNAL, -1, 0, null, false, null);
        return b.requests(0).get(0);
    }

    /** The spans of the requests, decoded as the traces job decodes them. */
    public static List<SpanRecord> decode(List<ExportTraceServiceRequest> requests) {
        OtlpSpanDecoder decoder = new OtlpSpanDecoder(OtlpEncoding.PROTO);
        List<SpanRecord> spans = new ArrayList<>();
        for (ExportTraceServiceRequest r : requests) {
            spans.addAll(decoder.decode(r.toByteArray()).records());
        }
        return spans;
    }

    /**
     * A plain decoded span of {@code service}: no attributes, events or links, status unset, flags
     * 1 (sampled), the resource only {@code service.name}, no scope, no trace state.
     */
    public static SpanRecord span(
            String traceId,
            String spanId,
            String parentSpanId,
            String service,
            String name,
            SpanKind kind,
            long startNanos,
            long endNanos) {
        return new SpanRecord(
                traceId,
                spanId,
                parentSpanId,
                "",
                name,
                kind,
                startNanos,
                endNanos,
                new Attribute[0],
                new SpanEventRecord[0],
                new SpanLinkRecord[0],
                StatusCode.UNSET,
                "",
                1,
                new Attribute[] {Attribute.string("service.name", service)},
                "",
                "",
                service);
    }

    /** Epoch nanoseconds of {@code T0 + seconds}. */
    public static long nanos(double seconds) {
        return OtlpFixtures.BASE_NANOS + Math.round(seconds * 1_000) * MS;
    }

    /** The end of a span as an event-time instant. */
    public static Instant at(double seconds) {
        return T0.plus(Duration.ofMillis(Math.round(seconds * 1_000)));
    }

    private static final class Builder {
        private final Map<String, List<Span>> byService = new LinkedHashMap<>();
        private int trace;
        private int spanCounter;
        private long traceStart;

        Builder(int firstTrace) {
            this.trace = firstTrace - 1;
        }

        /** Starts the next trace at {@code T0 + seconds}; its spans' times are relative to it. */
        Builder trace(double seconds) {
            trace++;
            traceStart = nanos(seconds);
            return this;
        }

        Builder browse(int second, long d) {
            trace(second);
            byte[] f1 = span("frontend", "GET /products", SERVER, 0, d, null, false, null);
            byte[] f2 = span("frontend", "GET inventory", CLIENT, 1, d - 1, f1, false, "inventory");
            byte[] i1 = span("inventory", "GET /stock", SERVER, 10, d - 10, f2, false, null);
            span("inventory", "SELECT stock", CLIENT, 15, d - 25, i1, false, "postgres");
            return this;
        }

        Builder buy(int second, long d, boolean fails) {
            trace(second);
            long p = d / 2;
            long r = 50;
            byte[] f1 = span("frontend", "POST /checkout", SERVER, 0, d, null, fails, null);
            byte[] f2 = span("frontend", "POST checkout", CLIENT, 5, d - 5, f1, fails, "checkout");
            byte[] c1 = span("checkout", "POST /orders", SERVER, 10, d - 10, f2, fails, null);
            byte[] c2 = span("checkout", "POST payment", CLIENT, 20, p + 30, c1, fails, "payment");
            span("payment", "POST /charge", SERVER, 25, p + 25, c2, fails, null);
            byte[] c3 =
                    span(
                            "checkout",
                            "PUT inventory",
                            CLIENT,
                            p + 40,
                            p + r + 50,
                            c1,
                            false,
                            "inventory");
            span("inventory", "PUT /reserve", SERVER, p + 45, p + r + 45, c3, false, null);
            return this;
        }

        /**
         * Adds a span of the current trace from {@code startMs} to {@code endMs} after its start;
         * returns the span's id.
         */
        byte[] span(
                String service,
                String name,
                Span.SpanKind kind,
                long startMs,
                long endMs,
                byte[] parent,
                boolean error,
                String peer) {
            byte[] id = id(0x5700_0000_0000_0000L | ((long) trace << 16) | ++spanCounter, 8);
            Span.Builder s =
                    Span.newBuilder()
                            .setTraceId(ByteString.copyFrom(traceId(trace)))
                            .setSpanId(ByteString.copyFrom(id))
                            .setName(name)
                            .setKind(kind)
                            .setStartTimeUnixNano(traceStart + startMs * MS)
                            .setEndTimeUnixNano(traceStart + endMs * MS)
                            .setFlags(0x101);
            if (parent != null) {
                s.setParentSpanId(ByteString.copyFrom(parent));
            }
            if (peer != null) {
                s.addAttributes(string("peer.service", peer));
            }
            if (error) {
                s.setStatus(
                        Status.newBuilder()
                                .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                .setMessage("card declined"));
            }
            byService.computeIfAbsent(service, k -> new ArrayList<>()).add(s.build());
            return id;
        }

        /** One request per service in export order, spans shuffled with {@code seed}. */
        List<ExportTraceServiceRequest> requests(long seed) {
            Random random = new Random(seed);
            List<ExportTraceServiceRequest> out = new ArrayList<>();
            for (String service : EXPORT_ORDER) {
                List<Span> spans = byService.get(service);
                if (spans == null) {
                    continue;
                }
                List<Span> shuffled = new ArrayList<>(spans);
                Collections.shuffle(shuffled, random);
                out.add(
                        ExportTraceServiceRequest.newBuilder()
                                .addResourceSpans(
                                        ResourceSpans.newBuilder()
                                                .setResource(
                                                        Resource.newBuilder()
                                                                .addAttributes(
                                                                        string(
                                                                                "service.name",
                                                                                service)))
                                                .addScopeSpans(
                                                        ScopeSpans.newBuilder()
                                                                .addAllSpans(shuffled)))
                                .build());
            }
            return out;
        }
    }

    private static byte[] traceId(int trace) {
        byte[] id = new byte[16];
        System.arraycopy(id(0x5400_0000_0000_0000L, 8), 0, id, 0, 8);
        System.arraycopy(id(trace, 8), 0, id, 8, 8);
        return id;
    }

    private static byte[] id(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[bytes - 1 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }
}
