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
 *       _sum} and {@code _count} series stay separate gauges. Either way the Prometheus name
 *       Vigil's rules give the metric ({@code io.vigil.udfs.promql.PrometheusNames}) is the name
 *       that was sent, and its labels are the labels that were sent (plus {@code service_name}), so
 *       a rule written for Prometheus reads the same series.
 *   <li>A sample's millisecond timestamp becomes the point's time; a counter's start time is
 *       unknown (0), so its first point is a baseline. Prometheus' stale marker (the NaN with bits
 *       {@code 0x7ff0000000000002}, sent when a series disappears) becomes a point flagged "no
 *       recorded value".
 * </ul>
 *
 * <p><b>What is refused</b>, per series, naming the series by its index and labels: no {@code
 * __name__}, a metric or label name Prometheus does not allow, an empty label name, a label name
 * twice, and native histogram samples (remote-write 2.0's, not read). The rest of the request is
 * converted; the caller reports the problems (a receiver answers 400 so the sender does not retry
 * them). Labels may come in any order (the specification asks senders to sort them; this does not
 * insist), a label with an empty value is no label (as in Prometheus), and the reserved labels
 * {@code __*__} other than the name are not attributes. Metadata entries (field 3, sent by
 * Prometheus beside the series) and exemplars are skipped. A request that is not protobuf throws
 * {@link InvalidProtocolBufferException} with the byte offset where parsing stopped.
 *
 * <p>Stateless and thread-safe.
 */
public final class RemoteWrite {
    /** The instrumentation scope of the converted metrics. */
    public static final String SCOPE = "io.vigil.remote_write";

    /** The stale marker's bits: Prometheus' "this series is gone". */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    private static final int FLAG_NO_RECORDED_VALUE = 1;

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
                if (WireFormat.getTagFieldNumber(tag) == 1
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
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
            int field = WireFormat.getTagFieldNumber(tag);
            boolean message =
                    WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (field == 1 && message) {
                int limit = in.pushLimit(in.readRawVarint32());
                String name = "";
                String value = "";
                while (!in.isAtEnd()) {
                    int t = in.readTag();
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> name = in.readStringRequireUtf8();
                        case 2 -> value = in.readStringRequireUtf8();
                        default -> in.skipField(t);
                    }
                }
                in.popLimit(limit);
                labels.add(new String[] {name, value});
            } else if (field == 2 && message) {
                int limit = in.pushLimit(in.readRawVarint32());
                double value = 0;
                long time = 0;
                while (!in.isAtEnd()) {
                    int t = in.readTag();
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> value = in.readDouble();
                        case 2 -> time = in.readInt64();
                        default -> in.skipField(t);
                    }
                }
                in.popLimit(limit);
                times.add(new long[] {time});
                values.add(new double[] {value});
            } else {
                histograms |= field == 4;
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
            } else if (!isName(key, false)) {
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
        if (problem == null && (name == null || name.isEmpty())) {
            problem = "no __name__ label";
        } else if (problem == null && !isName(name, true)) {
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
        String metricName = name;
        Metric.Builder metric =
                byResource
                        .computeIfAbsent(List.of(job, instance), k -> new LinkedHashMap<>())
                        .computeIfAbsent(
                                name,
                                k -> {
                                    Metric.Builder m = Metric.newBuilder().setName(metricName);
                                    if (counter) {
                                        m.setSum(
                                                Sum.newBuilder()
                                                        .setIsMonotonic(true)
                                                        .setAggregationTemporality(
                                                                AggregationTemporality
                                                                        .AGGREGATION_TEMPORALITY_CUMULATIVE));
                                    } else {
                                        m.setGauge(Gauge.newBuilder());
                                    }
                                    return m;
                                });
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
            if (counter) {
                metric.getSumBuilder().addDataPoints(p);
            } else {
                metric.getGaugeBuilder().addDataPoints(p);
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is a label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}) or, with colons, a metric
     * name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}).
     */
    static boolean isName(String s, boolean colons) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || c == '_'
                            || (colons && c == ':')
                            || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
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
            b.append(labels.get(i)[0]).append("=\"").append(labels.get(i)[1]).append('"');
        }
        return b.append('}').toString();
    }
}
