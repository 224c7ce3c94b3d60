package io.vigil.udfs.rules.flink;

import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.promql.PointSamples;
import io.vigil.udfs.rules.RuleEngine;
import io.vigil.udfs.rules.RuleGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * Sends each metric point to every rule set ({@link RuleEngine#components}) that selects one of its
 * series, keyed by the set's name (its first group's name); points no rule reads go nowhere.
 */
public final class RuleRouting
        implements FlatMapFunction<MetricPoint, Tuple2<String, MetricPoint>> {
    private static final long serialVersionUID = 1L;

    private final List<String> keys = new ArrayList<>();
    private final List<Set<String>> names = new ArrayList<>();
    private transient PointSamples naming;

    public RuleRouting(List<RuleGroup> groups) {
        for (List<RuleGroup> set : RuleEngine.components(groups)) {
            keys.add(keyOf(set));
            names.add(RuleEngine.selectedNames(set));
        }
    }

    /** The key of a rule set: its first group's name. */
    public static String keyOf(List<RuleGroup> set) {
        return set.get(0).name();
    }

    @Override
    public void flatMap(MetricPoint point, Collector<Tuple2<String, MetricPoint>> out) {
        if (naming == null) {
            naming = new PointSamples();
        }
        Iterable<String> series = null;
        for (int i = 0; i < keys.size(); i++) {
            Set<String> wanted = names.get(i);
            boolean match = wanted == null;
            if (!match) {
                if (series == null) {
                    series = naming.seriesNames(point);
                }
                for (String s : series) {
                    if (wanted.contains(s)) {
                        match = true;
                        break;
                    }
                }
            }
            if (match) {
                out.collect(Tuple2.of(keys.get(i), point));
            }
        }
    }
}
