package io.vigil.udfs.rules.flink;

import io.vigil.udfs.flink.CodecSerializer;
import io.vigil.udfs.rules.RuleEngine;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.util.InstantiationUtil;

/**
 * A rule set's state in checkpoints: Java serialization of its {@link RuleEngine} (the samples in
 * the rules' ranges, the alerts, the running totals of delta series; not the rules, which come from
 * the configuration and are bound again after a restore), length-prefixed. On the heap state
 * backend the live engine is only serialized when a checkpoint copies it.
 */
public final class RuleEngineSerializer extends CodecSerializer<RuleEngine> {
    private static final long serialVersionUID = 1L;

    public static final RuleEngineSerializer INSTANCE = new RuleEngineSerializer();

    @Override
    protected byte[] encode(RuleEngine value) {
        try {
            return InstantiationUtil.serializeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the rule engine's state", e);
        }
    }

    @Override
    protected RuleEngine decode(byte[] bytes) {
        try {
            return InstantiationUtil.deserializeObject(bytes, RuleEngine.class.getClassLoader());
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the rule engine's state", e);
        }
    }

    @Override
    public TypeSerializerSnapshot<RuleEngine> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RuleEngine> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
