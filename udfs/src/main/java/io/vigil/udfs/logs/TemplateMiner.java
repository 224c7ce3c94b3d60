package io.vigil.udfs.logs;

import java.util.List;
import java.util.Optional;

/**
 * Online log template mining: assigns each message, one at a time, to a template ("what kind of
 * message is this"), creating a template or generalising an existing one as lines arrive. There is
 * no second pass: {@link #add} decides on the line in front of it with only what it has seen.
 *
 * <p>Template ids are stable: they are derived from the template's grouping key ({@link
 * TemplateIds}), not from arrival order, so the same template has the same id after a restart and
 * in every parallel instance. When a template is generalised its key changes, so it gets a new id;
 * {@link Template#lineage()} keeps the ids it came from.
 *
 * <p>Implementations are not thread-safe; use one instance per thread (per Flink subtask).
 */
public interface TemplateMiner {

    /**
     * Assigns {@code message} (a log body, without timestamp or level header) to a template.
     *
     * @return the template the line now belongs to, and whether it was created or changed by this
     *     line
     */
    Match add(String message);

    /**
     * Re-creates a template from a snapshot of {@link Template#key()} and {@link
     * Template#example()} (a restore after a restart): the same key gives the same id and, from the
     * same example, the same pattern. A key that is live already is left as it is.
     *
     * @return the template, {@link Match.Kind#NEW} if it was created, {@link Match.Kind#MATCHED} if
     *     it was live, {@link Match.Kind#OVERFLOW} at the cap
     */
    Match restore(String key, String example);

    /** The live templates, most frequent first. */
    List<Template> templates();

    /** The live template with this id, if any (ids that were generalised away are not live). */
    Optional<Template> template(String id);

    /**
     * The current id of a template that had {@code id} at some time: the id itself if live, else
     * the id of the template it was generalised into, if this miner made that change.
     */
    Optional<String> currentId(String id);

    /** How many live templates there are (at most the configured cap). */
    int size();

    /**
     * Lines that would have created a template while the miner was at its cap. Each such line is
     * returned as {@link Match.Kind#OVERFLOW} with the catch-all id {@link Template#OVERFLOW_ID}.
     */
    long overflowCount();
}
