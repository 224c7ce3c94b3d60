package io.vigil.udfs.rules;

import io.vigil.udfs.promql.Expr;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One rule of a {@link RuleGroup}: an alerting rule or a recording rule, as Prometheus has them.
 */
public sealed interface Rule extends Serializable {

    /** The alert's name, or the recorded series' metric name. */
    String name();

    /** The parsed expression. */
    Expr expr();

    /** The expression as written. */
    String exprText();

    /**
     * An alerting rule.
     *
     * @param forDuration how long the expression must return a series before its alert fires
     * @param keepFiringFor how long a firing alert keeps firing after the series is gone
     * @param labels labels added to the alert (templates)
     * @param annotations the alert's annotations (templates)
     */
    record Alerting(
            String name,
            Expr expr,
            String exprText,
            Duration forDuration,
            Duration keepFiringFor,
            SortedMap<String, AlertTemplate> labels,
            SortedMap<String, AlertTemplate> annotations)
            implements Rule {
        public Alerting {
            labels = new TreeMap<>(labels);
            annotations = new TreeMap<>(annotations);
        }
    }

    /**
     * A recording rule: the expression's result is stored as series named {@code name}, with {@code
     * labels} added.
     */
    record Recording(String name, Expr expr, String exprText, Map<String, String> labels)
            implements Rule {
        public Recording {
            labels = new TreeMap<>(labels);
        }
    }
}
