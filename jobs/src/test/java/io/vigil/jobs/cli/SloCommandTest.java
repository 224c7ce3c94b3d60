package io.vigil.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.slo.Slo;
import io.vigil.udfs.slo.SloDocuments;
import io.vigil.udfs.slo.SloFiles;
import io.vigil.udfs.slo.SloRules;
import io.vigil.udfs.slo.SloStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil slo validate}, {@code vigil slo rules} through the real command tree, and the table
 * {@code vigil slo status} prints, from documents {@link SloDocuments} writes. (RulesAndSlosITCase
 * runs {@code status} against Elasticsearch.)
 */
class SloCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    private int run(String... args) {
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out, true));
        vigil.setErr(new PrintWriter(err, true));
        return vigil.execute(args);
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static final String CHECKOUT =
            """
            slos:
              - name: checkout-availability
                service: checkout
                description: Checkout answers without errors
                objective: 99.9
                sli:
                  errors: vigil_service_errors_total{service_name="checkout"}
                  total: vigil_service_requests_total{service_name="checkout"}
              - name: checkout-latency
                service: checkout
                objective: 99
                window: 7d
                sli:
                  latency:
                    histogram: vigil_service_request_duration_seconds{service_name="checkout"}
                    threshold: 0.5
                alerting:
                  profile: simple
                  labels: {team: shop}
            """;

    private static final String PAYMENT =
            """
            slos:
              - name: payment-availability
                service: payment
                objective: 99.5%
                sli:
                  good: vigil_service_requests_total{service_name="payment"}
                  total: vigil_service_requests_total{service_name="payment"}
            """;

    /**
     * Two problems per SLO, in file order, each at its value (the selector's where it breaks off).
     */
    private static final String BAD =
            """
            slos:
              - name: checkout-availability
                service: checkout
                objective: 100
                sli:
                  errors: vigil_service_errors_total{service_name="checkout"
                  total: vigil_service_requests_total{service_name="checkout"}
              - name: checkout-latency
                service: checkout
                objective: 99
                window: 30 days
                sli:
                  latency:
                    histogram: vigil_service_request_duration_seconds{service_name="checkout"}
                    threshold: 0.5
                alerting:
                  profile: fast
            """;

    @Test
    void validateCountsTheSlosOfEachFile() throws Exception {
        Path checkout = Files.writeString(dir.resolve("checkout.yml"), CHECKOUT);
        Path payment = Files.writeString(dir.resolve("payment.yml"), PAYMENT);

        assertThat(run("slo", "validate", checkout.toString(), payment.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .isEqualTo(
                        lines(
                                "Checking " + checkout,
                                "  SUCCESS: 2 SLOs found",
                                "",
                                "Checking " + payment,
                                "  SUCCESS: 1 SLOs found",
                                ""));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void validateListsEveryProblemWithFileLineAndColumn() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yml"), BAD);
        Path good = Files.writeString(dir.resolve("good.yml"), PAYMENT);
        Path missing = dir.resolve("missing.yml");

        assertThat(run("slo", "validate", bad.toString(), missing.toString(), good.toString()))
                .isEqualTo(1);
        assertThat(out.toString())
                .isEqualTo(
                        lines(
                                "Checking " + bad,
                                "  FAILED:",
                                bad
                                        + ":4:16: objective must be between 0 and 100 percent"
                                        + " (exclusive), was 100",
                                bad
                                        + ":6:65: errors: expected , or } in the selector, got"
                                        + " end of expression",
                                bad
                                        + ":11:13: not a valid duration string: \"30 days\" (use"
                                        + " e.g. 30s, 5m, 1h30m)",
                                bad
                                        + ":17:16: profile must be workbook (14.4×/6×/3×/1×) or"
                                        + " simple (10×/5×/2×), was fast",
                                "",
                                "Checking " + missing,
                                "  FAILED:",
                                missing + ": no such file",
                                "",
                                "Checking " + good,
                                "  SUCCESS: 1 SLOs found",
                                ""));
    }

    @Test
    void anSloNameUsedByAnEarlierFileIsAProblemOfTheLaterOne() throws Exception {
        Path checkout = Files.writeString(dir.resolve("checkout.yml"), CHECKOUT);
        Path again = Files.writeString(dir.resolve("again.yml"), CHECKOUT);

        assertThat(run("slo", "validate", checkout.toString(), again.toString())).isEqualTo(1);
        assertThat(out.toString())
                .isEqualTo(
                        lines(
                                "Checking " + checkout,
                                "  SUCCESS: 2 SLOs found",
                                "",
                                "Checking " + again,
                                "  FAILED:",
                                again
                                        + ": SLO \"checkout-availability\" is also in "
                                        + checkout
                                        + "; SLO names must be unique",
                                again
                                        + ": SLO \"checkout-latency\" is also in "
                                        + checkout
                                        + "; SLO names must be unique",
                                ""));
    }

    @Test
    void validateNeedsAFile() {
        assertThat(run("slo", "validate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void rulesPrintsThePrometheusRuleFileOfEverySlo() throws Exception {
        Path checkout = Files.writeString(dir.resolve("checkout.yml"), CHECKOUT);
        Path payment = Files.writeString(dir.resolve("payment.yml"), PAYMENT);

        assertThat(run("slo", "rules", checkout.toString(), payment.toString()))
                .as(err.toString())
                .isZero();
        List<Slo> slos = new ArrayList<>(SloFiles.load(checkout));
        slos.addAll(SloFiles.load(payment));
        assertThat(out.toString()).isEqualTo(SloRules.rulesYaml(slos, Duration.ofMinutes(1)));
        assertThat(err.toString()).isEmpty();

        // a rule file `vigil rules validate` (and so Prometheus' subset) accepts, one group per SLO
        List<RuleGroup> groups = RuleFiles.parse(out.toString(), "slo-rules.yml", Duration.ZERO);
        assertThat(groups)
                .extracting(RuleGroup::name)
                .containsExactly(
                        "slo:checkout-availability",
                        "slo:checkout-latency",
                        "slo:payment-availability");
        assertThat(groups).allSatisfy(g -> assertThat(g.interval()).hasMinutes(1));
        assertThat(out.toString())
                .startsWith(
                        lines(
                                "groups:",
                                "  - name: 'slo:checkout-availability'",
                                "    interval: 1m",
                                "    rules:",
                                "      - record: slo:sli_errors:rate5m",
                                "        expr: 'sum(rate(vigil_service_errors_total"
                                        + "{service_name=\"checkout\"}[5m]))'",
                                "        labels: {slo: 'checkout-availability', service:"
                                        + " 'checkout'}"))
                .contains(
                        "      - alert: ErrorBudgetBurnPage\n",
                        "      - alert: ErrorBudgetBurnTicket\n",
                        "      - record: slo:error_budget:remaining\n"
                                + "        expr: '1 - slo:sli_error:ratio_rate30d"
                                + "{slo=\"payment-availability\"} / 0.005'\n");
    }

    @Test
    void rulesTakesTheEvaluationInterval() throws Exception {
        Path payment = Files.writeString(dir.resolve("payment.yml"), PAYMENT);

        assertThat(run("slo", "rules", "--evaluation-interval", "30s", payment.toString()))
                .isZero();
        assertThat(out.toString())
                .isEqualTo(SloRules.rulesYaml(SloFiles.load(payment), Duration.ofSeconds(30)))
                .contains("    interval: 30s\n");

        assertThat(run("slo", "rules", "--evaluation-interval", "soon", payment.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--evaluation-interval'");
    }

    @Test
    void rulesOfAnInvalidFilePrintsNoRulesAndTheProblemsOnStandardError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yml"), BAD);
        Path good = Files.writeString(dir.resolve("good.yml"), PAYMENT);

        assertThat(run("slo", "rules", good.toString(), bad.toString())).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .startsWith(lines("Checking " + bad, "  FAILED:"))
                .contains(bad + ":4:16: objective must be between 0 and 100 percent")
                .doesNotContain("Checking " + good);
    }

    @Test
    void statusNeedsTheConfiguration() {
        assertThat(run("slo", "status")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void latestQueryTakesTheNewestDocumentPerSlo() {
        assertThat(SloCommand.latestQuery("checkout").toString())
                .isEqualTo(
                        "{\"size\":0,\"query\":{\"bool\":{\"filter\":[{\"term\":"
                                + "{\"service.name\":\"checkout\"}}]}},\"aggs\":{\"slos\":"
                                + "{\"terms\":{\"field\":\"vigil.slo.name\",\"size\":1000},"
                                + "\"aggs\":{\"latest\":{\"top_hits\":{\"size\":1,\"sort\":"
                                + "[{\"@timestamp\":{\"order\":\"desc\"}}]}}}}}}");
        assertThat(SloCommand.latestQuery(null).at("/query/bool/filter")).isEmpty();
    }

    @Test
    void statusTableShowsTheWorstBudgetFirst() throws Exception {
        List<Slo> slos = new ArrayList<>(SloFiles.parse(CHECKOUT, "checkout.yml"));
        slos.addAll(SloFiles.parse(PAYMENT, "payment.yml"));
        long at = Instant.parse("2026-01-01T01:14:00Z").toEpochMilli();
        Slo availability = slos.get(0);
        Slo latency = slos.get(1);
        Slo payment = slos.get(2);
        // availability: 1 request in 14 failed over the window, the last hour burning at 11.9;
        // the page resolved, the ticket still fires
        SloStatus burning =
                status(
                        availability,
                        at,
                        Map.of("5m", 0.0, "1h", 0.0119, "6h", 0.0119, "30d", 0.0714),
                        "warning");
        // latency (99 % over 7 d): 0.05 % slow, 95 % of the budget left
        SloStatus fine =
                status(
                        latency,
                        at,
                        Map.of("5m", 0.0, "1h", 0.0002, "6h", 0.0005, "7d", 0.0005),
                        "");
        // payment: no requests yet, no ratio in any window
        SloStatus quiet = status(payment, at - 60_000, Map.of(), "");
        SloDocuments docs = new SloDocuments("vigil");

        String table =
                SloCommand.table(List.of(hit(docs, quiet), hit(docs, fine), hit(docs, burning)));

        assertThat(table)
                .isEqualTo(
                        lines(
                                "SLO                    SERVICE   OBJECTIVE  WINDOW      SLI"
                                        + "  BUDGET LEFT  BURN 5m  BURN 1h  BURN 6h  ALERTING  AT",
                                "checkout-availability  checkout      99.9%     30d  92.860%"
                                        + "     -7040.0%     0.00    11.90    11.90  warning"
                                        + "   2026-01-01T01:14:00.000Z",
                                "checkout-latency       checkout        99%      7d  99.950%"
                                        + "        95.0%     0.00     0.02     0.05  none"
                                        + "      2026-01-01T01:14:00.000Z",
                                "payment-availability   payment       99.5%     30d        -"
                                        + "            -        -        -        -  none"
                                        + "      2026-01-01T01:13:00.000Z"));
    }

    @Test
    void statusTableOfAPageShowsCritical() throws Exception {
        Slo availability = SloFiles.parse(CHECKOUT, "checkout.yml").get(0);
        SloStatus page =
                status(
                        availability,
                        Instant.parse("2026-01-01T00:20:00Z").toEpochMilli(),
                        Map.of("5m", 0.5, "1h", 0.1, "6h", 0.1, "30d", 0.0005),
                        "critical");

        String line =
                SloCommand.table(List.of(hit(new SloDocuments("vigil"), page)))
                        .lines()
                        .toList()
                        .get(1);

        assertThat(line.split(" +"))
                .containsExactly(
                        "checkout-availability",
                        "checkout",
                        "99.9%",
                        "30d",
                        "99.950%",
                        "50.0%",
                        "500.00",
                        "100.00",
                        "100.00",
                        "critical",
                        "2026-01-01T00:20:00.000Z");
    }

    private static SloStatus status(Slo slo, long at, Map<String, Double> ratios, String alerting) {
        Map<Duration, Double> byWindow = new TreeMap<>();
        ratios.forEach(
                (w, r) ->
                        byWindow.put(
                                Duration.ofMillis(io.vigil.udfs.promql.PromQL.durationMillis(w)),
                                r));
        // windows without a ratio: no events there
        for (Duration w : SloRules.windows(slo)) {
            byWindow.putIfAbsent(w, Double.NaN);
        }
        return new SloStatus(slo, at, new TreeMap<>(byWindow), alerting);
    }

    /** The status as Elasticsearch returns it in a search hit. */
    private static JsonNode hit(SloDocuments docs, SloStatus s) throws Exception {
        ObjectNode hit = JSON.createObjectNode();
        var doc = docs.status(s);
        hit.put("_index", doc.index()).put("_id", doc.id());
        hit.set("_source", JSON.readTree(doc.json()));
        return hit;
    }
}
