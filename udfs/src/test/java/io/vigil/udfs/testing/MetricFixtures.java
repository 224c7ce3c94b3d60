package io.vigil.udfs.testing;

import io.vigil.udfs.anomaly.Assessment;
import io.vigil.udfs.anomaly.Detector;
import io.vigil.udfs.anomaly.DetectorFactory;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.Temporality;
import java.nio.ByteBuffer;

/** Metric points and a transparent test detector for the anomaly-detection tests. */
public final class MetricFixtures {
    /** 2026-01-01T00:00:00Z in epoch milliseconds. */
    public static final long T0 = TraceFixtures.T0.toEpochMilli();

    private MetricFixtures() {}

    /** A gauge point of {@code service} at {@code T0 + seconds}. */
    public static MetricPoint gauge(String name, String service, double seconds, double value) {
        return builder(name, MetricType.GAUGE, seconds, service)
                .series(0, new Attribute[] {Attribute.string("host", "h1")})
                .value(value)
                .build();
    }

    /** A cumulative monotonic sum started at {@code T0}. */
    public static MetricPoint counter(String name, double seconds, double total, long start) {
        return builder(name, MetricType.SUM, seconds, "svc")
                .aggregation(Temporality.CUMULATIVE, true)
                .series(start, Attribute.NONE)
                .value(total)
                .build();
    }

    /** A histogram's count and sum (buckets left out: the detector uses the mean). */
    public static MetricPoint histogram(
            Temporality temporality, double seconds, long count, double sum) {
        return builder("latency", MetricType.HISTOGRAM, seconds, "svc")
                .aggregation(temporality, false)
                .series(T0 * 1_000_000, Attribute.NONE)
                .stats(count, sum, Double.NaN, Double.NaN)
                .build();
    }

    /** Any point; {@code startNanos} 0 means no start time. */
    public static MetricPoint point(
            String name,
            MetricType type,
            Temporality temporality,
            boolean monotonic,
            long startNanos,
            double seconds,
            double value,
            long count,
            double sum,
            String service,
            Attribute[] attributes) {
        return builder(name, type, seconds, service)
                .aggregation(temporality, monotonic)
                .series(startNanos, attributes)
                .value(value)
                .stats(count, sum, Double.NaN, Double.NaN)
                .build();
    }

    /**
     * A point of {@code service} at {@code T0 + seconds} in unit {@code ms}, with one exemplar and
     * the resource {@code service.name} and {@code process.pid}; no value yet.
     */
    private static MetricPoint.Builder builder(
            String name, MetricType type, double seconds, String service) {
        return MetricPoint.builder(name, type, (T0 + Math.round(seconds * 1000)) * 1_000_000)
                .metadata("", "ms")
                .extras(new String[] {"0af7651916cd43dd8448eb211c80319c"}, 0)
                .origin(
                        new Attribute[] {
                            Attribute.string("service.name", service),
                            Attribute.string("process.pid", "42")
                        },
                        "",
                        "",
                        service);
    }

    /**
     * A detector whose verdicts a test can compute by hand: after one point, it expects the
     * previous value with a band of ±{@code width}; the score is 1 outside the band, 0 inside.
     */
    public static final class PreviousValueDetector implements Detector {
        private final double width;
        private double previous = Double.NaN;

        public PreviousValueDetector(double width) {
            this.width = width;
        }

        @Override
        public Assessment observe(long epochMillis, double value) {
            Assessment a =
                    Double.isNaN(previous)
                            ? Assessment.learning()
                            : new Assessment(
                                    Math.abs(value - previous) > width ? 1.0 : 0.0,
                                    previous,
                                    previous - width,
                                    previous + width);
            previous = value;
            return a;
        }

        @Override
        public byte[] snapshot() {
            return ByteBuffer.allocate(16).putDouble(width).putDouble(previous).array();
        }
    }

    /** Makes {@link PreviousValueDetector}s of width 10. */
    public enum PreviousValueDetectors implements DetectorFactory {
        WIDTH_10;

        @Override
        public Detector create() {
            return new PreviousValueDetector(10);
        }

        @Override
        public Detector restore(byte[] snapshot) {
            ByteBuffer in = ByteBuffer.wrap(snapshot);
            PreviousValueDetector d = new PreviousValueDetector(in.getDouble());
            d.previous = in.getDouble();
            return d;
        }
    }
}
