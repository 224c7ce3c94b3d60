package io.vigil.udfs.anomaly;

/** The {@link DetectorFactory} of {@link Detectors#createDefault()}: what the metrics job uses. */
public enum DefaultDetectors implements DetectorFactory {
    INSTANCE;

    @Override
    public Detector create() {
        return Detectors.createDefault();
    }

    @Override
    public Detector restore(byte[] snapshot) {
        return Detectors.restore(snapshot);
    }
}
