package io.vigil.udfs.rules;

import io.vigil.udfs.promql.PromQL;
import io.vigil.udfs.promql.PromQLException;
import io.vigil.udfs.rules.RuleFileException.Problem;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * Reads a YAML file as a node tree that knows where each node is, and collects problems with their
 * line and column: the common part of the rule and SLO file readers. Unknown keys, values of the
 * wrong shape and bad durations are problems, not exceptions, so that a reader can report all of
 * them at once.
 */
public final class YamlReader {
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String source;
    private final String text;
    private final List<Problem> problems = new ArrayList<>();

    /**
     * @param source the name used in problems (usually the path)
     * @param text the file's text
     */
    public YamlReader(String source, String text) {
        this.source = source;
        this.text = text;
    }

    /** The name problems are reported under. */
    public String source() {
        return source;
    }

    /** The problems found so far, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    /** The document's root node; null if the file is empty or not YAML (a problem then). */
    public Node compose() {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            problems.add(
                    new Problem(
                            source,
                            m == null ? 0 : m.getLine() + 1,
                            m == null ? 0 : m.getColumn() + 1,
                            "not valid YAML: " + e.getProblem()));
            return null;
        } catch (RuntimeException e) {
            problems.add(new Problem(source, 0, 0, "not valid YAML: " + e.getMessage()));
            return null;
        }
    }

    /**
     * The entries of a map node by key; keys not in {@code allowed} are problems. Null (and a
     * problem) if the node is not a map.
     */
    public Map<String, NodeTuple> mapping(Node node, Set<String> allowed, String what) {
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

    public String scalar(NodeTuple t) {
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

    public Duration duration(NodeTuple t) {
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

    public static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    public void problem(Node n, String message) {
        Mark m = n.getStartMark();
        problems.add(new Problem(source, m.getLine() + 1, m.getColumn() + 1, message));
    }

    /** The 1-based line and column in the file of character {@code offset} of a scalar's value. */
    public int[] positionInScalar(ScalarNode s, int offset) {
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

    /**
     * A map of label (or annotation) names to strings; names must be valid label names. Empty if
     * the entry is absent.
     */
    public Map<String, String> stringMap(NodeTuple entry, String what) {
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
}
