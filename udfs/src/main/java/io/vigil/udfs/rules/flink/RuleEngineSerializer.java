package io.vigil.udfs.rules.flink;

import io.vigil.udfs.flink.JavaSerializer;
import io.vigil.udfs.rules.RuleEngine;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * A rule set's state in checkpoints: its {@link RuleEngine} (the samples in the rules' ranges, the
 * alerts, the running totals of delta series; not the rules, which come from the configuration and
 * are bound again after a restore), Java-serialized.
 */
public final class RuleEngineSerializer extends JavaSerializer<RuleEngine> {
    private static final long serialVersionUID = 1L;

    public static final RuleEngineSerializer INSTANCE = new RuleEngineSerializer();

    private RuleEngineSerializer() {
        super(RuleEngine.class, "the rule engine's state");
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
