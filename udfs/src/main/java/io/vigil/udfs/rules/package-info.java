/**
 * Alerting and recording rules in Prometheus' file format, evaluated with Prometheus' semantics
 * over the {@link io.vigil.udfs.promql PromQL subset}: {@link io.vigil.udfs.rules.RuleFiles} reads
 * and checks rule files (every problem with its line and column), {@link
 * io.vigil.udfs.rules.RuleGroupState} evaluates a group at event times and keeps its alerts
 * (pending, firing, {@code keep_firing_for}, resolved), {@link io.vigil.udfs.rules.AlertTemplate}
 * expands labels and annotations. Plain Java: the Flink operator lives in {@code ..rules.flink}.
 */
package io.vigil.udfs.rules;
