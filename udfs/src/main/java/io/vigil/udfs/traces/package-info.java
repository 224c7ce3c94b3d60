/**
 * What the traces job derives from spans, as plain Java (no Flink types): the per-trace analysis
 * that pairs callers with callees and finds the critical path ({@link
 * io.vigil.udfs.traces.TraceAnalysis}), the mergeable latency sketch behind RED metrics and edge
 * percentiles ({@link io.vigil.udfs.traces.LatencySketch}), and the documents written from them
 * ({@link io.vigil.udfs.traces.TraceDocuments}). The Flink wrappers live in {@code
 * io.vigil.udfs.flink}.
 */
package io.vigil.udfs.traces;
