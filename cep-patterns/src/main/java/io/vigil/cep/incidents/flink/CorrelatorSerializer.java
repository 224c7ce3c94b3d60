package io.vigil.cep.incidents.flink;

import io.vigil.cep.incidents.IncidentCorrelator;
import io.vigil.udfs.flink.JavaSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * The correlator's state in checkpoints: Java serialization of {@link IncidentCorrelator} (its open
 * incidents and the service graph), length-prefixed. On the heap state backend the live object is
 * only serialized when a checkpoint copies it, not per event.
 */
public final class CorrelatorSerializer extends JavaSerializer<IncidentCorrelator> {
    private static final long serialVersionUID = 1L;

    public static final CorrelatorSerializer INSTANCE = new CorrelatorSerializer();

    private CorrelatorSerializer() {
        super(IncidentCorrelator.class, "the incident correlator's state");
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
