package io.vigil.udfs.deploys.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.deploys.Versions;
import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.MetricPoint;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;

/**
 * Deploys seen in metric points, keyed by {@link #key} (the service): a {@code ServiceDeployed}
 * info alert when a service's resource shows a {@code service.version} never seen before ({@link
 * Versions}). The incidents job keeps it as evidence: a deploy just before a service's trouble
 * ranks that service first.
 *
 * <p>State per service: its {@link Versions} (at most {@value Versions#MAX_VERSIONS} versions).
 * Counter: {@code deploysSeen}.
 */
public final class DeployDetection extends KeyedProcessFunction<String, MetricPoint, AlertEvent> {
    private static final long serialVersionUID = 1L;

    /** The service's {@link Versions}, Java-serialized (a handful of strings). */
    private transient ValueState<byte[]> versions;

    private transient Counter deploys;

    /** The service of a point. */
    public static String key(MetricPoint point) {
        return point.serviceName();
    }

    @Override
    public void open(OpenContext context) {
        versions =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "service-versions",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        deploys = getRuntimeContext().getMetricGroup().counter("deploysSeen");
    }

    @Override
    public void processElement(MetricPoint point, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        String version = Attribute.find(point.resource(), "service.version");
        if (version.isBlank()) {
            return;
        }
        byte[] bytes = versions.value();
        Versions v =
                bytes == null
                        ? new Versions()
                        : InstantiationUtil.<Versions>deserializeObject(
                                bytes, Versions.class.getClassLoader());
        if (v.seen().size() == 1 && v.seen().containsKey(version)) {
            return; // the common case: the one version it runs, nothing to update
        }
        String instance = Attribute.find(point.resource(), "service.instance.id");
        Optional<AlertEvent> deploy =
                v.observe(point.serviceName(), version, instance, point.timeUnixNano() / 1_000_000);
        versions.update(InstantiationUtil.serializeObject(v));
        if (deploy.isPresent()) {
            deploys.inc();
            out.collect(deploy.get());
        }
    }
}
