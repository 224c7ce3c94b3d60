package io.vigil.udfs.flink;

import java.io.IOException;
import org.apache.flink.util.InstantiationUtil;

/**
 * A {@link CodecSerializer} for state objects that are {@link java.io.Serializable}: Java
 * serialization, length-prefixed. Meant for per-key models kept on the heap state backend, where
 * the live object is only serialized when a checkpoint copies it, not per event. Subclasses add the
 * singleton and the snapshot class savepoints need.
 */
public abstract class JavaSerializer<T> extends CodecSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String what;

    /**
     * @param type the state's class
     * @param what how error messages name the state, e.g. {@code "the rule engine's state"}
     */
    protected JavaSerializer(Class<T> type, String what) {
        this.type = type;
        this.what = what;
    }

    @Override
    protected byte[] encode(T value) {
        try {
            return InstantiationUtil.serializeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + what, e);
        }
    }

    @Override
    protected T decode(byte[] bytes) {
        try {
            return type.cast(InstantiationUtil.deserializeObject(bytes, type.getClassLoader()));
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read " + what, e);
        }
    }
}
