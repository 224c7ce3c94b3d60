package io.vigil.udfs.anomaly;

import java.io.Serializable;

/**
 * Makes the detectors of an operator: a new one per series, or one restored from its state.
 * Serializable, because the Flink operator that holds it is.
 */
public interface DetectorFactory extends Serializable {

    /** A detector that has seen nothing yet. */
    Detector create();

    /**
     * The detector whose {@link Detector#snapshot()} gave {@code snapshot}.
     *
     * @throws IllegalArgumentException if the bytes are not such a snapshot
     */
    Detector restore(byte[] snapshot);
}
