package io.vigil.udfs.health.flink;

import io.vigil.udfs.flink.JavaSerializer;
import io.vigil.udfs.health.HealthModel;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** A service's {@link HealthModel} in checkpoints, Java-serialized. */
public final class HealthModelSerializer extends JavaSerializer<HealthModel> {
    private static final long serialVersionUID = 1L;

    public static final HealthModelSerializer INSTANCE = new HealthModelSerializer();

    private HealthModelSerializer() {
        super(HealthModel.class, "a service's health model");
    }

    @Override
    public TypeSerializerSnapshot<HealthModel> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HealthModel> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
