package io.vigil.udfs.rules;

import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.PromQL;
import io.vigil.udfs.promql.PromQLException;
import io.vigil.udfs.rules.RuleFileException.Problem;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads Prometheus rule files ({@code groups:} → {@code name}, {@code interval}, {@code rules:}
 * with {@code alert} or {@code record}, {@code expr}, {@code for}, {@code keep_firing_for}, {@code
 * labels}, {@code annotations}) and checks them as {@code promtool check rules} does, plus Vigil's
 * PromQL subset. Every problem is reported with the file, line and column it is at — for an
 * expression, the place inside it — and loading fails if there is any.
 */
public final class RuleFiles {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "interval", "limit", "rules");
    private static final Set<String> RULE_FIELDS =
            Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    private final String source;
    private final String text;
    private final List<Problem> problems = new ArrayList<>();

    private RuleFiles(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /**
     * Loads a rule file.
     *
     * @param defaultInterval the interval of groups that set none
     * @throws RuleFileException listing every problem with its line and column
     * @throws IOException if the file cannot be read
     */
    public static List<RuleGroup> load(Path file, Duration defaultInterval) throws IOException {
        return parse(
                Files.readString(file, StandardCharsets.UTF_8), file.toString(), defaultInterval);
    }

    /**
     * Parses the text of a rule file.
     *
     * @param source the name used in problems (usually the path)
     * @throws RuleFileException listing every problem with its line and column
     */
    public static List<RuleGroup> parse(String text, String source, Duration defaultInterval) {
        RuleFiles r = new RuleFiles(source, text);
        List<RuleGroup> groups = r.file(defaultInterval);
        if (!r.problems.isEmpty()) {
            throw new RuleFileException(r.problems);
        }
        return groups;
    }

    private List<RuleGroup> file(Duration defaultInterval) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            problems.add(
                    new Problem(
                            source,
                            m == null ? 0 : m.getLine() + 1,
                            m == null ? 0 : m.getColumn() + 1,
                            "not valid YAML: " + e.getProblem()));
            return List.of();
        } catch (RuntimeException e) {
            problems.add(new Problem(source, 0, 0, "not valid YAML: " + e.getMessage()));
            return List.of();
        }
        if (root == null) {
            return List.of();
        }
        Map<String, NodeTuple> top = mapping(root, Set.of("groups"), "the rule file");
        if (top == null) {
            return List.of();
        }
        NodeTuple groupsEntry = top.get("groups");
        if (groupsEntry == null) {
            return List.of();
        }
        if (!(groupsEntry.getValueNode() instanceof SequenceNode seq)) {
            problem(groupsEntry.getValueNode(), "groups must be a list");
            return List.of();
        }
        List<RuleGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node g : seq.getValue()) {
            RuleGroup group = group(g, defaultInterval);
            if (group != null) {
                if (!names.add(group.name())) {
                    problem(g, "groupname: \"" + group.name() + "\" is repeated in the same file");
                }
                groups.add(group);
            }
        }
        return groups;
    }

    private RuleGroup group(Node node, Duration defaultInterval) {
        Map<String, NodeTuple> fields = mapping(node, GROUP_FIELDS, "a group");
        if (fields == null) {
            return null;
        }
        String name = scalar(fields.get("name"));
        if (name == null || name.isEmpty()) {
            problem(node, "groupname must not be empty");
            name = "";
        }
        Duration interval = defaultInterval;
        if (fields.containsKey("interval")) {
            interval = duration(fields.get("interval"));
            if (interval != null && interval.isZero()) {
                problem(fields.get("interval").getValueNode(), "interval must be positive");
            }
        }
        List<Rule> rules = new ArrayList<>();
        NodeTuple rulesEntry = fields.get("rules");
        if (rulesEntry != null) {
            if (rulesEntry.getValueNode() instanceof SequenceNode seq) {
                for (Node r : seq.getValue()) {
                    Rule rule = rule(r);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            } else if (!isNull(rulesEntry.getValueNode())) {
                problem(rulesEntry.getValueNode(), "rules must be a list");
            }
        }
        return new RuleGroup(name, interval == null ? defaultInterval : interval, rules);
    }

    private Rule rule(Node node) {
        Map<String, NodeTuple> f = mapping(node, RULE_FIELDS, "a rule");
        if (f == null) {
            return null;
        }
        String record = scalar(f.get("record"));
        String alert = scalar(f.get("alert"));
        if (record != null && alert != null) {
            problem(node, "only one of 'record' and 'alert' must be set");
            return null;
        }
        if (record == null && alert == null) {
            problem(node, "one of 'record' or 'alert' must be set");
            return null;
        }
        NodeTuple exprEntry = f.get("expr");
        String exprText = scalar(exprEntry);
        Expr expr = null;
        if (exprText == null || exprText.isBlank()) {
            problem(node, "field 'expr' must be set in rule");
        } else {
            try {
                expr = PromQL.parse(exprText);
                if (expr.type() == Expr.ValueType.RANGE_VECTOR) {
                    throw new PromQLException(
                            "the expression of a rule must be an instant vector or a scalar, got a range vector",
                            expr.position());
                }
            } catch (PromQLException e) {
                ScalarNode s = (ScalarNode) exprEntry.getValueNode();
                int[] at = positionInScalar(s, Math.max(e.position(), 0));
                problems.add(
                        new Problem(
                                source, at[0], at[1], "could not parse expression: " + e.reason()));
                expr = null;
            }
        }
        Map<String, String> labels = stringMap(f.get("labels"), "labels");
        if (record != null) {
            if (!METRIC_NAME.matcher(record).matches()) {
                problem(f.get("record").getValueNode(), "invalid recording rule name: " + record);
            }
            for (String field : List.of("for", "keep_firing_for", "annotations")) {
                if (f.containsKey(field)) {
                    problem(
                            f.get(field).getKeyNode(),
                            "invalid field '" + field + "' in recording rule");
                }
            }
            return expr == null ? null : new Rule.Recording(record, expr, exprText, labels);
        }
        if (alert.isEmpty()) {
            problem(f.get("alert").getValueNode(), "alert name must not be empty");
        }
        Duration forDuration = f.containsKey("for") ? duration(f.get("for")) : Duration.ZERO;
        Duration keepFiringFor =
                f.containsKey("keep_firing_for")
                        ? duration(f.get("keep_firing_for"))
                        : Duration.ZERO;
        SortedMap<String, AlertTemplate> labelTemplates = templates(f.get("labels"), labels);
        SortedMap<String, AlertTemplate> annotations =
                templates(f.get("annotations"), stringMap(f.get("annotations"), "annotations"));
        if (expr == null || forDuration == null || keepFiringFor == null) {
            return null;
        }
        return new Rule.Alerting(
                alert, expr, exprText, forDuration, keepFiringFor, labelTemplates, annotations);
    }

    private SortedMap<String, AlertTemplate> templates(
            NodeTuple entry, Map<String, String> values) {
        SortedMap<String, AlertTemplate> out = new TreeMap<>();
        if (entry == null || !(entry.getValueNode() instanceof MappingNode m)) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            String value = values.get(key);
            if (value == null) {
                continue;
            }
            try {
                out.put(key, AlertTemplate.parse(value));
            } catch (AlertTemplate.TemplateException e) {
                int[] at = positionInScalar((ScalarNode) t.getValueNode(), e.offset());
                problems.add(
                        new Problem(
                                source,
                                at[0],
                                at[1],
                                "template of " + key + ": " + e.getMessage()));
            }
        }
        return out;
    }

    private Map<String, String> stringMap(NodeTuple entry, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (entry == null || isNull(entry.getValueNode())) {
            return out;
        }
        if (!(entry.getValueNode() instanceof MappingNode m)) {
            problem(entry.getValueNode(), what + " must be a map of names to strings");
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)
                    || !(t.getValueNode() instanceof ScalarNode v)) {
                problem(t.getKeyNode(), what + " must be a map of names to strings");
                continue;
            }
            if (!LABEL_NAME.matcher(k.getValue()).matches()) {
                problem(
                        k,
                        "invalid "
                                + (what.equals("labels") ? "label" : "annotation")
                                + " name: "
                                + k.getValue());
                continue;
            }
            out.put(k.getValue(), v.getValue());
        }
        return out;
    }

    // ---- YAML helpers ------------------------------------------------------------------------

    private Map<String, NodeTuple> mapping(Node node, Set<String> allowed, String what) {
        if (!(node instanceof MappingNode m)) {
            problem(node, what + " must be a map");
            return null;
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problem(t.getKeyNode(), "keys of " + what + " must be names");
                continue;
            }
            if (!allowed.contains(k.getValue())) {
                problem(
                        k,
                        "field "
                                + k.getValue()
                                + " not found in "
                                + what
                                + " (allowed: "
                                + String.join(", ", sorted(allowed))
                                + ")");
                continue;
            }
            out.put(k.getValue(), t);
        }
        return out;
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }

    private String scalar(NodeTuple t) {
        if (t == null) {
            return null;
        }
        if (!(t.getValueNode() instanceof ScalarNode s)) {
            problem(
                    t.getValueNode(),
                    ((ScalarNode) t.getKeyNode()).getValue() + " must be a single value");
            return null;
        }
        return isNull(s) ? null : s.getValue();
    }

    private Duration duration(NodeTuple t) {
        String v = scalar(t);
        if (v == null) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofMillis(v.equals("0") ? 0 : PromQL.durationMillis(v));
        } catch (PromQLException | ArithmeticException e) {
            problem(
                    t.getValueNode(),
                    "not a valid duration string: \"" + v + "\" (use e.g. 30s, 5m, 1h30m)");
            return null;
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private void problem(Node n, String message) {
        Mark m = n.getStartMark();
        problems.add(new Problem(source, m.getLine() + 1, m.getColumn() + 1, message));
    }

    /** The 1-based line and column in the file of character {@code offset} of a scalar's value. */
    private int[] positionInScalar(ScalarNode s, int offset) {
        Mark m = s.getStartMark();
        String value = s.getValue();
        DumperOptions.ScalarStyle style = s.getScalarStyle();
        int lineInValue = 0;
        int lineStart = 0;
        for (int i = 0; i < Math.min(offset, value.length()); i++) {
            if (value.charAt(i) == '\n') {
                lineInValue++;
                lineStart = i + 1;
            }
        }
        int columnInLine = offset - lineStart;
        if (style == DumperOptions.ScalarStyle.LITERAL
                || style == DumperOptions.ScalarStyle.FOLDED) {
            int line = m.getLine() + 1 + lineInValue;
            // Columns within the value count from the block's indentation, that of its first line.
            return new int[] {line + 1, indentOf(m.getLine() + 1) + columnInLine + 1};
        }
        if (lineInValue == 0) {
            int quote = style == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
            return new int[] {m.getLine() + 1, m.getColumn() + quote + columnInLine + 1};
        }
        return new int[] {m.getLine() + 1 + lineInValue, columnInLine + 1};
    }

    private int indentOf(int line) {
        String[] lines = text.split("\n", -1);
        if (line >= lines.length) {
            return 0;
        }
        String l = lines[line];
        int i = 0;
        while (i < l.length() && l.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
