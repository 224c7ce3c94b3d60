package io.vigil.udfs.forecast;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.series.SeriesCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The keyed-state format of a {@link SeriesForecast}, version {@value #FORMAT_VERSION}: the version
 * byte, the series ({@link SeriesCodec}), the latest step's start and value, the alert's
 * quiet-since and the latest breach (epoch milliseconds, {@link Long#MIN_VALUE} for none), the
 * forecaster ({@link ForecasterCodec}), then a byte 1 and the calibration (threshold, horizon,
 * steps, latest step at the threshold, the cell counts, the pending cells as shorts) or a byte 0,
 * then the open alert as {@link AlertJson} (length-prefixed, length 0 if none).
 *
 * <p>Savepoints depend on this layout: change it only with a new version that still reads the old
 * one.
 */
final class SeriesForecastCodec {
    static final int FORMAT_VERSION = 1;

    private SeriesForecastCodec() {}

    static byte[] write(SeriesForecast m) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            SeriesCodec.write(m.series, out);
            out.writeLong(m.lastStartMillis);
            out.writeDouble(m.lastValue);
            out.writeLong(m.quietSinceMillis);
            out.writeLong(m.reachedMillis);
            ForecasterCodec.write(m.forecaster, out);
            BreachCalibration c = m.calibration;
            out.writeBoolean(c != null);
            if (c != null) {
                out.writeDouble(c.threshold);
                out.writeInt(c.horizon);
                out.writeLong(c.steps);
                out.writeLong(c.lastReached);
                out.writeByte(c.outcomes.length);
                for (int b = 0; b < c.outcomes.length; b++) {
                    out.writeInt(c.outcomes[b]);
                    out.writeInt(c.hits[b]);
                }
                for (short cell : c.pending) {
                    out.writeShort(cell);
                }
            }
            if (m.open == null) {
                out.writeInt(0);
            } else {
                byte[] alert = AlertJson.write(m.open);
                out.writeInt(alert.length);
                out.write(alert);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static SeriesForecast read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(
                        "series forecast state version " + version + " is not supported");
            }
            AlertEvent.Series series = SeriesCodec.read(in);
            long lastStart = in.readLong();
            double lastValue = in.readDouble();
            long quietSince = in.readLong();
            long reached = in.readLong();
            Forecaster forecaster = ForecasterCodec.read(in);
            SeriesForecast m = new SeriesForecast(series, forecaster.stepMillis());
            m.forecaster = forecaster;
            m.lastStartMillis = lastStart;
            m.lastValue = lastValue;
            m.quietSinceMillis = quietSince;
            m.reachedMillis = reached;
            if (in.readBoolean()) {
                BreachCalibration c = new BreachCalibration(in.readDouble(), in.readInt());
                c.steps = in.readLong();
                c.lastReached = in.readLong();
                int bands = in.readUnsignedByte();
                if (bands != c.outcomes.length) {
                    throw new IllegalArgumentException(
                            "breach calibration of " + bands + " cells, not " + c.outcomes.length);
                }
                for (int b = 0; b < bands; b++) {
                    c.outcomes[b] = in.readInt();
                    c.hits[b] = in.readInt();
                }
                for (int i = 0; i < c.pending.length; i++) {
                    c.pending[i] = in.readShort();
                }
                m.calibration = c;
            }
            int alertLength = in.readInt();
            if (alertLength > 0) {
                byte[] alert = new byte[alertLength];
                in.readFully(alert);
                m.open = AlertJson.read(alert);
            }
            return m;
        } catch (IOException e) {
            throw new IllegalArgumentException("series forecast state is truncated", e);
        }
    }
}
