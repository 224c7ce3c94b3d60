package io.vigil.udfs.flink;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.series.MetricRollup;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.RedWindow;
import java.util.Objects;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information for the types serialized by a {@link CodecSerializer}. */
public final class CodecTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    /** One service's RED accumulation in one window. */
    public static final CodecTypeInfo<RedWindow> RED_WINDOW =
            new CodecTypeInfo<>(RedWindow.class, new CodecSerializer.RedWindowSerializer());

    /** Requests, errors and latency of one set of calls. */
    public static final CodecTypeInfo<RedStats> RED_STATS =
            new CodecTypeInfo<>(RedStats.class, new CodecSerializer.RedStatsSerializer());

    /** The calls along one edge in one window. */
    public static final CodecTypeInfo<EdgeWindow> EDGE_WINDOW =
            new CodecTypeInfo<>(EdgeWindow.class, new CodecSerializer.EdgeWindowSerializer());

    /** An alert event of any source. */
    public static final CodecTypeInfo<AlertEvent> ALERT_EVENT =
            new CodecTypeInfo<>(AlertEvent.class, new CodecSerializer.AlertEventSerializer());

    /** One metric series over one rollup period. */
    public static final CodecTypeInfo<MetricRollup> METRIC_ROLLUP =
            new CodecTypeInfo<>(MetricRollup.class, new CodecSerializer.MetricRollupSerializer());

    private final Class<T> type;
    private final CodecSerializer<T> serializer;

    private CodecTypeInfo(Class<T> type, CodecSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    @Deprecated
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return "CodecTypeInfo<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodecTypeInfo<?> other && other.type == type;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CodecTypeInfo;
    }
}
