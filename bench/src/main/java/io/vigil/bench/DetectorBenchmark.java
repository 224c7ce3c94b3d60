package io.vigil.bench;

import io.vigil.udfs.anomaly.Assessment;
import io.vigil.udfs.anomaly.Detector;
import io.vigil.udfs.anomaly.Detectors;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-core cost of the default anomaly detector, in points per second on one thread. The input is
 * one seeded synthetic series of {@value #POINTS} 5-minute points (daily sine, Gaussian noise,
 * spikes and level shifts, so every branch of the detector runs); the detector keeps learning
 * across invocations, as it does on a live series.
 *
 * <p>{@code ewmaCeiling} is the ceiling: an EWMA mean and mean absolute deviation with a z-score
 * over the same points, about the least a streaming detector can do. The other rows read as a ratio
 * to it. {@code observeWithStateRoundTrip} adds what a Flink job with serialized keyed state
 * (RocksDB) pays per point: restore from bytes, observe, snapshot. The serialized state size per
 * series is printed at setup.
 *
 * <p>Run: {@code java -cp "bench/target/vigil-bench-*.jar:$(cat bench/target/classpath.txt)"
 * org.openjdk.jmh.Main DetectorBenchmark}
 */
public class DetectorBenchmark extends ThroughputBenchmark {
    static final int POINTS = 10_000;
    private static final long SEED = 42;
    private static final long T0 = 1_700_000_000_000L;
    private static final long STEP_MILLIS = 300_000L;

    private final long[] times = new long[POINTS];
    private final double[] values = new double[POINTS];
    private Detector detector;
    private byte[] state;
    private double ewmaMean;
    private double ewmaDev;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(SEED);
        double level = 100;
        for (int i = 0; i < POINTS; i++) {
            if (i % 2_500 == 1_999) {
                level += 30 * (r.nextDouble() - 0.5); // a level shift now and then
            }
            double u = 1 - r.nextDouble();
            double gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
            double spike = r.nextDouble() < 0.002 ? 40 * r.nextDouble() : 0;
            times[i] = T0 + i * STEP_MILLIS;
            values[i] = level + 20 * Math.sin(2 * Math.PI * i / 288) + 3 * gaussian + spike;
        }
        detector = Detectors.createDefault();
        for (int i = 0; i < POINTS; i++) {
            detector.observe(times[i], values[i]); // a learned detector, as in steady state
        }
        state = detector.snapshot();
        System.out.println();
        System.out.println(
                "serialized state of the default detector: " + state.length + " bytes per series");
    }

    /** Ceiling: EWMA mean and mean absolute deviation, z-score per point, nothing else. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void ewmaCeiling(Blackhole sink) {
        double mean = ewmaMean;
        double dev = ewmaDev;
        for (int i = 0; i < POINTS; i++) {
            double r = values[i] - mean;
            sink.consume(Math.abs(r) / (dev + 1e-12));
            mean += 0.02 * r;
            dev += 0.01 * (Math.abs(r) - dev);
        }
        ewmaMean = mean;
        ewmaDev = dev;
    }

    /** The default detector, one live series: observe every point. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void observe(Blackhole sink) {
        Detector d = detector;
        for (int i = 0; i < POINTS; i++) {
            Assessment a = d.observe(times[i], values[i]);
            sink.consume(a);
        }
    }

    /** As a job with serialized keyed state: restore, observe and snapshot for every point. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void observeWithStateRoundTrip(Blackhole sink) {
        byte[] s = state;
        for (int i = 0; i < POINTS; i++) {
            Detector d = Detectors.restore(s);
            sink.consume(d.observe(times[i], values[i]));
            s = d.snapshot();
        }
        state = s;
    }
}
