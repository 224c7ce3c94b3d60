/**
 * The anomaly-detection operator: keyed Flink state around the plain-Java {@code SeriesMonitor}.
 */
package io.vigil.udfs.anomaly.flink;
