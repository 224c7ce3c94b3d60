package io.vigil.udfs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.BiPredicate;

/**
 * Assertions for the model records, which hold arrays (reference-equal only) and {@code NaN}s
 * (never {@code ==} to themselves).
 */
public final class ModelAssertions {

    private static final BiPredicate<Double, Double> SAME_DOUBLE =
            (a, b) -> Double.compare(a, b) == 0;

    private ModelAssertions() {}

    /**
     * Asserts that {@code actual} equals {@code expected} field by field, recursively: arrays and
     * lists element by element, {@code NaN} equal to {@code NaN}.
     */
    public static void assertSameRecords(Object actual, Object expected) {
        assertThat(actual)
                .usingRecursiveComparison()
                .withEqualsForType(SAME_DOUBLE, Double.class)
                .isEqualTo(expected);
    }
}
