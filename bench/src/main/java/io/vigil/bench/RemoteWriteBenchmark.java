package io.vigil.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.vigil.udfs.remotewrite.RemoteWrite;
import io.vigil.udfs.testing.RemoteWriteFixtures;
import io.vigil.udfs.testing.RemoteWriteFixtures.Series;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;
import org.xerial.snappy.Snappy;

/**
 * Per-core cost of the bridge's Prometheus remote-write path: one seeded {@code WriteRequest} of
 * {@value #SERIES} series with one sample each (Prometheus' batches: one sample per series per
 * scrape), 5 jobs × 4 instances, 20 metric names (half counters), 1–4 labels of their own. Scores
 * are samples per second.
 *
 * <p>{@code walkOnly} is the ceiling: reading every tag, string and number of the same bytes with
 * protobuf-java's {@link CodedInputStream} and building nothing, the least any parser does. {@code
 * convert} is {@link RemoteWrite#convert} (parse, check, group into OTLP); {@code
 * convertAndSerialize} adds writing the OTLP request, the payload the bridge sends to Kafka; {@code
 * unsnappyConvertAndSerialize} starts from the compressed body, the bridge's whole CPU per request
 * before Kafka.
 *
 * <p>Run: {@code java -cp "bench/target/vigil-bench-*.jar:$(cat bench/target/classpath.txt)"
 * org.openjdk.jmh.Main RemoteWriteBenchmark}
 */
public class RemoteWriteBenchmark extends ThroughputBenchmark {
    static final int SERIES = 500;

    private byte[] request;
    private byte[] compressed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        request = RemoteWriteFixtures.writeRequest(series(new SplittableRandom(42)));
        compressed = Snappy.compress(request);
    }

    /** The seeded batch: labels sorted by name, as Prometheus sends them. */
    static List<Series> series(SplittableRandom random) {
        long now = 1_767_225_600_000L;
        List<Series> out = new ArrayList<>(SERIES);
        for (int i = 0; i < SERIES; i++) {
            int metric = random.nextInt(20);
            String name = metric < 10 ? "app_requests_" + metric + "_total" : "app_gauge_" + metric;
            List<String> labels = new ArrayList<>();
            labels.add("__name__");
            labels.add(name);
            int own = 1 + random.nextInt(4);
            for (int l = 0; l < own; l++) {
                labels.add("label_" + l);
                labels.add("value_" + random.nextInt(50));
            }
            labels.add("instance");
            labels.add("10.0.0." + random.nextInt(4) + ":9100");
            labels.add("job");
            labels.add("job_" + random.nextInt(5));
            out.add(Series.of(labels.toArray(String[]::new), now, random.nextDouble() * 1000));
        }
        return out;
    }

    /** Ceiling: every field of the request read, nothing built. */
    @Benchmark
    @OperationsPerInvocation(SERIES)
    public long walkOnly() throws IOException {
        return walk(CodedInputStream.newInstance(request));
    }

    private static long walk(CodedInputStream in) throws IOException {
        long sum = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagWireType(tag)) {
                case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    if (WireFormat.getTagFieldNumber(tag) <= 2) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        sum += walkInner(in);
                        in.popLimit(limit);
                    } else {
                        in.skipField(tag);
                    }
                }
                default -> in.skipField(tag);
            }
        }
        return sum;
    }

    /** A TimeSeries: its labels' strings and its samples' numbers. */
    private static long walkInner(CodedInputStream in) throws IOException {
        long sum = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int limit = in.pushLimit(in.readRawVarint32());
            while (!in.isAtEnd()) {
                int t = in.readTag();
                switch (WireFormat.getTagWireType(t)) {
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED ->
                            sum += in.readStringRequireUtf8().length();
                    case WireFormat.WIRETYPE_FIXED64 -> sum += (long) in.readDouble();
                    case WireFormat.WIRETYPE_VARINT -> sum += in.readInt64();
                    default -> in.skipField(t);
                }
            }
            in.popLimit(limit);
            sum += tag;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public RemoteWrite.Converted convert() throws IOException {
        return RemoteWrite.convert(request);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void convertAndSerialize(Blackhole sink) throws IOException {
        sink.consume(RemoteWrite.convert(request).request().toByteArray());
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void unsnappyConvertAndSerialize(Blackhole sink) throws IOException {
        sink.consume(RemoteWrite.convert(Snappy.uncompress(compressed)).request().toByteArray());
    }
}
