package io.vigil.udfs.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.vigil.udfs.promql.PointSamples;
import io.vigil.udfs.promql.PrometheusNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus remote-write 1.0 to OTLP: a {@code WriteRequest} (already snappy-decompressed) becomes
 * one {@code ExportMetricsServiceRequest} that the metrics job reads like any other, and whose
 * series the rules see under the names and labels they were sent with.
 *
 * <p><b>The mapping</b> (the OpenTelemetry specification's "Prometheus and OpenMetrics
 * Compatibility", Prometheus to OTLP):
 *
 * <ul>
 *   <li>{@code job} and {@code instance} become the resource: {@code service.name} (and {@code
 *       service.namespace}, from a {@code job} of the form {@code namespace/name}) and {@code
 *       service.instance.id}. Series of one job and instance share a resource. A series without a
 *       {@code job} has no service, and is {@code unknown_service}'s in Vigil (its rules see {@code
 *       job="unknown_service"}), as any OTLP metric without one.
 *   <li>{@code __name__} is the metric's name, unchanged, without a unit. The other labels are the
 *       data point's attributes.
 *   <li>Remote-write 1.0 carries no metric types, so the name decides: a name ending in {@code
 *       _total} is a counter (a monotonic cumulative sum), anything else a gauge, as the
 *       specification turns an untyped series into a gauge. A histogram's {@code _bucket}, {@code
 *       _sum} and {@code _count} series stay separate gauges. The metrics carry the scope {@link
 *       #SCOPE}, which tells the rules ({@link PointSamples}) to take the name and the labels as
 *       they are (no OpenTelemetry-to-Prometheus translation): a rule written for Prometheus reads
 *       the same series, with {@code service_name} added unless it was sent.
 *   <li>A sample's millisecond timestamp becomes the point's time; a counter's start time is
 *       unknown (0), so its first point is a baseline. Prometheus' stale marker (the NaN with bits
 *       {@code 0x7ff0000000000002}, sent when a series disappears) becomes a point flagged "no
 *       recorded value".
 * </ul>
 *
 * <p><b>What is refused</b>, per series, naming the series by its index and labels: no {@code
 * __name__}, a metric or label name Prometheus does not allow, an empty label name, a label name
 * twice, labels of more than {@value #MAX_LABEL_BYTES} characters, a sample time before 1970 or
 * after 2262 (OTLP counts nanoseconds in 64 bits), and native histogram samples (remote-write
 * 2.0's, not read). The rest of the request is converted; the caller reports the problems (a
 * receiver answers 400 so the sender does not retry them). Labels may come in any order (the
 * specification asks senders to sort them; this does not insist), a label with an empty value is no
 * label (as in Prometheus), and the reserved labels {@code __*__} other than the name are not
 * attributes. Metadata entries (field 3, sent by Prometheus beside the series) and exemplars are
 * skipped. A request that is not protobuf throws {@link InvalidProtocolBufferException} with the
 * byte offset where parsing stopped.
 *
 * <p>Stateless and thread-safe.
 */
public final class RemoteWrite {
    /** The instrumentation scope of the converted metrics. */
    public static final String SCOPE = PointSamples.PROMETHEUS_NAMED_SCOPE;

    /** The most data points one OTLP metric of the result holds; more of one name start another. */
    public static final int MAX_POINTS_PER_METRIC = 1_000;

    /** The most characters of label names and values one series may have. */
    public static final int MAX_LABEL_BYTES = 64 * 1024;

    /** The latest sample time in ms that still fits OTLP's nanoseconds (in the year 2262). */
    static final long MAX_TIME_MILLIS = Long.MAX_VALUE / 1_000_000L;

    /** The stale marker's bits: Prometheus' "this series is gone". */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    private static final int FLAG_NO_RECORDED_VALUE = 1;

    // Tags (field number << 3 | wire type) of the fields read; any other is skipped.
    private static final int TAG_TIMESERIES = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_LABEL = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_SAMPLE = 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_HISTOGRAM = 4 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_LABEL_NAME = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_LABEL_VALUE = 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TAG_SAMPLE_VALUE = 1 << 3 | WireFormat.WIRETYPE_FIXED64;
    private static final int TAG_SAMPLE_TIME = 2 << 3 | WireFormat.WIRETYPE_VARINT;

    private RemoteWrite() {}

    /**
     * The converted request and what was refused.
     *
     * @param request every accepted series' samples, grouped by job and instance
     * @param series series accepted
     * @param samples samples accepted (data points)
     * @param problems one line per series refused, e.g. {@code timeseries[3] {__name__="x", a="1",
     *     a="2"}: label a appears twice}
     */
    public record Converted(
            ExportMetricsServiceRequest request, int series, int samples, List<String> problems) {}

    /** One series as sent: its labels in the order sent, its samples. */
    private record Series(int index, List<String[]> labels, long[] times, double[] values) {}

    /**
     * Converts one snappy-decompressed {@code WriteRequest}.
     *
     * @throws InvalidProtocolBufferException if {@code writeRequest} is not a protobuf {@code
     *     WriteRequest}; the message says at which byte
     */
    public static Converted convert(byte[] writeRequest) throws InvalidProtocolBufferException {
        List<String> problems = new ArrayList<>();
        // resource (job, instance) → metric name → metric
        Map<List<String>, Map<String, Metric.Builder>> byResource = new LinkedHashMap<>();
        CodedInputStream in = CodedInputStream.newInstance(writeRequest);
        int index = 0;
        int series = 0;
        int samples = 0;
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                if (tag == TAG_TIMESERIES) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    int at = index++;
                    Series s = readSeries(in, at, problems);
                    in.popLimit(limit);
                    if (s != null && add(s, byResource, problems)) {
                        series++;
                        samples += s.times().length;
                    }
                } else {
                    in.skipField(tag); // metadata (3), anything newer
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProtocolBufferException(
                    "not a remote-write WriteRequest: invalid protobuf at byte "
                            + in.getTotalBytesRead()
                            + ": "
                            + e.getMessage());
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (Map.Entry<List<String>, Map<String, Metric.Builder>> r : byResource.entrySet()) {
            ScopeMetrics.Builder scope =
                    ScopeMetrics.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName(SCOPE));
            r.getValue().values().forEach(scope::addMetrics);
            request.addResourceMetrics(
                    ResourceMetrics.newBuilder()
                            .setResource(resource(r.getKey().get(0), r.getKey().get(1)))
                            .addScopeMetrics(scope));
        }
        return new Converted(request.build(), series, samples, List.copyOf(problems));
    }

    /** Reads one TimeSeries; null (with a problem) if it holds native histograms. */
    private static Series readSeries(CodedInputStream in, int index, List<String> problems)
            throws IOException {
        List<String[]> labels = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        boolean histograms = false;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (tag == TAG_LABEL) {
                int limit = in.pushLimit(in.readRawVarint32());
                String name = "";
                String value = "";
                while (!in.isAtEnd()) {
                    int t = in.readTag();
                    if (t == TAG_LABEL_NAME) {
                        name = in.readStringRequireUtf8();
                    } else if (t == TAG_LABEL_VALUE) {
                        value = in.readStringRequireUtf8();
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(limit);
                labels.add(new String[] {name, value});
            } else if (tag == TAG_SAMPLE) {
                int limit = in.pushLimit(in.readRawVarint32());
                double value = 0;
                long time = 0;
                while (!in.isAtEnd()) {
                    int t = in.readTag();
                    if (t == TAG_SAMPLE_VALUE) {
                        value = in.readDouble();
                    } else if (t == TAG_SAMPLE_TIME) {
                        time = in.readInt64();
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(limit);
                times.add(new long[] {time});
                values.add(new double[] {value});
            } else {
                histograms |= tag == TAG_HISTOGRAM;
                in.skipField(tag); // exemplars (3), native histograms (4)
            }
        }
        if (histograms) {
            problems.add(
                    describe(index, labels)
                            + ": native histogram samples are not read (remote-write 1.0 float"
                            + " samples only)");
            return null;
        }
        long[] t = new long[times.size()];
        double[] v = new double[values.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = times.get(i)[0];
            v[i] = values.get(i)[0];
        }
        return new Series(index, labels, t, v);
    }

    /** Checks a series and adds its samples; false (with a problem) if it is refused. */
    private static boolean add(
            Series s,
            Map<List<String>, Map<String, Metric.Builder>> byResource,
            List<String> problems) {
        String problem = null;
        String name = null;
        String job = "";
        String instance = "";
        Map<String, String> attributes = new TreeMap<>();
        for (String[] label : s.labels()) {
            String key = label[0];
            String value = label[1];
            if (key.isEmpty()) {
                problem = "a label has no name";
            } else if (!PrometheusNames.isValidLabelName(key)) {
                problem = "label name " + key + " is not [a-zA-Z_][a-zA-Z0-9_]*";
            } else if (key.equals("__name__")) {
                if (name != null) {
                    problem = "label __name__ appears twice";
                }
                name = value;
            } else if (attributes.containsKey(key)
                    || (key.equals("job") && !job.isEmpty())
                    || (key.equals("instance") && !instance.isEmpty())) {
                problem = "label " + key + " appears twice";
            } else if (value.isEmpty() || (key.startsWith("__") && key.endsWith("__"))) {
                continue; // no label, as in Prometheus; reserved labels are not attributes
            } else if (key.equals("job")) {
                job = value;
            } else if (key.equals("instance")) {
                instance = value;
            } else {
                attributes.put(key, value);
            }
            if (problem != null) {
                break;
            }
        }
        int labelChars = 0;
        for (String[] label : s.labels()) {
            labelChars += label[0].length() + label[1].length();
        }
        if (problem == null && labelChars > MAX_LABEL_BYTES) {
            problem = "labels take " + labelChars + " characters; at most " + MAX_LABEL_BYTES;
        }
        for (long t : s.times()) {
            if (problem == null && (t < 0 || t > MAX_TIME_MILLIS)) {
                problem = "sample time " + t + " ms is before 1970 or after 2262";
            }
        }
        if (problem == null && (name == null || name.isEmpty())) {
            problem = "no __name__ label";
        } else if (problem == null && !PrometheusNames.isValidMetricName(name)) {
            problem = "metric name " + name + " is not [a-zA-Z_:][a-zA-Z0-9_:]*";
        }
        if (problem != null) {
            problems.add(describe(s.index(), s.labels()) + ": " + problem);
            return false;
        }
        if (s.times().length == 0) {
            return true;
        }
        boolean counter = name.endsWith("_total");
        Map<String, Metric.Builder> metrics =
                byResource.computeIfAbsent(List.of(job, instance), k -> new LinkedHashMap<>());
        List<KeyValue> attrs = new ArrayList<>(attributes.size());
        attributes.forEach((k, v) -> attrs.add(attribute(k, v)));
        for (int i = 0; i < s.times().length; i++) {
            NumberDataPoint.Builder p =
                    NumberDataPoint.newBuilder()
                            .addAllAttributes(attrs)
                            .setTimeUnixNano(s.times()[i] * 1_000_000L);
            double value = s.values()[i];
            if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
                p.setFlags(FLAG_NO_RECORDED_VALUE);
            } else {
                p.setAsDouble(value);
            }
            // a metric with many series is cut, so that no Kafka message outgrows its limit
            Metric.Builder metric = metrics.get(name);
            if (metric == null || points(metric) >= MAX_POINTS_PER_METRIC) {
                if (metric != null) { // kept in order: the full one, then the new one
                    metrics.remove(name);
                    metrics.put(name + '\n' + metrics.size(), metric);
                }
                metric = newMetric(name, counter);
                metrics.put(name, metric);
            }
            if (counter) {
                metric.getSumBuilder().addDataPoints(p);
            } else {
                metric.getGaugeBuilder().addDataPoints(p);
            }
        }
        return true;
    }

    private static Metric.Builder newMetric(String name, boolean counter) {
        Metric.Builder m = Metric.newBuilder().setName(name);
        if (counter) {
            m.setSum(
                    Sum.newBuilder()
                            .setIsMonotonic(true)
                            .setAggregationTemporality(
                                    AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
        } else {
            m.setGauge(Gauge.newBuilder());
        }
        return m;
    }

    private static int points(Metric.Builder m) {
        return m.hasSum()
                ? m.getSumBuilder().getDataPointsCount()
                : m.getGaugeBuilder().getDataPointsCount();
    }

    private static Resource resource(String job, String instance) {
        Resource.Builder r = Resource.newBuilder();
        if (!job.isEmpty()) {
            int slash = job.indexOf('/');
            if (slash > 0 && slash < job.length() - 1) {
                r.addAttributes(attribute("service.namespace", job.substring(0, slash)));
                r.addAttributes(attribute("service.name", job.substring(slash + 1)));
            } else {
                r.addAttributes(attribute("service.name", job));
            }
        }
        if (!instance.isEmpty()) {
            r.addAttributes(attribute("service.instance.id", instance));
        }
        return r.build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder()
                .setKey(key)
                .setValue(AnyValue.newBuilder().setStringValue(value))
                .build();
    }

    /** {@code timeseries[i] {a="1", b="2"}}, the labels as sent, for a problem's message. */
    private static String describe(int index, List<String[]> labels) {
        StringBuilder b = new StringBuilder("timeseries[").append(index).append("] {");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shortened(labels.get(i)[0]))
                    .append("=\"")
                    .append(shortened(labels.get(i)[1]))
                    .append('"');
        }
        return b.append('}').toString();
    }

    /** At most 100 characters of a label name or value, for a message. */
    private static String shortened(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…(" + s.length() + " characters)";
    }
}
