/**
 * The Flink layer of the rule engine: {@link io.vigil.udfs.rules.flink.RuleRouting} sends each
 * metric point to the rule sets that read its series, {@link
 * io.vigil.udfs.rules.flink.RuleEvaluation} runs a {@link io.vigil.udfs.rules.RuleEngine} per rule
 * set on event-time timers and emits the alerts.
 */
package io.vigil.udfs.rules.flink;
