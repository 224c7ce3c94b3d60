package io.vigil.udfs.logs;

import java.util.List;

/**
 * The result of {@link TemplateMiner#add}: the template a line belongs to after the line was seen.
 *
 * @param templateId stable id of the template (see {@link TemplateMiner})
 * @param pattern the template text, variables as {@code <*>}
 * @param kind whether the line matched, created or generalised the template
 * @param replacedIds for {@link Kind#CHANGED}, the ids this line's change retired (their lines now
 *     belong to {@code templateId}); empty otherwise
 */
public record Match(String templateId, String pattern, Kind kind, List<String> replacedIds) {

    public Match {
        replacedIds = List.copyOf(replacedIds);
    }

    /** What the line did to the template set. */
    public enum Kind {
        /** The line matched an existing template as it was. */
        MATCHED,
        /** The line created a new template. */
        NEW,
        /** The line generalised an existing template: new pattern, new id, lineage kept. */
        CHANGED,
        /** The miner was at its template cap; the line went to the overflow bucket. */
        OVERFLOW
    }

    /** True if the line created or changed a template (the template set is different now). */
    public boolean isNewOrChanged() {
        return kind == Kind.NEW || kind == Kind.CHANGED;
    }
}
