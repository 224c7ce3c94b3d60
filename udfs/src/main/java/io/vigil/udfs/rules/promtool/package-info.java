/**
 * Running promtool's unit-test files with Vigil's rule engine: the pieces of {@code promtool test
 * rules} (Prometheus 2.42) that Vigil reproduces exactly, starting with the {@code input_series}
 * {@code values} notation ({@link io.vigil.udfs.rules.promtool.InputSeriesValues}). Plain Java:
 * nothing here depends on Flink.
 */
package io.vigil.udfs.rules.promtool;
