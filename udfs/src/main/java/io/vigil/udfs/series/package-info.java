/**
 * What every metric-series feature shares (anomaly detection, rule alerts, SLOs, forecasts): the
 * series identity ({@link io.vigil.udfs.series.SeriesKeys}), the value a point contributes to its
 * series ({@link io.vigil.udfs.series.PointValues}), and rollups per period ({@link
 * io.vigil.udfs.series.RollupAccumulator}, {@link io.vigil.udfs.series.MetricRollup}). Plain Java;
 * the Flink operators that use it live in each feature's {@code flink} package.
 */
package io.vigil.udfs.series;
