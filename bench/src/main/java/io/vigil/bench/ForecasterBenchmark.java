package io.vigil.bench;

import io.vigil.udfs.forecast.Forecaster;
import io.vigil.udfs.forecast.ForecasterCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-core cost of the forecaster, per series. The input is one seeded synthetic series of {@value
 * #POINTS} 5-minute points (daily sine, noise, spikes, a slow climb), learned before measuring, as
 * on a live series.
 *
 * <ul>
 *   <li>{@code observe}: one step, refits included (one every {@value Forecaster#REFIT_EVERY}
 *       steps), in steps per second;
 *   <li>{@code refit}: one refit alone (season test, every candidate run over the recent steps), in
 *       refits per second;
 *   <li>{@code forecast12}: a 12-step forecast with its intervals;
 *   <li>{@code observeWithStateRoundTrip}: what a Flink job with serialized keyed state pays per
 *       step: restore, observe, snapshot;
 *   <li>{@code ewmaCeiling}: an EWMA level over the same points, the least a streaming forecaster
 *       does; the other rows read as a ratio to it.
 * </ul>
 *
 * The serialized state size per series is printed at setup.
 *
 * <p>Run: {@code java -cp "bench/target/vigil-bench-*.jar:$(cat bench/target/classpath.txt)"
 * org.openjdk.jmh.Main ForecasterBenchmark}
 */
public class ForecasterBenchmark extends ThroughputBenchmark {
    static final int POINTS = 10_000;
    private static final long SEED = 42;
    private static final long STEP_MILLIS = 300_000L;

    private final double[] values = new double[POINTS];
    private Forecaster forecaster;
    private byte[] state;
    private double level;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < POINTS; i++) {
            double u = 1 - r.nextDouble();
            double gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
            double spike = r.nextDouble() < 0.002 ? 40 * r.nextDouble() : 0;
            values[i] =
                    100 + 0.002 * i + 20 * Math.sin(2 * Math.PI * i / 288) + 3 * gaussian + spike;
        }
        forecaster = new Forecaster(STEP_MILLIS);
        for (double v : values) {
            forecaster.observe(v);
        }
        state = write(forecaster);
        System.out.println();
        System.out.println(
                "serialized state of the forecaster: "
                        + state.length
                        + " bytes per series (season "
                        + forecaster.seasonSteps()
                        + " steps)");
    }

    /** Ceiling: an EWMA level per point, nothing else. */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void ewmaCeiling(Blackhole sink) {
        double l = level;
        for (int i = 0; i < POINTS; i++) {
            l += 0.1 * (values[i] - l);
            sink.consume(l);
        }
        level = l;
    }

    /** One live series: observe every point (refits included). */
    @Benchmark
    @OperationsPerInvocation(POINTS)
    public void observe(Blackhole sink) {
        Forecaster f = forecaster;
        for (int i = 0; i < POINTS; i++) {
            f.observe(values[i]);
        }
        sink.consume(f.steps());
    }

    /** One refit of a learned series. */
    @Benchmark
    public void refit(Blackhole sink) {
        forecaster.refitNow();
        sink.consume(forecaster.refits());
    }

    /** A 12-step forecast with intervals. */
    @Benchmark
    public void forecast12(Blackhole sink) {
        sink.consume(forecaster.forecast(12));
    }

    /** As a job with serialized keyed state: restore, observe and snapshot for every point. */
    @Benchmark
    @OperationsPerInvocation(1_000)
    public void observeWithStateRoundTrip(Blackhole sink) {
        byte[] s = state;
        for (int i = 0; i < 1_000; i++) {
            Forecaster f = read(s);
            f.observe(values[i]);
            s = write(f);
        }
        sink.consume(s);
    }

    private static byte[] write(Forecaster f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ForecasterCodec.write(f, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Forecaster read(byte[] s) {
        try {
            return ForecasterCodec.read(new DataInputStream(new ByteArrayInputStream(s)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
