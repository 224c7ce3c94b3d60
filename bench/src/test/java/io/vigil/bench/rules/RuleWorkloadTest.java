package io.vigil.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.promql.Labels;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The synthetic rule workload: its layout, its rules, and that it is the same for a seed. */
class RuleWorkloadTest {

    @Test
    void seriesAreDistinctAndSpreadOverOneHundredNames() {
        RuleWorkload w = RuleWorkload.create(10_000, 80, 1);
        Labels[] labels = w.labels();
        assertThat(new HashSet<>(Arrays.asList(labels))).hasSize(10_000);
        Set<String> names = new HashSet<>();
        for (Labels l : labels) {
            names.add(l.metricName());
            assertThat(l.get("service_name")).isEqualTo(l.get("job")).startsWith("svc-");
        }
        assertThat(names).hasSize(100);
        assertThat(w.metricNames()).isEqualTo(100);
    }

    @Test
    void rulesParseCycleThroughTheShapesAndGroupByTen() {
        RuleWorkload w = RuleWorkload.create(2_000, 45, 1);
        List<RuleGroup> groups = RuleFiles.parse(w.rulesYaml(10), "rules.yml", RuleWorkload.STEP);
        assertThat(groups).hasSize(5);
        assertThat(groups.stream().mapToInt(g -> g.rules().size()).sum()).isEqualTo(45);
        assertThat(w.rules().subList(0, 8))
                .extracting(RuleWorkload.RuleSpec::shape)
                .containsExactly(RuleWorkload.Shape.values());
    }

    @Test
    void valuesComeFromTheSeedAndCountersNeverDecrease() {
        RuleWorkload w = RuleWorkload.create(3_000, 8, 7);
        RuleWorkload.Values a = w.values();
        RuleWorkload.Values b = w.values();
        double[] va = new double[3_000];
        double[] vb = new double[3_000];
        double[] previous = new double[3_000];
        for (int step = 0; step < 20; step++) {
            a.next(va);
            b.next(vb);
            assertThat(va).containsExactly(vb);
            for (int i = 0; i < va.length; i++) {
                String name = w.labels()[i].metricName();
                if (step > 0 && (name.endsWith("_total") || name.endsWith("_bucket"))) {
                    assertThat(va[i]).isGreaterThanOrEqualTo(previous[i]);
                }
            }
            System.arraycopy(va, 0, previous, 0, va.length);
        }
        assertThat(RuleWorkload.create(3_000, 8, 8).values()).isNotNull();
    }
}
