/** The Flink operator that puts {@link io.vigil.udfs.elastic.DocumentGuard} before every sink. */
package io.vigil.udfs.elastic.flink;
