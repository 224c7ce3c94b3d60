package io.vigil.udfs.slo;

import io.vigil.udfs.promql.Expr;
import io.vigil.udfs.promql.PointSamples;
import io.vigil.udfs.promql.PromQL;
import io.vigil.udfs.promql.PromQLException;
import io.vigil.udfs.rules.RuleFileException;
import io.vigil.udfs.rules.RuleFileException.Problem;
import io.vigil.udfs.rules.YamlReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads SLO files (docs/rules.md, "SLOs"):
 *
 * <pre>
 * slos:
 *   - name: checkout-availability
 *     service: checkout
 *     objective: 99.9            # percent; or 0.999
 *     window: 30d                # the default
 *     sli:
 *       errors: vigil_service_errors_total{service_name="checkout"}
 *       total: vigil_service_requests_total{service_name="checkout"}
 *   - name: checkout-latency
 *     service: checkout
 *     objective: 99
 *     sli:
 *       latency:
 *         histogram: vigil_service_request_duration_seconds{service_name="checkout"}
 *         threshold: 0.5         # a bucket bound of the histogram
 *     alerting:
 *       profile: workbook        # or simple
 *       labels: {team: shop}
 *       annotations: {runbook_url: https://runbooks.example/checkout}
 * </pre>
 *
 * Every problem is reported with its line and column ({@link RuleFileException}), a selector's
 * inside the selector.
 */
public final class SloFiles {
    private static final Set<String> SLO_FIELDS =
            Set.of("name", "service", "description", "objective", "window", "sli", "alerting");
    private static final Set<String> SLI_FIELDS = Set.of("errors", "good", "total", "latency");
    private static final Set<String> LATENCY_FIELDS = Set.of("histogram", "threshold");
    private static final Set<String> ALERTING_FIELDS = Set.of("profile", "labels", "annotations");

    private final YamlReader y;

    private SloFiles(String source, String text) {
        this.y = new YamlReader(source, text);
    }

    /** Loads an SLO file; throws {@link RuleFileException} listing every problem. */
    public static List<Slo> load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the text of an SLO file; throws {@link RuleFileException} listing every problem. */
    public static List<Slo> parse(String text, String source) {
        SloFiles f = new SloFiles(source, text);
        List<Slo> slos = f.file();
        if (!f.y.problems().isEmpty()) {
            throw new RuleFileException(f.y.problems());
        }
        return slos;
    }

    private List<Slo> file() {
        Node root = y.compose();
        if (root == null) {
            return List.of();
        }
        Map<String, NodeTuple> top = y.mapping(root, Set.of("slos"), "the SLO file");
        if (top == null || top.get("slos") == null) {
            return List.of();
        }
        if (!(top.get("slos").getValueNode() instanceof SequenceNode seq)) {
            y.problem(top.get("slos").getValueNode(), "slos must be a list");
            return List.of();
        }
        List<Slo> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node n : seq.getValue()) {
            Slo slo = slo(n);
            if (slo != null) {
                if (!names.add(slo.name())) {
                    y.problem(n, "SLO \"" + slo.name() + "\" is defined twice");
                }
                out.add(slo);
            }
        }
        return out;
    }

    private Slo slo(Node node) {
        Map<String, NodeTuple> f = y.mapping(node, SLO_FIELDS, "an SLO");
        if (f == null) {
            return null;
        }
        String name = y.scalar(f.get("name"));
        if (name == null || !name.matches("[a-zA-Z0-9_.-]+")) {
            y.problem(
                    f.containsKey("name") ? f.get("name").getValueNode() : node,
                    "name is required: letters, digits, '_', '.', '-'");
            name = null;
        }
        String service = y.scalar(f.get("service"));
        if (service == null || service.isBlank()) {
            y.problem(node, "service is required");
        }
        String description = y.scalar(f.get("description"));
        Double objective = objective(f.get("objective"), node);
        Duration window =
                f.containsKey("window") ? y.duration(f.get("window")) : Duration.ofDays(30);
        if (window != null && window.compareTo(Duration.ofHours(1)) < 0) {
            y.problem(f.get("window").getValueNode(), "window must be at least 1h (30d is usual)");
        }
        Slo.Sli sli = null;
        if (!f.containsKey("sli")) {
            y.problem(node, "sli is required: errors (or good) and total, or latency");
        } else {
            sli = sli(f.get("sli").getValueNode());
        }
        Slo.Profile profile = Slo.Profile.WORKBOOK;
        Map<String, String> labels = Map.of();
        Map<String, String> annotations = Map.of();
        if (f.containsKey("alerting")) {
            Map<String, NodeTuple> a =
                    y.mapping(f.get("alerting").getValueNode(), ALERTING_FIELDS, "alerting");
            if (a != null) {
                String p = y.scalar(a.get("profile"));
                if (p != null) {
                    profile = Slo.Profile.named(p);
                    if (profile == null) {
                        y.problem(
                                a.get("profile").getValueNode(),
                                "profile must be workbook (14.4×/6×/3×/1×) or simple (10×/5×/2×), was "
                                        + p);
                        profile = Slo.Profile.WORKBOOK;
                    }
                }
                labels = y.stringMap(a.get("labels"), "labels");
                annotations = y.stringMap(a.get("annotations"), "annotations");
            }
        }
        if (name == null || service == null || objective == null || window == null || sli == null) {
            return null;
        }
        return new Slo(
                name,
                service,
                description == null ? "" : description,
                objective,
                window,
                sli,
                profile,
                new TreeMap<>(labels),
                new TreeMap<>(annotations));
    }

    private Double objective(NodeTuple t, Node slo) {
        String v = y.scalar(t);
        if (v == null) {
            y.problem(slo, "objective is required, e.g. 99.9 (percent)");
            return null;
        }
        String text = v.strip();
        boolean percentSign = text.endsWith("%");
        if (percentSign) {
            text = text.substring(0, text.length() - 1).strip();
        }
        try {
            BigDecimal d = new BigDecimal(text);
            if (percentSign || d.compareTo(BigDecimal.ONE) > 0) {
                d = d.movePointLeft(2);
            }
            double o = d.doubleValue();
            if (!(o > 0 && o < 1)) {
                y.problem(
                        t.getValueNode(),
                        "objective must be between 0 and 100 percent (exclusive), was " + v);
                return null;
            }
            return o;
        } catch (NumberFormatException e) {
            y.problem(
                    t.getValueNode(),
                    "objective must be a number such as 99.9 (percent) or 0.999, was " + v);
            return null;
        }
    }

    private Slo.Sli sli(Node node) {
        Map<String, NodeTuple> f = y.mapping(node, SLI_FIELDS, "sli");
        if (f == null) {
            return null;
        }
        if (f.containsKey("latency")) {
            if (f.containsKey("errors") || f.containsKey("good") || f.containsKey("total")) {
                y.problem(node, "sli has either latency, or errors (or good) and total, not both");
                return null;
            }
            Map<String, NodeTuple> l =
                    y.mapping(f.get("latency").getValueNode(), LATENCY_FIELDS, "latency");
            if (l == null) {
                return null;
            }
            Expr.VectorSelector h = selector(l.get("histogram"), node, "latency.histogram");
            String thr = y.scalar(l.get("threshold"));
            if (thr == null) {
                y.problem(
                        f.get("latency").getValueNode(),
                        "latency.threshold is required (a bucket bound of the histogram)");
                return null;
            }
            double threshold;
            try {
                threshold = Double.parseDouble(thr);
            } catch (NumberFormatException e) {
                y.problem(
                        l.get("threshold").getValueNode(),
                        "threshold must be a number (a bucket bound), was " + thr);
                return null;
            }
            if (h == null) {
                return null;
            }
            if (h.metricName().isEmpty()) {
                y.problem(
                        l.get("histogram").getValueNode(),
                        "the histogram selector needs a metric name (its base name, without _bucket)");
                return null;
            }
            return new Slo.Latency(h, threshold, PointSamples.formatLe(threshold));
        }
        if (f.containsKey("errors") == f.containsKey("good")) {
            y.problem(node, "sli needs exactly one of errors and good, with total");
            return null;
        }
        Expr.VectorSelector errors =
                f.containsKey("errors") ? selector(f.get("errors"), node, "errors") : null;
        Expr.VectorSelector good =
                f.containsKey("good") ? selector(f.get("good"), node, "good") : null;
        Expr.VectorSelector total = selector(f.get("total"), node, "total");
        if (total == null || (errors == null && good == null)) {
            return null;
        }
        return new Slo.Ratio(errors, good, total);
    }

    private Expr.VectorSelector selector(NodeTuple t, Node parent, String what) {
        String text = y.scalar(t);
        if (text == null) {
            y.problem(
                    parent,
                    what
                            + " is required: a PromQL selector such as requests_total{service_name=\"checkout\"}");
            return null;
        }
        try {
            Expr e = PromQL.parse(text);
            if (e instanceof Expr.VectorSelector vs) {
                return vs;
            }
            throw new PromQLException(
                    "must be a plain series selector, e.g. name{label=\"value\"}", e.position());
        } catch (PromQLException e) {
            int[] at = y.positionInScalar((ScalarNode) t.getValueNode(), Math.max(0, e.position()));
            y.problems().add(new Problem(y.source(), at[0], at[1], what + ": " + e.reason()));
            return null;
        }
    }
}
