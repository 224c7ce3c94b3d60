package io.vigil.udfs.logs;

import java.util.List;

/**
 * A snapshot of one mined template.
 *
 * @param id stable id, a function of {@code pattern} only (see {@link TemplateIds})
 * @param pattern the template text as users read it, variables as {@code <*>}, tokens joined by one
 *     space, punctuation around values kept (see {@link MinerRule#KEEP_PUNCTUATION})
 * @param key the grouping key: the masked tokens joined by one space; the id is a hash of it (see
 *     {@link TemplateIds}); with {@link #example} it is what a snapshot needs to rebuild the
 *     template ({@link TemplateMiner#restore})
 * @param example the first line seen of this template (or of the first template it came from)
 * @param count lines assigned to it, including those of the templates it was generalised from
 * @param lineage ids of the templates this one was generalised from, oldest first (empty for a
 *     template that was never generalised); the chain is capped, see {@link MinerConfig}
 */
public record Template(
        String id, String pattern, String key, String example, long count, List<String> lineage) {

    /** The id returned for lines that arrive while the miner is at its template cap. */
    public static final String OVERFLOW_ID = "overflow";

    public Template {
        lineage = List.copyOf(lineage);
    }
}
