/**
 * Alert correlation with Flink CEP: deduplication, flapping, cascades along the service dependency
 * graph, change-linked incidents and escalation, with the incident lifecycle (MTTD, MTTR). Reads
 * the alert events of {@code vigil.alerts}; depends only on {@code udfs}.
 */
package io.vigil.cep;
