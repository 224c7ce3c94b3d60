/**
 * PromQL subset: parser, evaluator and the OpenTelemetry → Prometheus naming ({@link
 * io.vigil.udfs.promql.PrometheusNames}) that lets PromQL written against Prometheus metric names
 * (say {@code rate(http_server_requests_total[5m])}) address the OpenTelemetry metrics Vigil
 * receives (say {@code http.server.requests}, unit {@code {request}}, a monotonic sum). Plain Java:
 * nothing here depends on Flink.
 */
package io.vigil.udfs.promql;
