package io.vigil.jobs.alertmanager;

import io.vigil.cep.incidents.AlertmanagerAlert;
import io.vigil.udfs.model.StringCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The {@link AlertmanagerSink} writer's state in checkpoints, one element per firing alert, format
 * version {@value #VERSION}: the incident id, the member's fingerprint ({@code ""} for the
 * incident's own alert), the postable alert's JSON (labels, annotations, {@code startsAt}, {@code
 * generatorURL}), each with {@link StringCodec} (any length), then whether it is resolved as one
 * byte. Flink stores the version next to each element ({@code SimpleVersionedSerialization}) and
 * hands it back to {@link #deserialize}.
 *
 * <p>A change of the format gets a new version, and {@link #deserialize} keeps reading the old
 * ones; a checkpoint written by a newer Vigil fails with a message that says so.
 */
public final class AlertmanagerSinkStateSerializer
        implements SimpleVersionedSerializer<AlertmanagerAlert> {
    /** The format this class writes. */
    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(AlertmanagerAlert alert) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + alert.json().length());
        DataOutputStream out = new DataOutputStream(bytes);
        StringCodec.write(out, alert.incidentId());
        StringCodec.write(out, alert.member());
        StringCodec.write(out, alert.json());
        out.writeBoolean(alert.resolved());
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public AlertmanagerAlert deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "Alertmanager sink state has format version "
                            + version
                            + ", but this Vigil reads only version "
                            + VERSION
                            + ": restore the checkpoint with the Vigil release that wrote it or a"
                            + " newer one");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        AlertmanagerAlert alert =
                new AlertmanagerAlert(
                        StringCodec.read(in),
                        StringCodec.read(in),
                        StringCodec.read(in),
                        in.readBoolean());
        if (in.available() != 0) {
            throw new IOException(
                    "Alertmanager sink state (version "
                            + version
                            + ") has "
                            + in.available()
                            + " bytes more than one alert: the checkpoint is damaged");
        }
        return alert;
    }
}
