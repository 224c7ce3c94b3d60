package io.vigil.udfs.jaeger;

import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.AttributeType;
import io.vigil.udfs.model.SpanEventRecord;
import io.vigil.udfs.model.SpanKind;
import io.vigil.udfs.model.SpanLinkRecord;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.model.StatusCode;

/** Spans for the Jaeger tests. */
final class JaegerSpans {

    /** 2020-12-01T00:00:00.123456Z, the start of the contract's example span. */
    static final long EXAMPLE_START_NANOS = 1_606_780_800_123_456_000L;

    static final String EXAMPLE_TRACE = "5b8efff798038103d269b633813fc60c";

    private JaegerSpans() {}

    /**
     * The span closest to {@code contracts/jaeger-es/examples/span-doc.json}: a SERVER span with an
     * ERROR status, three typed attributes, one event and three process tags.
     */
    static SpanRecord example() {
        return new SpanRecord(
                EXAMPLE_TRACE,
                "eee19b7ec3c1b174",
                "eee19b7ec3c1b173",
                "",
                "HTTP GET /dispatch",
                SpanKind.SERVER,
                EXAMPLE_START_NANOS,
                EXAMPLE_START_NANOS + 250_000_000L,
                new Attribute[] {
                    new Attribute("http.status_code", AttributeType.INT64, "500"),
                    new Attribute("sampler.param", AttributeType.FLOAT64, "0.5"),
                    // 0x00003039 in base64, as the decoders write BINARY values
                    new Attribute("payload", AttributeType.BINARY, "AAAwOQ=="),
                },
                new SpanEventRecord[] {
                    new SpanEventRecord(
                            1_606_780_800_200_000_000L,
                            "error",
                            new Attribute[] {Attribute.string("message", "upstream timeout")})
                },
                new SpanLinkRecord[0],
                StatusCode.ERROR,
                "",
                1,
                new Attribute[] {
                    Attribute.string("service.name", "frontend"),
                    Attribute.string("hostname", "host-1"),
                    Attribute.string("ip", "10.0.0.7"),
                    Attribute.string("jaeger.version", "Java-1.5.0"),
                },
                "",
                "",
                "frontend");
    }

    /** A plain root INTERNAL span of service {@code svc} starting at {@code startNanos}. */
    static SpanRecord root(long startNanos) {
        return new SpanRecord(
                "0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331",
                "",
                "",
                "work",
                SpanKind.INTERNAL,
                startNanos,
                startNanos + 1_500_999L,
                Attribute.NONE,
                new SpanEventRecord[0],
                new SpanLinkRecord[0],
                StatusCode.UNSET,
                "",
                0,
                new Attribute[] {Attribute.string("service.name", "svc")},
                "",
                "",
                "svc");
    }

    /** {@link #root} with other attributes. */
    static SpanRecord withAttributes(SpanRecord s, Attribute... attributes) {
        return new SpanRecord(
                s.traceId(),
                s.spanId(),
                s.parentSpanId(),
                s.traceState(),
                s.name(),
                s.kind(),
                s.startTimeUnixNano(),
                s.endTimeUnixNano(),
                attributes,
                s.events(),
                s.links(),
                s.statusCode(),
                s.statusMessage(),
                s.flags(),
                s.resource(),
                s.scopeName(),
                s.scopeVersion(),
                s.serviceName());
    }

    /** {@code s} with other status, kind, flags, scope and trace state. */
    static SpanRecord with(
            SpanRecord s,
            SpanKind kind,
            StatusCode code,
            String message,
            int flags,
            String scopeName,
            String scopeVersion,
            String traceState) {
        return new SpanRecord(
                s.traceId(),
                s.spanId(),
                s.parentSpanId(),
                traceState,
                s.name(),
                kind,
                s.startTimeUnixNano(),
                s.endTimeUnixNano(),
                s.attributes(),
                s.events(),
                s.links(),
                code,
                message,
                flags,
                s.resource(),
                scopeName,
                scopeVersion,
                s.serviceName());
    }

    /** {@code s} with other ids, parent, links and events. */
    static SpanRecord withStructure(
            SpanRecord s,
            String traceId,
            String parentSpanId,
            SpanLinkRecord[] links,
            SpanEventRecord[] events) {
        return new SpanRecord(
                traceId,
                s.spanId(),
                parentSpanId,
                s.traceState(),
                s.name(),
                s.kind(),
                s.startTimeUnixNano(),
                s.endTimeUnixNano(),
                s.attributes(),
                events,
                links,
                s.statusCode(),
                s.statusMessage(),
                s.flags(),
                s.resource(),
                s.scopeName(),
                s.scopeVersion(),
                s.serviceName());
    }

    /** {@code s} renamed, in another service. */
    static SpanRecord named(SpanRecord s, String service, String operation) {
        return new SpanRecord(
                s.traceId(),
                s.spanId(),
                s.parentSpanId(),
                s.traceState(),
                operation,
                s.kind(),
                s.startTimeUnixNano(),
                s.endTimeUnixNano(),
                s.attributes(),
                s.events(),
                s.links(),
                s.statusCode(),
                s.statusMessage(),
                s.flags(),
                new Attribute[] {Attribute.string("service.name", service)},
                s.scopeName(),
                s.scopeVersion(),
                service);
    }

    /** A span using every feature, for the template check. */
    static SpanRecord everything() {
        SpanRecord s =
                withAttributes(
                        example(),
                        Attribute.string("s", "v"),
                        new Attribute("b", AttributeType.BOOL, "false"),
                        new Attribute("i", AttributeType.INT64, "-7"),
                        new Attribute("f", AttributeType.FLOAT64, "NaN"),
                        new Attribute("x", AttributeType.BINARY, "/w=="),
                        new Attribute("a", AttributeType.ARRAY, "[\"a\",1]"),
                        new Attribute("k", AttributeType.KVLIST, "{\"k\":\"v\"}"));
        s =
                with(
                        s,
                        SpanKind.CLIENT,
                        StatusCode.ERROR,
                        "boom",
                        0x301,
                        "io.vigil.scope",
                        "1.2.3",
                        "vendor=x");
        return withStructure(
                s,
                s.traceId(),
                s.parentSpanId(),
                new SpanLinkRecord[] {
                    new SpanLinkRecord(
                            "00000000000000001111111111111111",
                            "2222222222222222",
                            "",
                            Attribute.NONE)
                },
                new SpanEventRecord[] {
                    s.events()[0],
                    new SpanEventRecord(
                            EXAMPLE_START_NANOS + 5,
                            "exception",
                            new Attribute[] {
                                Attribute.string("exception.type", "IOException"),
                                new Attribute("retries", AttributeType.INT64, "3")
                            })
                });
    }
}
