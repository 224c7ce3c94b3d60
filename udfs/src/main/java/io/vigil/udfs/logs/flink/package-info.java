/**
 * The log operators: template mining and the per-template documents, around {@code PatternMiner}.
 */
package io.vigil.udfs.logs.flink;
