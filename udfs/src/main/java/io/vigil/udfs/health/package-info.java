/**
 * The health score of a service: one number from 0 to 100 every minute, the worst of its factors
 * (SLO burn and budget, open incidents, firing alerts, error rate and latency against its own
 * normal), each listed with its own score and reason. {@link io.vigil.udfs.health.HealthModel} is
 * the plain-Java core per service; docs/health.md defines the score.
 */
package io.vigil.udfs.health;
