/**
 * Elasticsearch documents in the Jaeger v1 storage layout ({@code jaeger-span-*} and {@code
 * jaeger-service-*}, ES 7), so that an unmodified jaeger-query can read what the pipeline writes.
 * The contract is {@code shared/contracts/jaeger-es/}; its index templates must be installed before
 * the first write.
 *
 * <p>Plain Java: nothing here depends on Flink.
 */
package io.vigil.udfs.jaeger;
