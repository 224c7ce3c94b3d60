package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vigil.local.EmbeddedAlertmanager;
import io.vigil.local.RequiredBinary;
import io.vigil.local.WebhookReceiver;
import io.vigil.udfs.testing.OtlpFixtures;
import io.vigil.udfs.testing.TraceFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Prometheus alerting rule and an SLO over the RED metrics the traces job derives, on the real
 * stack (Kafka, Elasticsearch, Flink MiniCluster, Alertmanager): checkout serves 20 orders a minute
 * for 70 minutes, half of them failing from minute 15 to 25. The traces job turns the spans into
 * RED metrics on {@code vigil.metrics.derived}; the metrics job evaluates the rule and the SLO's
 * rules on them; their alerts fire and resolve on {@code vigil.alerts} at the evaluations worked
 * out below, reach Alertmanager through the incidents job routed by severity (critical → page,
 * warning → ticket), {@code <prefix>-slo-*} holds the budget curve of the burn, and {@code vigil
 * slo status} shows the SLO as the data leaves it (ticket firing, budget overspent).
 */
@ExtendWith(RealStack.class)
class RulesAndSlosITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String RULES =
            """
            groups:
              - name: checkout
                rules:
                  - alert: CheckoutErrors
                    expr: >
                      sum by (service_name) (rate(vigil_service_errors_total[5m]))
                      / sum by (service_name) (rate(vigil_service_requests_total[5m])) > 0.1
                    for: 2m
                    labels: {severity: critical}
                    annotations:
                      summary: "{{ $labels.service_name }} fails {{ $value | humanizePercentage }} of requests"
            """;

    private static final String SLOS =
            """
            slos:
              - name: checkout-availability
                service: checkout
                objective: 99.9
                sli:
                  errors: vigil_service_errors_total{service_name="checkout"}
                  total: vigil_service_requests_total{service_name="checkout"}
            """;

    @Test
    void aRuleAndAnSloFireResolveAndReachOnCallBySeverity() throws Exception {
        Path binary =
                RequiredBinary.require(
                        EmbeddedAlertmanager.findBinary(),
                        "Alertmanager",
                        EmbeddedAlertmanager.INSTALL_HINT);
        Path dir = Files.createTempDirectory(RealStack.parts().workDir(), "rules-slo-");
        Path rules = Files.writeString(dir.resolve("rules.yml"), RULES);
        Path slos = Files.writeString(dir.resolve("slos.yml"), SLOS);
        // Alertmanager takes alerts whose times are near its clock: the 70 minutes end 10 ago.
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(80));
        try (WebhookReceiver hook = WebhookReceiver.start(0);
                EmbeddedAlertmanager am =
                        EmbeddedAlertmanager.start(
                                binary, 0, dir, EmbeddedAlertmanager.onCallConfig(hook.url()));
                JobsHarness it =
                        JobsHarness.withConfig(
                                "rulesslo",
                                "rules: {files: ['"
                                        + rules
                                        + "']}\nslo: {files: ['"
                                        + slos
                                        + "']}\nalertmanager: {url: '"
                                        + am.url()
                                        + "', resendInterval: 2s, maxBackoff: 2s, sendMembers:"
                                        + " true}\nincidents: {resolveAfter: 1s}\n")) {
            JobClient job = it.startUnbounded();
            try {
                it.produce(it.topic("otlp_spans"), 0, orders(t0));
                run(it, hook, t0);
            } finally {
                JobsHarness.stop(job);
            }
        }
    }

    /** 20 orders a minute, 100 ms each, every other one failing in minutes 15 to 24; then ticks. */
    private static List<byte[]> orders(Instant t0) {
        double base = Duration.between(OtlpFixtures.BASE_TIME, t0).toSeconds();
        List<byte[]> out = new ArrayList<>();
        int trace = 1;
        for (int minute = 0; minute < 70; minute++) {
            for (int k = 0; k < 20; k++) {
                boolean fails = minute >= 15 && minute < 25 && k % 2 == 0;
                double at = base + minute * 60 + k * 3 + 1.5;
                ExportTraceServiceRequest r = TraceFixtures.order(trace++, at, 100, fails);
                out.add(r.toByteArray());
            }
        }
        // event time moves on past minute 72, so the traces job closes minute 69
        out.add(TraceFixtures.tick(trace++, base + 72 * 60).toByteArray());
        out.add(TraceFixtures.tick(trace, base + 75 * 60).toByteArray());
        return out;
    }

    private void run(JobsHarness it, WebhookReceiver hook, Instant t0) throws Exception {
        // Rule alert, SLO page and SLO ticket, as they fire and resolve.
        List<JsonNode> events = new ArrayList<>();
        it.consumeUntil(
                it.topic("alerts"),
                records -> {
                    events.clear();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        events.add(read(r.value()));
                    }
                    return resolved(events, "CheckoutErrors") != null
                            && resolved(events, "ErrorBudgetBurnPage") != null
                            && firing(events, "ErrorBudgetBurnTicket") != null;
                });
        // The RED point of minute m has time m + 1. At 17:00 the 5 m window (points 12..17) holds
        // 20 errors in 100 requests, 0.2 > 0.1: pending; firing at 19:00 after `for: 2m`. At 29:00
        // the window (points 24..29) holds only minute 24's 10 errors in 100 requests: 0.1, not
        // above 0.1: resolved.
        JsonNode rule = firing(events, "CheckoutErrors");
        assertThat(rule.path("source").asText()).isEqualTo("rule");
        assertThat(rule.path("severity").asText()).isEqualTo("critical");
        assertThat(Instant.parse(rule.path("startsAt").asText()))
                .isEqualTo(t0.plus(Duration.ofMinutes(19)));
        // the annotation is expanded at the evaluation that fired it: points 14..19, minutes 15-18
        // failing, 40 errors in 100 requests
        assertThat(rule.at("/annotations/summary").asText())
                .isEqualTo("checkout fails 40% of requests");
        JsonNode ruleEnd = resolved(events, "CheckoutErrors");
        assertThat(Instant.parse(ruleEnd.path("endsAt").asText()))
                .isEqualTo(t0.plus(Duration.ofMinutes(29)));

        // SLO page (99.9 %): at 16:00, the first point with errors, the 1 h ratio is 10/320 >
        // 1.44 % and the 5 m one 10 %; no `for`. The 6 h / 30 m pair (0.6 %) holds it until the 30
        // m window is clean: 55:00.
        JsonNode page = firing(events, "ErrorBudgetBurnPage");
        assertThat(page.path("source").asText()).isEqualTo("slo_burn_rate");
        assertThat(page.path("severity").asText()).isEqualTo("critical");
        assertThat(page.at("/labels/slo").asText()).isEqualTo("checkout-availability");
        assertThat(page.at("/labels/service").asText()).isEqualTo("checkout");
        assertThat(Instant.parse(page.path("startsAt").asText()))
                .isEqualTo(t0.plus(Duration.ofMinutes(16)));
        assertThat(Instant.parse(resolved(events, "ErrorBudgetBurnPage").path("endsAt").asText()))
                .isEqualTo(t0.plus(Duration.ofMinutes(55)));
        // the ticket (3× over 1 d and 2 h): the 100 errors keep both windows above 0.3 %
        JsonNode ticket = firing(events, "ErrorBudgetBurnTicket");
        assertThat(ticket.path("severity").asText()).isEqualTo("warning");
        assertThat(resolved(events, "ErrorBudgetBurnTicket")).isNull();

        // Alertmanager routes by severity: critical to page, warning to ticket.
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            assertThat(delivered(hook, "page", "CheckoutErrors")).isTrue();
                            assertThat(delivered(hook, "page", "ErrorBudgetBurnPage")).isTrue();
                            assertThat(delivered(hook, "ticket", "ErrorBudgetBurnTicket")).isTrue();
                        });

        // The budget curve: whole before the errors, falling through the burn, spent after it.
        String slo = it.indices("slo");
        await().atMost(Duration.ofMinutes(1)).until(() -> it.es.count(slo) >= 60);
        List<JsonNode> docs =
                new ArrayList<>(
                        it.es.search(
                                slo,
                                "{\"term\":{\"vigil.slo.name\":\"checkout-availability\"}}",
                                200));
        docs.sort(
                java.util.Comparator.comparing(
                        (JsonNode d) -> Instant.parse(d.at("/_source/@timestamp").asText())));
        double before = budgetAt(docs, t0.plus(Duration.ofMinutes(14)));
        double during = budgetAt(docs, t0.plus(Duration.ofMinutes(20)));
        double after = budgetAt(docs, t0.plus(Duration.ofMinutes(40)));
        assertThat(before).isEqualTo(1.0);
        assertThat(during).isLessThan(before);
        assertThat(after).isLessThan(during);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode d : docs) {
            Instant at = Instant.parse(d.at("/_source/@timestamp").asText());
            if (at.isAfter(t0.plus(Duration.ofMinutes(15)))
                    && !at.isAfter(t0.plus(Duration.ofMinutes(26)))) {
                double b = d.at("/_source/vigil/slo/budget_remaining").asDouble();
                assertThat(b).as("budget at %s", at).isLessThanOrEqualTo(previous);
                previous = b;
            }
        }

        // `vigil slo status` reads the same index: the latest document of the SLO is from after
        // the page resolved (55:00) with the ticket still firing, and 100 errors in 1,400
        // requests have overspent the 0.1 % budget many times over
        Path config =
                Files.writeString(
                        Files.createTempFile(RealStack.parts().workDir(), "slo-status", ".yaml"),
                        "kafka: {bootstrapServers: '"
                                + RealStack.parts().kafka().bootstrapServers()
                                + "'}\nelasticsearch: {hosts: ['"
                                + RealStack.parts().elasticsearch().httpUrl()
                                + "'], indexPrefix: 'it-rulesslo'}\n");
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> {
                            String status =
                                    vigil(
                                            "slo",
                                            "status",
                                            "--config",
                                            config.toString(),
                                            "--service",
                                            "checkout");
                            assertThat(status.lines().toList())
                                    .as(status)
                                    .hasSize(2)
                                    .first()
                                    .asString()
                                    .startsWith("SLO ");
                            String[] line = status.lines().toList().get(1).split(" +");
                            assertThat(line)
                                    .as(status)
                                    .startsWith("checkout-availability", "checkout", "99.9%", "30d")
                                    .hasSize(11);
                            assertThat(line[5]).as("budget left").startsWith("-").endsWith("%");
                            assertThat(Double.parseDouble(line[5].replace("%", "")))
                                    .as("budget left, %")
                                    .isNegative();
                            assertThat(line[9]).as("alerting").isEqualTo("warning");
                            assertThat(Instant.parse(line[10]))
                                    .isAfterOrEqualTo(t0.plus(Duration.ofMinutes(55)));
                        });
        assertThat(vigil("slo", "status", "--config", config.toString(), "--service", "payment"))
                .isEqualTo(
                        "no SLO status yet for service payment (is the metrics job running with"
                                + " slo.files?)"
                                + System.lineSeparator());
    }

    /** Runs the vigil command in this JVM and returns what it printed. */
    private static String vigil(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = io.vigil.jobs.cli.VigilCli.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        assertThat(cli.execute(args)).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    private static double budgetAt(List<JsonNode> docs, Instant at) {
        for (JsonNode d : docs) {
            if (Instant.parse(d.at("/_source/@timestamp").asText()).equals(at)) {
                return d.at("/_source/vigil/slo/budget_remaining").asDouble();
            }
        }
        throw new AssertionError("no SLO status at " + at + " among " + docs.size());
    }

    private static boolean delivered(WebhookReceiver hook, String receiver, String alertname) {
        return hook.deliveries().stream()
                .anyMatch(
                        d ->
                                d.receiver().equals(receiver)
                                        && d.alert()
                                                .at("/labels/alertname")
                                                .asText()
                                                .equals(alertname));
    }

    private static JsonNode firing(List<JsonNode> events, String alertname) {
        return find(events, alertname, "firing");
    }

    private static JsonNode resolved(List<JsonNode> events, String alertname) {
        return find(events, alertname, "resolved");
    }

    private static JsonNode find(List<JsonNode> events, String alertname, String state) {
        for (JsonNode e : events) {
            if (e.at("/labels/alertname").asText().equals(alertname)
                    && e.path("state").asText().equals(state)) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON on vigil.alerts", e);
        }
    }
}
