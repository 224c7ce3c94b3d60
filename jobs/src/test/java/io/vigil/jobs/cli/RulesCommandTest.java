package io.vigil.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code vigil rules validate} and {@code vigil rules test} through the real command tree. The
 * promtool cases under {@code src/test/resources/rules/} are copies of two of udfs' (which pass
 * under promtool too); {@code wrong-expectation/test.yml} fails on purpose.
 */
class RulesCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir Path dir;

    private int run(String... args) {
        CommandLine vigil = VigilCli.commandLine();
        vigil.setOut(new PrintWriter(out, true));
        vigil.setErr(new PrintWriter(err, true));
        return vigil.execute(args);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(RulesCommandTest.class.getResource("/rules/" + name).toURI());
    }

    private static String lines(String... lines) {
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    @Test
    void validateCountsTheRulesOfEveryGroup() throws Exception {
        Path file = dir.resolve("api.yml");
        Files.writeString(
                file,
                """
                groups:
                  - name: api
                    interval: 30s
                    rules:
                      - record: job:errors:rate5m
                        expr: sum by (job) (rate(errors_total[5m]))
                      - alert: HighErrors
                        expr: job:errors:rate5m > 1
                        for: 5m
                        labels:
                          severity: critical
                        annotations:
                          summary: "{{ $labels.job }} fails {{ $value }}/s"
                  - name: db
                    rules:
                      - alert: DatabaseDown
                        expr: up{job="db"} == 0
                  - name: empty
                    rules: []
                """);

        assertThat(run("rules", "validate", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString())
                .isEqualTo(lines("Checking " + file, "  SUCCESS: 3 rules found", ""));
        assertThat(err.toString()).isEmpty();
    }

    record Bad(String name, String yaml, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Bad> badFiles() {
        return List.of(
                new Bad(
                        "PromQL that does not parse, in a block scalar",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: |
                                  sum(rate(x[5m]))
                                    > on(job) group_left y
                        """,
                        "7:23: could not parse expression: group_left (many-to-one matching) is"
                                + " not supported; only one-to-one matching with on/ignoring is"
                                + " (not in Vigil's PromQL subset)"),
                new Bad(
                        "unsupported function",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: "predict_linear(disk_free_bytes[1h], 3600) < 0"
                        """,
                        "5:16: could not parse expression: function \"predict_linear\" is not"
                                + " supported; supported: rate, irate, increase, avg_over_time,"
                                + " max_over_time, min_over_time, histogram_quantile, absent (not"
                                + " in Vigil's PromQL subset)"),
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
                        "6:14: not a valid duration string: \"5 minutes\" (use e.g. 30s, 5m,"
                                + " 1h30m)"),
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
                        "6:9: field severity not found in a rule (allowed: alert, annotations,"
                                + " expr, for, keep_firing_for, labels, record)"),
                new Bad(
                        "alert and record both set",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                record: b
                                expr: up
                        """,
                        "4:9: only one of 'record' and 'alert' must be set"),
                new Bad(
                        "template outside the supported subset",
                        """
                        groups:
                          - name: g
                            rules:
                              - alert: A
                                expr: up == 0
                                annotations:
                                  summary: "{{ $labels.job }} is {{ if $value }}down"
                        """,
                        "7:45: template of summary: template function or action \"if\" is not"
                                + " supported; supported: humanize, humanize1024,"
                                + " humanizePercentage, humanizeDuration, printf, toUpper,"
                                + " toLower, title"),
                new Bad(
                        "range vector as a rule's result",
                        """
                        groups:
                          - name: g
                            rules:
                              - record: r
                                expr: errors_total[5m]
                        """,
                        "5:15: could not parse expression: the expression of a rule must be an"
                                + " instant vector or a scalar, got a range vector"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void validateFailsWithFileLineColumnAndMessage(Bad bad) throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, bad.yaml());

        assertThat(run("rules", "validate", file.toString())).isEqualTo(1);
        assertThat(out.toString())
                .isEqualTo(lines("Checking " + file, "  FAILED:", file + ":" + bad.problem(), ""));
    }

    @Test
    void validateListsEveryProblemAndChecksEveryFile() throws Exception {
        Path good = dir.resolve("good.yml");
        Files.writeString(
                good, "groups:\n  - name: g\n    rules:\n      - record: r\n        expr: up\n");
        Path bad = dir.resolve("bad.yml");
        Files.writeString(
                bad,
                """
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: rate(x) > 1
                      - alert: B
                        expr: up == 0
                        keep_firing_for: soon
                """);
        Path missing = dir.resolve("missing.yml");

        assertThat(run("rules", "validate", bad.toString(), missing.toString(), good.toString()))
                .isEqualTo(1);
        assertThat(out.toString())
                .isEqualTo(
                        lines(
                                "Checking " + bad,
                                "  FAILED:",
                                bad
                                        + ":5:20: could not parse expression: expected type range"
                                        + " vector in call to function \"rate\", got instant"
                                        + " vector",
                                bad
                                        + ":8:26: not a valid duration string: \"soon\" (use e.g."
                                        + " 30s, 5m, 1h30m)",
                                "",
                                "Checking " + missing,
                                "  FAILED:",
                                missing + ": no such file",
                                "",
                                "Checking " + good,
                                "  SUCCESS: 1 rules found",
                                ""));
    }

    @Test
    void validateNeedsAFile() {
        assertThat(run("rules", "validate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void testPassesOnPromtoolCases() throws Exception {
        Path keepFiring = resource("32-keep-firing-for-resolve/test.yml");
        Path refire = resource("39-refire-after-resolve/test.yml");

        assertThat(run("rules", "test", keepFiring.toString(), refire.toString()))
                .as(out.toString())
                .isZero();
        assertThat(out.toString())
                .isEqualTo(
                        "Unit Testing: "
                                + keepFiring
                                + "\n  SUCCESS\nUnit Testing: "
                                + refire
                                + "\n  SUCCESS\n");
    }

    @Test
    void testFailsOnAWrongExpectationNamingTheAlertAndTheTime() throws Exception {
        Path good = resource("39-refire-after-resolve/test.yml");
        Path wrong = resource("wrong-expectation/test.yml");

        assertThat(run("rules", "test", wrong.toString(), good.toString())).isEqualTo(1);
        assertThat(out.toString())
                .isEqualTo(
                        "Unit Testing: "
                                + wrong
                                + "\n  FAILED:\n"
                                + "    [fires too early] alertname: ReplicationLag, time: 7m,\n"
                                + "        exp:[{labels: {alertname=\"ReplicationLag\","
                                + " replica=\"r1\"}, annotations: {summary=\"lag 60s\"}}],\n"
                                + "        got:[]\n"
                                + "Unit Testing: "
                                + good
                                + "\n  SUCCESS\n");
    }

    @Test
    void testOfAMissingFileFails() {
        Path missing = dir.resolve("test.yml");

        assertThat(run("rules", "test", missing.toString())).isEqualTo(1);
        assertThat(out.toString())
                .isEqualTo(
                        "Unit Testing: "
                                + missing
                                + "\n  FAILED:\n    "
                                + missing
                                + ": no such file\n");
    }
}
