/** The SLOs' part of the rule evaluation operator: status documents after each evaluation. */
package io.vigil.udfs.slo.flink;
