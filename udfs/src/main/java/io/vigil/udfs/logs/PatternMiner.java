package io.vigil.udfs.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default {@link TemplateMiner}: masking, exact grouping of masked lines, and sibling templates
 * that become one template only once the positions where they differ show the value spread of a
 * variable. One pass, one line at a time.
 *
 * <h2>How a line is assigned</h2>
 *
 * <ol>
 *   <li><b>Mask</b> ({@link Masker}): numbers, ids, addresses, paths, dotted names, units and
 *       timestamps become {@code <*>}. Most variables are gone here.
 *   <li><b>Fast path</b>: the masked line was seen before → its template (a hash map lookup).
 *   <li><b>Match</b>: among the templates with the same token count, the one whose constants the
 *       line repeats best; if it repeats all of them, the line belongs to it.
 *   <li><b>Siblings</b>: if the best template differs in at most half its constants ({@link
 *       MinerConfig#similarity()}), the two are siblings: their family is keyed by the template
 *       with the differing positions masked. The family's members become one template with {@code
 *       <*>} there only when each differing position has seen the values of a variable: at least
 *       {@value MinerConfig#DEFAULT_MIN_DISTINCT_VALUES} distinct values, and either {@value
 *       MinerConfig#DEFAULT_MANY_DISTINCT_VALUES} of them or a long tail (apart from the most
 *       common value, one distinct value per four lines). Otherwise the line starts its own
 *       template in the family. This is the rule that beats Drain's single similarity threshold:
 *       {@code Failed password …} and {@code Failed none …}, {@code GET}, {@code POST} and {@code
 *       DELETE}, {@code VM Started}/{@code Paused}/{@code Resumed}/{@code Stopped}, differ in one
 *       word and stay apart, while user names and host names (one common value and a long tail of
 *       rare ones) become variables. A first token that is a plain word (letters only) in the line
 *       or a sibling never becomes a variable: like Drain's parse tree, the first word is taken to
 *       name the kind of message ({@code boot (command <*>)}, {@code wait (command <*>)}). Where
 *       every value has a masked part ({@code rdd_<*>_<*>}, {@code broadcast_<*>_piece0}), each is
 *       an id and two distinct values are enough. And where the same few values ({@value
 *       #MIN_SHARED_VALUES} or more) fill a differing position of two different families ({@code
 *       session opened for user cyrus …} and {@code session closed for user cyrus}), they are
 *       values of one variable (user names), not message kinds: both families generalise.
 *   <li>Otherwise a new template.
 * </ol>
 *
 * <h2>Stable ids and lineage</h2>
 *
 * A template's id is {@link TemplateIds#of} its grouping key (the masked tokens, {@link
 * Template#key()}): a function of the template's masked token structure only, never of arrival
 * order, a counter, or how the template is shown ({@link Template#pattern()} is rendered from the
 * first line with the text rules, see {@link Masker#display}). Two miners (two Flink subtasks, or
 * one before and after a restart) that hold the same template give it the same id. When templates
 * merge, the result has a new key and so a new id; its {@link Template#lineage()} lists the ids it
 * replaced (capped at {@link MinerConfig#maxLineage()}), {@link Match#replacedIds()} reports them
 * at the moment of the change, and {@link #currentId} maps a retired id to its successor (for the
 * last {@code maxTemplates} retirements).
 *
 * <h2>Memory</h2>
 *
 * At most {@link MinerConfig#maxTemplates()} live templates; a line that would create one more is
 * counted in {@link #overflowCount()} and returned as {@link Match.Kind#OVERFLOW}. A template holds
 * its token array, pattern, id, example line, lineage and its entries in the pattern, length and
 * family indexes: about 1 to 2 KB for a 10-token template with a 150-character example (measured:
 * see {@code TemplateMinerBenchmark} and {@code docs/benchmarks.md}). On top, the fast-path cache
 * holds up to {@link MinerConfig#lineCacheSize()} masked lines (cleared when full) and the retired
 * and family indexes and the index of values seen at differing positions are capped at {@code
 * maxTemplates} entries each.
 *
 * <p>Not thread-safe: one instance per thread.
 */
public final class PatternMiner implements TemplateMiner {

    private final MinerConfig config;
    private final Masker masker;

    /** Live clusters by pattern (a pattern is live in at most one cluster). */
    private final Map<String, Cluster> byPattern = new HashMap<>();

    /** Live clusters by id. */
    private final Map<String, Cluster> byId = new HashMap<>();

    /** Live clusters by token count. */
    private final Map<Integer, List<Cluster>> byLength = new HashMap<>();

    /** Sibling templates by their pattern with the differing positions masked. */
    private final LinkedHashMap<String, Family> families;

    /** Masked line → the cluster it went to (follow {@link Cluster#mergedInto}). */
    private final HashMap<String, Cluster> lineCache = new HashMap<>();

    /** Retired id → the cluster that took its lines (bounded, oldest dropped). */
    private final LinkedHashMap<String, Cluster> retired;

    private long overflow;

    /** A differing value → the family positions (familyKey, separator, index) that saw it. */
    private final LinkedHashMap<String, List<String>> valueSlots;

    /** Set by {@link #sharedWithAnotherSlot}: the other family position with the same values. */
    private String partnerSlot;

    private static final char SLOT_SEPARATOR = '\u0001';

    /** See {@link #sharedWithAnotherSlot}. */
    static final int MIN_SHARED_VALUES = 3;

    private static final int MAX_SLOTS_PER_VALUE = 4;

    /** Templates that differ from each other only at some positions (siblings). */
    private static final class Family {
        final List<Cluster> members = new ArrayList<>(2);
    }

    public PatternMiner(MinerConfig config, Masker masker) {
        this.config = config;
        this.masker = masker;
        this.retired = oldestDroppedBeyond(config.maxTemplates());
        this.valueSlots = oldestDroppedBeyond(config.maxTemplates());
        this.families = oldestDroppedBeyond(config.maxTemplates());
    }

    /**
     * An insertion-ordered map that drops its oldest entry when a put takes it beyond {@code cap}
     * entries: the bound on the miner's retired ids, value slots and families.
     */
    private static <K, V> LinkedHashMap<K, V> oldestDroppedBeyond(int cap) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > cap;
            }
        };
    }

    @Override
    public Match add(String message) {
        String[] tokens = masker.tokens(message);
        String key = String.join(" ", tokens);
        Cluster cached = lineCache.get(key);
        if (cached != null) {
            Cluster c = cached.resolve();
            c.count++;
            return new Match(c.id, c.pattern, Match.Kind.MATCHED, List.of());
        }
        List<Cluster> candidates = byLength.get(tokens.length);
        Cluster best = null;
        int bestDiff = Integer.MAX_VALUE;
        if (candidates != null) {
            for (Cluster c : candidates) {
                int d = differences(c.tokens, tokens, bestDiff);
                if (d < bestDiff || (d == bestDiff && c.variables > best.variables)) {
                    best = c;
                    bestDiff = d;
                }
            }
        }
        if (best != null && bestDiff == 0) {
            best.count++;
            remember(key, best);
            return new Match(best.id, best.pattern, Match.Kind.MATCHED, List.of());
        }
        Family family = null;
        int[] diff = null;
        String familyKey = null;
        if (best != null && bestDiff <= maxDifferences(best)) {
            diff = differingPositions(best.tokens, tokens, bestDiff);
            familyKey = familyKey(best.tokens, diff);
            family = families.get(familyKey);
            if (family == null) {
                family = new Family();
                family.members.add(best);
                families.put(familyKey, family);
            }
            partnerSlot = null;
            if (isVariable(familyKey, family, diff, tokens)) {
                families.remove(familyKey);
                Match m = mergeFamily(best, family, diff, true);
                if (partnerSlot != null) {
                    mergePartner(partnerSlot);
                }
                Cluster now = best.resolve();
                remember(key, now);
                return m.templateId().equals(now.id)
                        ? m
                        : new Match(now.id, now.pattern, Match.Kind.CHANGED, m.replacedIds());
            }
        }
        if (byPattern.size() >= config.maxTemplates()) {
            overflow++;
            return new Match(Template.OVERFLOW_ID, Masker.VAR, Match.Kind.OVERFLOW, List.of());
        }
        Cluster c =
                new Cluster(
                        tokens,
                        masker.rendersText() ? masker.display(message) : null,
                        masker.keepsPunctuation(),
                        message);
        c.count = 1;
        byPattern.put(c.key, c);
        byId.put(c.id, c);
        byLength.computeIfAbsent(tokens.length, k -> new ArrayList<>()).add(c);
        if (family != null) {
            family.members.add(c);
        }
        remember(key, c);
        return new Match(c.id, c.pattern, Match.Kind.NEW, List.of());
    }

    @Override
    public Match restore(String key, String example) {
        Cluster live = byPattern.get(key);
        if (live != null) {
            return new Match(live.id, live.pattern, Match.Kind.MATCHED, List.of());
        }
        if (byPattern.size() >= config.maxTemplates()) {
            overflow++;
            return new Match(Template.OVERFLOW_ID, Masker.VAR, Match.Kind.OVERFLOW, List.of());
        }
        String[] tokens = key.split(" ", -1);
        String[] shown = null;
        if (masker.rendersText()) {
            // As when the template was built: the example's display, with <*> where the miner
            // (not the masker) found a variable.
            String[] line = masker.tokens(example);
            shown = masker.display(example);
            if (shown.length != tokens.length || line.length != tokens.length) {
                shown = tokens.clone();
            } else {
                for (int i = 0; i < tokens.length; i++) {
                    if (tokens[i].equals(Masker.VAR) && !line[i].equals(Masker.VAR)) {
                        shown[i] =
                                masker.keepsPunctuation()
                                        ? minerVariable(line[i], shown[i])
                                        : Masker.VAR;
                    }
                }
            }
        }
        Cluster c = new Cluster(tokens, shown, masker.keepsPunctuation(), example);
        byPattern.put(c.key, c);
        byId.put(c.id, c);
        byLength.computeIfAbsent(tokens.length, k -> new ArrayList<>()).add(c);
        remember(c.key, c);
        return new Match(c.id, c.pattern, Match.Kind.NEW, List.of());
    }

    /**
     * Positions where the template has a constant the line does not repeat; stops counting once
     * past {@code limit}.
     */
    static int differences(String[] template, String[] line, int limit) {
        int d = 0;
        for (int i = 0; i < template.length && d <= limit; i++) {
            String t = template[i];
            if (t != Masker.VAR && !t.equals(line[i])) {
                d++;
            }
        }
        return d;
    }

    private static int[] differingPositions(String[] template, String[] line, int count) {
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t != Masker.VAR && !t.equals(line[i])) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** How many constants of {@code c} a line may differ in and still count as its sibling. */
    private int maxDifferences(Cluster c) {
        int constants = c.tokens.length - c.variables;
        return (int) Math.floor(constants * (1 - config.similarity()));
    }

    private static String familyKey(String[] tokens, int[] diff) {
        String[] masked = tokens.clone();
        for (int d : diff) {
            masked[d] = Masker.VAR;
        }
        return String.join(" ", masked);
    }

    /**
     * True if every differing position of the family, with the new line, has values that look like
     * a variable's: at least {@code minDistinctValues} distinct values, and either {@code
     * manyDistinctValues} of them or a long tail: apart from the most common value, at least one
     * new value per {@code 1 / minDistinctShare} lines. A handful of values that each repeat (GET,
     * POST, DELETE) stay constants; user names (root, then many rare ones) do not.
     */
    private boolean isVariable(String familyKey, Family family, int[] diff, String[] line) {
        Map<String, Long> counts = new HashMap<>();
        String[] slots = new String[diff.length];
        for (int k = 0; k < diff.length; k++) {
            int d = diff[k];
            counts.clear();
            counts.put(line[d], 1L);
            for (Cluster m : family.members) {
                if (m.mergedInto == null && m.tokens.length == line.length) {
                    counts.put(m.tokens[d], 1L);
                }
            }
            slots[k] = familyKey + SLOT_SEPARATOR + d;
            recordSlotValues(slots[k], counts.keySet());
        }
        for (int k = 0; k < diff.length; k++) {
            int d = diff[k];
            if (d == 0 && config.has(MinerRule.FIRST_WORD) && firstIsWord(family, line)) {
                return false; // a message's first word names its kind (Drain's rule too)
            }
            counts.clear();
            counts.put(line[d], 1L);
            for (Cluster m : family.members) {
                if (m.mergedInto == null && m.tokens.length == line.length) {
                    counts.merge(m.tokens[d], m.count, Long::sum);
                }
            }
            int distinct = counts.size();
            if (distinct >= 2
                    && config.has(MinerRule.MASKED_PART)
                    && allHoldVariables(counts.keySet())) {
                continue; // ids that differ in their words too (rdd_<*>, broadcast_<*>)
            }
            if (distinct < config.minDistinctValues()) {
                if (sharedWithAnotherSlot(slots[k], counts.keySet())) {
                    continue;
                }
                return false;
            }
            if (distinct >= config.manyDistinctValues()) {
                continue;
            }
            long total = 0;
            long max = 0;
            for (long c : counts.values()) {
                total += c;
                max = Math.max(max, c);
            }
            if (distinct - 1 < config.minDistinctShare() * (total - max)
                    && !sharedWithAnotherSlot(slots[k], counts.keySet())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Remembers which values a family's differing position has seen, for {@link
     * #sharedWithAnotherSlot}.
     */
    private void recordSlotValues(String slot, Iterable<String> values) {
        for (String v : values) {
            if (v == Masker.VAR) {
                continue;
            }
            List<String> slotsOfValue = valueSlots.computeIfAbsent(v, k -> new ArrayList<>(2));
            if (!slotsOfValue.contains(slot) && slotsOfValue.size() < MAX_SLOTS_PER_VALUE) {
                slotsOfValue.add(slot);
            }
        }
    }

    /**
     * True if another family's differing position has seen at least {@value #MIN_SHARED_VALUES} of
     * these values: the same few words turning up in the same role in two different messages
     * ({@code session opened for user cyrus}, {@code session closed for user cyrus}) are values of
     * a variable (user names), not message kinds. Sets {@link #partnerSlot} so that the other
     * family generalises too.
     */
    private boolean sharedWithAnotherSlot(String slot, java.util.Set<String> values) {
        if (values.size() < MIN_SHARED_VALUES || !config.has(MinerRule.CROSS_FAMILY)) {
            return false;
        }
        Map<String, Integer> shared = new HashMap<>();
        for (String v : values) {
            List<String> slotsOfValue = valueSlots.get(v);
            if (slotsOfValue == null) {
                continue;
            }
            for (String other : slotsOfValue) {
                if (!other.equals(slot)
                        && shared.merge(other, 1, Integer::sum) >= MIN_SHARED_VALUES) {
                    partnerSlot = other;
                    return true;
                }
            }
        }
        return false;
    }

    /** Generalises the family of {@code slot} at its position, on evidence from another family. */
    private void mergePartner(String slot) {
        int sep = slot.lastIndexOf(SLOT_SEPARATOR);
        String key = slot.substring(0, sep);
        int d = Integer.parseInt(slot.substring(sep + 1));
        Family partner = families.get(key);
        if (partner == null) {
            return;
        }
        Cluster first = null;
        int live = 0;
        for (Cluster m : partner.members) {
            Cluster r = m.resolve();
            if (r.tokens.length > d && !r.tokens[d].equals(Masker.VAR)) {
                if (first == null) {
                    first = r;
                }
                live++;
            }
        }
        if (first == null || live < 2) {
            return;
        }
        families.remove(key);
        mergeFamily(first, partner, new int[] {d}, false);
    }

    /**
     * Every value has a masked part: each is an id, not a word ({@code rdd_<*>_<*>}, {@code
     * broadcast_<*>_piece0}), so two distinct values already make a variable. Not so for {@code
     * key=<*>} (different keys are different fields) or a label and its value run together by a dot
     * leader ({@code dcbf.........<*>}).
     */
    private static boolean allHoldVariables(Iterable<String> values) {
        for (String v : values) {
            if (!v.contains(Masker.VAR) || v.indexOf('=') >= 0 || v.contains("..")) {
                return false;
            }
        }
        return true;
    }

    /** The line or a member of the family starts with a word. */
    private static boolean firstIsWord(Family family, String[] line) {
        if (isWord(line[0])) {
            return true;
        }
        for (Cluster m : family.members) {
            if (m.mergedInto == null && isWord(m.tokens[0])) {
                return true;
            }
        }
        return false;
    }

    /** Letters only: a word, not a value. */
    static boolean isWord(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isLetter(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The family now has enough distinct values at its differing positions: its members become one
     * template with {@code <*>} there.
     */
    private Match mergeFamily(Cluster best, Family family, int[] diff, boolean countLine) {
        Cluster target = best.resolve();
        String[] next = target.tokens.clone();
        for (int d : diff) {
            next[d] = Masker.VAR;
        }
        List<Cluster> others = new ArrayList<>();
        for (Cluster m : family.members) {
            Cluster r = m.resolve();
            if (r == target || others.contains(r) || r.tokens.length != next.length) {
                continue;
            }
            others.add(r);
            for (int i = 0; i < next.length; i++) {
                if (!next[i].equals(r.tokens[i])) {
                    next[i] = Masker.VAR;
                }
            }
        }
        List<String> replaced = new ArrayList<>();
        replaced.add(target.id);
        for (Cluster o : others) {
            replaced.add(o.id);
            absorb(target, o);
        }
        if (countLine) {
            target.count++;
        }
        Cluster result = regeneralise(target, next);
        return new Match(result.id, result.pattern, Match.Kind.CHANGED, replaced);
    }

    /**
     * How a template shows a position the miner found to be a variable, given the first line's key
     * token and display token there: {@code <*>} with the punctuation around it ({@code (TID} →
     * {@code (<*>}), after the key of a {@code key=value} ({@code user=root} → {@code user=<*>}). A
     * function of the first line only, so that {@link #restore} rebuilds the same text.
     */
    static String minerVariable(String token, String shown) {
        String key = keyOf(token);
        return key == null || !shown.startsWith(key)
                ? Masker.variableKeepingMarks(shown)
                : key + Masker.variableKeepingMarks(shown.substring(key.length()));
    }

    /**
     * {@code user=} of {@code user=root}: a name of letters, digits and {@code _} and the {@code
     * =}.
     */
    static String keyOf(String token) {
        int eq = token.indexOf('=');
        if (eq < 1) {
            return null;
        }
        for (int i = 0; i < eq; i++) {
            char c = token.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return null;
            }
        }
        return token.substring(0, eq + 1);
    }

    /** Moves {@code from}'s lines, id and lineage into {@code into} and retires {@code from}. */
    private void absorb(Cluster into, Cluster from) {
        byPattern.remove(from.key);
        byId.remove(from.id);
        byLength.get(from.tokens.length).remove(from);
        into.count += from.count;
        for (String id : from.lineage) {
            into.addLineage(id, config.maxLineage());
        }
        into.addLineage(from.id, config.maxLineage());
        retired.put(from.id, into);
        from.mergedInto = into;
    }

    /** Gives {@code c} the pattern {@code next}; if another template has it, the two become one. */
    private Cluster regeneralise(Cluster c, String[] next) {
        String oldId = c.id;
        byPattern.remove(c.key);
        byId.remove(c.id);
        c.setTokens(next);
        c.addLineage(oldId, config.maxLineage());
        retired.put(oldId, c);
        Cluster existing = byPattern.get(c.key);
        if (existing != null) {
            absorb(existing, c);
            return existing;
        }
        byPattern.put(c.key, c);
        byId.put(c.id, c);
        return c;
    }

    private void remember(String key, Cluster c) {
        if (config.lineCacheSize() == 0) {
            return;
        }
        if (lineCache.size() >= config.lineCacheSize()) {
            lineCache.clear();
        }
        lineCache.put(key, c);
    }

    @Override
    public List<Template> templates() {
        List<Template> out = new ArrayList<>(byPattern.size());
        for (Cluster c : byPattern.values()) {
            out.add(c.snapshot());
        }
        out.sort(Comparator.comparingLong(Template::count).reversed().thenComparing(Template::id));
        return out;
    }

    @Override
    public Optional<Template> template(String id) {
        Cluster c = byId.get(id);
        return c == null ? Optional.empty() : Optional.of(c.snapshot());
    }

    @Override
    public Optional<String> currentId(String id) {
        if (byId.containsKey(id)) {
            return Optional.of(id);
        }
        Cluster c = retired.get(id);
        return c == null ? Optional.empty() : Optional.of(c.resolve().id);
    }

    @Override
    public int size() {
        return byPattern.size();
    }

    @Override
    public long overflowCount() {
        return overflow;
    }

    /**
     * One template and its bookkeeping. {@code tokens} (joined: {@code key}) are the grouping key,
     * in the masker's key form, and give the id; {@code shown} (joined: {@code pattern}) is the
     * text users read, from the first line's {@link Masker#display} with the miner's variables.
     */
    private static final class Cluster {
        String[] tokens;
        String[] shown;
        String key;
        String pattern;
        String id;
        int variables;
        final String example;
        long count;
        final ArrayDeque<String> lineage = new ArrayDeque<>(2);
        Cluster mergedInto;
        final boolean keepMarks;

        /**
         * @param shown the display tokens, one per token, or null if they equal the tokens
         * @param keepMarks a variable the miner finds keeps the punctuation around it
         */
        Cluster(String[] tokens, String[] shown, boolean keepMarks, String example) {
            this.example = example;
            if (shown != null) {
                for (int i = 0; i < shown.length && i < tokens.length; i++) {
                    if (shown[i].equals(tokens[i])) {
                        shown[i] = tokens[i]; // share the string: most tokens read the same
                    }
                }
            }
            this.shown = shown;
            this.keepMarks = keepMarks;
            setTokens(tokens);
        }

        void setTokens(String[] next) {
            int v = 0;
            for (int i = 0; i < next.length; i++) {
                if (next[i].equals(Masker.VAR)) {
                    next[i] = Masker.VAR;
                    v++;
                    if (shown != null && tokens != null && tokens[i] != Masker.VAR) {
                        // A variable the miner found, not the masker.
                        shown[i] = keepMarks ? minerVariable(tokens[i], shown[i]) : Masker.VAR;
                    }
                }
            }
            tokens = next;
            variables = v;
            key = String.join(" ", next);
            // The id is a function of the key only, never of how the template is shown.
            id = TemplateIds.of(key);
            String text = shown == null ? key : String.join(" ", shown);
            pattern = text.equals(key) ? key : text; // one string when they agree
        }

        void addLineage(String id, int max) {
            if (lineage.contains(id)) {
                return;
            }
            lineage.addLast(id);
            while (lineage.size() > max) {
                lineage.removeFirst();
            }
        }

        Cluster resolve() {
            Cluster c = this;
            while (c.mergedInto != null) {
                c = c.mergedInto;
            }
            return c;
        }

        Template snapshot() {
            return new Template(id, pattern, key, example, count, List.copyOf(lineage));
        }
    }
}
