package io.vigil.udfs.rules.promtool;

import io.vigil.udfs.promql.Evaluator;
import io.vigil.udfs.promql.Evaluator.Sample;
import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.Labels;
import io.vigil.udfs.promql.PromQL;
import io.vigil.udfs.promql.PromQLException;
import io.vigil.udfs.promql.SeriesStore;
import io.vigil.udfs.rules.GoFormat;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.rules.RuleGroupState;
import io.vigil.udfs.rules.RuleGroupState.ActiveAlert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs promtool's rule unit-test files ({@code promtool test rules FILE}) with Vigil's rule engine,
 * so one set of tests checks both: {@code rule_files}, {@code evaluation_interval}, {@code
 * group_eval_order}, and per test {@code interval}, {@code input_series} (promtool's {@link
 * InputSeriesValues notation}), {@code alert_rule_test} and {@code promql_expr_test}.
 *
 * <p>As promtool does, every test starts at the Unix epoch; the rule groups are all evaluated, in
 * order, every {@code evaluation_interval} (a group's own {@code interval} is ignored) from 0 to
 * the largest {@code eval_time}; the input samples up to each evaluation time are loaded before it;
 * an {@code alert_rule_test} compares the firing alerts (labels and annotations) of its alert at
 * the evaluation at or just before its {@code eval_time}; a {@code promql_expr_test} compares the
 * query's samples, exactly, at its {@code eval_time}.
 *
 * <p>Besides pass or fail, a run returns each test's timeline: the firing alerts after every
 * evaluation, which the agreement tests compare with Prometheus' at every step.
 */
public final class PromtoolTests {
    private PromtoolTests() {}

    /** One firing alert as promtool compares it. */
    public record FiringAlert(
            SortedMap<String, String> labels, SortedMap<String, String> annotations)
            implements Comparable<FiringAlert> {
        @Override
        public int compareTo(FiringAlert o) {
            int c = Labels.of(labels).compareTo(Labels.of(o.labels));
            return c != 0 ? c : Labels.of(annotations).compareTo(Labels.of(o.annotations));
        }

        @Override
        public String toString() {
            return "{labels: "
                    + Labels.of(labels)
                    + ", annotations: "
                    + Labels.of(annotations)
                    + "}";
        }
    }

    /** The firing alerts of every alerting rule after the evaluation at {@code atMillis}. */
    public record Step(long atMillis, SortedMap<String, List<FiringAlert>> firing) {}

    /** One test of the file: its name, failures (empty if it passed) and timeline. */
    public record TestResult(String name, List<String> failures, List<Step> timeline) {
        /** Whether every check of the test passed. */
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** The result of a file: its tests, or the problem that stopped it from running. */
    public record FileResult(Path file, List<TestResult> tests, List<String> errors) {
        /** Whether the file ran and every test passed. */
        public boolean passed() {
            return errors.isEmpty() && tests.stream().allMatch(TestResult::passed);
        }

        /**
         * promtool's style of report: {@code Unit Testing: FILE}, then {@code SUCCESS} or why not.
         */
        public String report() {
            StringBuilder b = new StringBuilder("Unit Testing: ").append(file).append('\n');
            if (passed()) {
                return b.append("  SUCCESS\n").toString();
            }
            b.append("  FAILED:\n");
            errors.forEach(e -> b.append("    ").append(e.replace("\n", "\n    ")).append('\n'));
            for (TestResult t : tests) {
                for (String f : t.failures()) {
                    b.append("    ")
                            .append(t.name().isEmpty() ? "" : "[" + t.name() + "] ")
                            .append(f.replace("\n", "\n    "))
                            .append('\n');
                }
            }
            return b.toString();
        }
    }

    /** Runs one test file; never throws for a bad file, which is reported in the result. */
    public static FileResult run(Path file) {
        try {
            return runOrThrow(file);
        } catch (IOException | RuntimeException e) {
            return new FileResult(file, List.of(), List.of(String.valueOf(e.getMessage())));
        }
    }

    @SuppressWarnings("unchecked")
    private static FileResult runOrThrow(Path file) throws IOException {
        Object loaded =
                new Yaml(new LoaderOptions()).load(Files.readString(file, StandardCharsets.UTF_8));
        if (!(loaded instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException(file + ": a test file must be a map");
        }
        long evalInterval =
                durationMillis(root.get("evaluation_interval"), 60_000L, "evaluation_interval");
        List<RuleGroup> groups = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        for (Object rf : list(root.get("rule_files"))) {
            for (Path p : glob(dir, String.valueOf(rf))) {
                groups.addAll(RuleFiles.load(p, Duration.ofMillis(evalInterval)));
            }
        }
        groups = ordered(groups, list(root.get("group_eval_order")));
        List<TestResult> results = new ArrayList<>();
        for (Object t : list(root.get("tests"))) {
            results.add(test((Map<String, Object>) t, groups, evalInterval));
        }
        return new FileResult(file, results, List.of());
    }

    private static List<Path> glob(Path dir, String pattern) throws IOException {
        if (!pattern.contains("*") && !pattern.contains("?") && !pattern.contains("[")) {
            return List.of(dir.resolve(pattern));
        }
        Path base = dir.resolve(pattern).getParent();
        var matcher = base.getFileSystem().getPathMatcher("glob:" + dir.resolve(pattern));
        List<Path> out = new ArrayList<>();
        try (var files = Files.list(base)) {
            files.filter(matcher::matches).sorted().forEach(out::add);
        }
        return out;
    }

    private static List<RuleGroup> ordered(List<RuleGroup> groups, List<Object> order) {
        if (order.isEmpty()) {
            return groups;
        }
        Map<String, RuleGroup> byName = new LinkedHashMap<>();
        groups.forEach(g -> byName.put(g.name(), g));
        List<RuleGroup> out = new ArrayList<>();
        for (Object name : order) {
            RuleGroup g = byName.remove(String.valueOf(name));
            if (g == null) {
                throw new IllegalArgumentException(
                        "group_eval_order names group \"" + name + "\", which no rule file has");
            }
            out.add(g);
        }
        out.addAll(byName.values());
        return out;
    }

    private record Input(Labels labels, List<InputSeriesValues.Value> values) {}

    @SuppressWarnings("unchecked")
    private static TestResult test(
            Map<String, Object> test, List<RuleGroup> groups, long evalInterval) {
        String name = test.get("name") == null ? "" : String.valueOf(test.get("name"));
        List<String> failures = new ArrayList<>();
        long interval = durationMillis(test.get("interval"), evalInterval, "interval");
        List<Input> inputs = new ArrayList<>();
        for (Object o : list(test.get("input_series"))) {
            Map<String, Object> s = (Map<String, Object>) o;
            String series = String.valueOf(s.get("series"));
            inputs.add(
                    new Input(
                            seriesLabels(series),
                            InputSeriesValues.expand(
                                    s.get("values") == null
                                            ? ""
                                            : String.valueOf(s.get("values")))));
        }
        // eval_time -> alertname -> expected alerts
        TreeMap<Long, Map<String, List<FiringAlert>>> expected = new TreeMap<>();
        for (Object o : list(test.get("alert_rule_test"))) {
            Map<String, Object> a = (Map<String, Object>) o;
            long at = durationMillis(a.get("eval_time"), 0, "eval_time");
            String alertname = String.valueOf(a.get("alertname"));
            List<FiringAlert> exp = new ArrayList<>();
            for (Object e : list(a.get("exp_alerts"))) {
                Map<String, Object> ea = (Map<String, Object>) e;
                SortedMap<String, String> labels = stringMap(ea.get("exp_labels"));
                labels.put("alertname", alertname);
                exp.add(new FiringAlert(labels, stringMap(ea.get("exp_annotations"))));
            }
            expected.computeIfAbsent(at, k -> new LinkedHashMap<>())
                    .merge(
                            alertname,
                            exp,
                            (x, y) -> {
                                List<FiringAlert> both = new ArrayList<>(x);
                                both.addAll(y);
                                return both;
                            });
        }
        List<Map<String, Object>> exprTests = new ArrayList<>();
        list(test.get("promql_expr_test")).forEach(o -> exprTests.add((Map<String, Object>) o));
        long maxt = 0;
        for (long t : expected.keySet()) {
            maxt = Math.max(maxt, t);
        }
        for (Map<String, Object> e : exprTests) {
            maxt = Math.max(maxt, durationMillis(e.get("eval_time"), 0, "eval_time"));
        }

        SeriesStore store = new SeriesStore();
        List<RuleGroupState> states = new ArrayList<>();
        groups.forEach(g -> states.add(new RuleGroupState(g)));
        int[] loaded = new int[inputs.size()];
        List<Step> timeline = new ArrayList<>();
        for (long ts = 0; ts <= maxt; ts += evalInterval) {
            load(inputs, loaded, store, interval, ts);
            for (RuleGroupState s : states) {
                RuleGroupState.Evaluation ev = s.evaluate(ts, store);
                for (String err : ev.errors()) {
                    failures.add("error at " + duration(ts) + ": " + err);
                }
            }
            SortedMap<String, List<FiringAlert>> firing = firing(states);
            timeline.add(new Step(ts, firing));
            for (Map.Entry<Long, Map<String, List<FiringAlert>>> check :
                    expected.subMap(ts, true, ts + evalInterval, false).entrySet()) {
                for (Map.Entry<String, List<FiringAlert>> exp : check.getValue().entrySet()) {
                    List<FiringAlert> want = sorted(exp.getValue());
                    List<FiringAlert> got = sorted(firing.getOrDefault(exp.getKey(), List.of()));
                    if (!want.equals(got)) {
                        failures.add(
                                "alertname: "
                                        + exp.getKey()
                                        + ", time: "
                                        + duration(check.getKey())
                                        + ",\n    exp:"
                                        + want
                                        + ",\n    got:"
                                        + got);
                    }
                }
            }
        }
        load(inputs, loaded, store, interval, maxt);
        Evaluator evaluator = new Evaluator(store);
        for (Map<String, Object> e : exprTests) {
            String expr = String.valueOf(e.get("expr"));
            long at = durationMillis(e.get("eval_time"), 0, "eval_time");
            List<String> want = new ArrayList<>();
            for (Object o : list(e.get("exp_samples"))) {
                Map<String, Object> s = (Map<String, Object>) o;
                Labels l =
                        s.get("labels") == null || String.valueOf(s.get("labels")).isBlank()
                                ? Labels.EMPTY
                                : seriesLabels(String.valueOf(s.get("labels")));
                want.add(l + " " + GoFormat.v(number(s.get("value"))));
            }
            List<String> got = new ArrayList<>();
            try {
                for (Sample s : evaluator.evalVector(PromQL.parse(expr), at)) {
                    got.add(s.labels() + " " + GoFormat.v(s.value()));
                }
            } catch (PromQLException ex) {
                failures.add(
                        "    expr: \""
                                + expr
                                + "\", time: "
                                + duration(at)
                                + ", err: "
                                + ex.getMessage());
                continue;
            }
            want.sort(null);
            got.sort(null);
            if (!want.equals(got)) {
                failures.add(
                        "expr: \""
                                + expr
                                + "\", time: "
                                + duration(at)
                                + ",\n    exp: "
                                + want
                                + "\n    got: "
                                + got);
            }
        }
        return new TestResult(name, failures, timeline);
    }

    private static void load(
            List<Input> inputs, int[] loaded, SeriesStore store, long interval, long upTo) {
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            while (loaded[i] < in.values().size() && (long) loaded[i] * interval <= upTo) {
                long t = (long) loaded[i] * interval;
                InputSeriesValues.Value v = in.values().get(loaded[i]++);
                if (v instanceof InputSeriesValues.Sample s) {
                    store.append(in.labels(), t, s.value());
                } else if (v instanceof InputSeriesValues.Stale) {
                    store.append(in.labels(), t, SeriesStore.STALE_NAN);
                }
            }
        }
    }

    private static SortedMap<String, List<FiringAlert>> firing(Collection<RuleGroupState> states) {
        SortedMap<String, List<FiringAlert>> out = new TreeMap<>();
        for (RuleGroupState s : states) {
            for (ActiveAlert a : s.activeAlerts()) {
                if (a.phase() == io.vigil.udfs.alerts.AlertLifecycle.Phase.FIRING) {
                    out.computeIfAbsent(a.ruleName(), k -> new ArrayList<>())
                            .add(
                                    new FiringAlert(
                                            a.labels().toMap(), new TreeMap<>(a.annotations())));
                }
            }
        }
        out.replaceAll((k, v) -> sorted(v));
        return out;
    }

    private static List<FiringAlert> sorted(List<FiringAlert> alerts) {
        return alerts.stream().sorted().toList();
    }

    /** The labels of a series written as {@code metric{label="value"}} (or {@code {…}}). */
    static Labels seriesLabels(String series) {
        if (series.replaceAll("\\s", "").equals("{}")) {
            return Labels.EMPTY;
        }
        Expr e;
        try {
            e = PromQL.parse(series);
        } catch (PromQLException ex) {
            throw new IllegalArgumentException("series " + series + ": " + ex.getMessage(), ex);
        }
        if (!(e instanceof Expr.VectorSelector vs)) {
            throw new IllegalArgumentException("not a series: " + series);
        }
        Map<String, String> labels = new TreeMap<>();
        for (Expr.Matcher m : vs.matchers()) {
            if (m.type() != Expr.MatchType.EQUAL) {
                throw new IllegalArgumentException(
                        "a series may only have label=\"value\" pairs: " + series);
            }
            labels.put(m.name(), m.value());
        }
        return Labels.of(labels);
    }

    private static SortedMap<String, String> stringMap(Object o) {
        SortedMap<String, String> out = new TreeMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    private static List<Object> list(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw new IllegalArgumentException("expected a list, got " + o);
    }

    private static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        String s = String.valueOf(o).trim();
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
            case "-inf", "-.inf" -> Double.NEGATIVE_INFINITY;
            case "nan", ".nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static long durationMillis(Object o, long otherwise, String key) {
        if (o == null) {
            return otherwise;
        }
        String s = String.valueOf(o);
        if (s.equals("0")) {
            return 0;
        }
        try {
            return PromQL.durationMillis(s);
        } catch (PromQLException e) {
            throw new IllegalArgumentException(key + ": not a valid duration: \"" + s + "\"");
        }
    }

    /** A duration as Prometheus prints one: {@code 1h5m}, {@code 30s}, {@code 0s}. */
    static String duration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long[] units = {
            365 * 86_400_000L, 7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L
        };
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        long left = millis;
        for (int i = 0; i < units.length; i++) {
            if (left >= units[i]) {
                b.append(left / units[i]).append(names[i]);
                left %= units[i];
            }
        }
        return b.toString();
    }
}
