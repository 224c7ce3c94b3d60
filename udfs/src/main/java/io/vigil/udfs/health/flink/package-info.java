/** Health scoring per service on event-time minute timers. */
package io.vigil.udfs.health.flink;
