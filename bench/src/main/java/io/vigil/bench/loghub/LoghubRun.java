package io.vigil.bench.loghub;

import io.vigil.udfs.logs.Match;
import io.vigil.udfs.logs.Template;
import io.vigil.udfs.logs.TemplateMiner;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a miner over one Loghub system in one streaming pass and scores it.
 *
 * <p>Each line is given to {@link TemplateMiner#add} once, in file order. A line's group is the
 * template it was assigned to, followed through later generalisations to the template it belongs to
 * when the stream ends ({@link TemplateMiner#currentId}); no line is parsed twice. This is how
 * Drain reports its clusters too.
 */
public final class LoghubRun {
    private LoghubRun() {}

    /**
     * The outcome for one system.
     *
     * @param system the system
     * @param templateIds each line's final template id
     * @param patterns each line's final template pattern
     * @param score GA and PA
     * @param nanos time spent in {@link TemplateMiner#add} for the whole system
     */
    public record Result(
            LoghubSystem system,
            List<String> templateIds,
            List<String> patterns,
            GroupingScore score,
            long nanos) {

        /** Writes {@code LineId,TemplateId,Template} to {@code file}. */
        public void writeAssignments(Path file) throws IOException {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("LineId,TemplateId,Template\n");
                for (int i = 0; i < templateIds.size(); i++) {
                    w.write(Csv.quote(system.lineIds().get(i)));
                    w.write(',');
                    w.write(Csv.quote(templateIds.get(i)));
                    w.write(',');
                    w.write(Csv.quote(patterns.get(i)));
                    w.write('\n');
                }
            }
        }
    }

    /** Feeds every line of {@code system} to a fresh miner from {@code miners} and scores it. */
    public static Result run(LoghubSystem system, Supplier<TemplateMiner> miners) {
        TemplateMiner miner = miners.get();
        List<String> assigned = new ArrayList<>(system.size());
        long start = System.nanoTime();
        for (String content : system.contents()) {
            Match m = miner.add(content);
            assigned.add(m.templateId());
        }
        long nanos = System.nanoTime() - start;
        Map<String, String> patternById = new HashMap<>();
        for (Template t : miner.templates()) {
            patternById.put(t.id(), t.pattern());
        }
        Map<String, String> finalId = new HashMap<>();
        List<String> ids = new ArrayList<>(assigned.size());
        List<String> patterns = new ArrayList<>(assigned.size());
        for (String id : assigned) {
            String now = finalId.computeIfAbsent(id, k -> miner.currentId(k).orElse(k));
            ids.add(now);
            patterns.add(patternById.getOrDefault(now, Template.OVERFLOW_ID));
        }
        GroupingScore score =
                GroupingScore.of(ids, patterns, system.eventIds(), system.templates());
        return new Result(system, ids, patterns, score, nanos);
    }
}
