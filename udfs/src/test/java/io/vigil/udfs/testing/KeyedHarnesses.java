package io.vigil.udfs.testing;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Opened Flink test harnesses for the keyed process functions that the operator tests drive. */
public final class KeyedHarnesses {

    private KeyedHarnesses() {}

    /**
     * A harness that runs {@code function} on input keyed by {@code key} (of type {@code keyType}),
     * already opened.
     */
    public static <K, I, O> KeyedOneInputStreamOperatorTestHarness<K, I, O> opened(
            KeyedProcessFunction<K, I, O> function,
            KeySelector<I, K> key,
            TypeInformation<K> keyType)
            throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), key, keyType);
        h.open();
        return h;
    }
}
