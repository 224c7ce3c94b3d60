package io.vigil.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.OtlpFixtures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-core cost of the traces job's front: one OTLP request of {@value #SPANS} spans (the seeded
 * fixture), as protobuf or OTLP JSON. {@code parseOnly} is the ceiling — protobuf's own parse of
 * the same bytes — so the other rows read as a ratio to it, which survives noisy machines. Scores
 * are spans per second.
 *
 * <p>Run: {@code java -cp "bench/target/vigil-bench-*.jar:$(cat bench/target/classpath.txt)"
 * org.openjdk.jmh.Main OtlpDecodeBenchmark}
 */
public class OtlpDecodeBenchmark extends ThroughputBenchmark {
    static final int SPANS = 100;

    @Param({"proto", "json"})
    String encoding;

    private byte[] request;
    private byte[] protoRequest;
    private OtlpSpanDecoder decoder;
    private EcsMapper ecs;

    @Setup(Level.Trial)
    public void setUp() {
        protoRequest = OtlpFixtures.tracesRequest(SPANS, 42, false);
        request = OtlpFixtures.tracesRequest(SPANS, 42, encoding.equals("json"));
        decoder = new OtlpSpanDecoder(OtlpEncoding.AUTO);
        ecs = new EcsMapper("vigil");
    }

    /** Ceiling: protobuf-java parsing the protobuf form of the request, nothing else. */
    @Benchmark
    @OperationsPerInvocation(SPANS)
    public ExportTraceServiceRequest parseOnly() throws Exception {
        return ExportTraceServiceRequest.parseFrom(protoRequest);
    }

    /** Decode to Vigil's span records (validation included). */
    @Benchmark
    @OperationsPerInvocation(SPANS)
    public void decode(Blackhole sink) {
        for (SpanRecord span : decoder.decode(request).records()) {
            sink.consume(span);
        }
    }

    /** Decode and map to ECS JSON documents: the per-span CPU of the traces job before the sink. */
    @Benchmark
    @OperationsPerInvocation(SPANS)
    public void decodeAndMapToEcs(Blackhole sink) {
        for (SpanRecord span : decoder.decode(request).records()) {
            EsDocument doc = ecs.span(span);
            sink.consume(doc);
        }
    }
}
