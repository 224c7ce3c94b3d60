package io.vigil.udfs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.rules.promtool.PromtoolTests;
import io.vigil.udfs.rules.promtool.PromtoolTests.FileResult;
import io.vigil.udfs.rules.promtool.PromtoolTests.FiringAlert;
import io.vigil.udfs.rules.promtool.PromtoolTests.Step;
import io.vigil.udfs.rules.promtool.PromtoolTests.TestResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus' own {@code promtool} as the oracle of Vigil's rule engine: {@link #assertAgrees} runs
 * a promtool unit-test file through promtool and through Vigil, then writes Vigil's firing alerts
 * after <em>every</em> evaluation as a promtool test (one {@code alert_rule_test} per step and
 * alert) and runs promtool on that: it passes only if both timelines are equal at every step,
 * labels and annotations included.
 *
 * <p>Needs {@code promtool} on the PATH (Debian's {@code prometheus} package; {@code .ci/run}
 * installs it). Without it the assertion fails and says so, rather than passing unchecked.
 */
public final class PromtoolOracle {
    private PromtoolOracle() {}

    /**
     * Asserts that promtool passes {@code test}, Vigil passes it, and promtool passes Vigil's
     * timeline of it (written into {@code scratch}).
     */
    public static void assertAgrees(Path test, Path scratch) throws Exception {
        assertThat(promtool(test)).as("promtool test rules %s (the case itself)", test).isEmpty();
        FileResult vigil = PromtoolTests.run(test);
        assertThat(vigil.passed()).as(vigil.report()).isTrue();
        Path timeline = timelineTest(test, vigil, scratch);
        assertThat(promtool(timeline))
                .as("promtool on Vigil's timeline of %s (%s)", test, timeline)
                .isEmpty();
    }

    /** promtool's output if it fails, empty if it passes. */
    public static String promtool(Path test) throws IOException, InterruptedException {
        Process p;
        try {
            p =
                    new ProcessBuilder("promtool", "test", "rules", test.getFileName().toString())
                            .directory(test.getParent().toFile())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "promtool is not on the PATH: install Debian's prometheus package"
                            + " (apt-get install prometheus), which .ci/run does",
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return p.exitValue() == 0 ? "" : out;
    }

    /**
     * {@code promtool check rules --lint=all --lint-fatal} of a rule file: its output if it fails
     * or a lint finds something, empty if it passes.
     */
    public static String checkRules(Path rules) throws IOException, InterruptedException {
        Process p;
        try {
            p =
                    new ProcessBuilder(
                                    "promtool",
                                    "check",
                                    "rules",
                                    "--lint=all",
                                    "--lint-fatal",
                                    rules.toString())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "promtool is not on the PATH: install Debian's prometheus package"
                            + " (apt-get install prometheus), which .ci/run does",
                    e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return p.exitValue() == 0 ? "" : out;
    }

    /**
     * A promtool test file with the original inputs and one {@code alert_rule_test} per evaluation
     * step and alerting rule, expecting exactly the alerts Vigil had firing.
     */
    @SuppressWarnings("unchecked")
    private static Path timelineTest(Path test, FileResult vigil, Path tmp) throws IOException {
        Map<String, Object> original =
                new Yaml(new LoaderOptions()).load(Files.readString(test, StandardCharsets.UTF_8));
        List<String> ruleFiles = new ArrayList<>();
        for (Object rf : (List<Object>) original.get("rule_files")) {
            ruleFiles.add(test.getParent().resolve(String.valueOf(rf)).toAbsolutePath().toString());
        }
        List<String> alertNames = alertNames(ruleFiles);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule_files", ruleFiles);
        if (original.containsKey("evaluation_interval")) {
            out.put("evaluation_interval", original.get("evaluation_interval"));
        }
        if (original.containsKey("group_eval_order")) {
            out.put("group_eval_order", original.get("group_eval_order"));
        }
        List<Object> tests = new ArrayList<>();
        List<Object> originalTests = (List<Object>) original.get("tests");
        for (int i = 0; i < originalTests.size(); i++) {
            Map<String, Object> ot = (Map<String, Object>) originalTests.get(i);
            TestResult result = vigil.tests().get(i);
            Map<String, Object> t = new LinkedHashMap<>();
            if (ot.containsKey("interval")) {
                t.put("interval", ot.get("interval"));
            }
            t.put("input_series", ot.get("input_series"));
            List<Object> checks = new ArrayList<>();
            for (Step step : result.timeline()) {
                for (String name : alertNames) {
                    Map<String, Object> check = new LinkedHashMap<>();
                    check.put("eval_time", (step.atMillis() / 1000) + "s");
                    check.put("alertname", name);
                    List<Object> exp = new ArrayList<>();
                    for (FiringAlert a : step.firing().getOrDefault(name, List.of())) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        Map<String, String> labels = new LinkedHashMap<>(a.labels());
                        labels.remove("alertname");
                        e.put("exp_labels", labels);
                        e.put("exp_annotations", new LinkedHashMap<>(a.annotations()));
                        exp.add(e);
                    }
                    check.put("exp_alerts", exp);
                    checks.add(check);
                }
            }
            t.put("alert_rule_test", checks);
            tests.add(t);
        }
        out.put("tests", tests);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file =
                Files.createTempFile(tmp, test.getParent().getFileName() + "-", "-timeline.yml");
        Files.writeString(file, new Yaml(options).dump(out), StandardCharsets.UTF_8);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertNames(List<String> ruleFiles) throws IOException {
        List<String> names = new ArrayList<>();
        for (String rf : ruleFiles) {
            Map<String, Object> file =
                    new Yaml(new LoaderOptions())
                            .load(Files.readString(Path.of(rf), StandardCharsets.UTF_8));
            for (Object g : (List<Object>) file.get("groups")) {
                for (Object r : (List<Object>) ((Map<String, Object>) g).get("rules")) {
                    Object alert = ((Map<String, Object>) r).get("alert");
                    if (alert != null && !names.contains(alert.toString())) {
                        names.add(alert.toString());
                    }
                }
            }
        }
        return names;
    }
}
