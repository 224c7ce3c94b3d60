package io.vigil.udfs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.Temporality;
import io.vigil.udfs.rules.RuleEngine;
import io.vigil.udfs.rules.RuleFileException;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.testing.MetricFixtures;
import io.vigil.udfs.testing.PromtoolOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloRulesTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static final String SLOS =
            """
            slos:
              - name: checkout-availability
                service: checkout
                objective: 99.9
                sli:
                  errors: http_errors_total{service_name="checkout"}
                  total: http_requests_total{service_name="checkout"}
              - name: checkout-latency
                service: checkout
                objective: 99%
                window: 7d
                sli:
                  latency:
                    histogram: http_duration_seconds{service_name="checkout"}
                    threshold: 0.5
                alerting:
                  profile: simple
                  labels: {team: shop}
            """;

    @Test
    void compilesToRecordingAndBurnRateRules() {
        List<Slo> slos = SloFiles.parse(SLOS, "slos.yml");
        assertThat(slos).extracting(Slo::objective).containsExactly(0.999, 0.99);
        assertThat(slos.get(0).window()).isEqualTo(Duration.ofDays(30));
        String yaml = SloRules.rulesYaml(slos, MINUTE);
        assertThat(yaml)
                .contains(
                        "expr: 'sum(rate(http_errors_total{service_name=\"checkout\"}[1h])) /"
                                + " sum(rate(http_requests_total{service_name=\"checkout\"}[1h]))'")
                .contains(
                        "expr: 'avg_over_time(slo:sli_errors:rate5m{slo=\"checkout-availability\"}[30d])"
                                + " / avg_over_time(slo:sli_total:rate5m{slo=\"checkout-availability\"}[30d])'")
                .contains(
                        "(slo:sli_error:ratio_rate1h{slo=\"checkout-availability\"} > (14.4 * 0.001) and"
                                + " slo:sli_error:ratio_rate5m{slo=\"checkout-availability\"} > (14.4 *"
                                + " 0.001)) or (slo:sli_error:ratio_rate6h{slo=\"checkout-availability\"}"
                                + " > (6 * 0.001)")
                .contains(
                        "(sum(rate(http_duration_seconds_count{service_name=\"checkout\"}[5m])) -"
                                + " sum(rate(http_duration_seconds_bucket{service_name=\"checkout\",le=\"0.5\"}[5m])))")
                .contains("1 - slo:sli_error:ratio_rate7d{slo=\"checkout-latency\"} / 0.01");
        List<RuleGroup> groups = SloRules.compile(slos, MINUTE);
        assertThat(groups)
                .extracting(RuleGroup::name)
                .containsExactly("slo:checkout-availability", "slo:checkout-latency");
        // recording: errors/total 5m rates, 8 windows (5m..3d and 30d), the budget; 2 alerts.
        assertThat(groups.get(0).rules()).hasSize(2 + 8 + 1 + 2);
        // simple profile: 5m, 30m, 1h, 2h, 6h, 1d and the 7d window; one critical and one warning
        // alert.
        assertThat(groups.get(1).rules()).hasSize(2 + 7 + 1 + 2);
    }

    @Test
    void badSloFilesSayWhereAndWhy() {
        assertThatThrownBy(
                        () ->
                                SloFiles.parse(
                                        """
                                        slos:
                                          - name: a
                                            service: s
                                            objective: 100
                                            sli:
                                              errors: rate(x[5m])
                                              total: y
                                          - name: b
                                            service: s
                                            objective: 99.5
                                            sli:
                                              total: y
                                        """,
                                        "s.yml"))
                .isInstanceOfSatisfying(
                        RuleFileException.class,
                        e ->
                                assertThat(e.getMessage())
                                        .contains(
                                                "s.yml:4:16: objective must be between 0 and 100 percent")
                                        .contains(
                                                "s.yml:6:15: errors: must be a plain series selector")
                                        .contains(
                                                "s.yml:12:7: sli needs exactly one of errors and good"));
    }

    /**
     * The workbook's example: 15 % errors for 10 minutes against 99.9 %. The page alert fires once
     * the 1 h error ratio passes 1.44 % and stops when the 5 m ratio falls back; Vigil's timeline
     * of the generated rules equals promtool's at every evaluation.
     */
    @Test
    void generatedRulesAgreeWithPromtool(@TempDir Path dir) throws Exception {
        List<Slo> slos = SloFiles.parse(SLOS, "slos.yml");
        Files.writeString(dir.resolve("rules.yml"), SloRules.rulesYaml(slos, MINUTE));
        Files.writeString(
                dir.resolve("test.yml"),
                """
                rule_files: [rules.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'http_requests_total{service_name="checkout",job="checkout"}'
                        values: '0+1000x150'
                      - series: 'http_errors_total{service_name="checkout",job="checkout"}'
                        values: '0x60 150+150x9 1500x80'
                      - series: 'http_duration_seconds_count{service_name="checkout",job="checkout"}'
                        values: '0+1000x150'
                      - series: 'http_duration_seconds_bucket{service_name="checkout",job="checkout",le="0.5"}'
                        values: '0+1000x60 60900+900x89'
                      - series: 'http_duration_seconds_bucket{service_name="checkout",job="checkout",le="+Inf"}'
                        values: '0+1000x150'
                    alert_rule_test:
                      - eval_time: 60m
                        alertname: ErrorBudgetBurnPage
                        exp_alerts: []
                      - eval_time: 75m
                        alertname: ErrorBudgetBurnPage
                        exp_alerts:
                          - exp_labels: {severity: critical, slo: checkout-availability, service: checkout}
                            exp_annotations:
                              summary: "checkout: SLO checkout-availability burns its error budget (14.4× over 1h and 5m, or 6× over 6h and 30m)"
                              description: "Error ratio 2% over the long window; objective 99.9% over 30d"
                      - eval_time: 105m
                        alertname: ErrorBudgetBurnPage
                        exp_alerts: []
                """);
        PromtoolOracle.assertAgrees(dir.resolve("test.yml"), dir);
    }

    /**
     * The rule file {@code vigil slo rules} prints for a Prometheus server: promtool accepts it
     * with every lint fatal, though both SLOs raise alerts of the same names with the same team
     * label (their {@code slo} labels tell the rules apart).
     */
    @Test
    void generatedRulesPassPromtoolCheckWithLints(@TempDir Path dir) throws Exception {
        List<Slo> slos =
                SloFiles.parse(
                        """
                        slos:
                          - name: checkout-availability
                            service: checkout
                            objective: 99.9
                            sli:
                              errors: http_errors_total{service_name="checkout"}
                              total: http_requests_total{service_name="checkout"}
                            alerting:
                              labels: {team: shop}
                          - name: cart-availability
                            service: cart
                            objective: 99.9
                            sli:
                              errors: http_errors_total{service_name="cart"}
                              total: http_requests_total{service_name="cart"}
                            alerting:
                              labels: {team: shop, service: basket}
                        """,
                        "s.yml");
        String yaml = SloRules.rulesYaml(slos, MINUTE);
        assertThat(yaml)
                .contains(
                        "      - alert: ErrorBudgetBurnTicket\n"
                                + "        expr: '(slo:sli_error:ratio_rate1d{slo=\"checkout-availability\"}")
                .contains(
                        "        labels:\n"
                                + "          severity: warning\n"
                                + "          service: 'checkout'\n"
                                + "          slo: 'checkout-availability'\n"
                                + "          team: 'shop'\n")
                // the SLO's own labels win
                .contains(
                        "          severity: critical\n"
                                + "          service: 'basket'\n"
                                + "          slo: 'cart-availability'\n");
        Path rules = Files.writeString(dir.resolve("slo-rules.yml"), yaml);
        assertThat(PromtoolOracle.checkRules(rules)).isEmpty();
    }

    /** The status read after evaluations: a steady 2 % error ratio against 99 % burns at 2×. */
    @Test
    void statusReadsBudgetAndBurnRates() {
        Slo slo =
                SloFiles.parse(
                                """
                                slos:
                                  - name: api
                                    service: api
                                    objective: 99
                                    sli:
                                      errors: errors_total
                                      total: requests_total
                                """,
                                "s.yml")
                        .get(0);
        RuleEngine engine = new RuleEngine(SloRules.compile(List.of(slo), MINUTE));
        long t0 = MetricFixtures.T0;
        for (int m = 0; m <= 120; m++) {
            engine.accept(counter("requests", m, 100L * m));
            engine.accept(counter("errors", m, 2L * m));
            engine.advanceTo(t0 + m * 60_000L, t0);
        }
        SloStatus s =
                SloStatus.read(
                        slo,
                        t0 + 120 * 60_000L,
                        engine.store(),
                        engine.activeAlerts(engine.groups().get(0)));
        assertThat(s.windowErrorRatio()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.burnRate(Duration.ofHours(1)))
                .isCloseTo(2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.budgetRemaining()).isCloseTo(-1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.sli()).isCloseTo(0.98, org.assertj.core.data.Offset.offset(1e-9));
        // 2× is below every page/ticket threshold but 1× over 3d and 6h: a ticket.
        assertThat(s.alerting()).isEqualTo("warning");
    }

    private static MetricPoint counter(String name, int minute, long total) {
        return MetricPoint.builder(
                        name, MetricType.SUM, (MetricFixtures.T0 + minute * 60_000L) * 1_000_000)
                .metadata("", "{request}")
                .aggregation(Temporality.CUMULATIVE, true)
                .series(MetricFixtures.T0 * 1_000_000, io.vigil.udfs.model.Attribute.NONE)
                .value(total)
                .build();
    }
}
