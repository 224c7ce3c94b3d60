package io.vigil.udfs.model;

import static io.vigil.udfs.testing.ModelAssertions.assertSameRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards against Kryo: every model record must be a Flink POJO, and serialize with generic types
 * disabled (Kryo on JDK 17 fails at run time with {@code InaccessibleObjectException}).
 */
class ModelTypeInfoTest {

    static List<Class<?>> records() {
        return List.of(
                Attribute.class,
                SpanEventRecord.class,
                SpanLinkRecord.class,
                SpanRecord.class,
                LogEvent.class,
                MetricPoint.class,
                RawMessage.class,
                DeadLetter.class);
    }

    @ParameterizedTest
    @MethodSource("records")
    void everyRecordIsAFlinkPojo(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }

    static List<Object> samples() {
        Attribute[] attrs = {
            Attribute.string("http.route", "/api/cart"),
            new Attribute("http.response.status_code", AttributeType.INT64, "200")
        };
        Attribute[] resource = {Attribute.string("service.name", "checkout")};
        SpanRecord span =
                new SpanRecord(
                        "5b8efff798038103d269b633813fc60c",
                        "eee19b7ec3c1b174",
                        "",
                        "k=v",
                        "GET /api/cart",
                        SpanKind.SERVER,
                        1_000,
                        2_000,
                        attrs,
                        new SpanEventRecord[] {new SpanEventRecord(1_500, "exception", attrs)},
                        new SpanLinkRecord[] {
                            new SpanLinkRecord(
                                    "5b8efff798038103d269b633813fc60d",
                                    "eee19b7ec3c1b175",
                                    "",
                                    Attribute.NONE)
                        },
                        StatusCode.ERROR,
                        "timeout",
                        1,
                        resource,
                        "scope",
                        "1.0",
                        "checkout");
        LogEvent log =
                new LogEvent(
                        1_000,
                        2_000,
                        17,
                        "ERROR",
                        "boom",
                        attrs,
                        "",
                        "",
                        0,
                        resource,
                        "",
                        "",
                        "checkout");
        MetricPoint point =
                new MetricPoint(
                        "http.server.request.duration",
                        "",
                        "ms",
                        MetricType.HISTOGRAM,
                        Temporality.DELTA,
                        false,
                        1_000,
                        2_000,
                        attrs,
                        Double.NaN,
                        3,
                        12.5,
                        Double.NaN,
                        9.0,
                        new double[] {5, 10},
                        new long[] {1, 1, 1},
                        0,
                        0,
                        0,
                        new long[0],
                        0,
                        new long[0],
                        new double[0],
                        new double[0],
                        new String[] {"5b8efff798038103d269b633813fc60c"},
                        0,
                        resource,
                        "scope",
                        "",
                        "checkout");
        DeadLetter deadLetter =
                new DeadLetter(
                        "otlp_spans",
                        2,
                        42,
                        1_767_225_600_000L,
                        "spans",
                        "empty message",
                        new byte[] {1, 2, 3});
        RawMessage raw =
                new RawMessage(
                        "otlp_spans", 2, 42, 1_767_225_600_000L, new byte[0], new byte[] {10, 0});
        return List.of(span, log, point, deadLetter, raw);
    }

    @ParameterizedTest
    @MethodSource("samples")
    <T> void serializerRoundTripsWithGenericTypesDisabled(T sample) throws IOException {
        SerializerConfig config = new ExecutionConfig().getSerializerConfig();
        config.setGenericTypes(false);
        @SuppressWarnings("unchecked")
        TypeSerializer<T> serializer =
                TypeInformation.of((Class<T>) sample.getClass()).createSerializer(config);

        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(sample, out);
        T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertSameRecords(back, sample);
        assertSameRecords(serializer.copy(sample), sample);
    }

    @Test
    void recordsRejectNulls() {
        assertThatThrownBy(() -> new Attribute("k", AttributeType.STRING, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThatThrownBy(() -> new DeadLetter("t", 0, 0, 0, "spans", "reason", null))
                .hasMessage("payload");
    }

    @Test
    void findReturnsTheFirstValueOrEmpty() {
        Attribute[] attrs = {
            Attribute.string("a", "1"), Attribute.string("b", "2"), Attribute.string("a", "3")
        };
        assertThat(Attribute.find(attrs, "a")).isEqualTo("1");
        assertThat(Attribute.find(attrs, "c")).isEmpty();
        assertThat(Attribute.find(Attribute.NONE, "a")).isEmpty();
    }

    @Test
    void logEventFallsBackToObservedTime() {
        LogEvent observedOnly =
                new LogEvent(
                        0,
                        7,
                        0,
                        "",
                        "",
                        Attribute.NONE,
                        "",
                        "",
                        0,
                        Attribute.NONE,
                        "",
                        "",
                        "unknown_service");
        assertThat(observedOnly.effectiveTimeUnixNano()).isEqualTo(7);
    }
}
