package io.vigil.udfs.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.testing.TraceFixtures;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.RedWindow;
import io.vigil.udfs.traces.ServiceCall;
import io.vigil.udfs.traces.SpanNode;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The trace types Flink keeps in state or sends between operators: no Kryo, savepoint-safe. */
class TraceTypesTest {

    @Test
    void stateAndStreamRecordsArePojos() {
        assertThat(TypeInformation.of(SpanNode.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(ServiceCall.class)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void aggregatesRoundTripThroughTheirSerializersAndSnapshots() throws Exception {
        RedWindow red = new RedWindow();
        TraceFixtures.decode(TraceFixtures.shop()).stream()
                .filter(RedWindow::isRequest)
                .forEach(red::add);
        red.window(1_000, 60_000);
        RedWindow redBack = roundTrip(CodecTypeInfo.RED_WINDOW, red);
        assertThat(redBack.toBytes()).isEqualTo(red.toBytes());

        RedStats stats = new RedStats().record(5, true).record(70_000, false);
        assertThat(roundTrip(CodecTypeInfo.RED_STATS, stats).latency().maxMicros())
                .isEqualTo(70_000);

        EdgeWindow edge = new EdgeWindow("a", "b", 60_000, 60_000, stats);
        EdgeWindow edgeBack = roundTrip(CodecTypeInfo.EDGE_WINDOW, edge);
        assertThat(edgeBack.edge()).isEqualTo("a\nb");
        assertThat(edgeBack.stats().errors()).isEqualTo(1);
        assertThat(edgeBack.windowStartMillis()).isEqualTo(60_000);
    }

    private static <T> T roundTrip(CodecTypeInfo<T> info, T value) throws IOException {
        TypeSerializer<T> serializer =
                info.createSerializer(
                        new org.apache.flink.api.common.serialization.SerializerConfigImpl());
        // What a savepoint stores about the serializer restores an equal one.
        TypeSerializerSnapshot<T> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer snap = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(snap, snapshot);
        TypeSerializerSnapshot<T> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(snap.getCopyOfBuffer()),
                        TraceTypesTest.class.getClassLoader());
        TypeSerializer<T> reader = restored.restoreSerializer();
        assertThat(reader).isEqualTo(serializer);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        serializer.serialize(serializer.copy(value), out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T first = reader.deserialize(in);
        T second = reader.deserialize(in);
        assertThat(in.available()).isZero();
        assertThat(first).isNotSameAs(value);
        assertThat(second).isNotNull();
        return first;
    }
}
