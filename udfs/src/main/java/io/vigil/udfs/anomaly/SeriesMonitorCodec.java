package io.vigil.udfs.anomaly;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.alerts.AlertLifecycle;
import io.vigil.udfs.series.PointValues;
import io.vigil.udfs.series.RollupAccumulator;
import io.vigil.udfs.series.SeriesCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * The keyed-state format of a {@link SeriesMonitor}, version {@value #FORMAT_VERSION}: the version
 * byte, the series ({@link SeriesCodec}), the detector's snapshot (length-prefixed), the point
 * baseline ({@link PointValues#writeTo}), the latest event time (epoch milliseconds), the rollup
 * period ({@link RollupAccumulator#writeTo}), then the open alert as {@link AlertJson}
 * (length-prefixed, length 0 if none) followed by the lifecycle's quiet-since time.
 *
 * <p>Only a firing lifecycle is stored (with its alert): the anomaly rule has no pending state, and
 * a resolved one is inactive for the next point. Savepoints depend on this layout: change it only
 * with a new version that still reads the old one.
 */
final class SeriesMonitorCodec {
    static final int FORMAT_VERSION = 1;

    private SeriesMonitorCodec() {}

    static byte[] write(SeriesMonitor m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            SeriesCodec.write(m.series(), out);
            byte[] model = m.detector().snapshot();
            out.writeInt(model.length);
            out.write(model);
            m.values().writeTo(out);
            out.writeLong(m.lastMillis());
            m.rollups().writeTo(out);
            AlertEvent open = m.openAlert();
            if (open == null) {
                out.writeInt(0);
            } else {
                byte[] alert = AlertJson.write(open);
                out.writeInt(alert.length);
                out.write(alert);
                out.writeLong(m.lifecycle().quietSinceMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static SeriesMonitor read(byte[] bytes, Function<byte[], Detector> restoreDetector) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        "series monitor state version " + version + " is not supported");
            }
            AlertEvent.Series series = SeriesCodec.read(in);
            byte[] model = new byte[in.readInt()];
            in.readFully(model);
            Detector detector = restoreDetector.apply(model);
            PointValues values = PointValues.readFrom(in);
            long lastMillis = in.readLong();
            RollupAccumulator rollups = RollupAccumulator.readFrom(in);
            AlertEvent open = null;
            AlertLifecycle lifecycle = new AlertLifecycle();
            int alertLength = in.readInt();
            if (alertLength > 0) {
                byte[] alert = new byte[alertLength];
                in.readFully(alert);
                open = AlertJson.read(alert);
                lifecycle = AlertLifecycle.firing(open.startsAt().toEpochMilli(), in.readLong());
            }
            return new SeriesMonitor(
                    series, detector, values, lastMillis, rollups, open, lifecycle);
        } catch (IOException e) {
            throw new IllegalArgumentException("series monitor state is truncated", e);
        }
    }
}
