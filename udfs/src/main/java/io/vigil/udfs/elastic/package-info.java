/**
 * What Elasticsearch 7.10 refuses, known before the sink: {@link
 * io.vigil.udfs.elastic.IndexMapping} compiles an index template (composable or legacy), {@link
 * io.vigil.udfs.elastic.DocumentGuard} checks a document against it. Plain Java; the Flink operator
 * is in {@code elastic.flink}.
 */
package io.vigil.udfs.elastic;
