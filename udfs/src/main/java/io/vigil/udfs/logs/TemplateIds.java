package io.vigil.udfs.logs;

import java.nio.charset.StandardCharsets;

/**
 * Stable template ids: 16 lower-case hex digits of a 64-bit hash of the template's <em>grouping
 * key</em> ({@link Template#key()}: the masked tokens joined by one space) as UTF-8 bytes (FNV-1a,
 * then a MurmurHash3 finaliser to spread the bits). At 64 bits, two distinct keys share an id with
 * probability about n²/2⁶⁵ (about 3e-12 for 10,000 templates).
 *
 * <h2>Why an id does not change when an unrelated rule changes</h2>
 *
 * <ul>
 *   <li>The id is a function of the key's text only: no counter, no arrival order, no seed, no
 *       version or rule-set salt, no JVM hash code. The same key gives the same id in every JVM, on
 *       every machine, after every restart, in every version that produces that key.
 *   <li>The key is not the text users read. {@link Template#pattern()} is rendered from it by the
 *       text rules ({@link MinerRule#KEEP_PUNCTUATION}, {@link MinerRule#COLON_SEPARATES}, {@link
 *       MinerRule#WHOLE_IDS}, keys of {@code key=<*>}); those rules can change how a template reads
 *       without touching its id. Turning them on changed the text of most Loghub templates and not
 *       one id.
 *   <li>A masking or miner rule changes a template's id only if it changes that template's key (the
 *       rule masks one of its tokens differently, or merges it with another template). Templates
 *       whose lines the rule does not touch keep their ids.
 *   <li>{@code TemplateIdsTest} pins the ids of representative lines (golden values, the same as
 *       before keys and patterns were told apart), so any change to the hash, the key format or a
 *       masking rule that moves one of them fails the build and has to be made on purpose.
 * </ul>
 *
 * When a template is generalised its key changes and so does its id; {@link Template#lineage()} and
 * {@link TemplateMiner#currentId} link the old id to the new one.
 */
public final class TemplateIds {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TemplateIds() {}

    /** The id of a template with this grouping key. */
    public static String of(String key) {
        long h = FNV_OFFSET;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        String hex = Long.toHexString(h);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
