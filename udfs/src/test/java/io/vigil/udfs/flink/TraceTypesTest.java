package io.vigil.udfs.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.testing.TraceFixtures;
import io.vigil.udfs.traces.EdgeWindow;
import io.vigil.udfs.traces.RedStats;
import io.vigil.udfs.traces.RedWindow;
import io.vigil.udfs.traces.ServiceCall;
import io.vigil.udfs.traces.SpanNode;
import java.io.IOException;
import java.util.HexFormat;
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

        assertThat(redBack.total().bucketCounts()).isEqualTo(red.total().bucketCounts());

        RedStats stats = new RedStats().record(5, true).record(70_000, false);
        RedStats statsBack = roundTrip(CodecTypeInfo.RED_STATS, stats);
        assertThat(statsBack.latency().maxMicros()).isEqualTo(70_000);
        assertThat(statsBack.bucketCounts())
                .containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        EdgeWindow edge = new EdgeWindow("a", "b", 60_000, 60_000, stats);
        EdgeWindow edgeBack = roundTrip(CodecTypeInfo.EDGE_WINDOW, edge);
        assertThat(edgeBack.edge()).isEqualTo("a\nb");
        assertThat(edgeBack.stats().errors()).isEqualTo(1);
        assertThat(edgeBack.windowStartMillis()).isEqualTo(60_000);
        assertThat(edgeBack.stats().bucketCounts()).isEqualTo(stats.bucketCounts());
    }

    /**
     * {@code new RedStats().record(5, true).record(70_000, false)} as {@link
     * CodecSerializer.RedStatsSerializer} encoded it before duration buckets (commit ea16859).
     */
    private static final String STATS_WITHOUT_BUCKETS =
            "00000000000000020000000000000001000000000000000200000000000111750000000000000005"
                    + "00000000000111700ec2f1e7e9ed51f03f00000000000000000502a20102c40702";

    @Test
    void redStatsWrittenBeforeBucketsStillReadAsStatsWithoutBuckets() throws IOException {
        byte[] old = HexFormat.of().parseHex(STATS_WITHOUT_BUCKETS);
        CodecSerializer.RedStatsSerializer serializer = new CodecSerializer.RedStatsSerializer();
        DataOutputSerializer framed = new DataOutputSerializer(128);
        framed.writeInt(old.length);
        framed.write(old);
        RedStats read = serializer.deserialize(new DataInputDeserializer(framed.getCopyOfBuffer()));
        assertThat(read.requests()).isEqualTo(2);
        assertThat(read.errors()).isEqualTo(1);
        assertThat(read.latency().sumMicros()).isEqualTo(70_005);
        assertThat(read.hasBuckets()).isFalse();
        assertThat(serializer.decode(serializer.encode(read)).hasBuckets())
                .as("written again, still without")
                .isFalse();

        byte[] now = serializer.encode(new RedStats().record(5, true).record(70_000, false));
        assertThat(now[0] & 0xFF).as("the format byte").isEqualTo(0x81);
        assertThat(now).hasSize(1 + old.length + 2 + 2 * 8);
        now[0] = (byte) 0x82;
        assertThatThrownBy(() -> serializer.decode(now))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown format version 130");
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
