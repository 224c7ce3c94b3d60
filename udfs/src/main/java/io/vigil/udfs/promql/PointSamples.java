package io.vigil.udfs.promql;

import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.Temporality;
import io.vigil.udfs.promql.PrometheusNames.Kind;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus samples of OpenTelemetry metric points, as a Prometheus server receiving them over
 * OTLP would store them, so that rules written for Prometheus select the same series:
 *
 * <ul>
 *   <li>names by {@link PrometheusNames#metricName} ({@code http.server.request.duration}, unit
 *       {@code s}, histogram → {@code http_server_request_duration_seconds_bucket}/{@code
 *       _sum}/{@code _count});
 *   <li>labels: the point's attributes ({@link PrometheusNames#labelName}), {@code job} (the
 *       resource's {@code service.namespace/service.name}, or {@code service.name}), {@code
 *       instance} ({@code service.instance.id}) as the OpenTelemetry specification maps them, and
 *       {@code service_name}, promoted from the resource so that rules can select a service
 *       directly;
 *   <li>gauges and non-monotonic sums are gauges; monotonic sums are counters; histograms are
 *       classic histograms with cumulative {@code le} buckets; summaries give {@code quantile}
 *       series, {@code _sum} and {@code _count};
 *   <li>delta sums and histograms are made cumulative by adding each point to the series' running
 *       total (Prometheus takes only cumulative data; this is what the Collector's
 *       deltatocumulative processor does), so {@code rate()} and {@code increase()} work on them; a
 *       delta point at or before the series' latest one (an interval sent again with late data) is
 *       left out, so no event counts twice ({@link #resentDeltas()});
 *   <li>a point flagged "no recorded value" ends its series with a stale marker.
 * </ul>
 *
 * <p>Points of the scope {@link #PROMETHEUS_NAMED_SCOPE} came from Prometheus (remote write) and
 * already carry Prometheus names: their metric name and attribute keys, where valid Prometheus
 * names, are the series' name and labels as they are (others are translated as above), and a {@code
 * service_name} label they carry is kept.
 *
 * <p>Exponential histograms (Prometheus native histograms) are not in Vigil's PromQL subset: their
 * points are counted by {@link #unsupported()} and give no samples. So are points whose name has no
 * letter or digit (it gives no Prometheus name); an attribute whose key has none is not a label.
 *
 * <p>State: one running total and time per delta series (about 120 bytes with its labels), dropped
 * by {@link #forget} when the series is evicted from the {@link SeriesStore}.
 */
public final class PointSamples implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Receives samples: series labels (metric name included), time in epoch ms, value. */
    @FunctionalInterface
    public interface Sink {
        void sample(Labels labels, long atMillis, double value);
    }

    /**
     * The instrumentation scope of points that already have Prometheus names (Prometheus remote
     * write, {@code io.vigil.udfs.remotewrite}).
     */
    public static final String PROMETHEUS_NAMED_SCOPE = "io.vigil.remote_write";

    private final Map<Labels, Double> deltaTotals = new HashMap<>();
    private final Map<Labels, Long> deltaTimes = new HashMap<>();
    private long resent;
    private transient Map<String, String> names;
    private long unsupported;

    /** Points given no samples because their kind is not supported. */
    public long unsupported() {
        return unsupported;
    }

    /**
     * The Prometheus metric name of a point (before the histogram/summary suffixes), or {@code
     * null} if it has none (no letter or digit in it).
     */
    public String metricName(MetricPoint p) {
        if (PROMETHEUS_NAMED_SCOPE.equals(p.scopeName())
                && PrometheusNames.isValidMetricName(p.name())) {
            return p.name();
        }
        if (names == null) {
            names = new HashMap<>();
        }
        String key =
                p.name() + '\u0000' + p.unit() + '\u0000' + p.type() + '\u0000' + p.monotonic();
        String name = names.get(key);
        if (name == null) {
            try {
                name =
                        PrometheusNames.metricName(
                                p.name(), p.unit(), Kind.of(p.type(), p.monotonic()));
            } catch (IllegalArgumentException noName) {
                return null;
            }
            if (names.size() > 10_000) {
                names.clear();
            }
            names.put(key, name);
        }
        return name;
    }

    /** The series names a point is written as ({@code x_bucket}, {@code x_sum}, …). */
    public Iterable<String> seriesNames(MetricPoint p) {
        String name = metricName(p);
        return name == null
                ? List.of()
                : PrometheusNames.seriesNames(name, Kind.of(p.type(), p.monotonic()));
    }

    /** Writes the samples of {@code p} to {@code sink}. */
    public void accept(MetricPoint p, Sink sink) {
        if (p.type() == MetricType.EXPONENTIAL_HISTOGRAM) {
            unsupported++;
            return;
        }
        long t = p.timeUnixNano() / 1_000_000;
        String name = metricName(p);
        if (name == null) {
            unsupported++;
            return;
        }
        Map<String, String> base = baseLabels(p);
        boolean stale = p.noRecordedValue();
        boolean delta = p.temporality() == Temporality.DELTA;
        switch (p.type()) {
            case GAUGE -> emit(sink, base, name, null, null, t, p.value(), stale, false);
            case SUM -> emit(sink, base, name, null, null, t, p.value(), stale, delta);
            case HISTOGRAM -> {
                double cumulative = 0;
                long[] counts = p.bucketCounts();
                double[] bounds = p.explicitBounds();
                for (int i = 0; i < counts.length; i++) {
                    cumulative += counts[i];
                    String le = i < bounds.length ? formatLe(bounds[i]) : "+Inf";
                    emit(
                            sink,
                            base,
                            name + PrometheusNames.BUCKET_SUFFIX,
                            PrometheusNames.LE_LABEL,
                            le,
                            t,
                            cumulative,
                            stale,
                            delta);
                }
                if (counts.length == 0) {
                    emit(
                            sink,
                            base,
                            name + PrometheusNames.BUCKET_SUFFIX,
                            PrometheusNames.LE_LABEL,
                            "+Inf",
                            t,
                            p.count(),
                            stale,
                            delta);
                }
                emit(
                        sink,
                        base,
                        name + PrometheusNames.SUM_SUFFIX,
                        null,
                        null,
                        t,
                        Double.isNaN(p.sum()) ? 0 : p.sum(),
                        stale,
                        delta);
                emit(
                        sink,
                        base,
                        name + PrometheusNames.COUNT_SUFFIX,
                        null,
                        null,
                        t,
                        p.count(),
                        stale,
                        delta);
            }
            case SUMMARY -> {
                for (int i = 0; i < p.quantiles().length; i++) {
                    emit(
                            sink,
                            base,
                            name,
                            PrometheusNames.QUANTILE_LABEL,
                            formatLe(p.quantiles()[i]),
                            t,
                            p.quantileValues()[i],
                            stale,
                            false);
                }
                emit(
                        sink,
                        base,
                        name + PrometheusNames.SUM_SUFFIX,
                        null,
                        null,
                        t,
                        p.sum(),
                        stale,
                        false);
                emit(
                        sink,
                        base,
                        name + PrometheusNames.COUNT_SUFFIX,
                        null,
                        null,
                        t,
                        p.count(),
                        stale,
                        false);
            }
            default -> unsupported++;
        }
    }

    private void emit(
            Sink sink,
            Map<String, String> base,
            String name,
            String extraLabel,
            String extraValue,
            long t,
            double value,
            boolean stale,
            boolean delta) {
        Map<String, String> l = new TreeMap<>(base);
        l.put(Labels.NAME, name);
        if (extraLabel != null) {
            l.put(extraLabel, extraValue);
        }
        Labels labels = Labels.of(l);
        if (stale) {
            sink.sample(labels, t, SeriesStore.STALE_NAN);
            return;
        }
        if (delta) {
            Long last = deltaTimes.get(labels);
            if (last != null && t <= last) {
                // A delta interval sent again (a late correction) or out of order: adding it
                // would count its events twice; the series keeps its total.
                resent++;
                return;
            }
            double total = deltaTotals.getOrDefault(labels, 0.0) + value;
            deltaTotals.put(labels, total);
            deltaTimes.put(labels, t);
            value = total;
        }
        sink.sample(labels, t, value);
    }

    /** Forgets the running total of a series (it was evicted: a later point starts from zero). */
    public void forget(Labels series) {
        deltaTotals.remove(series);
        deltaTimes.remove(series);
    }

    /**
     * Delta points not added to their series' total because they were not after its latest one (a
     * window sent again with late data, or out of order).
     */
    public long resentDeltas() {
        return resent;
    }

    /** The labels every series of the point has: attributes, job, instance, service_name. */
    static Map<String, String> baseLabels(MetricPoint p) {
        Map<String, String> l = new TreeMap<>();
        boolean prometheusNamed = PROMETHEUS_NAMED_SCOPE.equals(p.scopeName());
        for (Attribute a : p.attributes()) {
            if (prometheusNamed && PrometheusNames.isValidLabelName(a.key())) {
                l.put(a.key(), a.value());
            } else if (PrometheusNames.hasLabelName(a.key())) {
                l.put(PrometheusNames.labelName(a.key()), a.value());
            }
        }
        String service = Attribute.find(p.resource(), "service.name");
        if (service == null || service.isEmpty()) {
            service = p.serviceName();
        }
        String namespace = Attribute.find(p.resource(), "service.namespace");
        String instance = Attribute.find(p.resource(), "service.instance.id");
        l.put(
                "job",
                namespace == null || namespace.isEmpty() ? service : namespace + "/" + service);
        if (instance != null && !instance.isEmpty()) {
            l.put("instance", instance);
        }
        if (prometheusNamed) {
            l.putIfAbsent("service_name", service);
        } else {
            l.put("service_name", service);
        }
        return l;
    }

    /**
     * A bucket bound or quantile as Prometheus' OTLP translation writes it in {@code le} and {@code
     * quantile}: Go's {@code FormatFloat(v, 'f', -1, 64)}, the shortest plain decimal ({@code
     * 0.005}, {@code 1}, {@code 2.5}, {@code 1000000}), or {@code +Inf}.
     */
    public static String formatLe(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
