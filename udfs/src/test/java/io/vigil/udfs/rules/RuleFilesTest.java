package io.vigil.udfs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.rules.RuleFileException.Problem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RuleFilesTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void readsAlertingAndRecordingRules() {
        List<RuleGroup> groups =
                RuleFiles.parse(
                        """
                        groups:
                          - name: api
                            interval: 30s
                            rules:
                              - record: job:errors:rate5m
                                expr: sum by (job) (rate(errors_total[5m]))
                                labels:
                                  team: payments
                              - alert: HighErrors
                                expr: job:errors:rate5m > 1
                                for: 5m
                                keep_firing_for: 2m
                                labels:
                                  severity: critical
                                annotations:
                                  summary: "{{ $labels.job }} fails {{ $value }}/s"
                          - name: other
                            rules: []
                        """,
                        "rules.yml",
                        MINUTE);
        assertThat(groups).extracting(RuleGroup::name).containsExactly("api", "other");
        assertThat(groups.get(0).interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(groups.get(1).interval()).isEqualTo(MINUTE);
        Rule.Recording rec = (Rule.Recording) groups.get(0).rules().get(0);
        assertThat(rec.labels()).containsEntry("team", "payments");
        Rule.Alerting alert = (Rule.Alerting) groups.get(0).rules().get(1);
        assertThat(alert.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(alert.keepFiringFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(
                        alert.annotations()
                                .get("summary")
                                .expand(io.vigil.udfs.promql.Labels.of("job", "api"), 2.5))
                .isEqualTo("api fails 2.5/s");
    }

    record Bad(String name, String yaml, int line, int column, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Bad> badFiles() {
        return List.of(
                new Bad(
                        "expression that does not parse, in a block scalar",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: |
                                  sum(rate(x[5m]))
                                    > on(job) group_left y
                        """,
                        7,
                        23,
                        "could not parse expression: group_left (many-to-one matching) is not"
                                + " supported"),
                new Bad(
                        "function outside the subset, in a quoted scalar",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: "predict_linear(x[1h], 3600) < 0"
                        """,
                        5,
                        16,
                        "could not parse expression: function \"predict_linear\" is not supported"),
                new Bad(
                        "expression error in a plain scalar",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: rate(x) > 1
                        """,
                        5,
                        20,
                        "could not parse expression: expected type range vector in call to"
                                + " function \"rate\", got instant vector"),
                new Bad(
                        "both alert and record",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                record: b
                                expr: up
                        """,
                        4,
                        9,
                        "only one of 'record' and 'alert' must be set"),
                new Bad(
                        "neither alert nor record",
                        """
                        groups:
                          - name: g
                            rules:
                              - expr: up
                        """,
                        4,
                        9,
                        "one of 'record' or 'alert' must be set"),
                new Bad(
                        "no expression",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                        """,
                        4,
                        9,
                        "field 'expr' must be set in rule"),
                new Bad(
                        "bad duration",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: up == 0
                                for: 5 minutes
                        """,
                        6,
                        14,
                        "not a valid duration string: \"5 minutes\""),
                new Bad(
                        "unknown field",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: up == 0
                                severity: page
                        """,
                        6,
                        9,
                        "field severity not found in a rule"),
                new Bad(
                        "bad label name",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: up == 0
                                labels:
                                  service.name: x
                        """,
                        7,
                        11,
                        "invalid label name: service.name"),
                new Bad(
                        "bad template",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: up == 0
                                annotations:
                                  summary: "{{ $labels.job }} is {{ if $value }}down"
                        """,
                        7,
                        45,
                        "template of summary: template function or action \"if\" is not"
                                + " supported"),
                new Bad(
                        "annotations on a recording rule",
                        """
                        groups:
                          - name: g
                            rules:
                              - record: r
                                expr: up
                                annotations:
                                  a: b
                        """,
                        6,
                        9,
                        "invalid field 'annotations' in recording rule"),
                new Bad(
                        "bad recording rule name",
                        """
                        groups:
                          - name: g
                            rules:
                              - record: my-rule
                                expr: up
                        """,
                        4,
                        17,
                        "invalid recording rule name: my-rule"),
                new Bad(
                        "repeated group",
                        """
                        groups:
                          - name: g
                            rules: []
                          - name: g
                            rules: []
                        """,
                        4,
                        5,
                        "groupname: \"g\" is repeated in the same file"),
                new Bad(
                        "not YAML",
                        """
                        groups:
                          - name: g
                            rules: [
                        """,
                        4,
                        1,
                        "not valid YAML"),
                new Bad(
                        "range vector as the rule's result",
                        """
                        groups:
                          - name: g
                            rules:
                              - record: r
                                expr: x[5m]
                        """,
                        5,
                        15,
                        "the expression of a rule must be an instant vector or a scalar"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void saysWhatIsWrongAndWhere(Bad bad) {
        assertThatThrownBy(() -> RuleFiles.parse(bad.yaml(), "rules.yml", MINUTE))
                .isInstanceOfSatisfying(
                        RuleFileException.class,
                        e -> {
                            assertThat(e.problems()).hasSize(1);
                            Problem p = e.problems().get(0);
                            assertThat(p.message()).contains(bad.message());
                            assertThat(p.line()).as("line").isEqualTo(bad.line());
                            assertThat(p.column()).as("column").isEqualTo(bad.column());
                            assertThat(e.getMessage())
                                    .startsWith(
                                            "rules.yml:" + bad.line() + ":" + bad.column() + ": ");
                        });
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        assertThatThrownBy(
                        () ->
                                RuleFiles.parse(
                                        """
                                        groups:
                                          - name: g
                                            rules:
                                              - alert: A
                                                expr: rate(x)
                                              - alert: B
                                                expr: up
                                                for: soon
                                        """,
                                        "r.yml",
                                        MINUTE))
                .isInstanceOfSatisfying(
                        RuleFileException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(Problem::line)
                                        .containsExactly(5, 8));
    }
}
