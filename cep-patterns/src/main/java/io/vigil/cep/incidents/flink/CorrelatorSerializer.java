package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.IncidentCorrelator;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * The correlator's state in checkpoints: Java serialization of {@link IncidentCorrelator} (its open
 * incidents and the service graph), length-prefixed. On the heap state backend the live object is
 * only serialized when a checkpoint copies it, not per event.
 */
public final class CorrelatorSerializer extends TypeSerializerSingleton<IncidentCorrelator> {
    private static final long serialVersionUID = 1L;

    public static final CorrelatorSerializer INSTANCE = new CorrelatorSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public IncidentCorrelator createInstance() {
        return null;
    }

    @Override
    public IncidentCorrelator copy(IncidentCorrelator from) {
        try {
            return from == null
                    ? null
                    : InstantiationUtil.deserializeObject(
                            InstantiationUtil.serializeObject(from),
                            IncidentCorrelator.class.getClassLoader());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot copy the incident correlator", e);
        }
    }

    @Override
    public IncidentCorrelator copy(IncidentCorrelator from, IncidentCorrelator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(IncidentCorrelator record, DataOutputView target) throws IOException {
        byte[] bytes = InstantiationUtil.serializeObject(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public IncidentCorrelator deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return InstantiationUtil.deserializeObject(
                    bytes, IncidentCorrelator.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read the incident correlator's state", e);
        }
    }

    @Override
    public IncidentCorrelator deserialize(IncidentCorrelator reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
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
