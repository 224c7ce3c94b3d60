package io.vigil.udfs.rules;

import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.PromQL;
import io.vigil.udfs.promql.PromQLException;
import io.vigil.udfs.rules.RuleFileException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
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

    private final YamlReader y;

    private RuleFiles(String source, String text) {
        this.y = new YamlReader(source, text);
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
        if (!r.y.problems().isEmpty()) {
            throw new RuleFileException(r.y.problems());
        }
        return groups;
    }

    private List<RuleGroup> file(Duration defaultInterval) {
        Node root = y.compose();
        if (root == null) {
            return List.of();
        }
        Map<String, NodeTuple> top = y.mapping(root, Set.of("groups"), "the rule file");
        if (top == null) {
            return List.of();
        }
        NodeTuple groupsEntry = top.get("groups");
        if (groupsEntry == null) {
            return List.of();
        }
        if (!(groupsEntry.getValueNode() instanceof SequenceNode seq)) {
            y.problem(groupsEntry.getValueNode(), "groups must be a list");
            return List.of();
        }
        List<RuleGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node g : seq.getValue()) {
            RuleGroup group = group(g, defaultInterval);
            if (group != null) {
                if (!names.add(group.name())) {
                    y.problem(
                            g, "groupname: \"" + group.name() + "\" is repeated in the same file");
                }
                groups.add(group);
            }
        }
        return groups;
    }

    private RuleGroup group(Node node, Duration defaultInterval) {
        Map<String, NodeTuple> fields = y.mapping(node, GROUP_FIELDS, "a group");
        if (fields == null) {
            return null;
        }
        String name = y.scalar(fields.get("name"));
        if (name == null || name.isEmpty()) {
            y.problem(node, "groupname must not be empty");
            name = "";
        }
        Duration interval = defaultInterval;
        if (fields.containsKey("interval")) {
            interval = y.duration(fields.get("interval"));
            if (interval != null && interval.isZero()) {
                y.problem(fields.get("interval").getValueNode(), "interval must be positive");
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
            } else if (!y.isNull(rulesEntry.getValueNode())) {
                y.problem(rulesEntry.getValueNode(), "rules must be a list");
            }
        }
        return new RuleGroup(name, interval == null ? defaultInterval : interval, rules);
    }

    private Rule rule(Node node) {
        Map<String, NodeTuple> f = y.mapping(node, RULE_FIELDS, "a rule");
        if (f == null) {
            return null;
        }
        String record = y.scalar(f.get("record"));
        String alert = y.scalar(f.get("alert"));
        if (record != null && alert != null) {
            y.problem(node, "only one of 'record' and 'alert' must be set");
            return null;
        }
        if (record == null && alert == null) {
            y.problem(node, "one of 'record' or 'alert' must be set");
            return null;
        }
        NodeTuple exprEntry = f.get("expr");
        String exprText = y.scalar(exprEntry);
        Expr expr = null;
        if (exprText == null || exprText.isBlank()) {
            y.problem(node, "field 'expr' must be set in rule");
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
                int[] at = y.positionInScalar(s, Math.max(e.position(), 0));
                y.problems()
                        .add(
                                new Problem(
                                        y.source(),
                                        at[0],
                                        at[1],
                                        "could not parse expression: " + e.reason()));
                expr = null;
            }
        }
        Map<String, String> labels = y.stringMap(f.get("labels"), "labels");
        if (record != null) {
            if (!METRIC_NAME.matcher(record).matches()) {
                y.problem(f.get("record").getValueNode(), "invalid recording rule name: " + record);
            }
            for (String field : List.of("for", "keep_firing_for", "annotations")) {
                if (f.containsKey(field)) {
                    y.problem(
                            f.get(field).getKeyNode(),
                            "invalid field '" + field + "' in recording rule");
                }
            }
            return expr == null ? null : new Rule.Recording(record, expr, exprText, labels);
        }
        if (alert.isEmpty()) {
            y.problem(f.get("alert").getValueNode(), "alert name must not be empty");
        }
        Duration forDuration = f.containsKey("for") ? y.duration(f.get("for")) : Duration.ZERO;
        Duration keepFiringFor =
                f.containsKey("keep_firing_for")
                        ? y.duration(f.get("keep_firing_for"))
                        : Duration.ZERO;
        SortedMap<String, AlertTemplate> labelTemplates = templates(f.get("labels"), labels);
        SortedMap<String, AlertTemplate> annotations =
                templates(f.get("annotations"), y.stringMap(f.get("annotations"), "annotations"));
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
                int[] at = y.positionInScalar((ScalarNode) t.getValueNode(), e.offset());
                y.problems()
                        .add(
                                new Problem(
                                        y.source(),
                                        at[0],
                                        at[1],
                                        "template of " + key + ": " + e.getMessage()));
            }
        }
        return out;
    }
}
