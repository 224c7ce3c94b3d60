package io.vigil.udfs.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A group of rules evaluated together, in order, every {@code interval} (Prometheus' {@code
 * groups[].interval}, or the file's {@code evaluation_interval} when the group sets none).
 */
public record RuleGroup(String name, Duration interval, List<Rule> rules) implements Serializable {
    public RuleGroup {
        rules = List.copyOf(rules);
    }
}
