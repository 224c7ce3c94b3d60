package io.vigil.udfs.forecast;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The snapshot format of a {@link Forecaster}, version {@value #FORMAT_VERSION}: the version byte,
 * the step, the counters, the model (parameters, level, trend, scale, season and profile), the
 * per-horizon errors, then the recent and hourly histories as floats. Restoring gives a forecaster
 * whose forecasts are identical to the original's. Savepoints depend on this layout: change it only
 * with a new version that still reads the old one.
 */
public final class ForecasterCodec {
    static final int FORMAT_VERSION = 1;

    private ForecasterCodec() {}

    /** Writes {@code f}; at most {@link Forecaster#MAX_STATE_BYTES} bytes. */
    public static void write(Forecaster f, DataOutputStream out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(f.stepMillis);
        out.writeLong(f.steps);
        out.writeLong(f.observed);
        out.writeLong(f.refits);
        out.writeLong(f.coarseBuckets);
        out.writeDouble(f.coarseSum);
        out.writeInt(f.coarseCount);
        out.writeDouble(f.alpha);
        out.writeDouble(f.beta);
        out.writeDouble(f.phi);
        out.writeDouble(f.level);
        out.writeDouble(f.trend);
        out.writeDouble(f.scale);
        out.writeInt(f.period);
        out.writeInt(f.bucketSteps);
        out.writeBoolean(f.seasonal);
        out.writeDouble(f.drift);
        out.writeLong(f.lastRefit);
        out.writeInt(f.exceeded);
        out.writeShort(f.profile == null ? -1 : f.profile.length);
        if (f.profile != null) {
            floats(f.profile, f.profile.length, out);
        }
        floats(f.horizonError, Forecaster.FIT_HORIZON, out);
        int recent = (int) Math.min(f.steps, Forecaster.RECENT);
        out.writeShort(recent);
        for (long s = f.steps - recent; s < f.steps; s++) {
            out.writeFloat(f.recent[(int) (s % Forecaster.RECENT)]);
        }
        int coarse = (int) Math.min(f.coarseBuckets, Forecaster.COARSE);
        out.writeShort(coarse);
        for (long b = f.coarseBuckets - coarse; b < f.coarseBuckets; b++) {
            out.writeFloat(f.coarse[(int) (b % Forecaster.COARSE)]);
        }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @throws IOException if the bytes are not a forecaster of a known version
     */
    public static Forecaster read(DataInputStream in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "forecaster state version " + version + " is not " + FORMAT_VERSION);
        }
        Forecaster f = new Forecaster(in.readLong());
        f.steps = in.readLong();
        f.observed = in.readLong();
        f.refits = in.readLong();
        f.coarseBuckets = in.readLong();
        f.coarseSum = in.readDouble();
        f.coarseCount = in.readInt();
        f.alpha = in.readDouble();
        f.beta = in.readDouble();
        f.phi = in.readDouble();
        f.level = in.readDouble();
        f.trend = in.readDouble();
        f.scale = in.readDouble();
        f.period = in.readInt();
        f.bucketSteps = in.readInt();
        f.seasonal = in.readBoolean();
        f.drift = in.readDouble();
        f.lastRefit = in.readLong();
        f.exceeded = in.readInt();
        int buckets = in.readShort();
        if (buckets > Forecaster.MAX_BUCKETS) {
            throw new IOException("forecaster profile of " + buckets + " buckets");
        }
        if (buckets >= 0) {
            f.profile = new float[buckets];
            readFloats(f.profile, buckets, in);
        }
        readFloats(f.horizonError, Forecaster.FIT_HORIZON, in);
        int recent = in.readShort();
        for (long s = f.steps - recent; s < f.steps; s++) {
            f.recent[(int) (s % Forecaster.RECENT)] = in.readFloat();
        }
        int coarse = in.readShort();
        for (long b = f.coarseBuckets - coarse; b < f.coarseBuckets; b++) {
            f.coarse[(int) (b % Forecaster.COARSE)] = in.readFloat();
        }
        return f;
    }

    private static void floats(float[] values, int n, DataOutputStream out) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeFloat(values[i]);
        }
    }

    private static void readFloats(float[] values, int n, DataInputStream in) throws IOException {
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
    }
}
