/** The forecasting operator: keyed Flink state around the plain-Java {@code SeriesForecast}. */
package io.vigil.udfs.forecast.flink;
