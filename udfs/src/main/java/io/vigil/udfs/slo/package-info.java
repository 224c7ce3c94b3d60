/**
 * Service-level objectives: {@link io.vigil.udfs.slo.SloFiles} reads them, {@link
 * io.vigil.udfs.slo.SloRules} compiles each into a Prometheus rule group (the SLI's error ratio
 * over every window as recording rules, the multi-window multi-burn-rate alerts of the Google SRE
 * Workbook as alerting rules) that the rule engine evaluates like any other, and {@link
 * io.vigil.udfs.slo.SloStatus} reads an SLO's state (error budget remaining, burn rate per window)
 * from the engine after each evaluation. Plain Java.
 */
package io.vigil.udfs.slo;
