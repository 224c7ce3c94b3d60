package io.vigil.bench.nab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One detector scored on one corpus under each profile.
 *
 * @param detector the detector's name, e.g. {@code vigil}
 * @param files the corpus' file count
 * @param rows the corpus' row count, probation included
 * @param windows the corpus' window count
 * @param profiles one score per profile, in the order the profiles were given
 */
public record NabReport(
        String detector, int files, long rows, int windows, List<NabProfileScore> profiles) {

    public NabReport {
        profiles = List.copyOf(profiles);
    }

    /** The score under the named profile, e.g. {@code standard}. */
    public NabProfileScore profile(String name) {
        return profiles.stream()
                .filter(p -> p.profile().name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no profile " + name + " in report"));
    }

    /**
     * The report as JSON ({@code scores.json}): per profile the weights, threshold, raw and
     * normalised score and row counts, then the same per category and per file. A normalised score
     * that does not exist (no windows) is {@code null}.
     */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("detector", detector);
        ObjectNode corpus = root.putObject("corpus");
        corpus.put("files", files);
        corpus.put("rows", rows);
        corpus.put("windows", windows);
        ObjectNode byProfile = root.putObject("profiles");
        for (NabProfileScore p : profiles) {
            ObjectNode node = byProfile.putObject(p.profile().name());
            ObjectNode weights = node.putObject("weights");
            weights.put("tp", p.profile().tpWeight());
            weights.put("fp", p.profile().fpWeight());
            weights.put("fn", p.profile().fnWeight());
            node.put("threshold", p.threshold());
            node.put("thresholdChosenBy", p.optimised() ? "optimiser" : "given");
            number(node, "score", p.score());
            node.put("raw", p.raw());
            node.put("perfect", p.perfect());
            node.put("null", p.nullRaw());
            node.put("windows", p.windows());
            node.put("scorableWindows", p.scorableWindows());
            counts(node, p.counts());
            ObjectNode categories = node.putObject("categories");
            for (NabCategoryScore c : p.categories()) {
                ObjectNode cn = categories.putObject(c.category());
                cn.put("files", c.files());
                number(cn, "score", c.score());
                cn.put("raw", c.raw());
                cn.put("perfect", c.perfect());
                cn.put("null", c.nullRaw());
                cn.put("windows", c.windows());
                cn.put("scorableWindows", c.scorableWindows());
                counts(cn, c.counts());
            }
            ObjectNode filesNode = node.putObject("files");
            for (NabFileScore f : p.files()) {
                ObjectNode fn = filesNode.putObject(f.key());
                fn.put("raw", f.raw());
                fn.put("rows", f.rows());
                fn.put("probation", f.probation());
                fn.put("windows", f.windows());
                fn.put("scorableWindows", f.scorableWindows());
                counts(fn, f.counts());
            }
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toJson()} to {@code file}, creating its directory. */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson());
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    private static void counts(ObjectNode node, NabCounts counts) {
        ObjectNode c = node.putObject("counts");
        c.put("tp", counts.tp());
        c.put("fp", counts.fp());
        c.put("fn", counts.fn());
        c.put("tn", counts.tn());
    }
}
