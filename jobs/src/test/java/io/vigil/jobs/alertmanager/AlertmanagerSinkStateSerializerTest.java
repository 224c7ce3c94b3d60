package io.vigil.jobs.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.cep.incidents.AlertmanagerAlert;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkStateSerializerTest {
    private final AlertmanagerSinkStateSerializer serializer =
            new AlertmanagerSinkStateSerializer();

    private static final AlertmanagerAlert INCIDENT =
            new AlertmanagerAlert(
                    "inc-1",
                    "",
                    "{\"labels\":{\"alertname\":\"VigilIncident\",\"incident_id\":\"inc-1\"},"
                            + "\"annotations\":{\"summary\":\"Incident on é🔥\"},"
                            + "\"startsAt\":\"2026-01-01T10:00:00Z\","
                            + "\"generatorURL\":\"http://kibana:5601/app/discover\"}",
                    false);

    /**
     * {@link #INCIDENT} as format version 1 writes it (worked out by hand: {@code writeUTF}
     * strings, then the resolved byte). Checkpoints outlive releases: a change of the format is a
     * new version, and these bytes must stay readable.
     */
    private static final String INCIDENT_V1 =
            "0005696e632d31000000c27b226c6162656c73223a7b22616c6572746e616d65223a2256"
                    + "6967696c496e636964656e74222c22696e636964656e745f6964223a22696e632d31227d"
                    + "2c22616e6e6f746174696f6e73223a7b2273756d6d617279223a22496e636964656e7420"
                    + "6f6e20c3a9eda0bdedb4a5227d2c227374617274734174223a22323032362d30312d3031"
                    + "5431303a30303a30305a222c2267656e657261746f7255524c223a22687474703a2f2f6b"
                    + "6962616e613a353630312f6170702f646973636f766572227d00";

    @Test
    void alertsRoundTrip() throws IOException {
        AlertmanagerAlert member =
                new AlertmanagerAlert(
                        "inc-1",
                        "fp-9",
                        "{\"labels\":{\"alertname\":\"MetricAnomaly\"},\"annotations\":"
                                + "{\"description\":\""
                                + "why ".repeat(40_000)
                                + "\"},\"endsAt\":\"2026-01-01T10:05:00Z\"}",
                        true);
        for (AlertmanagerAlert alert : new AlertmanagerAlert[] {INCIDENT, member}) {
            byte[] bytes = serializer.serialize(alert);
            assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(alert);
        }
    }

    @Test
    void roundTripsAsFlinkStoresIt() throws IOException {
        byte[] stored = SimpleVersionedSerialization.writeVersionAndSerialize(serializer, INCIDENT);
        assertThat(SimpleVersionedSerialization.readVersionAndDeSerialize(serializer, stored))
                .isEqualTo(INCIDENT);
    }

    @Test
    void versionOneBytesStayReadable() throws IOException {
        assertThat(serializer.getVersion()).isEqualTo(1);
        assertThat(HexFormat.of().formatHex(serializer.serialize(INCIDENT))).isEqualTo(INCIDENT_V1);
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(INCIDENT_V1)))
                .isEqualTo(INCIDENT);
    }

    @Test
    void anUnknownVersionFailsAndSaysWhy() throws IOException {
        byte[] bytes = serializer.serialize(INCIDENT);
        assertThatThrownBy(() -> serializer.deserialize(2, bytes))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "Alertmanager sink state has format version 2, but this Vigil reads only"
                                + " version 1: restore the checkpoint with the Vigil release that"
                                + " wrote it or a newer one");
    }

    @Test
    void trailingBytesAreDamage() throws IOException {
        byte[] bytes = serializer.serialize(INCIDENT);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> serializer.deserialize(1, longer))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3 bytes more than one alert");
    }
}
