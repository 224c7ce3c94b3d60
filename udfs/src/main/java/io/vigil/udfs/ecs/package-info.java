/**
 * Elasticsearch documents in Elastic Common Schema (ECS 1.7) field names for the telemetry model,
 * with the daily index each goes to and a deterministic document id. The index templates that map
 * these fields live in {@code elastic/index-templates/} at the repository root.
 *
 * <p>Plain Java: nothing here depends on Flink.
 */
package io.vigil.udfs.ecs;
