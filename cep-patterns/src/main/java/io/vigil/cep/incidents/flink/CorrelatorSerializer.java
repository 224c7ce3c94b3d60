package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.udfs.flink.CodecSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.util.InstantiationUtil;

/**
 * The correlator's state in checkpoints: Java serialization of {@link IncidentCorrelator} (its open
 * incidents and the service graph), length-prefixed. On the heap state backend the live object is
 * only serialized when a checkpoint copies it, not per event.
 */
public final class CorrelatorSerializer extends CodecSerializer<IncidentCorrelator> {
    private static final long serialVersionUID = 1L;

    public static final CorrelatorSerializer INSTANCE = new CorrelatorSerializer();

    @Override
    protected byte[] encode(IncidentCorrelator value) {
        try {
            return InstantiationUtil.serializeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the incident correlator's state", e);
        }
    }

    @Override
    protected IncidentCorrelator decode(byte[] bytes) {
        try {
            return InstantiationUtil.deserializeObject(
                    bytes, IncidentCorrelator.class.getClassLoader());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the incident correlator's state", e);
        }
    }

    @Override
    public TypeSerializerSnapshot<IncidentCorrelator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<IncidentCorrelator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
